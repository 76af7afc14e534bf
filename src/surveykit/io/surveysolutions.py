"""Survey Solutions (the World Bank's CAPI tool) tab-separated data exports: the questionnaire's
main file, one row per interview.

Its own columns: ``interview__key`` (12-34-56-78) and ``interview__id`` (32 hex digits) first,
then the questions by variable name, then ``sssys_irnd`` (a random number per interview),
``has__errors`` (the count of validation errors), ``interview__status`` (its code: 100
Completed, 120 ApprovedBySupervisor, 130 ApprovedByHeadquarters, 65 and 125 rejected ...) and
``assignment__id`` (ServiceColumns.cs of surveysolutions/surveysolutions; the tool's docs,
surveysolutions/docs content/headquarters/export/). A multi-select question is one column per
option, ``<question>__<code>`` (1 chosen, 0 not), a GPS
question ``<question>__Latitude``, ``__Longitude``, ``__Accuracy``, ``__Altitude`` and
``__Timestamp``. The file holds answer codes only: their labels are in the ``.do`` file (Stata)
or the SPSS file of the same export.

A question that was asked but not answered is written -999999999 (a number) or ``##N/A##`` (a
text) (content/headquarters/export/missing-values.md: "these special values should be replaced with
proper missing values prior to performing the analysis"). They are no answer in any question, and
the codebook can declare no answer in a single choice or a multi-select (a -999999999 in an
option's column would count as chosen), so the reader reads them as empty cells; how many per
column is in ``meta["not_answered"]`` and in a note of the draft.

Example:
    >>> raw = read_export("household.tab")  # doctest: +SKIP
    >>> raw.format, raw.meta["id_column"]  # doctest: +SKIP
    ('surveysolutions', 'interview__id')
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import first_rows_text
from surveykit.io.raw import RawExport

__all__ = ["NOT_ANSWERED", "STATUS", "SYSTEM", "from_grid", "sniff", "status_note"]

ID = "interview__id"
SYSTEM = ("interview__key", "sssys_irnd", "has__errors", "interview__status", "assignment__id")
NOT_ANSWERED = (-999999999, "##N/A##")   # asked, not answered: a number's, a text's
# interview__status codes (the .do file's label define interview__status)
STATUS = {0: "Restored", 20: "Created", 40: "SupervisorAssigned", 60: "InterviewerAssigned",
          65: "RejectedBySupervisor", 80: "ReadyForInterview", 85: "SentToCapi", 95: "Restarted", 100: "Completed",
          120: "ApprovedBySupervisor", 125: "RejectedByHeadquarters", 130: "ApprovedByHeadquarters"}


def sniff(grid: Grid) -> bool:
    """Survey Solutions' header: ``interview__id`` with two more of its own columns."""
    header = {str(c).strip().casefold() for c in first_rows_text(grid.rows, 1)[0]} if grid.rows else set()
    return ID in header and len(header & set(SYSTEM)) >= 2


def from_grid(grid: Grid) -> RawExport:
    """Build the RawExport of a Survey Solutions export."""
    raw = export_from_grid(grid, "surveysolutions", header=0)
    frame = raw.data
    cols = [str(c) for c in frame.columns]
    system = [c for c in cols if c.casefold() in SYSTEM]
    items = [c for c in cols if c not in system and c != ID]
    frame, counts = _not_answered(frame, items)
    notes = [_not_answered_note(counts)] if counts else []
    review = ["Survey Solutions' data file holds the answers' codes only: their labels are in the .do (Stata) or "
              "SPSS file of the same export. A question drafted `numeric` may be a single choice whose numbers are "
              "codes: check each, and make it `single` (or `likert`) with a scale of its labels"]
    status = next((c for c in system if c.casefold() == "interview__status"), None)
    if status is not None:
        review.append(status_note(frame[status], status))
    meta: dict[str, Any] = {**raw.meta, "system_columns": system, "id_column": ID if ID in cols else None,
                            "not_answered": counts, "draft_notes": notes,
                            "review_notes": [*(raw.meta.get("review_notes") or []), *review]}
    return RawExport(frame, raw.source, "surveysolutions", raw.questions, raw.value_labels, raw.sheet, meta)


def _not_answered(frame: pd.DataFrame, items: list[str]) -> tuple[pd.DataFrame, dict[str, int]]:
    """``frame`` with Survey Solutions' codes of a question asked but not answered read as empty cells,
    and how many each column held."""
    counts: dict[str, int] = {}
    frame = frame.copy()
    for col in items:
        values = frame[col]
        text = values.astype("string").str.strip()
        code = text.isin([str(c) for c in NOT_ANSWERED]) | pd.to_numeric(text, errors="coerce").eq(NOT_ANSWERED[0])
        if code.any():
            counts[col] = int(code.sum())
            frame[col] = values.mask(code.fillna(False).to_numpy(dtype=bool))
    return frame, counts


def _not_answered_note(counts: dict[str, int]) -> str:
    listed = ", ".join(f"{c} x{n}" for c, n in list(counts.items())[:8])
    more = f" and {len(counts) - 8} more column(s)" if len(counts) > 8 else ""
    return (f"Survey Solutions writes -999999999 (a number) or ##N/A## (a text) for a question asked but not "
            f"answered: read as no answer (empty cells) in {sum(counts.values())} cell(s): {listed}{more}")


def status_note(values: pd.Series, column: str) -> str:
    codes = pd.to_numeric(values, errors="coerce").dropna().astype(int).value_counts().sort_index()
    seen = ", ".join(f"{code} {STATUS.get(code, '?')} x{n}" for code, n in codes.items())
    return (f"{column!r} is the interview's status in Survey Solutions ({seen}): a tool column, left out of the "
            "questions, and every interview is kept. To keep only approved ones, add it to the codebook as a "
            "variable and list the codes to keep under `screening.complete.values` (docs/config.md)")
