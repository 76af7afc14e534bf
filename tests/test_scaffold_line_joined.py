"""Check-box answers joined by line breaks in one cell: each chosen option on its own line of the
cell, as Jotform's download writes a checkbox field (its CSV begins "Submission Date", the name
and e-mail fields, the questions, then "Submission ID" and "IP"). The shape is Jotform's as its
users describe it; the code index held no real Jotform export to copy it from, so the file here
is written by hand and its counts computed from it.

Was: such a column was drafted as free text, with no note: the question was left out of the
report and its answers never counted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.test_scaffold_layouts import codebook, responses, run_study, variable
from tests.test_scaffold_more_tools import _write_csv

SERVICES = ["Borrowing books", "Reading room", "Events", "Printing"]
QUESTION = "Which services have you used?"
COMMENT = "Anything else you want to tell us?"


def _export(path: Path) -> Path:
    header = ["Submission Date", "Name", "E-mail", QUESTION, "How satisfied are you overall?", COMMENT,
              "Submission ID", "IP"]
    satisfied = ["Very Unsatisfied", "Unsatisfied", "Neutral", "Satisfied", "Very Satisfied"]
    rows = []
    for i in range(48):
        chosen = [s for k, s in enumerate(SERVICES) if (i + 1) >> k & 1] or [SERVICES[i % 4]]
        # a comment over several lines, some lines written by more than one respondent
        comment = f"Thanks for the help, room {i}.\nThe opening hours could be longer on day {i}." if i % 3 else ""
        rows.append([f"2024-03-{1 + i % 28:02d} 1{i % 10}:0{i % 6}:00", f"Kari Nordmann {i}", f"kari{i}@example.no",
                     "\n".join(chosen), satisfied[i % 5], comment, str(5800000000000000000 + i * 137), f"84.{i}.2.1"])
    return _write_csv(path, header, rows)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lines")
    export = _export(tmp / "jotform.csv")
    return export, run_study(tmp, export)


def test_options_on_lines_of_a_cell_are_one_multi_select_counted_as_the_export(drafted):
    export, study = drafted
    cb = codebook(study)
    var = variable(cb, QUESTION)
    assert var["type"] == "multi"
    assert var["sources"]["1"]["separator"] == "\n"
    assert sorted(var["options"].values()) == sorted(SERVICES)
    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame = responses(study)
    for key, label in var["options"].items():
        expected = int(raw[QUESTION].map(lambda cell, label=label: label in cell.split("\n")).sum())
        assert int(frame[f"{var['name']}__{key}"].fillna(False).astype(bool).sum()) == expected, label
    assert f"items: [{var['name']}]" in (study / "config" / "report.yaml").read_text(encoding="utf-8")


def test_free_text_over_several_lines_stays_text(drafted):
    _, study = drafted
    assert variable(codebook(study), COMMENT)["type"] == "text"
