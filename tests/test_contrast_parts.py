"""The estimators carry what a contrast compares as result columns (contrast_over, contrast_from,
contrast_to, contrast_within, contrast_control, contrast_treated) and Presentation.contrast shows a
contrast from them. It used to read the code ("wave: 2 - 1") back with regular expressions and fell
back to the raw code whenever a column name was not ASCII or a level held " - " or ":"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import surveykit as sk
from surveykit.estimate.schema import CONTRAST_COLUMNS, CONTRAST_PARTS, RESULT_COLUMNS
from surveykit.presentation import Presentation
from surveykit.report.tables import write_workbook

EARLY, LATE = "2021 - 22", "2023: 2"          # wave ids with " - ", ":" and digits
CONTROL, TREATED = "Del 1: egen", "Del 2 - ny"   # group ids the same


def _design() -> sk.Design:
    rng = np.random.default_rng(7)
    n = 160
    frame = pd.DataFrame({
        "bølge": np.repeat([EARLY, LATE], n // 2),
        "gruppe": np.tile(np.repeat([CONTROL, TREATED], n // 4), 2),
        "y": rng.normal(3.0, 1.0, n).round(2),
        "svar": rng.choice(["a", "b"], n),
    })
    frame.loc[(frame["bølge"] == LATE) & (frame["gruppe"] == TREATED), "y"] += 1.0
    return sk.Design(frame)


PRESENTATION = Presentation(
    "en", names={"bølge": "Survey round", "gruppe": "History", "y": "Score", "svar": "Answer"},
    values={"bølge": {EARLY: "Winter 2021/22", LATE: "Spring 2023"},
            "gruppe": {CONTROL: "Own throughout", TREATED: "Moved in"}})


def test_schema_lists_the_parts_after_the_code():
    assert CONTRAST_COLUMNS[: 1 + len(CONTRAST_PARTS)] == ["contrast", *CONTRAST_PARTS]
    assert CONTRAST_PARTS == ["contrast_over", "contrast_from", "contrast_to", "contrast_within",
                              "contrast_control", "contrast_treated"]


def test_change_carries_its_wave_and_levels():
    res = sk.change(_design(), "y", wave="bølge", levels=(EARLY, LATE))
    assert list(res.columns) == [*RESULT_COLUMNS, *CONTRAST_COLUMNS]
    row = res.iloc[0]
    assert (row["contrast_over"], row["contrast_from"], row["contrast_to"]) == ("bølge", EARLY, LATE)
    assert row[["contrast_within", "contrast_control", "contrast_treated"]].isna().all()
    assert PRESENTATION.contrast(row) == "Survey round: Spring 2023 \u2212 Winter 2021/22"


def test_compare_carries_its_column_and_levels():
    row = sk.compare(_design(), "y", between="gruppe", levels=(CONTROL, TREATED)).iloc[0]
    assert (row["contrast_over"], row["contrast_from"], row["contrast_to"]) == ("gruppe", CONTROL, TREATED)
    assert PRESENTATION.contrast(row) == "History: Moved in \u2212 Own throughout"


def test_did_carries_both_comparisons():
    row = sk.did(_design(), "y", group="gruppe", groups=(CONTROL, TREATED), wave="bølge",
                 waves=(EARLY, LATE)).iloc[0]
    assert row[CONTRAST_PARTS].tolist() == ["bølge", EARLY, LATE, "gruppe", CONTROL, TREATED]
    assert PRESENTATION.contrast(row) == (
        "(Moved in: Spring 2023 \u2212 Winter 2021/22) \u2212 (Own throughout: Spring 2023 \u2212 Winter 2021/22)")
    m = _design().data.groupby(["gruppe", "bølge"])["y"].mean()   # equal weights: plain cell means
    want = (m[TREATED, LATE] - m[TREATED, EARLY]) - (m[CONTROL, LATE] - m[CONTROL, EARLY])
    assert row["estimate"] == pytest.approx(want, rel=1e-12)   # treated change minus control change


def test_table_test_names_its_column():
    row = sk.chisq(_design(), "svar", "gruppe").iloc[0]
    assert row["contrast_over"] == "gruppe" and row["contrast_from"] is None
    assert PRESENTATION.contrast(row) == "Answer \u00d7 History"


def test_contrast_without_parts_shows_its_label():
    res = sk.contrast(_design(), "y", over="gruppe", contrasts={"sum: 1 - 2": {CONTROL: 1, TREATED: 1}})
    assert res[CONTRAST_PARTS].isna().all().all()
    assert PRESENTATION.contrast(res.iloc[0]) == "sum: 1 - 2"
    with pytest.raises(sk.DataError, match="not contrast parts"):
        sk.contrast(_design(), "y", over="gruppe", contrasts={"d": {CONTROL: -1, TREATED: 1}},
                    parts={"d": {"contrast_levels": (CONTROL, TREATED)}})


def test_levels_read_back_as_numbers_keep_their_labels():
    """A CSV file gives the wave ids 1 and 2 back as numbers; the labels are keyed by text."""
    p = Presentation("en", names={"wave": "Survey"}, values={"wave": {"1": "Year 1", "2": "Year 2"}})
    row = {"contrast": "wave: 2 - 1", "contrast_over": "wave", "contrast_from": 1, "contrast_to": 2,
           "contrast_within": float("nan")}
    assert p.contrast(row) == "Survey: Year 2 \u2212 Year 1"


def test_workbook_shows_the_contrast_by_its_parts_and_hides_them(tmp_path):
    d = _design()
    change = sk.change(d, "y", wave="bølge", levels=(EARLY, LATE))
    did = sk.did(d, "y", group="gruppe", groups=(CONTROL, TREATED), wave="bølge", waves=(EARLY, LATE))
    path = write_workbook({"change": change, "did": did}, pd.DataFrame({"topic": ["x"], "note": ["y"]}),
                          tmp_path / "t.xlsx", presentation=PRESENTATION)
    wb = load_workbook(path)
    for sheet, want in [("change", "Survey round: Spring 2023 \u2212 Winter 2021/22"),
                        ("did", "(Moved in: Spring 2023 \u2212 Winter 2021/22) \u2212 "
                                "(Own throughout: Spring 2023 \u2212 Winter 2021/22)")]:
        header = [c.value for c in wb[sheet][1]]
        values = [c.value for c in wb[sheet][2]]
        assert values[header.index("Comparison")] == want
        assert not any(h in CONTRAST_PARTS for h in header)
