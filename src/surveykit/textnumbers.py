"""Numbers written as text by survey tools and spreadsheets, read without guessing the decimal
mark: a space groups thousands, "7,5" has a decimal comma, and "1,500" or "1.500" (1.5 or
1500?) is read by the other values of its column or by what the caller says, else reported as
ambiguous.

Example:
    >>> read_numbers(pd.Series(["1 500", "7,5"]), None)[0].tolist()
    [1500.0, 7.5]
"""

from __future__ import annotations

import pandas as pd

__all__ = ["DECIMALS", "GROUPS", "read_numbers"]

_GROUPS_COMMA = r"^[+-]?\d{1,3}(?:,\d{3})+$"            # 1,500  12,345: 1.5 or 1500?
_GROUPS_DOT = r"^[+-]?\d{1,3}(?:\.\d{3})+$"             # 1.500  12.345: 1.5 or 1500 (Nordic thousands)?
_ENGLISH = r"^[+-]?\d{1,3}(?:,\d{3})+\.\d+$"            # 1,234.5: thousands commas, a decimal point
_EUROPEAN = r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$"           # 1.234,5: thousands dots, a decimal comma
_GROUPED_COMMA = r"^[+-]?\d{1,3}(?:,\d{3}){2,}$"       # 1,200,000: two commas, so they group thousands
_GROUPED_DOT = r"^[+-]?\d{1,3}(?:\.\d{3}){2,}$"       # 1.200.000: two dots, so they group thousands
_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"                       # 7,5  0,25
_DECIMAL_POINT = r"^[+-]?\d*\.\d+$"                     # 7.5  0.25
_SPACES = "[ \u00a0\u202f\u2009]"  # space, no-break, narrow no-break (Excel's Nordic locales), thin
_MINUS = "^[\u2212\u2013](?=\\d|[.,]\\d)"  # a leading minus sign or en dash before a number
# by the mark: a number in groups of three after it (1.5 or 1500?), a plain decimal with it
GROUPS = {",": _GROUPS_COMMA, ".": _GROUPS_DOT}
DECIMALS = {",": _DECIMAL_COMMA, ".": _DECIMAL_POINT}


def read_numbers(raw: pd.Series, decimal: str | None) -> tuple[pd.Series, pd.Series]:
    """Numbers written as text, and which cells cannot be read without knowing the decimal mark.

    A space groups thousands (1 500, also the no-break spaces Excel writes); a leading minus
    sign or en dash ("−3", "–3") is a minus. "1,234.5" and "1.234,5" say their marks themselves. A
    number in groups of three after one comma or dot ("1,500", "1.500", "12,345") is 1.5 or 1500
    (English writes 1,500 for fifteen hundred, Norwegian and Danish 1.500): the column's other
    answers decide (a decimal comma elsewhere, "7,5", or dots grouping a number twice, "1.200.000":
    the comma is decimal and the dot groups thousands; a decimal point elsewhere, "7.5", or
    "1,200,000": the reverse), else ``decimal`` ("comma" or
    "point"); if neither tells, the cell is ambiguous (a failure for the caller, never a guess).

    >>> nums, amb = read_numbers(pd.Series(["1,500", "7.5", "12"]), None)
    >>> nums.tolist(), amb.tolist()
    ([1500.0, 7.5, 12.0], [False, False, False])
    >>> read_numbers(pd.Series(["1.500", "7,5"]), None)[0].tolist()
    [1500.0, 7.5]
    >>> read_numbers(pd.Series(["1,500", "1.500", "12"]), None)[1].tolist()
    [True, True, False]

    A number with two or more separators of one kind ("1.200.000") shows them to group thousands,
    so the column's other mark is decimal:

    >>> read_numbers(pd.Series(["1.200.000", "450.000"]), None)[0].tolist()
    [1200000.0, 450000.0]
    """
    text = (raw.astype("string").str.strip()
            .str.replace(_SPACES, "", regex=True)  # spaces that group thousands
            .str.replace(_MINUS, "-", regex=True))  # "−3": the minus sign Excel and Word write

    def match(pattern: str) -> pd.Series:
        return text.str.match(pattern).fillna(False).astype(bool)

    groups_comma, groups_dot = match(_GROUPS_COMMA), match(_GROUPS_DOT)
    grouped_comma, grouped_dot = match(_GROUPED_COMMA), match(_GROUPED_DOT)  # no decimal mark has two
    english, european = match(_ENGLISH), match(_EUROPEAN)
    comma = bool((match(_DECIMAL_COMMA) & ~groups_comma).any() or european.any() or grouped_dot.any())
    point = bool((match(_DECIMAL_POINT) & ~groups_dot).any() or english.any() or grouped_comma.any())
    mark = decimal or ("comma" if comma and not point else "point" if point and not comma else None)
    no_commas = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    dots_out = pd.to_numeric(text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                             errors="coerce")
    if mark == "point":  # commas group thousands; "1.234,5" contradicts it: no number
        numbers = no_commas.mask(european)
    elif mark == "comma":  # dots group thousands; "1,234.5" contradicts it
        numbers = dots_out.mask(english)
    else:  # each number by its own marks; a lone comma or dot is a decimal one
        numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        numbers = numbers.mask(english | grouped_comma, no_commas).mask(european | grouped_dot, dots_out)
    ambiguous = (groups_comma | groups_dot) & ~(grouped_comma | grouped_dot) & (mark is None)
    return numbers.astype("float64"), ambiguous
