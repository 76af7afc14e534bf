"""SoSci Survey data exports (CSV, tab- or comma-separated, one header row of variable names).

The interview's own columns stand before and after the items: ``CASE`` (the interview's number,
the respondent id), ``SERIAL`` (the participant's code of a personalised link), ``REF`` (a
reference given in the link), ``QUESTNNR``, ``MODE`` (``interview``; ``pretest``, ``debug``,
``admin`` for tests from the project's administration), ``LANGUAGE``, ``STARTED``, then the items
named by question id (``DM01``, ``TR01_07``; ``TR01_07a`` an item's response time in milliseconds;
``UR01`` the code a random generator drew and ``UR01_CP`` its urn's passes), then ``TIME001`` ...
(seconds per page), ``TIME_SUM``, ``MAILSENT``, ``LASTDATA``, ``FINISHED`` (1/0 or T/F),
``Q_VIEWER``, ``LASTPAGE``, ``MAXPAGE``, ``MISSING``, ``MISSREL``, ``TIME_RSI``, ``DEG_MISS``,
``DEG_TIME``, ``DEGRADE``.

The file holds the answers' codes only: their labels are in the project's variables overview and in
the R or SPSS import script SoSci writes with a download. Its codes for no answer are negative and
the same in every item: -9 not answered, -8 faulty data (declared missing, ``meta["user_missing"]``,
wherever they occur); -1, -2, -3 are the residual options ("don't know", "no answer") or a time it
could not measure, declared missing in the items whose other answers are 0 or more (a REVIEW note).

Example:
    >>> raw = read_export("data_project_2018-02-20.csv")  # doctest: +SKIP
    >>> raw.format, raw.meta["id_column"]  # doctest: +SKIP
    ('soscisurvey', 'CASE')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from surveykit.io._generic import export_from_grid
from surveykit.io._grid import Grid
from surveykit.io._vendor import first_rows_text, identifier_columns
from surveykit.io.raw import RawExport

__all__ = ["NO_ANSWER", "RESIDUAL", "SYSTEM", "TEST_MODES", "from_grid", "response_times", "sniff"]

ID = "CASE"
SYSTEM = {"QUESTNNR", "MODE", "LANGUAGE", "STARTED", "MAILSENT", "LASTDATA", "FINISHED", "Q_VIEWER", "LASTPAGE",
          "MAXPAGE", "MISSING", "MISSREL", "TIME_SUM", "TIME_RSI", "DEG_MISS", "DEG_TIME", "DEGRADE"}
_SYSTEM_NAME = re.compile(r"^(?:TIME\d{3}|[A-Z][A-Z0-9]\d{2}_CP)$")   # time per page; an urn's complete passes
_QUESTION = re.compile(r"^[A-Z][A-Z0-9]\d{2}$")   # a question id (DM01, UR01): a random generator's code drawn
_ITEM = re.compile(r"^(?P<question>[A-Z][A-Z0-9]\d{2})(?:_\w+)?$")   # an item of a question (TR01_07, DM01)
IDENTIFIERS = {"SERIAL": "the participant's code of a personalised link (SoSci Survey's SERIAL: it ties the "
                         "answers to the address list)",
               "REF": "the reference given in the questionnaire's link (SoSci Survey's REF: often a panel's "
                      "participant id)"}
TEST_MODES = ("pretest", "debug", "admin")   # MODE of interviews run from the project's administration
NO_ANSWER = {-9: "not answered", -8: "faulty data"}
RESIDUAL = (-1, -2, -3)


def sniff(grid: Grid) -> bool:
    """SoSci Survey's header: ``CASE``, ``QUESTNNR`` and ``MODE``, with ``STARTED``, ``LASTDATA`` or ``FINISHED``."""
    header = set(first_rows_text(grid.rows, 1)[0]) if grid.rows else set()
    return {ID, "QUESTNNR", "MODE"} <= header and bool({"STARTED", "LASTDATA", "FINISHED"} & header)


def from_grid(grid: Grid) -> RawExport:
    """Build the RawExport of a SoSci Survey export."""
    raw = export_from_grid(grid, "soscisurvey", header=0)
    frame = raw.data
    cols = [str(c) for c in frame.columns]
    system = [c for c in cols if c in SYSTEM or _SYSTEM_NAME.match(c)]
    times = response_times(frame)
    drawn = [c for c in cols if _QUESTION.match(c) and f"{c}_CP" in cols]
    system += [c for c in [*times, *drawn] if c not in system]
    given = [c for c in IDENTIFIERS if c in cols and not _blank(frame[c])]
    items = [c for c in cols if c not in system and c not in IDENTIFIERS and c != ID]
    ids = given + [c for c in identifier_columns(frame, items) if c not in given]
    missing, notes, review = _missing_codes(frame, [c for c in items if c not in ids])
    review.insert(0, "SoSci Survey's data file holds the answers' codes only: their labels (the options of a "
                     "selection, the ends of a scale) are in the project's variables overview and in the R or SPSS "
                     "import script SoSci writes with a download. A question drafted `numeric` may be a selection "
                     "whose numbers are codes (a drop-down of the ages 18 to 100 is coded 1 to 83): check each "
                     "against the variables overview, and make a selection `single` (or `likert`) with a scale of "
                     "its labels")
    if times:
        notes.append(f"{_listed(times)} ({len(times)} column(s)) are the response times of the items before them "
                     "(SoSci Survey writes an item's time in milliseconds as <item>a, -1 where it could not measure "
                     "it): tool columns, not questions")
    if drawn:
        review.append(f"{_listed(drawn)} hold the code a random generator (urn) drew for each interview, beside "
                      f"{_listed([f'{c}_CP' for c in drawn])} (its complete passes): the condition an experiment "
                      "assigned, not a question; left out as tool columns. To compare conditions, add it to "
                      "config/codebook.yaml as `type: single` with a scale of the codes' labels (the variables "
                      "overview) and use it in `by:`")
    meta: dict[str, Any] = {**raw.meta, "system_columns": system, "identifier_columns": ids,
                            "identifier_reasons": {c: IDENTIFIERS[c] for c in given},
                            "id_column": ID if ID in cols else None, "user_missing": missing,
                            "draft_notes": notes,
                            "review_notes": [*(raw.meta.get("review_notes") or []), *review]}
    return RawExport(frame, raw.source, "soscisurvey", raw.questions, raw.value_labels, raw.sheet, meta)


def response_times(frame: pd.DataFrame) -> list[str]:
    """The items' response times of a SoSci Survey export: ``<item>a`` right after its item
    (``TR01_07a`` after ``TR01_07``), whole numbers (milliseconds; -1 where SoSci could not measure it),
    for every item of its question that has a column (an "other" option's text box is ``<item>a`` of
    one item only, and holds text).

    >>> frame = pd.DataFrame({"TR01_01": [1, 2], "TR01_01a": [1830, -1], "TR01_02": [2, 1], "TR01_02a": [904, 2210],
    ...                       "MC01_01": [1, 2], "MC01_05": [2, 1], "MC01_05a": [12, 3]})
    >>> response_times(frame)
    ['TR01_01a', 'TR01_02a']
    """
    cols = [str(c) for c in frame.columns]
    timed: dict[str, list[str]] = {}
    for i, col in enumerate(cols):
        item = col[:-1]
        m = _ITEM.match(item)
        if not col.endswith("a") or m is None or i == 0 or cols[i - 1] != item:
            continue
        numbers = _numbers(frame[col])
        given = numbers[frame[col].notna() & frame[col].astype(str).str.strip().ne("")]
        if given.isna().any() or not (given == given.round()).all() or (given < -9).any():
            continue
        timed.setdefault(m.group("question"), []).append(col)
    out = []
    for question, times in timed.items():
        items = [c for c in cols if not c.endswith("a") and (m := _ITEM.match(c)) and m.group("question") == question]
        if all(f"{c}a" in times for c in items):
            out += times
    return out


def _blank(values: pd.Series) -> bool:
    return bool(values.isna().all() or values.astype(str).str.strip().eq("").all())


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.astype(str).str.strip(), errors="coerce").where(values.notna())


def _missing_codes(frame: pd.DataFrame, items: list[str]) -> tuple[dict[str, dict[str, list]], list[str], list[str]]:
    """The items' codes for no answer (column -> {"values": [...], "ranges": []}), a note on SoSci's
    -9/-8 and a REVIEW note on the residual codes -1..-3 declared missing."""
    declared: dict[str, dict[str, list]] = {}
    sure: dict[int, list[str]] = {}
    residual: dict[int, list[str]] = {}
    for col in items:
        numbers = _numbers(frame[col]).dropna()
        if numbers.empty:
            continue
        seen = set(numbers.unique())
        codes = [c for c in NO_ANSWER if c in seen]
        rest = seen - set(NO_ANSWER) - set(RESIDUAL)
        below = [c for c in RESIDUAL if c in seen]
        if below and rest and min(rest) >= 0:   # below answers of 0 or more: no answer of the scale
            codes += below
            for c in below:
                residual.setdefault(c, []).append(col)
        for c in codes:
            if c in NO_ANSWER:
                sure.setdefault(c, []).append(col)
        if codes:
            declared[col] = {"values": sorted(codes), "ranges": []}
    notes = [f"SoSci Survey writes {code} for {NO_ANSWER[code]} in every item: declared `missing` (no number, in "
             f"no mean) in the {len(cols)} column(s) holding it: {_listed(cols)}" for code, cols in sorted(sure.items())]
    review = [f"the code {code} in {len(cols)} column(s) whose other answers are 0 or more ({_listed(cols)}) is SoSci "
              "Survey's code of a residual option ('don't know', 'no answer') or of a time it could not measure: "
              "declared `missing` (no number, in no mean); if it is a real answer there (a scale running below 0), "
              "remove it from that variable's `missing` and widen `valid`"
              for code, cols in sorted(residual.items(), reverse=True)]
    return declared, notes, review


def _listed(cols: list[str], most: int = 8) -> str:
    return ", ".join(cols[:most]) + (f" and {len(cols) - most} more" if len(cols) > most else "")
