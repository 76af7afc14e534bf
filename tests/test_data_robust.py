"""Inputs as users and their tools write them, which surveykit once read wrong without a word:
a population table with a row left out, rows of only spaces, a password-protected workbook,
`codebook draft` edge cases."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.cli import main
from surveykit.config.population import check_complete
from surveykit.errors import ConfigError
from tests.test_unweightable_weightcfg import POPULATION, write_study


def test_a_row_missing_from_the_population_cross_table_is_refused_naming_the_cell(tmp_path, capsys):
    # the row Man × 50+ deleted: both margins (gender, age group) lose 2200 alike and still agree,
    # so raking ran and every weight changed
    root = write_study(tmp_path, others=0, blank=0)
    (root / "config" / "population.csv").write_text(POPULATION.replace("1,Man,50+,2200\n", ""), encoding="utf-8")
    assert main(["validate", "--study", str(root), "--no-write"]) == 2
    err = capsys.readouterr().err
    for part in ("population.csv: no row for the cell wave=1, gender=Man, age_group=50+ (1 missing)",
                 "Add a row for each with its count in `population` (0 if there truly is no one"):
        assert part in err, err
    # the whole table is accepted
    (root / "config" / "population.csv").write_text(POPULATION, encoding="utf-8")
    assert main(["validate", "--study", str(root), "--no-write"]) == 0


def test_a_column_nested_in_another_is_not_crossed_with_it():
    # districts belong to one region each: no row "Nord × Sentrum" is wanted
    table = pd.DataFrame({"wave": ["1"] * 8, "region": ["Nord"] * 4 + ["Sør"] * 4,
                          "district": ["Elv", "Elv", "Berg", "Berg", "Sentrum", "Sentrum", "Havn", "Havn"],
                          "gender": ["Mann", "Kvinne"] * 4, "population": [1.0] * 8})
    check_complete(table, ["wave", "region", "district", "gender"], by=["wave"], path="population.csv")
    with pytest.raises(ConfigError, match=r"wave=1, region=Sør, district=Havn, gender=Kvinne \(1 missing\)"):
        check_complete(table.iloc[:-1], ["wave", "region", "district", "gender"], by=["wave"], path="population.csv")
