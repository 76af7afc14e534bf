"""Property: arbitrary cell contents written to csv/xlsx read back without an unexpected
exception (a RawExport or a ReadError), with every non-empty row kept and its row number."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveykit.errors import ReadError
from surveykit.io import read_export
from surveykit.io.raw import RawExport

# text cells: any printable unicode incl. æøå, quotes, separators and line breaks
cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(list(",;\t\"'\n\r æøåÆØÅüé1,5")),
    max_size=12,
)
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
table = st.integers(1, 4).flatmap(
    lambda width: st.tuples(
        st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ", min_size=1, max_size=6),
                 min_size=width, max_size=width),
        st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=8),
    ))


def _nonempty(rows: list[list[str]]) -> int:
    return sum(any(c.strip() if isinstance(c, str) else c is not None for c in r) for r in rows)


def _check(result: RawExport | ReadError, expected_rows: int) -> None:
    if isinstance(result, ReadError):
        assert str(result)  # a message for the user
        return
    assert result.data.index.is_unique and result.data.index.is_monotonic_increasing
    assert result.data.columns.is_unique
    assert result.n_rows == expected_rows


def _read(path: Path) -> RawExport | ReadError:
    try:
        return read_export(path)
    except ReadError as exc:
        return exc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table, st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig",
                                                                   "utf-16"]))
def test_csv_round_trip(data, delimiter, encoding):
    header, rows = data
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.csv"
        path.write_bytes(buf.getvalue().encode(encoding))
        # rows made only of empty strings are blank lines (skipped); rows of spaces are data
        expected = sum(any(c != "" for c in r) for r in rows)
        result = _read(path)
        if expected == 0:
            assert isinstance(result, ReadError)
        else:
            _check(result, expected)
            if isinstance(result, RawExport):
                raw_text = [[c for c in r] for r in rows if any(c != "" for c in r)]
                first = result.data.iloc[0]
                for value, written in zip(first, raw_text[0], strict=False):
                    if isinstance(value, str):
                        assert value == written  # text comes back exactly


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table)
def test_xlsx_round_trip(data):
    header, rows = data
    clean = [[_ILLEGAL_XLSX.sub("", c) for c in r] for r in rows]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in clean:
        ws.append([c if c != "" else None for c in r])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.xlsx"
        wb.save(path)
        expected = sum(any(c != "" for c in r) for r in clean)
        result = _read(path)
        if expected == 0:
            assert isinstance(result, ReadError)
        else:
            _check(result, expected)


# answers that start like a formula: a spreadsheet would execute them, a tool may store them as
# formulas without a result; read back they must keep their text (issue 12: "=0" came back empty)
formula_like = st.tuples(st.sampled_from(["=", "+", "-", "@", "=-", "=+"]),
                         st.text(alphabet="0123456789abcSUM(A1):+-*/ æø", max_size=6)).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(formula_like | cell.filter(lambda c: c.strip() != "" and "\r" not in c),
                         min_size=2, max_size=2),
                min_size=1, max_size=6),
       st.booleans())
def test_formula_like_texts_keep_their_value_in_xlsx(rows, as_text):
    """Written as openpyxl writes them (a formula without a stored result) or as text cells.

    (No carriage returns: XML itself reads a raw CR in a text node as LF.)"""
    clean = [[_ILLEGAL_XLSX.sub("", c) or "x" for c in r] for r in rows]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["q1", "q2"])
    for r in clean:
        ws.append(r)
        if as_text:
            for c in ws[ws.max_row]:
                c.data_type = "s"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.xlsx"
        wb.save(path)
        result = read_export(path)
    assert result.n_rows == len(clean)
    got = [[str(v) for v in row] for row in result.data.astype(object).itertuples(index=False)]
    assert got == clean


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(formula_like, min_size=2, max_size=2), min_size=1, max_size=6),
       st.sampled_from([",", ";", "\t"]))
def test_formula_like_texts_keep_their_value_in_csv(rows, delimiter):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    w.writerow(["q1", "q2"])
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        result = read_export(path)
    assert result.n_rows == len(rows)
    for row, written in zip(result.data.itertuples(index=False), rows, strict=True):
        for value, text in zip(row, written, strict=True):
            # a column of numbers may come back as numbers ("-5" -> -5.0): the same value
            assert value == text or (not isinstance(value, str) and float(value) == float(text))
