"""A table of results (a crosstab of counts and percentages) given as an export: the draft says
it is not one row per respondent (scaffold/results_table.py) instead of drafting its rows as
respondents; real exports of every tool get no such note."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from surveykit.io import read_export
from surveykit.scaffold.drafts import draft_codebook
from surveykit.scaffold.results_table import results_table_hint
from tests.test_scaffold_samples import EXPORTS, SAME_SURVEY, SHARED_EXPORTS


def _crosstab(path: Path) -> Path:
    """A crosstab as SurveyMonkey's and others' summary exports write it: a banner row of group
    names, a header row with a total, counts and percentages (the shape of fivethirtyeight's
    NFL fandom table)."""
    rows = [",,Democrat,,,Republican,,,,",
            "Team,Tot. Respondents,Black,White,Total,Black,White,Total,GOP%,Dem%"]
    for i, team in enumerate(["Arizona", "Atlanta", "Baltimore", "Buffalo", "Carolina"]):
        rows.append(f"{team},{140 + i},{7 + i},{20 + i},{39 + i},{1 + i},{30 + i},{38 + i},"
                    f"{26 + i}%,{26 - i}%")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_crosstab_gets_a_review_note_and_a_warning(tmp_path, caplog):
    export = _crosstab(tmp_path / "summary.csv")
    hint = results_table_hint(read_export(export).data)
    assert hint is not None and "'26%'" in hint and "one row per respondent" in hint
    with caplog.at_level(logging.WARNING, logger="surveykit.scaffold"):  # whatever earlier tests set
        out = draft_codebook([export], tmp_path / "codebook.yaml")
    head = out.read_text(encoding="utf-8").split("\nscales:")[0]
    assert "# REVIEW: wave 1: summary.csv: it looks like a table of results" in head
    assert "each of its" in head and "rows counts as a respondent" in head
    assert any("looks like a table of results" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"Answer": ["Yes", "No", "Don't know"], "Count": [120, 80, 12],
                  "Percent": ["57%", "38%", "6%"], "Valid %": ["59%", "41%", "0%"]}),
    pd.DataFrame({"Group": ["A", "B", "C", "D"], "Total": [10, 20, 30, 40], "x": [1, 2, 3, 4],
                  "y": [5, 6, 7, 8]}),
])
def test_tables_of_shares_or_counts_with_totals_are_recognised(frame):
    assert results_table_hint(frame) is not None


@pytest.mark.parametrize("frame", [
    # one question answered with percentages (a share of time), one row per respondent
    pd.DataFrame({"id": range(6), "Share of time at the library": ["0%", "25%", "50%", "25%", "0%", "75%"],
                  "Age": [34, 51, 28, 40, 66, 19]}),
    # a column named like a total that is a question, text answers beside it
    pd.DataFrame({"Total satisfaction": ["High", "Low", "High"], "Site": ["Askim", "Mysen", "Askim"]}),
])
def test_respondent_rows_get_no_note(frame):
    assert results_table_hint(frame) is None


@pytest.mark.parametrize("export", [*EXPORTS, *SAME_SURVEY, *[p for p in SHARED_EXPORTS if p.exists()]],
                         ids=lambda p: p.name)
def test_real_exports_of_every_tool_get_no_note(export):
    assert results_table_hint(read_export(export).data) is None
