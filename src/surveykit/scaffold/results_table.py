"""Does an export look like a table of results (a crosstab) rather than one row per respondent?

Survey tools also export summaries: counts and percentages per answer and group ("Total",
"26%"). Drafted as answers, every row would count as a respondent and the report would publish
numbers about the table's rows. The draft says so instead of guessing.

Example:
    >>> df = pd.DataFrame({"Team": ["A", "B", "C"], "Total": [39, 71, 12],
    ...                    "GOP%": ["26%", "31%", "40%"], "Dem%": ["26%", "40%", "20%"]})
    >>> results_table_hint(df) is not None
    True
"""

from __future__ import annotations

import re

import pandas as pd

from surveykit.scaffold.words import ID_NAME

__all__ = ["results_table_hint", "shares_table"]

_PERCENT = re.compile(r"^\s*[-+]?\d+(?:[.,]\d+)?\s*%\s*$")
# a column of totals, in a header or in the first row (below a banner of group names)
_TOTAL = re.compile(r"^\s*(?:total|totalt|totals|tot\.?(?: respondents)?|sum|base|i alt|samtliga|"
                    r"alle|antal svar|antall svar|grand total)\s*$", re.IGNORECASE)
MAX_ROWS = 1000  # a results table has a row per answer or group, not per respondent


def _cells(s: pd.Series) -> pd.Series:
    s = s.dropna().astype(str).str.strip()
    return s[s != ""]


def results_table_hint(data: pd.DataFrame) -> str | None:
    """A sentence saying why ``data`` looks like a table of results, or None.

    Signals (at most ``MAX_ROWS`` rows): two columns or more whose cells are mostly percentages
    ("26%"; not percentages many rows repeat, as respondents choosing "80%" do, nor a column filled
    in fewer than half of 30 rows or more: a question some were asked), or a column of totals ("Total", "Tot. Respondents") in the header or the first row
    beside mostly whole-number columns (counts). None when a column named as a respondent id
    (ResponseId) holds a different value in (nearly) every row: one row per respondent."""
    if len(data) == 0 or len(data) > MAX_ROWS or _respondent_ids(data) is not None:
        return None
    cells = {c: _cells(data[c]) for c in data.columns}
    percent = [str(c) for c, s in cells.items() if len(s) >= 3 and s.str.match(_PERCENT).mean() >= 0.5
               and not _chosen(s) and not _sparse(s, len(data))]
    # a total's label in the first row heads a column of counts below it (below a banner of group names);
    # a word in every row of a column is an answer, as SoSci Survey's questionnaire id 'base' is
    first = [str(x) for c, x in data.iloc[0].items() if not pd.isna(x) and _TOTAL.match(str(x))
             and _whole_numbers(_cells(data[c].iloc[1:]))]
    totals = [x for x in [*map(str, data.columns), *first] if _TOTAL.match(x)]
    counts = sum(_whole_numbers(s) for s in cells.values())
    reasons = []
    if len(percent) >= 2:
        shown = ", ".join(repr(c) for c in percent[:3]) + (" ..." if len(percent) > 3 else "")
        reasons.append(f"percentages such as {_example(cells, percent)!r} in {len(percent)} columns ({shown})")
    if totals and counts >= max(2, len(data.columns) / 2):
        reasons.append(f"a column of totals ({totals[0]!r}) beside {counts} columns of whole numbers")
    if not reasons:
        return None
    return (f"it looks like a table of results ({'; '.join(reasons)}), not one row per respondent; "
            f"as it stands each of its {len(data)} rows counts as a respondent. Export the answers "
            "themselves (one row per respondent; the tool's 'raw data' or 'all responses' export) and "
            "draft again; if every row is one respondent, delete this note")


def shares_table(data: pd.DataFrame) -> str | None:
    """A sentence saying why ``data`` is a crosstab of shares, or None: labels in text columns and,
    in two number columns or more, blocks of shares (0-1) or percentages (0-100) whose cells sum to
    1 or 100 per column (nine in ten of four or more blocks and columns of two cells or more), each
    block headed by a row of counts ("Unweighted N": 3912, 1089 ...) or a new label in the first
    text column (a new question). A respondent's row never sums with the rows below it.

    >>> rows = [["Q1", "Unweighted N", 300, 120], [None, "Yes", 0.61, 0.40], [None, "No", 0.39, 0.60]]
    >>> shares_table(pd.DataFrame(rows * 3, columns=["q", "a", "Total", "Men"])) is not None
    True
    """
    if len(data) == 0 or len(data) > MAX_ROWS:
        return None
    numbers = data.apply(pd.to_numeric, errors="coerce")
    numeric = [c for c in data.columns if numbers[c].notna().sum() >= 3]
    text = [c for c in data.columns if c not in numeric]
    if len(numeric) < 2 or not text:
        return None
    values = numbers[numeric]
    counts = values.gt(1).any(axis=1) & values.fillna(0).mod(1).eq(0).all(axis=1)  # a base row: 3912, 1089
    first = data[text[0]].notna() & data[text[0]].astype(str).str.strip().ne("")
    block = (counts | first).cumsum()
    parts = values[~counts].groupby(block[~counts])
    sums = parts.sum(min_count=2).stack()
    sizes = parts.count().stack()
    sums = sums[sizes.reindex(sums.index).fillna(0) >= 2]
    if len(sums) < 4:
        return None
    whole = sums.between(0.97, 1.03) | sums.between(97, 103)
    if whole.mean() < 0.9:
        return None
    return (f"in {len(numeric)} number columns ({', '.join(repr(str(c)) for c in numeric[:3])}"
            f"{' ...' if len(numeric) > 3 else ''}) the cells of each block of answers sum to 1 or 100 "
            f"({int(whole.sum())} of {len(whole)} blocks and columns)")


def _respondent_ids(data: pd.DataFrame) -> str | None:
    """A column named as a respondent id (ResponseId, Respondent ID, id ...) with a different value in
    (nearly) every row: one row per respondent, whatever the answers (a probability asked as "80%")."""
    if len(data) < 3:
        return None
    for c in data.columns:
        if not ID_NAME.match(str(c).strip()):
            continue
        s = _cells(data[c])
        if len(s) >= 0.9 * len(data) and s.nunique() >= 0.9 * len(data):
            return str(c)
    return None


def _chosen(cells: pd.Series) -> bool:
    """Percentages chosen by respondents, not a table's cells: many (30 or more), few distinct (a
    third of them at most), one given 5 times or more ("80%" picked by many)."""
    counts = cells.value_counts()
    return len(cells) >= 30 and len(counts) * 3 <= len(cells) and int(counts.max()) >= 5


def _sparse(cells: pd.Series, rows: int) -> bool:
    """A column filled in fewer than half of 30 rows or more: a question some respondents were
    asked (a table's column of percentages fills its rows)."""
    return rows >= 30 and len(cells) < 0.5 * rows


def _whole_numbers(cells: pd.Series) -> bool:
    """Three cells or more, nine in ten of them numbers, nine in ten of those whole (counts)."""
    if len(cells) < 3:
        return False
    numbers = pd.to_numeric(cells, errors="coerce")
    return numbers.notna().mean() >= 0.9 and numbers.dropna().mod(1).eq(0).mean() >= 0.9


def _example(cells: dict, columns: list[str]) -> str:
    """The first percentage of the first percentage column."""
    for c, s in cells.items():
        if str(c) == columns[0]:
            return next((x for x in s if _PERCENT.match(x)), "")
    return ""
