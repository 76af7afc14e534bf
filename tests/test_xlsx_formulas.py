"""Formula cells with no stored result keep their text (issue 12): a sheet of plain formulas
is read from its XML (:func:`surveykit.io._grid._plain_formulas`) instead of a second openpyxl
pass over the whole sheet. Both ways must give the same cells, on workbooks written the ways
tools write them; anything but plain formulas takes openpyxl's way."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.formula import ArrayFormula

from surveykit.io import _grid


def _both(path: Path, monkeypatch) -> tuple[list, list]:
    """The sheet's rows read with the XML scan, then with openpyxl's second pass."""
    data = path.read_bytes()
    fast = _grid._parse_xlsx(path, data, None).rows
    with monkeypatch.context() as m:
        m.setattr(_grid, "_plain_formulas", lambda xml: None)
        slow = _grid._parse_xlsx(path, data, None).rows
    return fast, slow


def _rewrite(path: Path, change) -> None:
    """Rewrite the first sheet's XML with ``change(bytes) -> bytes``, as another tool writes it."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)


def _workbook(path: Path, rows: list[list], *, gap: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["q1", "q2", "q3"])
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(row=i + 2 + (2 * i if gap else 0), column=j + 1, value=value)
    wb.save(path)
    return path


def test_plain_formulas_are_read_from_the_xml(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "w.xlsx", [["=0", "=SUM(A1)", "x"], ["=)", None, '=A1&"b"'], ["-1", "@x", "+5"]])
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        found = _grid._plain_formulas(z.read("xl/worksheets/sheet1.xml"))
    assert found == [(1, 0, "=0"), (1, 1, "=SUM(A1)"), (2, 0, "=)"), (2, 2, '=A1&"b"')]
    fast, slow = _both(path, monkeypatch)
    assert fast == slow and fast[1] == ["=0", "=SUM(A1)", "x"] and fast[2] == ["=)", None, '=A1&"b"']


@pytest.mark.parametrize("how", ["stored result", "prefixed", "excel row attributes", "rows with gaps",
                                 "shared", "array", "rows out of order", "no references"])
def test_every_way_of_writing_gives_the_same_cells(how, tmp_path, monkeypatch):
    path = tmp_path / "w.xlsx"
    _workbook(path, [["=1+1", "a", "=)"], ["b", "=0", None]], gap=how == "rows with gaps")
    if how == "stored result":  # Excel stores the result: it is what the sheet shows
        _rewrite(path, lambda x: x.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>"))
    elif how == "prefixed":  # some writers (the .NET SDK) prefix the main namespace
        _rewrite(path, lambda x: re.sub(rb"<(/?)(worksheet|sheetData|row|c|f|v|is|t|sheetPr|dimension|sheetViews|"
                                        rb"sheetView|selection|sheetFormatPr|pageMargins|outlinePr|pageSetUpPr)\b",
                                        rb"<\1x:\2", x).replace(b'xmlns="', b'xmlns:x="'))
    elif how == "excel row attributes":
        _rewrite(path, lambda x: x.replace(b'<worksheet ', b'<worksheet xmlns:x14ac="http://schemas.microsoft.com/'
                                           b'office/spreadsheetml/2009/9/ac" ')
                 .replace(b'<row r="2"', b'<row r="2" spans="1:3" x14ac:dyDescent="0.25"'))
    elif how == "shared":  # a shared formula: openpyxl translates it for the cells that share it
        _rewrite(path, lambda x: x.replace(b"<f>0</f>", b'<f t="shared" si="0">A1</f>'))
    elif how == "array":
        wb = openpyxl.load_workbook(path)
        wb.active["C3"] = ArrayFormula("C3", "=SUM(A1:A2)")
        wb.save(path)
    elif how == "rows out of order":
        _rewrite(path, lambda x: x.replace(b'<row r="3"', b'<row r="1"'))
    elif how == "no references":
        _rewrite(path, lambda x: re.sub(rb' r="[A-Z]+[0-9]+"', b"", x))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    scanned = _grid._plain_formulas(xml)
    assert (scanned is None) == (how in ("shared", "array", "rows out of order", "no references")), scanned
    fast, slow = _both(path, monkeypatch)
    assert fast == slow
    if how == "stored result":
        assert fast[1][0] == 2


def test_the_demo_workbook_reads_the_same_both_ways(tmp_path, monkeypatch):
    from surveykit.synth.study import write_study

    root = write_study(tmp_path / "demo", scale=0.2)
    path = next((root / "data" / "raw").glob("*.xlsx"))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert _grid._plain_formulas(xml)  # its typed-in "=)" comments are plain formulas
    fast, slow = _both(path, monkeypatch)
    assert fast == slow


formula_like = st.text("=+-@()ab1 ", min_size=1, max_size=6).map(lambda s: "=" + s)
cells = st.one_of(st.none(), formula_like, st.text("ab =", min_size=1, max_size=4), st.integers(-5, 5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=6), st.booleans())
def test_any_sheet_reads_the_same_both_ways(tmp_path_factory, monkeypatch, rows, gap):
    path = _workbook(tmp_path_factory.mktemp("x") / "w.xlsx", rows, gap=gap)
    fast, slow = _both(path, monkeypatch)
    assert fast == slow
