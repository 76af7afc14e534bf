"""Parquet reader (pyarrow): one row per respondent, columns with their names and types.

A Parquet file has no header row, but its rows are numbered **as if row 1 held the column
names**: the first respondent is row 2, as in a CSV written from the same table, so messages
name the same rows whichever of the two a study keeps. Numbers stay numbers (integers with
gaps become floats, as in a CSV), dictionary-encoded (pandas categorical) columns become
their values, text stays text with empty strings as missing (like empty CSV cells), dates and
times become ``datetime64``. An unnamed pandas index stored as ``__index_level_0__`` is left
out (listed in ``meta["dropped_index_columns"]``); a named index is an ordinary column.
``questions`` are the column names; ``value_labels`` stay empty.

Example:
    >>> import pandas as pd, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "wave1.parquet"
    >>> pd.DataFrame({"Kjønn": ["Kvinne", "Mann"], "Alder": [34, 51]}).to_parquet(path)
    >>> raw = read_parquet(path)
    >>> raw.data.index.tolist(), raw.data.loc[3, "Alder"], raw.format
    ([2, 3], np.int64(51), 'parquet')
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from surveykit import limits
from surveykit.errors import ReadError
from surveykit.io._frame import _text_series, make_unique
from surveykit.io._grid import read_bytes
from surveykit.io.raw import RawExport

__all__ = ["read_parquet"]

MAGIC = b"PAR1"
_PANDAS_INDEX = re.compile(r"__index_level_\d+__")


def read_parquet(path: str | Path) -> RawExport:
    """Read a Parquet file as a :class:`RawExport` (row ``i`` of the table is row ``i + 1``).

    Example:
        >>> raw = read_parquet("data/raw/wave1.parquet")  # doctest: +SKIP
        >>> raw.meta["row_numbers"]  # doctest: +SKIP
        'position + 1 (row 1 would be the header of the same table as CSV)'
    """
    import pyarrow.parquet as pq  # deferred: import cost

    path = Path(path)
    raw = read_bytes(path)
    if not raw.startswith(MAGIC):
        raise ReadError(
            f"{path.name}: is not a Parquet file (it starts with {raw[:4]!r}, not {MAGIC!r}). "
            "Leave `format` unset to detect the format, or write the file again as Parquet."
        )
    try:
        info = pq.ParquetFile(pa.BufferReader(raw)).metadata
        unpacked = sum(info.row_group(i).total_byte_size for i in range(info.num_row_groups))
        limits.check("columns", info.num_columns, path.name, "the file", unit="columns")
        limits.check("cells", info.num_rows * info.num_columns, path.name, "the file", unit="cells")
        limits.check("file_bytes", unpacked, path.name, "the unpacked data")
        table = pq.read_table(pa.BufferReader(raw))
    except limits.LimitError:
        raise
    except Exception as exc:  # ArrowInvalid, OSError and friends on truncated/corrupt files
        raise ReadError(
            f"{path.name}: the Parquet file is corrupt or truncated ({type(exc).__name__}: "
            f"{exc}). Write it again (e.g. pandas DataFrame.to_parquet) or export the CSV."
        ) from None
    bound = limits.current().cell_chars
    for name, col in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            longest = pc.max(pc.utf8_length(col)).as_py() or 0
            if longest > bound:
                limits.check("cell_chars", longest, f"{path.name}, column {str(name)!r}", "a value",
                             unit="characters")
    names = [str(n) for n in table.column_names]
    try:
        pandas_meta = table.schema.pandas_metadata or {}
    except ValueError:  # damaged pandas metadata (not JSON, not UTF-8): read the columns without it
        pandas_meta = {}
    listed = pandas_meta.get("index_columns", []) if isinstance(pandas_meta, dict) else []
    index_columns = [n for n in listed if isinstance(n, str) and _PANDAS_INDEX.fullmatch(n)]
    keep = [i for i, n in enumerate(names) if n not in index_columns]
    unique = make_unique([names[i] for i in keep])
    n = table.num_rows
    data = {name: _series(table.column(i)).set_axis(range(n)) for name, i in zip(unique, keep,
                                                                                  strict=True)}
    index = pd.Index(range(2, n + 2), name="row", dtype="int64")
    frame = pd.DataFrame(data, index=range(n)) if data else pd.DataFrame(index=range(n))
    frame.index = index
    meta = {
        "row_numbers": "position + 1 (row 1 would be the header of the same table as CSV)",
        "types": {name: str(table.schema.field(i).type) for name, i in zip(unique, keep,
                                                                            strict=True)},
    }
    if index_columns:
        meta["dropped_index_columns"] = index_columns
    questions = {u: names[i] for u, i in zip(unique, keep, strict=True) if names[i]}
    return RawExport(frame, path, "parquet", questions, {}, None, meta)


def _series(col: pa.ChunkedArray) -> pd.Series:
    """One column: text with '' missing, dictionaries decoded, decimals as floats."""
    if pa.types.is_dictionary(col.type):
        col = col.cast(col.type.value_type)
    kind = col.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(
            kind):
        col = col.cast(pa.large_string())
        return _text_series(pc.if_else(pc.equal(col, ""), pa.scalar(None, col.type), col))
    if pa.types.is_decimal(kind):
        col = col.cast(pa.float64())
    return col.to_pandas(date_as_object=False)
