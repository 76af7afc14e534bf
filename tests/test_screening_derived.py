"""`screening.complete.required` may name a derived variable (age_group from age): a row has it
when its source is a number inside the bins. It was refused with advice to give the derived
variable a source of its own, which a derived variable cannot have."""

from __future__ import annotations

import pytest

import surveykit as sk
from surveykit.errors import ValidationError
from tests.study_fixture import CODEBOOK_YAML, SURVEYKIT_YAML, W2_CSV, write_mini_study

REQUIRED = SURVEYKIT_YAML.replace("complete: {required: [site, gender]}",
                                  "complete: {required: [site, gender, age_group]}")
CODEBOOK = CODEBOOK_YAML.replace('breaks: [15, 50], labels: ["15-49", "50+"]',
                                 'breaks: [20, 50], labels: ["20-49", "50+"]')
# s3 is 17 (valid, but below the first break: no age group), s4 has no age
W2 = W2_CSV.replace("s3;Mjøndalen;2;41;", "s3;Mjøndalen;2;17;").replace("s4;Askim;1;25;", "s4;Askim;1;;")


def _rejected(root) -> dict[str, int]:
    study = sk.load_study(root)
    quality = study.quality_report().set_index("wave")
    return {wave: int(quality.loc[wave, "incomplete"]) for wave in quality.index}, study


def test_a_required_derived_variable_rejects_rows_outside_its_bins_and_without_a_source(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": REQUIRED, "config/codebook.yaml": CODEBOOK,
                                  "data/raw/w2.csv": W2})
    incomplete, study = _rejected(tmp_path)
    assert incomplete == {"1": 1, "2": 2}          # wave 1: r5 has no site; wave 2: s3 (17) and s4 (blank)
    kept = study.responses
    assert kept["age_group"].notna().all()
    assert set(kept.loc[kept["wave"] == "2", "age"]) == {33.0, 58.0, 62.0, 47.0}


def test_without_the_derived_variable_required_those_rows_are_kept(tmp_path):
    write_mini_study(tmp_path, **{"config/codebook.yaml": CODEBOOK, "data/raw/w2.csv": W2})
    incomplete, study = _rejected(tmp_path)
    assert incomplete == {"1": 1, "2": 0}
    wave2 = study.responses.loc[lambda d: d["wave"] == "2"]
    assert wave2["age_group"].isna().sum() == 2


def test_an_unreadable_source_value_is_still_reported_not_screened_away(tmp_path):
    write_mini_study(tmp_path, **{"surveykit.yaml": REQUIRED, "config/codebook.yaml": CODEBOOK,
                                  "data/raw/w2.csv": W2.replace("s6;Askim;2;47;", "s6;Askim;2;førti;")})
    with pytest.raises(ValidationError, match="førti"):
        sk.load_study(tmp_path)
