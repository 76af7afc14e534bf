"""Answer sets of the real samples whose order is plain (steak doneness, attending a meeting,
Spanish durations, Qualtrics' "Great / In the middle / Awful", grades 1-6 with "no grade") are
drafted ordered low -> high, not as unordered single choices listed alphabetically."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from surveykit.nonsubstantive import is_nonsubstantive
from surveykit.scaffold.scales import from_text
from tests.test_scaffold_layouts import codebook, levels, nonsub, run_study, variable


def _labels(scale) -> list[str]:
    return [lv.labels[0] for lv in scale.levels]


@pytest.mark.parametrize(("answers", "order", "family"), [
    # SurveyMonkey, fivethirtyeight's steak survey, as the file writes them
    (["Medium", "Medium rare", "Medium Well", "Rare", "Well"],
     ["Rare", "Medium rare", "Medium", "Medium Well", "Well"], "doneness"),
    # SurveyMonkey, Kubernetes contributor survey 2019
    (["few times a year", "never", "once a month", "rarely, but I frequently watch the video and/or read the notes",
      "try to make it to all of them (3-4 a month)"],
     ["never", "rarely, but I frequently watch the video and/or read the notes", "few times a year", "once a month",
      "try to make it to all of them (3-4 a month)"], "frequency"),
    # Google Forms, Spanish R community survey
    (["Años", "Días", "Meses", "Semanas"], ["Días", "Semanas", "Meses", "Años"], "duration"),
    # Qualtrics (best first in the file)
    (["Great", "In the middle", "Awful"], ["Awful", "In the middle", "Great"], "quality"),
])
def test_plain_orders_are_known(answers, order, family):
    scale = from_text(pd.Series(answers * 3))
    assert scale.ordered and _labels(scale) == order and scale.family == family
    assert not any("could not order" in n for n in scale.notes)


def test_us_education_levels_are_ordered_shares_only():
    # fivethirtyeight's steak survey (SurveyMonkey), as the file writes them: ordered, but no means
    answers = ["Bachelor degree", "Graduate degree", "High school degree", "Less than high school degree",
               "Some college or Associate degree"]
    scale = from_text(pd.Series(answers * 3))
    assert scale.ordered and not scale.likert and scale.family == "education"
    assert _labels(scale) == ["Less than high school degree", "High school degree",
                              "Some college or Associate degree", "Bachelor degree", "Graduate degree"]


def test_grades_with_no_grade_are_ordered_and_no_grade_kept_apart():
    for none in ("Ikke fått karakter", "Får ikke karakter"):
        assert is_nonsubstantive(none)
        scale = from_text(pd.Series([str(g) for g in range(1, 7)] * 3 + [none]))
        assert scale.ordered and _labels(scale) == [str(g) for g in range(1, 7)]
        assert [lv.labels[0] for lv in scale.nonsub] == [none]


def test_steak_drafted_ordered_in_the_codebook(tmp_path: Path):
    export = tmp_path / "export.csv"
    steak = ["Medium", "Medium rare", "Medium Well", "Rare", "Well"]
    rows = [["Respondent ID", "How do you like your steak prepared?"]]
    rows += [[str(1000 + i), steak[i % 5]] for i in range(30)]
    with export.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    cb = codebook(run_study(tmp_path, export, build=False))
    doneness = variable(cb, "How do you like your steak prepared?")
    assert levels(cb, doneness) == ["Rare", "Medium rare", "Medium", "Medium Well", "Well"]
    assert cb["scales"][doneness["scale"]].get("ordered", True) is not False


def test_surveyxact_grades_drafted_ordered_with_no_grade_apart(tmp_path: Path):
    export = Path(__file__).parent / "data" / "samples" / "surveyxact" / "readSX" / "ex_survey2.xlsx"
    if not export.exists():
        pytest.skip("no SurveyXact sample copy")
    cb = codebook(run_study(tmp_path, export, build=False))
    grade = variable(cb, "b_7_1")   # Matematikk 1T, grades 1-6 or "Ikke fått karakter"
    assert levels(cb, grade) == ["1", "2", "3", "4", "5", "6"] and "Ikke fått karakter" in nonsub(cb, grade)
    # two grade questions of this one file share the scale, their code 7 worded apart: the note
    # said "in one wave and ... in another" of a study of one wave
    text = (tmp_path / "study" / "config" / "codebook.yaml").read_text(encoding="utf-8")
    clash = [line for line in text.splitlines() if "Får ikke karakter" in line and "code 7 is" in line]
    assert clash and all("in one wave or question and" in line for line in clash)


def test_qualtrics_great_in_the_middle_awful_drafted_low_to_high(tmp_path: Path):
    folder = Path(__file__).parent / "data" / "samples" / "qualtrics" / "QualtricsTools"
    export = folder / "No_Basis_for_Evaluation (Insights).csv"
    cb = codebook(run_study(tmp_path, export, build=False, extra=(folder / "No_Basis_for_Evaluation.qsf",)))
    squash = variable(cb, "Q1")   # the .qsf codes 1 Great, 2 In the middle, 3 Awful, -1 No opinion
    assert levels(cb, squash) == ["Awful", "In the middle", "Great"]
    assert squash["sources"]["1"]["recode"] == {3: 1, 2: 2, 1: 3}
    assert nonsub(cb, squash) == ["No opinion"]
