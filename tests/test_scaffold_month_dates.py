"""Time stamps written with the month's name ("Mar 01, 2024 10:00:00 am", as QuestionPro and
Alchemer write them; "1. mars 2024 10:00", "1 mars 2024", "1. marts 2024" in Norwegian, Swedish
and Danish), beside a check-box question joined by ", ". The files are written here by hand.

Was: the time stamps split at their comma into a multi-select of "Mar 01", "2024 10:00:00 am" ...
options; then they were kept as text under a REVIEW note, since ``parse_dates`` read no month
names (no field date from them either). Now ``parse_dates`` reads them, and the draft types the
column as a date when every answer reads (the month's name leaves no day/month order to guess);
one answer that does not read keeps it text under a REVIEW note naming that answer."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from surveykit.clean.coding import parse_dates
from tests.test_scaffold_layouts import codebook, run_study, variable
from tests.test_scaffold_more_tools import _write_csv

OPTIONS = ["Books", "Films", "Music"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mar 01, 2024 10:00:00 am", "2024-03-01 10:00:00"),
    ("Mar 01, 2024 1:05:00 pm", "2024-03-01 13:05:00"),
    ("Friday, March 1, 2024", "2024-03-01 00:00:00"),
    ("Sept 3, 2024 3:00 p.m.", "2024-09-03 15:00:00"),
    ("1. mars 2024 10:00", "2024-03-01 10:00:00"),                # nb
    ("17. mai 2024 kl. 09.30", "2024-05-17 09:30:00"),            # nb, clock time with a dot
    ("1 mars 2024", "2024-03-01 00:00:00"),                       # sv
    ("3 maj 2024 14:15", "2024-05-03 14:15:00"),                  # sv/da
    ("1. marts 2024", "2024-03-01 00:00:00"),                     # da
    ("fredag 1. marts 2024 kl. 10.00", "2024-03-01 10:00:00"),   # da, with its weekday
    ("12. desember 2023", "2023-12-12 00:00:00"),
])
def test_month_names_are_read(text, expected):
    parsed, used = parse_dates(pd.Series([text, None]))
    assert str(parsed.iloc[0]) == expected and pd.isna(parsed.iloc[1])
    assert sum(used.values()) == 1


def test_no_month_no_date_and_forms_counted():
    parsed, used = parse_dates(pd.Series(["Feb 30, 2024", "Books, Films", "1. marsj 2024",
                                          "Mar 02, 2024 9:15:00 pm", "20.01.2023 13:45"]))
    assert parsed.isna().tolist() == [True, True, True, False, False]
    assert used == {"Jan 20, 2023": 1, "20.01.2023 13:45": 1}


def _stamps(tmp_path, stamp):
    rows = []
    for i in range(40):
        chosen = [o for k, o in enumerate(OPTIONS) if (i + 1) >> k & 1] or ["Books"]
        rows.append([str(i + 1), stamp(i), ", ".join(chosen)])
    return _write_csv(tmp_path / "export.csv", ["Response ID", "Time Started", "What do you borrow?"], rows)


def _field_date(study):
    cfg = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))
    return str(cfg["waves"][0]["field_date"])


@pytest.mark.parametrize("stamp", [
    lambda i: f"Mar {1 + i % 9:02d}, 2024 {1 + i % 12}:{i:02d}:00 {'am' if i % 2 else 'pm'}",
    lambda i: f"{1 + i % 9}. mars 2024 {i % 24:02d}:{i:02d}",
    lambda i: f"{1 + i % 9} mars 2024",
])
def test_month_name_time_stamps_are_dates(tmp_path, stamp):
    study = run_study(tmp_path, _stamps(tmp_path, stamp), build=False)
    cb = codebook(study)
    assert variable(cb, "Time Started")["type"] == "date"
    assert "month's name" not in (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert _field_date(study) == "2024-03-05"   # the median of the 40 answers' days (1 ... 9 March)
    borrowed = variable(cb, "What do you borrow?")
    assert borrowed["type"] == "multi" and sorted(borrowed["options"].values()) == OPTIONS


def test_one_unread_month_date_keeps_text_under_review(tmp_path):
    study = run_study(tmp_path, _stamps(tmp_path, lambda i: "Feb 30, 2024 10:00:00 am" if i == 7 else
                                        f"Mar {1 + i % 9:02d}, 2024 10:00:00 am"), build=False)
    assert variable(codebook(study), "Time Started")["type"] == "text"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "1 answer(s) are no date surveykit reads (e.g. 'Feb 30, 2024 10:00:00 am')" in text
