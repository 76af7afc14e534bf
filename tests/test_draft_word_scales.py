"""Ordinal answers whose words give the order (tester B's finding F7, from the Carpentries'
instructor-training survey, a SurveyMonkey export with clean headers): "Too slow" ... "Just right"
... "Too fast", "Too much lecture" ... "Balanced" ... "Too much hands-on", "None of it" ... "All of
it", "Little or no / Some / Extensive knowledge of topic" are drafted ordered (with a REVIEW note to
check; where the words do not say which end is low, the note says so), not unordered without a word.
"Once every two weeks" is half as often as "Once per week"."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import yaml

from surveykit.scaffold.drafts import draft_codebook
from surveykit.scaffold.scales import from_text
from surveykit.scaffold.words import frequency_order, times_per_year
from tests.test_draft_column_kinds import spread

PACE = {"Just right": 252, "Slightly slow": 132, "Slightly fast": 42, "Too slow": 15, "Too fast": 3}
HANDS_ON = {"Balanced (lecture/hands-on)": 278, "Slightly too much lecture": 131, "Slightly too much hands-on": 19,
            "Too much lecture": 13, "Too much hands-on": 4}
NEW_INFORMATION = {"Most of it": 161, "About\xa0half\xa0of\xa0it": 137, "Some of it": 126, "All of it": 11,
                   "None of it": 1}
KNOWLEDGE = {"Extensive knowledge of topic": 132, "Some knowledge of topic": 101, "Little or no knowledge of topic": 4}


def labels(scale) -> list[str]:
    return [lv.labels[0] for lv in scale.levels]


def test_too_slow_to_too_fast_is_ordered_slow_to_fast():
    from surveykit.scaffold.words import balance_order

    assert balance_order(list(PACE)) == (["Too slow", "Slightly slow", "Just right", "Slightly fast", "Too fast"],
                                         True)
    scale = from_text(pd.Series(spread(PACE)))
    assert scale.ordered and scale.likert
    assert labels(scale) == ["Too slow", "Slightly slow", "Just right", "Slightly fast", "Too fast"]
    assert any("check the order" in n for n in scale.notes)


def test_too_much_of_one_or_the_other_is_ordered_with_a_note_that_the_low_end_is_a_choice():
    scale = from_text(pd.Series(spread(HANDS_ON)))
    assert scale.ordered
    assert labels(scale) == ["Too much hands-on", "Slightly too much hands-on", "Balanced (lecture/hands-on)",
                             "Slightly too much lecture", "Too much lecture"]
    assert any("do not say which end is low" in n for n in scale.notes)
    # whatever order the answers come in (each wave's its own), the same order
    again = from_text(pd.Series(list(reversed(spread(HANDS_ON)))))
    assert labels(again) == labels(scale)


def test_how_much_of_it_is_ordered_none_to_all():
    scale = from_text(pd.Series(spread(NEW_INFORMATION)))
    assert scale.ordered and scale.likert
    assert labels(scale) == ["None of it", "Some of it", "About\xa0half\xa0of\xa0it", "Most of it", "All of it"]
    knowledge = from_text(pd.Series(spread(KNOWLEDGE)))
    assert labels(knowledge) == ["Little or no knowledge of topic", "Some knowledge of topic",
                                 "Extensive knowledge of topic"]
    assert knowledge.ordered and any("check the order" in n for n in knowledge.notes)
    assert from_text(pd.Series(["Some college", "No college", "Bachelor degree"] * 3)).ordered is False


def test_once_every_two_weeks_is_less_often_than_once_a_week():
    assert times_per_year("Once every two weeks") == 26.0 and times_per_year("Every other month") == 6.0
    assert frequency_order(["More than once per week", "Once per week", "Once every two weeks"]) == [
        "Once every two weeks", "Once per week", "More than once per week"]


def _post_survey(path: Path, year: int, n: int = 60) -> Path:
    """The post-training survey as saved from SurveyMonkey with clean headers: one header row, the
    answers' texts (some with no-break spaces, as the tool wrote them)."""
    columns = {"Pace": PACE, "HandsOn": HANDS_ON, "NewInformation": NEW_INFORMATION,
               "KnowledgeNovicePost": KNOWLEDGE}
    rows = [["Date", *columns]]
    for i in range(n):
        # every answer, each year's in another order (as two real waves' are)
        k = i if year == 2017 else n - 1 - i
        rows.append([f"{year}-0{1 + i % 9}-1{i % 10}", *(list(counts)[(k * 7) % len(counts)]
                                                         for counts in columns.values())])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_two_wave_draft_orders_the_word_scales_once_for_both_waves(tmp_path):
    exports = [_post_survey(tmp_path / f"post_{y}.csv", y) for y in (2017, 2018)]
    out = draft_codebook(exports, tmp_path / "out" / "codebook.yaml", report=False, sites=False)
    cb = yaml.safe_load(out.read_text(encoding="utf-8"))
    by_column = {v["sources"]["1"]["column"]: v for v in cb["variables"] if "1" in v["sources"]}
    for column, first in (("Pace", "Too slow"), ("HandsOn", "Too much hands-on"), ("NewInformation", "None of it"),
                          ("KnowledgeNovicePost", "Little or no knowledge of topic")):
        var = by_column[column]
        scale = cb["scales"][var["scale"]]
        assert sorted(var["sources"]) == ["1", "2"] and var["type"] == "likert", (column, var)
        assert scale.get("ordered", True) and scale["levels"][0]["label"] == first, (column, scale)
