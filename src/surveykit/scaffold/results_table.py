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

__all__ = ["results_table_hint"]

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
    ("26%"), or a column of totals ("Total", "Tot. Respondents") in the header or the first row
    beside mostly whole-number columns (counts)."""
    if len(data) == 0 or len(data) > MAX_ROWS:
        return None
    cells = {c: _cells(data[c]) for c in data.columns}
    percent = [str(c) for c, s in cells.items() if len(s) >= 3 and s.str.match(_PERCENT).mean() >= 0.5]
    first = [str(x) for x in data.iloc[0].tolist() if not pd.isna(x)]
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
