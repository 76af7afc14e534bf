"""A row rejected as a repeat of an earlier respondent id is said to differ when its answers do:
an export's repeated row is identical, a differing one is the same person answering again or two
people with one id (holehan/spss_codebook_export data/survey.sav: id 242 is a woman of 18 and a
man of 54; the second was rejected as a "repeat" with no other word)."""

from __future__ import annotations

import pytest

import surveykit as sk
from tests.study_fixture import W1_CSV, write_mini_study


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _warnings(study, wave="1"):
    return study.quality[wave]["warnings"]


def test_an_identical_repeat_is_only_counted(tmp_path):
    study = sk.load_study(write_mini_study(tmp_path))
    assert study.quality["1"]["reasons"]["duplicate"] == 1
    assert not any("differ from their id's first row" in w for w in _warnings(study))


def test_a_repeat_with_other_answers_is_named_with_how_many_differ(tmp_path):
    other = W1_CSV.replace("r3;Mjøndalen;Kvinne;70;Uenig;Ja;Ja;ring 912 34 567\nr3;Mjøndalen;Kvinne;70;Uenig;Ja;Ja;",
                           "r3;Mjøndalen;Kvinne;70;Uenig;Ja;Ja;ring 912 34 567\nr3;Askim;Mann;19;Enig;Ja;Ja;")
    assert other != W1_CSV
    study = sk.load_study(write_mini_study(tmp_path, **{"data/raw/w1.csv": other}))
    assert study.quality["1"]["reasons"]["duplicate"] == 1
    [said] = [w for w in _warnings(study) if "differ from their id's first row" in w]
    assert "1 of those rejected repeats" in said and "row 5: 4 of 5 answers" in said and "two people sharing an id" in said
