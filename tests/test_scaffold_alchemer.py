"""The draft on a SurveyGizmo/Alchemer CSV export, written here the way the tool writes it.

Shape: the tool's own columns first, "Response ID", "Time Started", "Date Submitted", "Status",
"Contact ID", "Legacy Comments", "Comments", "Language", "Referer", "SessionID", "User Agent",
"Tags", "IP Address", "Longitude", "Latitude", "Country", "City", "State/Region", "Postal" (the
list that Mozilla's readers of their SurveyGizmo exports name, found in the code index by the
string '"Response ID","Time Started","Date Submitted"': a script reading Firefox feedback exports
with `survey_cols = ["Response ID","Time Started","Date Submitted","Status","Language","Referer",
"Extended Referer","User Agent","Extended User Agent","Longitude","Latitude","Country","City",
"State/Region","Postal", <questions>]` and a `get_survey_data` script with `fields = ["Response ID",
"Time Started","Date Submitted","Status","Contact ID","Language","Referer","SessionID","User Agent",
"Longitude","Latitude","Country","City","State/Region","Postal", <questions>]`), then the questions.
A checkbox question is one column per option headed "<option>:<question>", each holding its option's
text when chosen, and "Other - Write In:<question>" the typed-in text (SurveyGizmo's legacy CSV
layout; the same "<row>:<question>" heads a grid's rows). No real export was committed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.test_scaffold_layouts import codebook, responses, run_study, variable
from tests.test_scaffold_more_tools import _write_csv

TOOL = ["Response ID", "Time Started", "Date Submitted", "Status", "Contact ID", "Legacy Comments", "Comments",
        "Language", "Referer", "SessionID", "User Agent", "Tags", "IP Address", "Longitude", "Latitude", "Country",
        "City", "State/Region", "Postal"]
BROWSERS = ["Chrome", "Firefox", "Safari"]
QUESTION = "Which browsers do you use?"
SATISFIED = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
CITIES = ["Oslo", "Drammen", "Moss", "Askim"]
RATE = ["Poor", "Fair", "Good", "Very good", "Excellent"]
GRID = "How would you rate the following?"
GRID_ROWS = ["Opening hours", "Staff"]


def _export(path: Path) -> Path:
    header = [*TOOL, "How satisfied are you with the library?", *(f"{b}:{QUESTION}" for b in BROWSERS),
              f"Other - Write In:{QUESTION}", *(f"{r}:{GRID}" for r in GRID_ROWS), "How old are you?"]
    rows = []
    for i in range(40):
        chosen = [b if (i >> k) % 2 else "" for k, b in enumerate(BROWSERS)]
        typed = "Opera" if i % 9 == 0 else ""
        status = "Partial" if i % 10 == 7 else "Complete"
        rows.append([str(1000 + i), f"2024-03-{1 + i % 20:02d} 10:{i:02d}:00", f"2024-03-{1 + i % 20:02d} 10:{i + 5:02d}:00",
                     status, "", "", "", "English", "https://www.example.org/library", f"{i:04d}a9f3c2e1b7d6{i:04d}",
                     "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "", f"10.0.{i}.7", f"{10.2 + i / 100:.4f}",
                     f"{59.7 + i / 100:.4f}", "Norway", CITIES[i % 4], "Viken", f"{1500 + i:04d}",
                     SATISFIED[i % 5], *chosen, typed, RATE[i % 5], RATE[(i + 2) % 5], str(20 + i)])
    return _write_csv(path, header, rows)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("alchemer")
    export = _export(tmp / "alchemer.csv")
    return export, run_study(tmp, export)


def test_alchemer_checkbox_columns_are_one_multi_select(drafted):
    """Was: each "<option>:<question>" column a one-level single choice ("every answer given is 'Chrome'"),
    left out of the report: the question lost."""
    export, study = drafted
    cb = codebook(study)
    var = variable(cb, f"Chrome:{QUESTION}")
    assert var["type"] == "multi"
    assert var["label"] == QUESTION
    assert list(var["options"].values()) == [*BROWSERS, "Other - Write In"]
    assert set(var["sources"]["1"]["columns"].values()) == {*(f"{b}:{QUESTION}" for b in BROWSERS),
                                                             f"Other - Write In:{QUESTION}"}
    # every count is the export's, over the rows the Status screening keeps
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    kept = raw[raw["Status"].eq("Complete")]
    frame = responses(study)
    assert len(frame) == len(kept) == 36
    for key, label in var["options"].items():
        col = var["sources"]["1"]["columns"][key]
        assert int(frame[f"{var['name']}__{key}"].fillna(False).astype(bool).sum()) == int(kept[col].ne("").sum()), label
    report = (study / "config" / "report.yaml").read_text(encoding="utf-8")
    assert f"items: [{var['name']}]" in report


def test_alchemer_own_columns_are_no_questions_and_the_ip_place_is_left_out(drafted):
    """Was: "Language", "Referer", "Country", "City", "State/Region" drafted as single choices and "Postal"
    as a 40-level ordered scale; the place looked up from the IP address in clear in responses.parquet."""
    _, study = drafted
    cb = codebook(study)
    drafted_columns = {v["sources"]["1"].get("column") for v in cb["variables"]}
    for col in ("Language", "Referer", "Country", "City", "State/Region", "Postal", "Contact ID", "Tags"):
        assert col not in drafted_columns, col
    header = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "'City' holds the place the survey tool looked up from the respondent's IP address" in header
    text = responses(study).astype(str).to_string()
    assert "Drammen" not in text and "1507" not in text and "10.0.3.7" not in text


def test_alchemer_grid_rows_are_labelled_by_their_own_text(drafted):
    """Was: each row labelled "Opening hours:How would you rate the following?" (the row, a colon and the
    whole question) in every figure and table."""
    export, study = drafted
    cb = codebook(study)
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame = responses(study)
    for row in GRID_ROWS:
        var = variable(cb, f"{row}:{GRID}")
        assert var["type"] == "likert" and var["label"] == row and GRID in var["question"]
        assert [lv["label"] for lv in cb["scales"][var["scale"]]["levels"]] == RATE
        kept = raw.loc[raw["Status"].eq("Complete"), f"{row}:{GRID}"]
        assert frame[var["name"]].astype(str).tolist() == kept.tolist()
