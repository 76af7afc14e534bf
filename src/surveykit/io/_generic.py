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

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.errors import ReadError
from surveykit.io._frame import build_frame
from surveykit.io._grid import Grid
from surveykit.io.raw import RawExport

__all__ = ["export_from_grid", "header_index", "require_rows"]


MAX_TITLE_ROWS = 5


def _blank_cell(c: Any) -> bool:
    """An empty cell: None, NaN or blank text."""
    return c is None or (isinstance(c, float) and c != c) or (isinstance(c, str) and not c.strip())


def _filled(grid: Grid, i: int) -> list:
    return [c for c in grid.rows[i] if not _blank_cell(c)]


def header_index(grid: Grid) -> int:
    """Index of the header row: the first non-empty row, after any title lines above it (up
    to five rows of one filled cell, such as a report's name or date, followed by a row of
    three or more: :func:`title_rows` lists them). ReadError for an empty file."""
    i = grid.first_nonempty()
    if i is None:
        where = f'{grid.name}, sheet "{grid.sheet}"' if grid.sheet else grid.name
        raise ReadError(
            f"{where}: is empty (no header, no rows). Check that you exported the right "
            f"survey{_other_sheets(grid)}."
        )
    k, lines = i, 0
    while k is not None and lines < MAX_TITLE_ROWS and len(_filled(grid, k)) == 1:
        k, lines = grid.first_nonempty(k + 1), lines + 1
    return k if lines and k is not None and len(_filled(grid, k)) >= 3 else i


def sub_header(grid: Grid, header: int) -> tuple[int, list[str], dict[str, str]] | None:
    """A second header row under ``header``, as Excel reports write a question over its
    options: the question in one cell (merged across its columns, so the cells right of it are
    empty) and the options in the row below. Recognised only when every filled cell of the next
    row is text under such a span (two or more columns), the texts of a span differ, and the
    row is empty elsewhere (under the one-column questions). Returns the row's index, the
    column names "question: option" (others as the header has them) and, per spanned column,
    its text "question [option]" (the question and its option or grid row, told apart), else None."""
    s = grid.first_nonempty(header + 1)
    if s is None:
        return None
    head, sub = list(grid.rows[header]), list(grid.rows[s])
    width = max(len(head), len(sub))
    head += [None] * (width - len(head))
    sub += [None] * (width - len(sub))
    names = ["" if _blank_cell(c) else str(c).strip() for c in head]
    parts: dict[str, str] = {}   # column name -> "question [option]", as a grid's row or a check box is written
    spanned = [False] * width
    j = 0
    while j < width - 1:
        if names[j] and not names[j + 1] and not _blank_cell(sub[j]) and not _blank_cell(sub[j + 1]):
            k = j + 1
            while k + 1 < width and not names[k + 1] and not _blank_cell(sub[k + 1]):
                k += 1
            options = [str(sub[i]).strip() for i in range(j, k + 1)]
            if len(set(options)) < len(options):
                return None
            question = names[j]
            for i in range(j, k + 1):
                spanned[i] = True
                names[i] = f"{question}: {options[i - j]}"
                parts[names[i]] = f"{question} [{options[i - j]}]"
            j = k + 1
        else:
            j += 1
    if not any(spanned):
        return None
    for i in range(width):
        if not _blank_cell(sub[i]) and (not spanned[i] or not isinstance(sub[i], str)):
            return None  # a filled cell outside a span (or a number): a respondent, not labels
    return s, names, parts


def title_rows(grid: Grid, header: int) -> list[str]:
    """The title lines :func:`header_index` passed over, as 'row N: text'."""
    out = []
    i = grid.first_nonempty()
    while i is not None and i < header:
        out.append(f"row {grid.shown_rows()[i]}: {str(_filled(grid, i)[0])[:80]!r}")
        i = grid.first_nonempty(i + 1)
    return out


# the words a spreadsheet's summary line starts with (a total, a mean, a count of answers)
_SUMMARY = re.compile(
    r"(?:totalt?|totals?|sum|summa|summe|sammanlagt|i alt|alt i alt|samlet|gjennomsnitt|snitt|"
    r"genomsnitt|medelvärde|medel|gennemsnit|average|mean|antall svar|antal svar|number of responses)"
    r"\s*[:.]?", re.IGNORECASE)


def summary_rows(frame: pd.DataFrame, last: int = 3) -> list[list]:
    """[[row, text], ...] of the rows at the end of ``frame`` whose first filled cell is a
    summary word ("Totalt", "Sum", "Gjennomsnitt", "Average" ...): a spreadsheet's total line,
    not a respondent. Only the trailing rows are looked at (a respondent named "Sum" inside
    the data is left alone)."""
    out = []
    for row in reversed(frame.index[-last:]):
        first = next((v for v in frame.loc[row] if not _blank_cell(v)), None)
        if not (isinstance(first, str) and _SUMMARY.fullmatch(first.strip())):
            break
        out.append([int(row), first.strip()])
    return out[::-1]


def repeated_headers(frame: pd.DataFrame, names: Mapping[str, Any]) -> list[list]:
    """[[row, text], ...] of the rows that repeat the header (two exports pasted one under the
    other): at least two cells, and four in five of the row's filled cells, equal their
    column's header text. Such a row is no respondent; read as one, its texts become answers."""
    texts = {c: str(t).strip() for c, t in names.items() if isinstance(t, str) and t.strip() and c in frame}
    if len(texts) < 2 or frame.empty:
        return []
    first = list(texts)[:3]  # candidates: a row repeating one of the first three headers
    hit = np.zeros(len(frame), dtype=bool)
    for c in first:  # a hash lookup per cell (the header as written, or stripped), not a text pass
        if not pd.api.types.is_numeric_dtype(frame[c].dtype):
            hit |= frame[c].isin({texts[c], str(names[c])}).to_numpy(bool)
    if not hit.any():
        return []
    rows = frame[hit]
    same = sum((rows[c].astype("string").str.strip() == t).fillna(False).astype(int) for c, t in texts.items())
    filled = rows.apply(lambda r: sum(not _blank_cell(v) for v in r), axis=1)
    keep = (same >= 2) & (same >= 0.8 * filled)
    return [[int(r), texts[next(iter(texts))]] for r in rows.index[keep.to_numpy(bool)]]


def _other_sheets(grid: Grid) -> str:
    """', or name the sheet ...' when the workbook has other sheets the answers may be on."""
    others = [s for s in grid.meta.get("sheets", []) or [] if s != grid.sheet]
    if grid.kind != "xlsx" or not others:
        return ""
    return (f"; the workbook has other sheets ({', '.join(map(repr, others[:8]))}): if the answers "
            "are on one of them, name it (`sheet:` under the wave in surveykit.yaml, --sheet for "
            "`surveykit codebook draft`, sheet= for read_export)")


# header cells of a survey's definition (its questions), not of its answers
_DEFINITIONS = {
    "a REDCap data dictionary": {"variable / field name", "form name", "field type", "field label"},
    "a KoboToolbox/ODK form definition (XLSForm)": {"type", "name", "label", "required", "relevant"},
}


def _refuse_definition(grid: Grid, header: int) -> None:
    """A survey's definition file (its questions, one per row) given as an export: each question
    would be drafted as a respondent."""
    cells = {str(c).strip().casefold() for c in grid.rows[header] if not _blank_cell(c)}
    for what, needed in _DEFINITIONS.items():
        if len(needed & cells) >= len(needed) - 1:  # all but one
            where = f'{grid.name}, sheet "{grid.sheet}"' if grid.sheet else grid.name
            raise ReadError(
                f"{where}: is {what} (one question per row: {', '.join(sorted(needed & cells))}), not the "
                "answers. Give the data export (one row per respondent); the questions' labels are in the "
                "export's header, or copy them into the codebook's labels."
            )


def require_rows(grid: Grid, header: int, n_header_rows: int = 1) -> None:
    """ReadError when nothing but header rows is present."""
    if grid.first_nonempty(header + 1) is None:
        where = f'{grid.name}, sheet "{grid.sheet}"' if grid.sheet else grid.name
        raise ReadError(
            f"{where}: has only a header ({n_header_rows} row(s), ending at row "
            f"{grid.numbers[header]}) and no data rows. The survey may have no answers yet, "
            f"or the export was filtered; export it again with the responses{_other_sheets(grid)}."
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
    two = sub_header(grid, h) if header is None and names is None and first_data is None else None
    if two is not None:  # a question over its options: two header rows
        names, first_data = two[1], two[0] + 1
    _refuse_definition(grid, h)
    require_rows(grid, h if first_data is None else first_data - 1)
    frame, info = build_frame(grid, h, names=names, first_data=first_data, decimal=decimal,
                              convert=convert)
    if questions is None:
        questions = {c: t for c, t in info["header_names"].items() if t and c in frame.columns}
        if two is not None:
            questions.update({c: t for c, t in two[2].items() if c in frame.columns})
    full_meta = {**grid.meta, "header_rows": [int(grid.shown_rows()[h])], **(meta or {})}
    merges = full_meta.pop("row_merges", None) or []
    below = [m for m in merges if m[1] > max(full_meta["header_rows"])]  # in the answers, not the header
    if below:
        full_meta["merged_rows"] = {"count": len(below), "first": below[0][0]}
    if header is None and (titles := title_rows(grid, h)):
        full_meta["title_rows"] = titles
    if two is not None:
        full_meta["header_rows"] = [int(grid.shown_rows()[h]), int(grid.shown_rows()[two[0]])]
        full_meta["sub_header"] = True
    if summary := summary_rows(frame):
        full_meta["summary_rows"] = summary
    if again := repeated_headers(frame, info["header_names"]):
        full_meta["repeated_header_rows"] = again
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
