"""A workbook read again in the same process (validate, then build; a notebook reloading its
study) is parsed once: the same bytes, sheet and limits give the same rows without openpyxl,
a changed file, another sheet or stricter limits are read again, and what a reader does to
the rows it got never reaches the next one."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from surveykit import limits
from surveykit.io import _grid
from surveykit.io.read import read_export
from surveykit.limits import LimitError


def _workbook(path: Path, rows: list[list], sheets: tuple[str, ...] = ("Data",)) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = sheets[0]
    for r in rows:
        wb.active.append(r)
    for name in sheets[1:]:
        other = wb.create_sheet(name)
        other.append(["ID", "Q1"])
        other.append(["o", "Nøytral"])
    wb.save(path)
    return path


@pytest.fixture
def parses(monkeypatch):
    """Counts the workbooks openpyxl parses."""
    calls = []
    real = _grid._parse_xlsx

    def counting(path, data, sheet):
        calls.append((Path(path).name, sheet))
        return real(path, data, sheet)

    monkeypatch.setattr(_grid, "_parse_xlsx", counting)
    monkeypatch.setattr(_grid, "_PARSED", type(_grid._PARSED)())
    return calls


def test_the_same_workbook_is_parsed_once_and_read_alike(tmp_path, parses):
    path = _workbook(tmp_path / "w.xlsx", [["ID", "Q1", "Dato"], ["a", "=0", 3], ["b", "Enig", 4.5]])
    first = read_export(path)
    second = read_export(path)
    assert parses == [("w.xlsx", None)]
    assert second.data.equals(first.data) and second.questions == first.questions
    assert second.data.loc[2, "Q1"] == "=0"   # a formula-like text kept on either path
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(path.read_bytes())
    assert "copy.xlsx" in _grid.load_xlsx_grid(copy).where(1)   # the file read is the one named
    assert len(parses) == 1


def test_a_changed_file_or_another_sheet_is_read_again(tmp_path, parses):
    path = _workbook(tmp_path / "w.xlsx", [["ID", "Q1"], ["a", "Enig"]], sheets=("Data", "Other"))
    read_export(path)
    assert read_export(path, sheet="Other").data.loc[2, "Q1"] == "Nøytral"
    _workbook(path, [["ID", "Q1"], ["a", "Uenig"]], sheets=("Data", "Other"))
    assert read_export(path).data.loc[2, "Q1"] == "Uenig"
    assert parses == [("w.xlsx", None), ("w.xlsx", "Other"), ("w.xlsx", None)]


def test_stricter_limits_are_applied_to_a_workbook_read_before(tmp_path, parses):
    path = _workbook(tmp_path / "w.xlsx", [["ID", "Q1", "Q2"], *[["x", 1, 2]] * 50])
    read_export(path)
    with limits.using({"cells": 100}), pytest.raises(LimitError, match=r"w.xlsx, sheet \"Data\".*limits.cells"):
        read_export(path)


def test_rows_changed_by_one_reader_do_not_reach_the_next(tmp_path, parses):
    path = _workbook(tmp_path / "w.xlsx", [["ID", "Q1"], ["a", "Enig"]])
    grid = _grid.load_xlsx_grid(path)
    grid.rows[1][1] = "tampered"
    grid.rows.append(["z", "extra"])
    again = _grid.load_xlsx_grid(path)
    assert again.rows == [["ID", "Q1"], ["a", "Enig"]]
    assert len(parses) == 1
