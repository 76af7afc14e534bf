"""Turn header names and grid rows into the ``data`` frame of a :class:`RawExport`.

Example:
    >>> from surveykit.io._grid import Grid
    >>> g = Grid([["q", "q", ""], ["1,5", "Vet ikke", ""]], [1, 2], "w.csv", "csv",
    ...          meta={"delimiter": ";"})
    >>> df, info = build_frame(g, header=0)
    >>> list(df.columns), float(df.loc[2, "q"]), info["decimal_comma_columns"]
    (['q', 'q.1'], 1.5, ['q'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from surveykit.errors import ReadError
from surveykit.io._grid import Grid, _blank, _void
from surveykit.textnumbers import DECIMALS, GROUPS

__all__ = ["build_frame", "make_unique", "to_text"]

_INTEGER = r"^[+-]?\d+$"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_DECIMAL_COMMA = r"^[+-]?\d+(?:,\d+)?$"
_LEADING_ZERO = r"^[+-]?0\d"


def to_text(value: Any) -> str:
    """A header cell as text ('' for empty; 3.0 -> '3')."""
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def make_unique(names: Sequence[str]) -> list[str]:
    """Unique names in order: blanks become ``column_<n>``, repeats get ``.1``, ``.2``...

    Example:
        >>> make_unique(["a", "a", "", "a.1"])
        ['a', 'a.2', 'column_3', 'a.1']
    """
    taken = {n for n in names if n}
    seen: set[str] = set()
    out = []
    for pos, name in enumerate(names, start=1):
        base = name or f"column_{pos}"
        new, k = base, 0
        while new in seen or (new != name and new in taken):
            k += 1
            new = f"{base}.{k}"
        seen.add(new)
        out.append(new)
    return out


_STR = pd.Series([], dtype="str").dtype


def _text_series(arr: pa.Array | pa.ChunkedArray) -> pd.Series:
    """A ``str`` series of arrow strings (nulls missing), without Python objects per cell."""
    if isinstance(_STR, pd.StringDtype) and _STR.storage == "pyarrow":
        return pd.Series(pd.array(arr, dtype=_STR))
    return pd.Series(arr.to_pylist(), dtype="str")  # pandas without arrow-backed str


def _all_match(values: pa.Array, pattern: str) -> bool:
    """Every value matches ``pattern`` (a cheap look at the first 500 values first)."""
    head = values.slice(0, 500)
    if not pc.all(pc.match_substring_regex(head, pattern)).as_py():
        return False
    return len(values) <= 500 or pc.all(pc.match_substring_regex(values, pattern)).as_py()


def _groups_unsettled(filled: pa.Array, mark: str) -> bool:
    """Whether some value is written in groups of three after the mark ("1.500", "45,000") and no
    other value shows the mark to be decimal ("7.5", "0,25"): 1.5 or 1500? Such a column stays
    text here; the cleaning reads it by the codebook's ``decimal`` (:mod:`surveykit.textnumbers`)."""
    groups = pc.match_substring_regex(filled, GROUPS[mark])  # the cleaning's own patterns
    if not pc.any(groups).as_py():
        return False
    decimal = pc.and_(pc.match_substring_regex(filled, DECIMALS[mark]), pc.invert(groups))
    return not pc.any(decimal).as_py()


def _kind(filled: pa.Array, decimal: str | None) -> str:
    if _all_match(filled, _INTEGER):
        return "integer"
    if decimal != "," and _all_match(filled, _NUMBER):
        return "text" if _groups_unsettled(filled, ".") else "number"
    if decimal in (None, ",") and _all_match(filled, _DECIMAL_COMMA):
        return "text" if _groups_unsettled(filled, ",") else "decimal_comma"
    return "text"


def _missing_if_empty(
    values: list[str | None] | pa.Array | pa.ChunkedArray,
) -> pa.Array | pa.ChunkedArray:
    """Strings with empty cells as nulls (missing)."""
    arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(
        values, type=pa.string())
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _convert_text_column(
    values: list[str | None] | pa.Array | pa.ChunkedArray, decimal: str | None
) -> tuple[pd.Series, str]:
    """Numbers where every non-empty cell is numeric; else text. Returns (series, how).

    Vectorised with pyarrow compute (RE2 regexes, casts): fast on large files.
    """
    arr = _missing_if_empty(values)
    head = pc.drop_null(pc.utf8_trim_whitespace(arr.slice(0, 2000)))
    if len(head) and _kind(head, decimal) == "text":  # a first value is no number: no need
        return _text_series(arr), "text"             # to trim the whole column
    trimmed = pc.utf8_trim_whitespace(arr)
    filled = pc.drop_null(trimmed)
    kind = _kind(filled, decimal) if len(filled) else "empty"
    if kind in ("text", "empty"):
        return _text_series(arr), kind
    longest = pc.max(pc.utf8_length(filled)).as_py()  # sign and point included
    if (longest > (16 if kind == "integer" else 17)
            or pc.any(pc.match_substring_regex(filled, _LEADING_ZERO)).as_py()):
        return _text_series(arr), "text"  # ids that floats would round; postcodes, phones
    if pc.any(pc.starts_with(filled, "+")).as_py():
        trimmed = pc.replace_substring_regex(trimmed, r"^\+", "")
    if kind == "integer" and arr.null_count == 0:
        return pd.Series(pc.cast(trimmed, pa.int64()).to_numpy()), "number"
    if kind == "decimal_comma":
        trimmed = pc.replace_substring(trimmed, ",", ".")
    values_out = pc.cast(trimmed, pa.float64()).to_numpy(zero_copy_only=False)
    return pd.Series(values_out), "decimal_comma" if kind == "decimal_comma" else "number"


def _value_column(values: list[Any]) -> pd.Series:
    """A spreadsheet column: cells as typed by the workbook, '' as missing."""
    cleaned = [None if _blank(v) else v for v in values]
    if all(isinstance(v, str) or v is None for v in cleaned):
        return pd.Series(cleaned, dtype="str")
    return pd.Series(cleaned)


def _check_other_delimiter(grid: Grid, i: int, row: Sequence[Any], width: int, header: int) -> None:
    """A short record of a text file that another delimiter would split into the header's width."""
    used = grid.meta.get("delimiter")
    if grid.kind != "csv" or used is None or len(row) > 2:
        return
    for other in (",", ";", "\t", "|"):
        if other == used:
            continue
        fields = sum(len(str(c).split(other)) for c in row if not _blank(c))
        if fields == width and any(other in str(c) for c in row if not _blank(c)):
            raise ReadError(
                f"{grid.where(i)}: has {len(row)} field(s) split by {used!r} but {fields} split by "
                f"{other!r}, while the header (row {grid.numbers[header]}) has {width} fields split "
                f"by {used!r}. The file mixes delimiters; export it again, or replace {other!r} by "
                f"{used!r} on that line."
            )


def build_frame(
    grid: Grid,
    header: int,
    *,
    names: Sequence[str] | None = None,
    first_data: int | None = None,
    decimal: str | None = None,
    convert: bool = True,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Rows after the header(s) of ``grid`` as a frame indexed by file row number.

    Args:
        header: index in ``grid.rows`` of the (last) header row; names are read from it
            unless ``names`` is given.
        first_data: index of the first data row (default: the row after ``header``).
        decimal: ``","`` (then "1.500" stays text) or ``"."``; ``None`` = both, decimal
            commas only when the delimiter is not a comma. Only columns whose every value is
            numeric are converted.
        convert: convert numeric-looking text columns to numbers (text files only).

    Returns the frame and an info dict (dropped empty columns / rows, converted columns).
    Rows that are entirely empty are left out and their row numbers reported in the info.
    The frame's index is the row a spreadsheet shows each record on (:meth:`Grid.shown_rows`):
    for a text file whose quoted cells hold line breaks that is not the text line.
    """
    raw_names = [to_text(v) for v in grid.rows[header]] if names is None else list(names)
    start = header + 1 if first_data is None else first_data
    if grid.kind == "xlsx":  # cells beyond the last header cell get generated names
        longest = max((len(r) for r in grid.rows[start:]), default=0)
        raw_names += [""] * (longest - len(raw_names))
    width = len(raw_names)
    if grid.table is not None and width == grid.table.num_columns:
        columns, kept_numbers, empty_rows = _table_columns(grid, start)
        blank_column = _blank_arrow_column
    else:
        columns, kept_numbers, empty_rows = _row_columns(grid, header, start, width)
        blank_column = _blank_cells
    dropped_columns = [
        pos for pos, (name, col) in enumerate(zip(raw_names, columns, strict=True), start=1)
        if name == "" and blank_column(col)
    ]
    unique = make_unique(raw_names)
    if decimal is None and grid.meta.get("delimiter", ",") == ",":
        decimal = "."  # in a comma-separated file "1,5" can only be quoted text
    data: dict[str, pd.Series] = {}
    info: dict[str, Any] = {"decimal_comma_columns": [], "dropped_empty_columns": dropped_columns,
                            "skipped_empty_rows": empty_rows}
    for pos, (name, col) in enumerate(zip(unique, columns, strict=True), start=1):
        if pos in dropped_columns:
            continue
        if grid.kind == "csv" and convert:
            series, how = _convert_text_column(_cells(col), decimal)
            if how == "decimal_comma":
                info["decimal_comma_columns"].append(name)
        elif isinstance(col, pa.ChunkedArray):
            series = _text_series(_missing_if_empty(col))
        else:
            series = _value_column(list(col))
        data[name] = series.set_axis(range(len(series)))
    index = pd.Index(kept_numbers, name="row", dtype="int64")
    frame = pd.DataFrame(data, index=range(len(kept_numbers)))
    frame.index = index
    if not data:
        frame = pd.DataFrame(index=index)
    info["header_names"] = dict(zip(unique, raw_names, strict=True))
    return frame, info


def _cells(col: Sequence[Any] | pa.ChunkedArray) -> list[Any] | pa.ChunkedArray:
    return col if isinstance(col, pa.ChunkedArray) else list(col)


def _blank_cells(col: Sequence[Any]) -> bool:
    return all(_blank(c) for c in col)


def _blank_arrow_column(col: pa.ChunkedArray) -> bool:
    return not pc.any(pc.not_equal(col, "")).as_py()  # None (no rows) counts as blank


def _table_columns(grid: Grid, start: int) -> tuple[list[pa.ChunkedArray], np.ndarray, list[int]]:
    """Columns of the records from ``start`` of a table grid, without the all-empty ones."""
    table = grid.table.slice(start)
    numbers = grid.shown_rows()[start:]
    blank = grid.blank_rows()[start:]
    empty_rows: list[int] = []
    if blank.any():
        empty_rows = numbers[blank].tolist()
        table, numbers = table.filter(pa.array(~blank)), numbers[~blank]
    return list(table.columns), numbers, empty_rows


def _row_columns(
    grid: Grid, header: int, start: int, width: int
) -> tuple[list[tuple[Any, ...]], list[int], list[int]]:
    """Columns of the rows from ``start``: short rows padded, too long ones refused."""
    body = grid.rows[start:]
    numbers = grid.shown_rows()[start:].tolist()
    kept_rows, kept_numbers, empty_rows = [], [], []
    for offset, (row, number) in enumerate(zip(body, numbers, strict=True)):
        if all(_void(c) for c in row):   # a row of only spaces is empty too
            empty_rows.append(number)
            continue
        if len(row) > width:
            extra = row[width:]
            if any(not _blank(c) for c in extra):
                where = grid.where(start + offset)
                raise ReadError(
                    f"{where}: has {len(row)} fields but the header "
                    f"(row {grid.numbers[header]}) has {width}. The delimiter may be wrong "
                    f"(detected {grid.meta.get('delimiter', 'n/a')!r}) or a field is "
                    "badly quoted; name the delimiter (`options: {delimiter: ...}` on the wave "
                    "in surveykit.yaml; Python: delimiter=) or fix the export."
                )
            row = row[:width]
        elif len(row) < width:
            _check_other_delimiter(grid, start + offset, row, width, header)
            row = list(row) + [None] * (width - len(row))
        kept_rows.append(row)
        kept_numbers.append(number)
    columns = list(zip(*kept_rows, strict=True)) if kept_rows else [() for _ in range(width)]
    return columns, kept_numbers, empty_rows


def header_texts(grid: Grid, header: int) -> list[str]:
    """The header row as text."""
    return [to_text(v) for v in grid.rows[header]]


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse whitespace runs (header texts with line breaks)."""
    return _WS.sub(" ", text).strip()
