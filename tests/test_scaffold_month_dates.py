"""Time stamps written with the month's name and a comma ("Mar 01, 2024 10:00:00 am"), as US-English
exports write dates, beside a check-box question joined by ", ". The file is written here by hand.

Was: the time stamps split at their comma into a multi-select of "Mar 01", "2024 10:00:00 am" ...
options (a figure "Share choosing each option: Time Started" in the report). Now they are kept as
text under a REVIEW note (the cleaning reads no month names; a date column is not guessed), and the
check boxes are still one multi-select."""

from __future__ import annotations

from tests.test_scaffold_layouts import codebook, run_study, variable
from tests.test_scaffold_more_tools import _write_csv

OPTIONS = ["Books", "Films", "Music"]


def test_month_name_time_stamps_are_no_multi_select(tmp_path):
    rows = []
    for i in range(40):
        chosen = [o for k, o in enumerate(OPTIONS) if (i + 1) >> k & 1] or ["Books"]
        rows.append([str(i + 1), f"Mar {1 + i % 9:02d}, 2024 {1 + i % 12}:{i:02d}:00 {'am' if i % 2 else 'pm'}",
                     ", ".join(chosen)])
    export = _write_csv(tmp_path / "export.csv", ["Response ID", "Time Started", "What do you borrow?"], rows)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    stamp = variable(cb, "Time Started")
    assert stamp["type"] == "text"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "dates written with the month's name ('Mar 01, 2024 1:00:00 pm') are not read as dates" in text
    borrowed = variable(cb, "What do you borrow?")
    assert borrowed["type"] == "multi" and sorted(borrowed["options"].values()) == OPTIONS
