"""Generic .xlsx reader: the first (or named) sheet, header = first non-empty row.

Example:
    >>> raw = read_xlsx("data/raw/wave1.xlsx", sheet="Svar")  # doctest: +SKIP
    >>> raw.data.index[0]  # the spreadsheet row of the first answer  # doctest: +SKIP
    2
"""

from __future__ import annotations

from pathlib import Path

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import load_xlsx_grid
from surveykit.io.raw import RawExport

__all__ = ["read_xlsx"]


def read_xlsx(path: str | Path, *, sheet: str | int | None = None) -> RawExport:
    """Read one sheet as exported: cells keep their workbook types, index = sheet row."""
    grid = load_xlsx_grid(Path(path), sheet=sheet)
    return export_from_grid(grid, "xlsx")
