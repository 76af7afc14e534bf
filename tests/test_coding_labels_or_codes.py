"""An answer that is one level's label and another level's code: the column decides (issue 16's
'every share equals the count in the raw file'). A SurveyMonkey column of labels ("10 or
younger", "11" ... "21 or older", coded 1-12) is read as labels; an export of codes whose
labels are numbers ("0", "1", "2", "3", "4 or more", coded 1-5) as codes; a column that could
be either is reported, never guessed."""

from __future__ import annotations

import pandas as pd

from surveykit.clean.coding import code_scaled
from surveykit.config.codebook import Level, Scale

AGES = ["10 or younger", *map(str, range(11, 21)), "21 or older"]
AGE = Scale("age", tuple(Level(i + 1, {"en": a}) for i, a in enumerate(AGES)))
CHILDREN = Scale("children", tuple(Level(i + 1, {"en": a}) for i, a in enumerate(["0", "1", "2", "3", "4 or more"])))


def _coded(values: list, scale: Scale, recode: dict | None = None):
    out, failures = code_scaled(pd.Series(values, dtype=object), "x", scale, "en", recode)
    return out["x"].astype(object).tolist(), failures


def test_a_column_of_labels_is_read_as_labels():
    got, failures = _coded(["10 or younger", "11", "12", "21 or older", None], AGE)
    assert got[:4] == ["10 or younger", "11", "12", "21 or older"] and failures == []


def test_a_column_of_codes_is_read_as_codes():
    # "1" is the label of code 2 and the code of label "0": the export holds codes (5 is no label)
    got, failures = _coded(["1", "2", "3", "4", "5", 1.0], CHILDREN)
    assert got == ["0", "1", "2", "3", "4 or more", "0"] and failures == []


def test_a_column_that_could_hold_either_is_reported_not_guessed():
    _, failures = _coded(["1", "2", "3", "1"], CHILDREN)
    assert {f["check"] for f in failures} == {"ambiguous_answer"}
    assert sorted({f["value"] for f in failures}) == ["1", "2", "3"]
    assert "add `recode:`" in failures[0]["expected"]


def test_a_recode_settles_it_and_maps_to_codes():
    got, failures = _coded(["1", "2", "3"], CHILDREN, recode={"1": 1, "2": 2, "3": 3})
    assert got == ["0", "1", "2"] and failures == []


def test_an_unknown_answer_does_not_make_a_column_ambiguous():
    # '22' is neither a label nor a code: reported as unknown; the other answers still read as labels
    got, failures = _coded(["10 or younger", "11", "12", "22"], AGE)
    assert got[:3] == ["10 or younger", "11", "12"]
    assert [(f["check"], f["value"]) for f in failures] == [("unknown_label", "22")]
