"""Microsoft Forms "Open in Excel" downloads (and the same sheet re-saved as CSV).

Fixed leading columns — Norwegian ``ID, Starttidspunkt, Fullføringstidspunkt,
E-postadresse, Navn`` or English ``ID, Start time, Completion time, Email, Name`` (plus
``Last modified time`` / ``Tidspunkt for siste endring`` in newer downloads) — then one
column per question. Multi-select answers are joined with ``;`` (with a trailing ``;``).

Example:
    >>> raw = read_export("data.xlsx")  # doctest: +SKIP
    >>> raw.meta["identifier_columns"]  # doctest: +SKIP
    ['E-postadresse', 'Navn']
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import first_rows_text, identifier_columns
from surveykit.io.raw import RawExport

__all__ = ["SYSTEM_COLUMNS", "from_grid", "sniff"]

SYSTEM_COLUMNS = {
    "ID", "Id",
    "Starttidspunkt", "Fullføringstidspunkt", "E-postadresse", "Navn",
    "Tidspunkt for siste endring", "Siste endringstidspunkt",
    "Start time", "Completion time", "Email", "Name", "Last modified time",
    "Starttid", "Sluttid", "Tid för slutförande", "E-post", "Namn",
    "Fuldførelsestidspunkt", "Mail",
}
_START = {"Starttidspunkt", "Start time", "Starttid"}
_END = {"Fullføringstidspunkt", "Completion time", "Sluttid", "Tid för slutförande",
        "Fuldførelsestidspunkt"}


def sniff(grid: Grid) -> bool:
    """``ID`` first, then a start-time and a completion-time column."""
    header = first_rows_text(grid.rows, 1)[0] if grid.rows else []
    return (bool(header) and header[0] in ("ID", "Id") and len(header) > 2
            and header[1] in _START and header[2] in _END)


def _multi(frame: pd.DataFrame, system: list[str]) -> dict[str, Any]:
    """Columns whose answers end with ';' (how Forms writes multi-select answers)."""
    out = {}
    for col in frame.columns:
        if col in system or not pd.api.types.is_string_dtype(frame[col]):
            continue
        values = frame[col].dropna().astype(str).str.strip()
        if not values.empty and values.str.endswith(";").mean() >= 0.8:
            out[col] = {"separator": ";"}
    return out


def from_grid(grid: Grid) -> RawExport:
    """Build the RawExport of a Microsoft Forms sheet."""
    raw = export_from_grid(grid, "msforms")
    frame = raw.data
    system = [c for c in frame.columns if c in SYSTEM_COLUMNS]
    ids = [c for c in identifier_columns(frame, system)]
    ids += [c for c in identifier_columns(frame) if c not in ids and c not in system]
    meta = {**raw.meta, "system_columns": system, "identifier_columns": ids,
            "multi": _multi(frame, system), "matrix": {}}
    return RawExport(frame, raw.source, "msforms", raw.questions, {}, raw.sheet, meta)
