"""Studies unlike the demo: the weighting does not depend on the report's language, and a
question missing from a wave is "not asked", not a privacy-suppressed cell.

The studies are written and built the way the report tests do (tests/test_report_studies.py,
tests/test_report_method_texts.py); what a reader gets is read back from the built files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.errors import ConfigError
from surveykit.study import load_study
from tests.test_report_method_texts import built, write_study

# the gender scale of the one-wave study, with Swedish labels besides English and bokmål
SV_GENDER = ("      - {code: 1, label: {en: Man, nb: Mann}}\n      - {code: 2, label: {en: Woman, nb: Kvinne}}\n",
             "      - {code: 1, label: {en: Man, nb: Mann, sv: Man}}\n"
             "      - {code: 2, label: {en: Woman, nb: Kvinne, sv: Kvinna}}\n")


def weighted_study(root: Path, language: str, cells: tuple[str, str]) -> Path:
    """The one-wave study in ``language``, raked by gender to population.csv whose gender
    cells (man, woman) are written as ``cells``."""
    write_study(root, language, weighted=True)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    assert SV_GENDER[0] in text
    codebook.write_text(text.replace(*SV_GENDER), encoding="utf-8")
    man, woman = cells
    (root / "config" / "population.csv").write_text(f"gender,population\n{man},5200\n{woman},4800\n", encoding="utf-8")
    return root


WRITINGS = {"nb": ("Mann", "Kvinne"), "en": ("Man", "Woman"), "sv": ("Man", "Kvinna"), "codes": ("1", "2"),
            "case": (" mann ", "KVINNA")}


@pytest.mark.parametrize("language", ["nb", "en", "sv", "da"])
@pytest.mark.parametrize("writing", list(WRITINGS))
def test_weights_do_not_depend_on_the_language_or_how_population_names_its_levels(tmp_path, language, writing):
    reference = load_study(weighted_study(tmp_path / "ref", "nb", WRITINGS["nb"])).design().weights
    study = load_study(weighted_study(tmp_path / "s", language, WRITINGS[writing]))
    weights = study.design().weights
    np.testing.assert_allclose(weights, reference, rtol=1e-12)
    # the population as the study holds it speaks the responses' language
    labels = {"nb": ["Mann", "Kvinne"], "en": ["Man", "Woman"], "sv": ["Man", "Kvinna"], "da": ["Mann", "Kvinne"]}
    assert study.population["gender"].tolist() == labels[language]
    # raked to the population: 5200 men and 4800 women, whatever the labels
    women = study.responses["gender"].cat.codes.to_numpy() == 1
    assert weights[women].sum() == pytest.approx(4800)
    assert weights[~women].sum() == pytest.approx(5200)


def test_a_swedish_report_of_a_population_written_in_bokmal_has_the_bokmal_reports_numbers(tmp_path):
    nb, _ = built(weighted_study(tmp_path / "nb", "nb", WRITINGS["nb"]))
    sv, _ = built(weighted_study(tmp_path / "sv", "sv", WRITINGS["nb"]))
    en, _ = built(weighted_study(tmp_path / "en", "en", WRITINGS["codes"]))
    frames = [pd.read_csv(root / "reports" / "tables" / "agree.csv") for root in (nb, sv, en)]
    assert frames[0]["estimate"].notna().all()
    for frame in frames[1:]:
        np.testing.assert_allclose(frame["estimate"].to_numpy(), frames[0]["estimate"].to_numpy(), rtol=1e-12)
        assert frame["n"].tolist() == frames[0]["n"].tolist()
    assert set(frames[1]["gender"]) == {"Man", "Kvinna"}


def test_a_population_value_of_no_level_is_named_with_its_row_column_and_the_levels(tmp_path):
    root = weighted_study(tmp_path, "sv", ("Man", "Kvinnor"))
    with pytest.raises(ConfigError) as caught:
        load_study(root)
    message = str(caught.value)
    for part in ("population.csv", "row 3", 'column "gender"', "'Kvinnor'", "matches no level", "1 = 'Man'",
                 "2 = 'Kvinna'", "any language"):
        assert part in message, message


def test_one_level_written_twice_in_population_is_refused(tmp_path):
    root = weighted_study(tmp_path, "en", ("Man", "Woman"))
    (root / "config" / "population.csv").write_text("gender,population\nMan,5200\nKvinne,2400\n2,2400\n",
                                                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rows \[3, 4\] are all the cell 'Woman'.*row 3: Kvinne, row 4: 2"):
        load_study(root)


def test_a_population_value_that_is_one_levels_code_and_anothers_label_follows_the_column(tmp_path):
    # a scale whose labels are numbers: "1" is the label of code 2 and the code of "0"
    root = weighted_study(tmp_path, "en", ("Man", "Woman"))
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(
        "      - {code: 1, label: {en: Man, nb: Mann, sv: Man}}\n      - {code: 2, label: {en: Woman, nb: Kvinne, sv: Kvinna}}\n",
        "      - {code: 1, label: {en: Man, nb: Mann, sv: Man}}\n      - {code: 2, label: {en: Woman, nb: Kvinne, sv: '1'}}\n"),
        encoding="utf-8")
    # "1" and "2" are codes here (2 is no label): "1" is the man's code, not the Swedish label of a woman
    (root / "config" / "population.csv").write_text("gender,population\n1,5200\n2,4800\n", encoding="utf-8")
    assert load_study(root).population["gender"].tolist() == ["Man", "Woman"]
    (root / "config" / "population.csv").write_text("gender,population\n1,5200\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"row 2, column \"gender\": '1' is the code of one level .* the label of another"):
        load_study(root)
