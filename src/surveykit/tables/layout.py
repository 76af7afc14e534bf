"""How a publication table reads: rows of questions and answers, columns of groups, formatted cells.

The numbers come protected (:func:`surveykit.tables.compute.table_parts` passes them through
the one disclosure rule, :func:`surveykit.report.disclosure.protect`: suppressed cells have no
numbers, and show "–"); labels and number formats come from the table's presentation.
The frame's ``attrs["kinds"]`` says which rows are question rows (``"head"``) and which rows
of answers or statistics (``"row"``).

Example:
    >>> layout(table).columns.tolist()         # doctest: +SKIP
    ['Spørsmål', 'Samlokalisert', 'Separat', 'p', 'p justert']
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from surveykit.estimate.schema import by_names
from surveykit.labels import MISSING, text
from surveykit.presentation import Presentation

if TYPE_CHECKING:
    from surveykit.tables.table import Table

__all__ = ["cell_text", "layout", "p_text"]


def _missing(x: object) -> bool:
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def cell_text(row: pd.Series, p: Presentation, share: bool) -> str:
    """ "45,2 % [40,1; 50,3]" for a share, "3,45 [3,30; 3,60]" for a mean; "–" without a number
    ("not asked" / "no answers" where it rests on no answer and nothing was suppressed)."""
    if bool(row.get("suppressed", False)) or _missing(row["estimate"]):
        kind = p.empty_kind(row.to_frame().T) if not _missing(row.get("n")) and row.get("n") == 0 else None
        return p.text(kind) if kind else MISSING
    if share:
        return f"{p.percent(row['estimate'], 1)} {p.interval(row['conf_low'], row['conf_high'], 1, percent=True)}"
    return f"{p.number(row['estimate'], 2)} {p.interval(row['conf_low'], row['conf_high'], 2)}"


def p_text(value: object, p: Presentation) -> str:
    """A p-value with three decimals, "<0,001" below that, "–" when missing."""
    if _missing(value):
        return MISSING
    if float(value) < 0.001:
        return "<" + p.number(0.001, 3)
    return p.number(float(value), 3)


def _n_text(value: object, p: Presentation) -> str:
    return MISSING if _missing(value) else p.number(float(value), 0)


def _keys(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    if not columns:
        return [()]
    return list(dict.fromkeys(frame[list(columns)].itertuples(index=False, name=None)))


def _select(frame: pd.DataFrame, columns: Sequence[str], key: tuple) -> pd.DataFrame:
    hit = pd.Series(True, index=frame.index)
    for c, v in zip(columns, key, strict=True):
        hit &= frame[c].astype(object) == v
    return frame[hit]


def layout(t: Table) -> pd.DataFrame:
    """The display frame of ``t`` (strings)."""
    if t.crosstab:
        return _crosstab(t, t.estimates)
    p = t.presentation
    est, tests = t.estimates, t.tests
    groups = [c for c in (t.panel, t.by) if c]
    named = by_names(groups, warn=False)  # the result's names of the group columns (by_level)
    cols = [named[c] for c in groups]
    keys = _keys(est, cols)
    columns = [text("question", p.language)]
    columns += [p.group(groups, k) if groups else text("total", p.language) for k in keys]
    panel_col = named.get(t.panel) if t.panel else None
    panels = _keys(tests, [panel_col]) if len(tests) and t.panel else [()]
    p_cols: list[tuple[tuple, str]] = []
    if len(tests):
        for k in panels:
            suffix = f" · {p.value(t.panel, k[0])}" if k else ""
            p_cols += [(k, "p_value"), (k, "p_adjusted")]
            columns += [f"p{suffix}", f"{text('column_p_adjusted', p.language)}{suffix}"]
    rows: list[list[str]] = []
    kinds: list[str] = []
    share = t.stat in ("share", "topbox")
    for item in t.rows:
        part = est[est["variable"].astype(str) == str(item)]
        dk_level = t.dont_know.get(item)
        base = part[part["level"].astype(object) != dk_level] if dk_level is not None else part
        head = [p.name(item)]
        for k in keys:
            cell = _select(base, cols, k)
            head.append(text("n_label", p.language, n=_n_text(cell["n"].iloc[0], p)) if len(cell) else "")
        for k, col in p_cols:
            hit = tests[tests["variable"].astype(str) == str(item)]
            hit = _select(hit, [panel_col], k) if k else hit
            head.append(p_text(hit[col].iloc[0], p) if len(hit) else "")
        rows.append(head)
        kinds.append("head")
        for level in dict.fromkeys(part["level"].astype(object)):
            lines = part[part["level"].astype(object).map(lambda v, lv=level: v == lv or (_missing(v) and _missing(lv)))]
            label = _row_label(t, item, level)
            cells = []
            for k in keys:
                cell = _select(lines, cols, k)
                cells.append(cell_text(cell.iloc[0], p, share) if len(cell) else "")
            rows.append([label, *cells, *([""] * len(p_cols))])
            kinds.append("row")
    out = pd.DataFrame(rows, columns=columns)
    out.attrs["kinds"] = kinds
    return out


def _row_label(t: Table, item: str, level: Hashable) -> str:
    p = t.presentation
    if t.stat == "mean":
        return text("mean", p.language)
    if t.stat == "topbox":
        return f"{text('top_box', p.language)} ({level})"
    return p.value(item, level)


def _crosstab(t: Table, est: pd.DataFrame) -> pd.DataFrame:
    """Rows: the row question's answers; columns: the column question's; the base in "n"."""
    p = t.presentation
    row, col = t.crosstab
    # the result's names of the group columns (by_level for a column named level)
    named = by_names({"row": [row], "column": [col]}.get(t.percent, [row, col]), warn=False)
    rc, cc = named.get(row, row), named.get(col, col)
    if t.percent == "row":
        rl, cl = list(dict.fromkeys(est[rc])), list(dict.fromkeys(est["level"]))
        pick = lambda r, c: _select(est, [rc, "level"], (r, c))  # noqa: E731
    elif t.percent == "column":
        cl, rl = list(dict.fromkeys(est[cc])), list(dict.fromkeys(est["level"]))
        pick = lambda r, c: _select(est, [cc, "level"], (c, r))  # noqa: E731
    else:
        rl, cl = list(dict.fromkeys(est[rc])), list(dict.fromkeys(est[cc]))
        pick = lambda r, c: _select(est, [rc, cc], (r, c))  # noqa: E731
    columns = [f"{p.name(row)} \\ {p.name(col)}", *(p.value(col, c) for c in cl)]
    rows: list[list[str]] = []
    for r in rl:
        cells = [cell_text(hit.iloc[0], p, True) if len(hit := pick(r, c)) else "" for c in cl]
        rows.append([p.value(row, r), *cells])
    n_of = lambda frame: _n_text(frame["n"].iloc[0], p) if len(frame) else ""  # noqa: E731
    if t.percent == "row":
        columns.append("n")
        for line, r in zip(rows, rl, strict=True):
            line.append(n_of(_select(est, [rc], (r,))))
    elif t.percent == "column":
        rows.append(["n", *(n_of(_select(est, [cc], (c,))) for c in cl)])
    out = pd.DataFrame(rows, columns=columns)
    out.attrs["kinds"] = ["row"] * (len(rows) - (t.percent == "column")) + (["head"] if t.percent == "column" else [])
    return out

