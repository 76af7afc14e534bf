"""Answers a tool numbers ("1. Apartment", "2. House" ... "8. Camp": a KoboToolbox labels export,
tester B's Libya MSNA 2018 export) are not a scale because they are numbered: they stay categories
(`single`, unordered, the export's numbers as codes, under REVIEW) unless their words, without
the numbers, make a scale; a scale numbered high -> low ("1. More than once per week" ... "3. Once
every two weeks") is put low -> high. "5. Don’t know", "6. Prefer not to answer" are found after
their number and with any apostrophe (’ ‘ ´ '), and "Other (please specify)" never gets a score.

The exports are written here the way KoboToolbox writes a CSV with labels (its own columns
start/end/today, the answers' labels, _id/_uuid/_submission_time/_index)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.nonsubstantive import is_nonsubstantive
from surveykit.scaffold.lexicon import leading_code, norm
from surveykit.scaffold.scales import from_text
from tests.test_draft_column_kinds import spread


def labels(scale) -> list[str]:
    return [lv.labels[0] for lv in scale.levels]


def nonsub(scale) -> list[str]:
    return [lv.labels[0] for lv in scale.nonsub]


# ------------------------------------------------------------------------------ the answers alone
@pytest.mark.parametrize("label", ["5. Don’t know", "6. Don't know", "Don’t know", "Don‘t know", "Don´t know",
                                   "6. Prefer not to answer", "9) Prefer not to answer", "5.  Prefer not to answer",
                                   "b) Vet ikke", "A. Refused", "-9: Not answered", "(c) N/A"])
def test_non_substantive_answers_are_found_after_their_number_and_with_any_apostrophe(label):
    assert is_nonsubstantive(label)


@pytest.mark.parametrize("label", ["6. Apartment", "1. 15 min", "9", "7. Other (please specify)", "U.S. citizen"])
def test_a_number_before_an_answer_makes_no_answer_non_substantive(label):
    assert not is_nonsubstantive(label)


def test_numbered_categories_are_a_single_choice_with_the_exports_numbers_and_a_review_note():
    scale = from_text(pd.Series(spread({"2. House": 209, "1. Apartment": 100, "3. Unfinished room(s)": 3,
                                        "8. Camp": 1, "9. Prefer not to answer": 2, "6. Don’t know": 1})))
    assert not scale.ordered and not scale.likert and scale.fixed
    assert [(lv.code, lv.labels[0]) for lv in scale.levels] == [
        (1, "1. Apartment"), (2, "2. House"), (3, "3. Unfinished room(s)"), (8, "8. Camp")]   # no made-up 4 ... 7
    assert sorted(nonsub(scale)) == ["6. Don’t know", "9. Prefer not to answer"]
    assert any("1 = 'Apartment'" in n and "8 = 'Camp'" in n and "without an order" in n for n in scale.notes)
    payment = from_text(pd.Series(["1. Hard cash (LYD)", "5. Cheques", "3. Credit or debit card", "6. Bank transfers",
                                   "7. Mobile money", "10. Prefer not to answer"]))
    assert not payment.ordered and [lv.code for lv in payment.levels] == [1, 3, 5, 6, 7]
    assert nonsub(payment) == ["10. Prefer not to answer"]
    # "Yes" ... "No access" is no scale the draft knows: categories, said so
    access = from_text(pd.Series(["1. Yes", "2. Limited access (sometimes, limited quantity..)", "3. No access"]))
    assert not access.ordered and not access.likert and access.notes
    # "Other (please specify)" is a category among categories
    occupancy = from_text(pd.Series(["1. Ownership", "2. Rental (with written contract)", "7. Other (please specify)",
                                     "8. Don't know"]))
    assert "7. Other (please specify)" in labels(occupancy) and nonsub(occupancy) == ["8. Don't know"]


def test_a_numbered_frequency_scale_running_high_to_low_is_put_low_to_high_without_other_and_dont_know():
    scale = from_text(pd.Series(spread({"1. More than once per week": 75, "2. Once per week": 35,
                                        "4. Once per month": 4, "7. Don't know": 1, "3. Once every two weeks": 1,
                                        "6. Other (please specify)": 1})))
    assert scale.ordered and scale.likert and scale.family == "frequency"
    assert labels(scale) == ["4. Once per month", "3. Once every two weeks", "2. Once per week",
                             "1. More than once per week"]
    assert [lv.code for lv in scale.levels] == [1, 2, 3, 4]   # a higher mean is more often
    assert nonsub(scale) == ["6. Other (please specify)", "7. Don't know"]
    assert any("high -> low" in n for n in scale.notes)
    assert any("'6. Other (please specify)' is not an answer on this scale" in n for n in scale.notes)


def test_numbered_answers_whose_words_make_a_scale_are_scored_by_the_exports_numbers():
    agree = from_text(pd.Series(["1. Strongly disagree", "2. Disagree", "3. Neither agree nor disagree", "4. Agree",
                                 "5. Strongly agree", "6. Don’t know"]))
    assert agree.ordered and agree.likert and agree.family == "agree"
    assert [lv.code for lv in agree.levels] == [1, 2, 3, 4, 5] and nonsub(agree) == ["6. Don’t know"]
    # the numbers of a rating scale with labelled ends are its scores, as before
    rating = from_text(pd.Series(["1: Strongly disagree", "2", "3", "4", "5: Strongly agree"]))
    assert rating.ordered and rating.likert and [lv.code for lv in rating.levels] == [1, 2, 3, 4, 5]
    # durations in minutes and hours, ordered by what they say ("4.  1 - 2 hours" is number 4)
    assert leading_code("4.  1 - 2 hours") == (4, "1 - 2 hours")
    time = from_text(pd.Series(["2. 15 - 29 min", "1. Below 15 min", "3. 30 - 59 min", "4.  1 - 2 hours",
                                "5. More than 2 hours", "6. Don’t know", "7. Prefer not to answer"]))
    assert time.ordered and not time.likert and time.family == "ordinal"
    assert labels(time) == ["1. Below 15 min", "2. 15 - 29 min", "3. 30 - 59 min", "4.  1 - 2 hours",
                            "5. More than 2 hours"]
    assert nonsub(time) == ["6. Don’t know", "7. Prefer not to answer"]


def test_a_letter_before_each_answer_is_no_part_of_its_words():
    scale = from_text(pd.Series(["a) Strongly disagree", "b) Disagree", "c) Agree", "d) Strongly agree",
                                 "e) Don’t know"]))
    assert scale.ordered and scale.family == "agree" and nonsub(scale) == ["e) Don’t know"]
    assert labels(scale) == ["a) Strongly disagree", "b) Disagree", "c) Agree", "d) Strongly agree"]
    upper = from_text(pd.Series(["A. Never", "B. Rarely", "C. Sometimes", "D. Often", "E. Always"]))
    assert upper.ordered and upper.family == "frequency" and labels(upper)[0] == "A. Never"
    # an initial before one answer is no numbering: two names stay two answers
    names = from_text(pd.Series(["J. Smith", "K. Smith", "Jones"] * 4))
    assert len(names.levels) == 3 and norm("J. Smith") != norm("K. Smith")


# ------------------------------------------------------------------------------ a whole draft
HEADER = ["start", "end", "today", "deviceid", "dwelling_type", "frequency_trash_collection", "time_healthcentre",
          "cooking_fuel", "_id", "_uuid", "_submission_time", "_index"]


def _kobo(path: Path, n: int, wave: int) -> Path:
    """A KoboToolbox CSV export with labels (as KoboToolbox writes it: its columns first and last)."""
    dwelling = ["2. House", "1. Apartment", "2. House", "3. Unfinished room(s)", "2. House", "1. Apartment",
                "8. Camp" if wave == 1 else "7. Hotel", "9. Prefer not to answer"]
    trash = ["1. More than once per week", "2. Once per week", "1. More than once per week",
             "3. Once every two weeks", "7. Don't know" if wave == 2 else "2. Once per week"]
    time = ["1. Below 15 min", "2. 15 - 29 min", "3. 30 - 59 min", "4.  1 - 2 hours", "2. 15 - 29 min",
            "6. Don’t know", "5. More than 2 hours"]
    fuel = ["1. Yes, regular access to this type of fuel", "2. Yes, but irregular access to this type of fuel",
            "3. No access to this type of fuel", "5. Don’t know", "1. Yes, regular access to this type of fuel"]
    rows = [HEADER]
    for i in range(n):
        day = 20 + wave * 4 + i % 3
        rows.append([f"2018-07-{day}T09:{i % 60:02d}:41.712+02", f"2018-07-{day}T10:{i % 60:02d}:21.759+02",
                     f"2018-07-{day}", f"35240509{wave}{i:06d}", dwelling[i % len(dwelling)],
                     trash[i % len(trash)], time[i % len(time)], fuel[i % len(fuel)], str(1000 * wave + i),
                     f"{wave:02d}{i:06d}-aaaa-bbbb-cccc-000000000000", f"2018-07-{day}T12:00:00", str(i + 1)])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_kobo_export_of_two_waves_publishes_no_mean_of_numbered_categories(tmp_path):
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    names = []
    for wave in (1, 2):
        export = _kobo(tmp_path / f"msna_wave{wave}.csv", 64, wave)
        shutil.copy(export, study / "data" / "raw" / export.name)
        names.append(str(study / "data" / "raw" / export.name))
    assert cli.main(["-q", "codebook", "draft", *names, "-o", str(study / "config" / "codebook.yaml")]) == 0
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    by_name = {v["name"]: v for v in cb["variables"]}

    def scale_of(column: str) -> dict:
        found = [v for v in cb["variables"] if any(s.get("column") == column for s in v["sources"].values())]
        assert len(found) == 1 and sorted(found[0]["sources"]) == ["1", "2"], found   # one variable, both waves
        return cb["scales"][found[0]["scale"]] | {"type": found[0]["type"]}

    dwelling = scale_of("dwelling_type")
    assert dwelling["type"] == "single" and dwelling["ordered"] is False
    assert [(lv["code"], lv["label"]) for lv in dwelling["levels"]] == [
        (1, "1. Apartment"), (2, "2. House"), (3, "3. Unfinished room(s)"), (7, "7. Hotel"), (8, "8. Camp")]
    assert [lv["label"] for lv in dwelling["nonsubstantive"]] == ["9. Prefer not to answer"]
    trash = scale_of("frequency_trash_collection")
    assert trash["type"] == "likert"
    assert [lv["label"] for lv in trash["levels"]] == ["3. Once every two weeks", "2. Once per week",
                                                       "1. More than once per week"]
    time = scale_of("time_healthcentre")
    assert time["type"] == "single" and [lv["label"] for lv in time["nonsubstantive"]] == ["6. Don’t know"]
    fuel = scale_of("cooking_fuel")
    assert fuel["type"] == "single" and fuel["ordered"] is False
    assert [lv["label"] for lv in fuel["nonsubstantive"]] == ["5. Don’t know"]
    assert not any(v["type"] == "likert" for n, v in by_name.items() if n != "frequency_trash_collection")
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
