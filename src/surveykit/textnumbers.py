"""Numbers written as text by survey tools and spreadsheets, read without guessing the decimal
mark: a space groups thousands, "7,5" has a decimal comma, and "1,500" (1.5 or 1500?) is read
by the other values of its column or by what the caller says, else reported as ambiguous.

Example:
    >>> read_numbers(pd.Series(["1 500", "7,5"]), None)[0].tolist()
    [1500.0, 7.5]
"""

from __future__ import annotations

import pandas as pd

__all__ = ["read_numbers"]

_THOUSANDS_COMMA = r"^[+-]?\d{1,3}(?:,\d{3})+$"       # 1,500  12,345,678: or 1.5, 12.345678?
_THOUSANDS_WITH_POINT = r"^[+-]?\d{1,3}(?:,\d{3})+\.\d+$"   # 1,234.5: thousands, surely
_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"                     # 7,5  0,25  (a comma read as decimal)
_DECIMAL_POINT = r"^[+-]?\d*\.\d+$"


def read_numbers(raw: pd.Series, decimal: str | None) -> tuple[pd.Series, pd.Series]:
    """Numbers written as text, and which cells cannot be read without knowing the decimal mark.

    A space is a thousands separator (1 500). A comma is a decimal comma (7,5), except in a
    number written as thousands with a comma (1,500  12,345), which is 1.5 or 1500: the column's
    other answers decide (a decimal comma elsewhere, 7,5 or 1,25: comma; a decimal point, 7.5 or
    1,234.5: point), else the codebook's ``decimal``; if neither tells, the cell is ambiguous
    (a failure, never a guess).

    >>> nums, amb = read_numbers(pd.Series(["1,500", "7.5", "12"]), None)
    >>> nums.tolist(), amb.tolist()
    ([1500.0, 7.5, 12.0], [False, False, False])
    >>> read_numbers(pd.Series(["1,500", "12"]), None)[1].tolist()
    [True, False]
    """
    text = raw.astype("string").str.strip().str.replace(" ", "", regex=False).str.replace("\u00a0", "", regex=False)
    thousands = text.str.match(_THOUSANDS_COMMA).fillna(False).astype(bool)
    with_point = text.str.match(_THOUSANDS_WITH_POINT).fillna(False).astype(bool)
    comma = (text.str.match(_DECIMAL_COMMA).fillna(False).astype(bool) & ~thousands).any()
    point = (text.str.match(_DECIMAL_POINT).fillna(False).astype(bool).any() or with_point.any())
    mark = decimal or ("comma" if comma and not point else "point" if point and not comma else None)
    if mark == "point":
        numbers = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    else:
        numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        numbers = numbers.mask(with_point, pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce"))
    ambiguous = thousands & (mark is None)
    return numbers.astype("float64"), ambiguous
