"""Generic delimited-text reader (.csv/.txt/.tsv): encoding, delimiter and decimal detection.

Row numbers are the **spreadsheet row** of each record: the row Excel shows it on when it
opens the file (header rows counted, a blank line is an empty row, a quoted field's line
breaks add no row); blank lines hold no record and are skipped.

Example:
    >>> raw = read_csv("data/raw/wave2.csv")  # doctest: +SKIP
    >>> raw.meta["encoding"], raw.meta["delimiter"]  # doctest: +SKIP
    ('cp1252', ';')
"""

from __future__ import annotations

from pathlib import Path

from surveykit.errors import ReadError
from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid, load_text_grid, read_bytes
from surveykit.io.raw import RawExport

__all__ = ["load_csv_grid", "read_csv"]


def load_csv_grid(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> Grid:
    """Decode and split a text export (no interpretation of header rows)."""
    path = Path(path)
    if delimiter is not None and delimiter not in {",", ";", "\t", "|"}:
        raise ReadError(
            f"{path.name}: delimiter {delimiter!r} is not supported; use ',', ';', '\\t' or '|'."
        )
    return load_text_grid(path, read_bytes(path), encoding=encoding, delimiter=delimiter)


def read_csv(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
) -> RawExport:
    """Read a delimited export; numeric-looking columns become numbers.

    ``decimal=None`` converts decimal commas (``1,5``) only in files not separated by commas
    and only in columns where every value is a number. Values with leading zeros
    (postcodes) or more than 15 digits (ids) stay text.
    """
    if decimal not in (None, ",", "."):
        raise ReadError(f"{Path(path).name}: decimal must be ',' or '.', got {decimal!r}.")
    grid = load_csv_grid(path, encoding=encoding, delimiter=delimiter)
    return export_from_grid(grid, "csv", decimal=decimal)
