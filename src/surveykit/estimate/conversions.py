"""The code a message proposes to convert a column the estimators cannot read as numbers: text
numbers with missing values written as text ('NA', '.', the PUMS blank 'bbbbbbb'), a decimal comma
or a thousands separator, dates and durations, numbers held as Python objects.

Example:
    >>> numeric_conversion("df['x']", ["3,5", "NA"])
    "pd.to_numeric(df['x'].replace(['NA'], None).str.replace(',', '.'))"
"""

from __future__ import annotations

import numbers
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["DECIMAL_ARG", "MISSING_TOKENS", "comma_note", "date_code", "date_number", "decimal_comma", "held_number",
           "missing_token", "numeric_conversion", "thousands_comma"]

# text that files write for a missing number: R's write.csv, SAS/Stata, spreadsheets, databases,
# and the ACS PUMS data dictionary's blanks ('b', 'bbbbbbb': N/A)
MISSING_TOKENS = frozenset({"NA", "N/A", "#N/A", "NaN", "nan", ".", "-", "NULL", "null", "None", ""})


def missing_token(v) -> bool:
    """True for text that files write for a missing number ('NA', '.', 'bbbbbbb')."""
    return isinstance(v, str) and (v.strip() in MISSING_TOKENS or re.fullmatch(r"\s*b+\s*", v) is not None)


DECIMAL_ARG = ", decimal=','"  # read_csv's argument for a decimal comma
_DECIMAL_COMMA = re.compile(r"\s*[-+]?[0-9]+(,[0-9]+)?\s*")


def decimal_comma(values: Any) -> bool:
    """True when text ``values`` are numbers written with a decimal comma ('3,5', as Nordic and
    German spreadsheets and SPSS exports write them), at least one with a comma, which
    ``pd.to_numeric`` refuses; missing values written as text ('NA', '.') aside.

    Example:
        >>> decimal_comma(["3,5", "4", "NA"]), decimal_comma(["3.5", "4"]), decimal_comma(["1,234.5"])
        (True, False, False)
    """
    rest = [v for v in pd.unique(pd.Series(list(values), dtype=object).dropna()) if not missing_token(v)]
    return (bool(rest) and all(isinstance(v, str) and _DECIMAL_COMMA.fullmatch(v) for v in rest)
            and any("," in v for v in rest))


_THOUSANDS = re.compile(r"\s*[-+]?[0-9]{1,3}(,[0-9]{3})+\s*")


def thousands_comma(values: Any) -> bool:
    """True when every text value written with a comma reads as a thousands separator too
    ('12,500', '1,250': three digits after each comma, as English exports write 12500), so the
    values do not tell a decimal comma (12.5) from it.

    Example:
        >>> thousands_comma(["12,500", "980"]), thousands_comma(["3,5", "12,500"]), thousands_comma(["4"])
        (True, False, False)
    """
    commas = [v for v in pd.unique(pd.Series(list(values), dtype=object).dropna()) if isinstance(v, str) and "," in v]
    return bool(commas) and all(_THOUSANDS.fullmatch(v) for v in commas)


def comma_note(values: Any) -> str:
    """For numbers whose commas read both ways ('12,500': see :func:`thousands_comma`), the words
    after :func:`numeric_conversion`'s code saying that it reads a decimal comma and what reads a
    thousands separator; else ''.

    Example:
        >>> comma_note(["12,500", "980"])
        " (that reads ',' as a decimal comma, '12,500' as 12.5; if it separates thousands, 12500, use .str.replace(',', '') in its place: the values do not tell)"
    """
    if not (decimal_comma(values) and thousands_comma(values)):
        return ""
    example = next(v for v in pd.unique(pd.Series(list(values), dtype=object).dropna())
                   if isinstance(v, str) and "," in v).strip()
    return (f" (that reads ',' as a decimal comma, {example!r} as {float(example.replace(',', '.')):g}; if it "
            f"separates thousands, {example.replace(',', '')}, use .str.replace(',', '') in its place: the values "
            "do not tell)")


def numeric_conversion(source: str, values: Any) -> str:
    """The ``pd.to_numeric`` call that converts ``source`` (code text naming a column) holding
    ``values``: the missing values written as text among them ('NA', '.', the PUMS blank
    'bbbbbbb') replaced by None first, since ``pd.to_numeric`` refuses them, and a decimal
    comma ('3,5') made a point.

    Example:
        >>> numeric_conversion("df['x']", ["12", "bbbbbbb", "7"])
        "pd.to_numeric(df['x'].replace(['bbbbbbb'], None))"
        >>> numeric_conversion("df['x']", ["3,5", "4"])
        "pd.to_numeric(df['x'].str.replace(',', '.'))"
    """
    tokens = sorted({v for v in pd.unique(pd.Series(list(values), dtype=object).dropna()) if missing_token(v)})
    if tokens:
        source = f"{source}.replace({tokens!r}, None)"
    if decimal_comma(values):
        source = f"{source}.str.replace(',', '.')"
    return f"pd.to_numeric({source})"


def date_number(source: str, dtype: Any) -> str:
    """Code that makes a number of ``source`` (code text naming a column of dates, times or
    durations, of dtype ``dtype``): days since a date (by the clock of the column's time zone:
    subtracting an aware midnight would count the day after a switch to summer time 23 hours,
    so .dt.days one short), or days of a duration.

    Example:
        >>> date_number("df['t']", pd.DatetimeTZDtype(tz="Europe/Oslo"))
        "(df['t'].dt.tz_localize(None) - pd.Timestamp('2023-01-01')).dt.days (days since a date) or df['t'].dt.year"
        >>> date_number("df['d']", np.dtype("m8[ns]"))
        "df['d'].dt.total_seconds() / 86400 (days)"
    """
    if dtype.kind == "m":
        return f"{date_code(source, dtype)} (days)"
    return f"{date_code(source, dtype)} (days since a date) or {source}.dt.year"


def date_code(source: str, dtype: Any) -> str:
    """The code alone of :func:`date_number` (days since a date, or days of a duration), to put
    in code that runs: a column's name may hold ' (' itself ('Start Date (UTC)').

    Example:
        >>> date_code("d['Start Date (UTC)']", np.dtype("M8[ns]"))
        "(d['Start Date (UTC)'] - pd.Timestamp('2023-01-01')).dt.days"
    """
    if dtype.kind == "m":
        return f"{source}.dt.total_seconds() / 86400"
    tz = getattr(dtype, "tz", None) or getattr(getattr(dtype, "pyarrow_dtype", None), "tz", None)
    local = f"{source}.dt.tz_localize(None)" if tz else source
    return f"({local} - pd.Timestamp('2023-01-01')).dt.days"


def held_number(v: Any) -> bool:
    """A number held as a Python object: int, float, numpy's, Decimal (pd.read_sql of a NUMERIC
    column), Fraction; not a bool, not a complex number.

    Example:
        >>> from decimal import Decimal
        >>> held_number(Decimal("3.5")), held_number(2), held_number(True), held_number("2")
        (True, True, False, False)
    """
    return (isinstance(v, numbers.Number) and not isinstance(v, bool | np.bool_ | complex | np.complexfloating))
