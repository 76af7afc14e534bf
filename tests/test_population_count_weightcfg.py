"""population.csv without the column of counts `weighting.count` names: the message names the
setting and the column that could hold the counts."""

from __future__ import annotations

import pytest

from surveykit.errors import ConfigError
from surveykit.study import load_study
from tests.test_unweightable_weightcfg import POPULATION, write_study


def test_a_count_column_of_another_name_is_named_with_the_setting(tmp_path):
    root = write_study(tmp_path, others=0, blank=0)
    (root / "config" / "population.csv").write_text(POPULATION.replace(",population\n", ",antal\n", 1)
                                                    .replace(",", ";"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_study(root)
    message = str(caught.value)
    for part in ("population.csv: no column 'population' with the counts", "`weighting.count` in surveykit.yaml",
                 "Found ['wave', 'gender', 'age_group', 'antal']", "(e.g. `count: antal`)",
                 "or rename that column to 'population'"):
        assert part in message, message
    # the setting it names does the job
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  strata: [wave]", "  count: antal\n  strata: [wave]"),
                      encoding="utf-8")
    assert load_study(root).design().weights.sum() == pytest.approx(11000)
