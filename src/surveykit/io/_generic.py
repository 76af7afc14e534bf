"""Shared finishing steps: header row checks and RawExport assembly.

Example:
    >>> from surveykit.io._grid import Grid
    >>> g = Grid([["Kjønn", "Alder"], ["Kvinne", "34"]], [1, 2], "w.csv", "csv",
    ...          meta={"delimiter": ","})
    >>> raw = export_from_grid(g, "csv")
    >>> raw.data.loc[2, "Alder"], raw.questions["Kjønn"]
    (np.int64(34), 'Kjønn')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from surveykit.errors import ReadError
from surveykit.io._frame import build_frame
from surveykit.io._grid import Grid
from surveykit.io.raw import RawExport

__all__ = ["export_from_grid", "header_index", "require_rows"]


def header_index(grid: Grid) -> int:
    """Index of the header row (the first non-empty row); ReadError for an empty file."""
    i = grid.first_nonempty()
    if i is None:
        where = f'{grid.name}, sheet "{grid.sheet}"' if grid.sheet else grid.name
        raise ReadError(
            f"{where}: is empty (no header, no rows). Check that you exported the right "
            "survey, or pass `sheet=` if the answers are on another sheet."
        )
    return i


def require_rows(grid: Grid, header: int, n_header_rows: int = 1) -> None:
    """ReadError when nothing but header rows is present."""
    if grid.first_nonempty(header + 1) is None:
        where = f'{grid.name}, sheet "{grid.sheet}"' if grid.sheet else grid.name
        raise ReadError(
            f"{where}: has only a header ({n_header_rows} row(s), ending at row "
            f"{grid.numbers[header]}) and no data rows. The survey may have no answers yet, "
            "or the export was filtered; export it again with the responses."
        )


def export_from_grid(
    grid: Grid,
    fmt: str,
    *,
    header: int | None = None,
    names: Sequence[str] | None = None,
    first_data: int | None = None,
    decimal: str | None = None,
    questions: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[Any, str]] | None = None,
    meta: Mapping[str, Any] | None = None,
    convert: bool = True,
) -> RawExport:
    """Build the RawExport of ``grid``: header checks, frame, questions, meta."""
    h = header_index(grid) if header is None else header
    require_rows(grid, h if first_data is None else first_data - 1)
    frame, info = build_frame(grid, h, names=names, first_data=first_data, decimal=decimal,
                              convert=convert)
    if questions is None:
        questions = {c: t for c, t in info["header_names"].items() if t and c in frame.columns}
    full_meta = {**grid.meta, "header_rows": [int(grid.shown_rows()[h])], **(meta or {})}
    full_meta.update({k: v for k, v in info.items() if k != "header_names" and v})
    full_meta.setdefault("row_numbers", "spreadsheet row" if grid.kind == "xlsx" else
                         "spreadsheet row: the record's row when the file is opened in a spreadsheet "
                         "(header rows counted; a cell's line breaks do not add rows)")
    return RawExport(
        data=frame,
        source=grid.source,
        format=fmt,
        questions=dict(questions),
        value_labels=dict(value_labels or {}),
        sheet=grid.sheet,
        meta=full_meta,
    )
