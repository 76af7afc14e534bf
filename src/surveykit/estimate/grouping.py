"""``by=``: the one place where domains by group are built (R ``svyby``).

Groups are integer codes per row (-1 outside every group); an estimator computes its
influence values once for all items, and :func:`surveykit.design.vcov` (``groups=``) turns
``indicator(group) x influence`` into variances for all groups and items in one pass. No
estimator loops over groups. Also here: expansion of variables into item columns (numeric
values or one indicator per category level) and the tidy result assembly.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"g": ["b", "a", "b"], "y": [1.0, 2, 3]}))
    >>> codes, keys = group_index(d, ["g"])
    >>> codes.tolist(), keys["g"].tolist()
    ([1, 0, 1], ['a', 'b'])
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveykit.design import Design, Items, group_degf
from surveykit.design.kernels import sorted_levels
from surveykit.errors import DataError, DesignError, SurveykitWarning
from surveykit.estimate._dist import t_ppf
from surveykit.estimate.conversions import (
    DECIMAL_ARG,
    comma_note,
    date_number,
    decimal_comma,
    held_number,
    missing_token,
    numeric_conversion,
    thousands_comma,
)
from surveykit.estimate.schema import by_names, result_frame

__all__ = [
    "as_list",
    "assemble",
    "check_columns",
    "check_conf_level",
    "column_name",
    "group_index",
    "indicator_code",
    "int_codes",
    "items",
    "logit_interval",
    "refuse_containers",
    "t_interval",
    "variable_list",
]


def _values_not_names(x: Any, what: str, argument: str | None = None) -> DataError:
    """The error for values given where a column name belongs; ``argument`` names it in the
    fix (``by='g'``; default: the part of ``what`` after its colon, "" for none)."""
    name = getattr(x, "name", None)
    kind = type(x).__name__
    column = repr(name) if isinstance(name, str) else "'x'"
    argument = what.split(": ")[-1] if argument is None else argument
    give = f"{argument}={column}" if argument and argument != "columns" else column
    new = f"{column[1:-1]}=values" if column[1:-1].isidentifier() else f"**{{{column}: values}}"
    return DataError(
        f"{what}: got a {kind} of {len(x)} values where the name of a column of the design's data "
        f"is expected. Give the column's name ({give}); values that are not in the data yet: add "
        f"them first, design = design.with_columns({new})."
    )


def variable_list(x: str | Sequence[str] | None, what: str) -> list[str]:
    """The variables an estimator estimates, as :func:`as_list`, each once: a variable named
    twice is estimated once, as R's formula has the term of ``~x + x`` once (one row, not two).

    Example:
        >>> variable_list(["x", "y", "x"], "mean: variables")
        ['x', 'y']
    """
    names, seen = [], set()
    for name in as_list(x, what):
        try:
            if name in seen:
                continue
            seen.add(name)
        except TypeError:  # a list among the names: kept, and refused by name where it is read
            pass
        names.append(name)
    return names


def as_list(x: str | Sequence[str] | None, what: str = "columns") -> list[str]:
    """A column name or list of names as a list (None -> []); names held in a ``pd.Index`` or an
    array (``df.columns[2:5]``) are names too; a Series or frame of values (``by=df["g"]`` for
    ``by="g"``) is refused, naming ``what`` (the argument).

    Example:
        >>> as_list("g"), as_list(["a", "b"]), as_list(None), as_list(pd.Index(["a", "b"]))
        (['g'], ['a', 'b'], [], ['a', 'b'])
    """
    if x is None:
        return []
    if isinstance(x, (pd.Series, pd.DataFrame)) or (isinstance(x, np.ndarray) and x.ndim != 1):
        raise _values_not_names(x, what)
    if isinstance(x, (pd.Index, np.ndarray)):   # names are distinct texts; a column's values repeat
        names = x.tolist()
        if all(isinstance(v, str) for v in names) and len(set(names)) == len(names):
            return names
        raise _values_not_names(x, what)
    return [x] if isinstance(x, str) or not isinstance(x, Iterable) else list(x)


def column_name(x: Any, what: str) -> Any:
    """One column name for the argument ``what`` (``"proportion: variable"``): a list of names
    or a Series of values is refused with what to give instead (it failed with "unhashable").

    Example:
        >>> column_name("api00", "ratio: numerator")
        'api00'
    """
    if isinstance(x, (pd.Series, pd.Index, np.ndarray, pd.DataFrame)):
        raise _values_not_names(x, what)
    if isinstance(x, (list, tuple, set, dict)):
        names = list(x)
        first = f"{what.split(': ')[-1]}={names[0]!r}" if names else "a column name"
        raise DataError(
            f"{what}: takes one column name (text), got the {type(x).__name__} {names[:5]!r}. Give "
            f"{first}" + (", and call once per column for several." if len(names) > 1 else ".")
        )
    return x


def check_columns(design: Design, columns: Sequence[str], what: str) -> None:
    """Raise a DesignError naming unknown columns (a DataError for a list holding values: a
    Series or a list where a name belongs)."""
    for c in columns:
        if isinstance(c, (pd.Series, pd.Index, np.ndarray, pd.DataFrame)):
            raise _values_not_names(c, what, "")
        if not isinstance(c, Hashable):  # a list where a name belongs
            raise DataError(
                f"{what}: the column names hold the {type(c).__name__} {c!r}, not a name; give a "
                "flat list of names, e.g. ['a', 'b'] (not [['a', 'b']])."
            )
    missing = [c for c in columns if c not in design.data.columns]
    for c in missing:  # 'a,b' or 'a, b': names in one text, not a list of them
        parts = [p.strip() for p in c.split(",")] if isinstance(c, str) and "," in c else []
        if parts and all(p in design.data.columns for p in parts):
            raise DesignError(
                f"{what}: {c!r} is several column names in one text; give them as a list: "
                f"{parts!r}."
            )
        # R's one-sided formula ('~x', '~a + b', as svymean(~x) and svyby(..., ~g) take)
        terms = [p.strip().strip("`") for p in c.lstrip().lstrip("~").split("+")] if isinstance(c, str) else []
        if isinstance(c, str) and (c.lstrip().startswith("~") or len(terms) > 1) and \
                all(t in design.data.columns for t in terms):
            shown = repr(terms[0]) if len(terms) == 1 else repr(terms)
            raise DesignError(
                f"{what}: {c!r} is an R formula; surveykit takes the column names themselves: {shown}."
            )
    if missing:
        raise DesignError(
            f"{what}: column(s) {missing} not in the design's data. "
            f"Available: {list(design.data.columns)[:25]}. Check the spelling.",
            advice="A column added to the data frame after the design was made is not in it (the "
            "design keeps its own copy): add it with design = design.with_columns(name=values).",
        )
    refuse_containers(design.data, columns, what)


def refuse_containers(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """A DataError for a column whose cells are lists, dicts or sets (a JSON export's
    multi-select or record, ``str.split``): no answer to count or group by (pandas' "unhashable
    type: 'list'"). Says how to make one column per option, or take a field.

    Example:
        >>> refuse_containers(pd.DataFrame({"m": [["a"], ["a", "b"]]}), ["m"], "mean")
        Traceback (most recent call last):
        ...
        surveykit.errors.DataError: mean: column 'm' holds lists (['a'] in row 0), as a JSON export ...
    """
    for c in dict.fromkeys(columns):
        s = data[c]
        if s.dtype != np.dtype(object) or pd.api.types.infer_dtype(s, skipna=True) != "mixed":
            continue
        at = next((i for i, v in enumerate(s.array) if isinstance(v, list | dict | set | np.ndarray)), None)
        if at is None:
            continue
        v = s.array[at]
        kind = {list: "lists", dict: "dicts", set: "sets"}.get(type(v), "arrays")
        fix = (f"take the field you mean: design.with_columns(**{{{c + '_x'!r}: design.data[{c!r}].str.get('x')}})"
               if isinstance(v, dict) else
               f"make one column per option (missing where the list is): dummies = design.data[{c!r}]"
               f".str.join('|').str.get_dummies('|'); design = design.with_columns(**{{f'{c}__{{k}}': "
               f"col.where(design.data[{c!r}].notna()).astype('boolean') for k, col in dummies.items()}})")
        raise DataError(
            f"{what}: column {c!r} holds {kind} ({v!r} in row {at}), as a JSON export or str.split "
            f"gives; a {kind[:-1]} is no answer to count or group by. To use it, {fix}."
        )


def _levels(s: pd.Series) -> list:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return list(s.cat.categories)
    return sorted_levels(pd.unique(s.dropna()).tolist(), s.name)


def indicator_code(data: pd.DataFrame, name: str) -> str:
    """Code that adds a 0/1 column of ``name``'s last level (a categorical's last category, a
    text's last in order, True), missing where ``name`` is: the share of that level among those
    who answered, as R's ``I(q == "Ja")`` is NA for a missing answer (``== `` alone counts a missing
    answer as 0).

    Example:
        >>> print(indicator_code(pd.DataFrame({"q": ["Nei", "Ja", None]}), "q"))
        design = design.with_columns(**{'q_Nei': (design.data['q'] == 'Nei').astype(float).where(design.data['q'].notna())})
    """
    levels = _levels(data[name])
    level = levels[-1] if levels else True
    source = f"design.data[{name!r}]"
    return (f"design = design.with_columns(**{{{f'{name}_{level}'!r}: ({source} == {level!r}).astype(float)"
            f".where({source}.notna())}})")


def int_codes(s: pd.Series) -> tuple[list | None, np.ndarray | None]:
    """Sorted distinct values and small-int codes of a numpy integer column over a short range.

    Counts per value instead of hashing (pandas' unique/Categorical allocate hash tables the
    size of the column). Other columns: (None, None).
    """
    dt = s.dtype
    if not (isinstance(dt, np.dtype) and (dt.kind == "i" or (dt.kind == "u" and dt.itemsize < 8))):
        return None, None
    if len(s) == 0:
        return None, None
    v = s.to_numpy()
    lo = min(int(v.min()), 0)  # non-negative values are counted in place
    span = int(v.max()) - lo + 1
    if span > 4 * len(v) + 1024:
        return None, None
    off = np.subtract(v, lo, dtype=np.int64) if lo else v
    present = np.flatnonzero(np.bincount(off, minlength=span))
    dtype = np.int8 if len(present) < 127 else np.int16 if len(present) < 32767 else np.int32
    remap = np.zeros(span, dtype=dtype)
    remap[present] = np.arange(len(present), dtype=dtype)
    return (present + lo).tolist(), remap[off]


def group_index(design: Design, by: str | Sequence[str] | None) -> tuple[np.ndarray, pd.DataFrame]:
    """Group code per row (-1 if a by-value is missing) and the key frame of the G groups.

    Groups are the combinations present among rows with non-zero weight, ordered by the
    category order (or sorted values) of each by-column, first column slowest. A category of
    a by-column that no row of the data has gets no group: a warning names it and the values
    present (levels absent only from a subset's domain are the subset's doing: no warning).
    """
    cols = as_list(by, "by")
    n = design.n
    if not cols:
        return np.zeros(n, dtype=np.int64), pd.DataFrame(index=pd.RangeIndex(1))
    check_columns(design, cols, "by")
    codes, levels = [], []
    for c in cols:
        s = design.data[c]
        if isinstance(s.dtype, pd.CategoricalDtype):
            lv = list(s.cat.categories)
            codes.append(s.cat.codes.to_numpy())  # small ints; the key below is int64
            _warn_absent(c, lv, codes[-1])
        else:
            lv, cd = int_codes(s)
            if lv is None:
                lv = _levels(s)
                cd = np.asarray(pd.Categorical(s, categories=lv).codes)
                _warn_measurement(c, s, lv)
            codes.append(cd)
        levels.append(lv)
    complete = all(c.min(initial=0) >= 0 for c in codes)
    has_key = np.ones(n, dtype=bool)
    if not complete:
        for c in codes:
            has_key &= c >= 0
    ok = has_key & (design.weights != 0)
    if not complete:
        _warn_no_value(design, cols, codes)
    radix = np.array([len(lv) for lv in levels], dtype=np.int64)
    mult = np.concatenate([np.cumprod(radix[::-1])[::-1][1:], [1]])
    key = codes[0].astype(np.int64)
    if mult[0] != 1:
        key *= mult[0]
    for c, m in zip(codes[1:], mult[1:], strict=True):
        key += c.astype(np.int64) * m
    del codes
    space = int(np.prod(radix))
    if space <= 4 * n + 1024:  # dense presence table, no sorting
        present = np.flatnonzero(np.bincount(key[ok], minlength=space))
        remap = np.full(space, -1, dtype=np.int64)
        remap[present] = np.arange(len(present))
        if complete:
            out = remap[key]
        else:
            key[~has_key] = 0
            out = remap[key]
            out[~has_key] = -1
    else:
        present = np.unique(key[ok])
        out = np.full(n, -1, dtype=np.int64)
        pos = np.searchsorted(present, key[has_key])
        pos_ok = (pos < len(present)) & (present[np.minimum(pos, len(present) - 1)] == key[has_key])
        sub = np.full(has_key.sum(), -1, dtype=np.int64)
        sub[pos_ok] = pos[pos_ok]
        out[has_key] = sub
    keys = {}
    for j, c in enumerate(cols):
        idx = (present // mult[j]) % radix[j]
        s = design.data[c]
        vals = [levels[j][i] for i in idx]
        if isinstance(s.dtype, pd.CategoricalDtype):
            keys[c] = pd.Categorical(vals, categories=s.cat.categories, ordered=s.cat.ordered)
        else:
            keys[c] = pd.array(vals, dtype=s.dtype) if len(vals) else pd.array([], dtype=s.dtype)
    return out, pd.DataFrame(keys)


MEASUREMENT_LEVELS = 50  # more distinct numbers than this: a measurement, not codes or groups


def measurement(values: np.ndarray) -> str | None:
    """Why numbers are a measurement rather than codes of categories ("numbers that are not
    whole (e.g. 2.5)", "75 distinct numbers"), or None when they are codes.

    Example:
        >>> measurement(np.array([1.0, 2.0, 2.5]))
        'numbers that are not whole (e.g. 2.5)'
        >>> measurement(np.array([1.0, 2.0, 3.0])) is None
        True
    """
    values = np.asarray(values, dtype=float)
    broken = values[values != np.floor(values)]
    if len(broken):
        return f"numbers that are not whole (e.g. {broken[0]:g})"
    distinct = len(np.unique(values))
    return f"{distinct} distinct numbers" if distinct > MEASUREMENT_LEVELS else None


def _warn_measurement(column: str, s: pd.Series, levels: list) -> None:
    """A by-column of many numbers that are not whole (a score, a weight, an income) makes a
    group of every value; say so (it may be meant, so no error)."""
    if len(levels) <= MEASUREMENT_LEVELS or not pd.api.types.is_float_dtype(s.dtype):
        return
    values = np.asarray(levels, dtype=float)
    if np.array_equal(values, np.floor(values)):
        return
    warnings.warn(
        f"by: {column!r} holds {len(levels)} distinct numbers that are not whole, so every value "
        "is a group of its own. Group it first (e.g. pd.cut) if that is not what you meant.",
        SurveykitWarning,
        stacklevel=4,
    )


def _warn_no_value(design: Design, cols: list[str], codes: list[np.ndarray]) -> None:
    """Warn about rows of the domain that have no value of a by-column: they are in no group
    (as in R's ``svyby``), so the groups do not add up to the whole; say how many and where."""
    counts = design.domain & (design.weights != 0)
    for c, cd in zip(cols, codes, strict=True):
        gone = np.flatnonzero((cd < 0) & counts)
        if not len(gone):
            continue
        data, first = design.data, int(gone[0])
        where = (f"wave {data['wave'].iloc[first]}, row {data['row'].iloc[first]} of its export"
                 if "wave" in data and "row" in data else f"row {first}")
        dk = f"{c}__dk"   # a study's don't-know answers are kept apart from the levels: no value here
        apart = int(data[dk].to_numpy(dtype=bool, na_value=False)[gone].sum()) if dk in data else 0
        why = f", {apart} of them answered don't know or not applicable" if apart else ""
        warnings.warn(
            f"by: {len(gone)} row(s) that count in the estimates have no value of {c!r}{why} "
            f"(first at {where}); they are in no group (as in R's svyby), so the "
            "groups do not add up to the estimate without by=. To show them as a group of "
            f"their own, fill the value first, e.g. df[{c!r}] = df[{c!r}].fillna('unknown').",
            SurveykitWarning,
            stacklevel=4,
        )


def _warn_absent(column: str, levels: list, codes: np.ndarray) -> None:
    """Warn about categories of a by-column that no row has (they get no row in a result)."""
    if not len(levels):
        return
    seen = np.bincount(codes[codes >= 0].astype(np.int64), minlength=len(levels)) > 0
    if seen.all():
        return
    absent = [lv for lv, ok in zip(levels, seen, strict=True) if not ok]
    present = [lv for lv, ok in zip(levels, seen, strict=True) if ok]
    warnings.warn(
        f"by: no row of the data has {column} = {', '.join(map(repr, absent[:10]))} "
        f"({len(absent)} of {len(levels)} categories), so the result has no row for "
        f"{'it' if len(absent) == 1 else 'them'}. Values present: "
        f"{', '.join(map(repr, present[:10])) or 'none'}.",
        SurveykitWarning,
        stacklevel=4,
    )


def _float_view(s: pd.Series) -> np.ndarray:
    """A numeric column as floats with NaN for missing (a view when it is float64 already)."""
    if s.dtype == np.float64 or (s.dtype.kind in "iu" and isinstance(s.dtype, np.dtype)):
        return s.to_numpy()
    return pd.to_numeric(s).to_numpy(dtype=float, na_value=np.nan)


def _warn_numbers_as_text(name: str, levels: list, what: str) -> None:
    """A text column whose every value is a number (a CSV read as text, codes exported as
    strings) gets a share per value from mean/total, as R does for text; the caller may have
    meant the mean of the numbers, so say so."""
    if not levels:
        return
    numbers = all(held_number(v) for v in levels)  # numbers held as Python objects (a mixed column cleaned)
    # a missing value written as text ('NA' of R's write.csv, '.' of SAS and Stata) beside numbers
    tokens = [v for v in levels if missing_token(v)]
    rest = [v for v in levels if v not in tokens]
    comma = decimal_comma(rest)
    text_numbers = all(isinstance(v, str) for v in rest) and (comma or not pd.to_numeric(
        pd.Series(rest), errors="coerce").isna().any())
    if not rest or not (numbers or text_numbers):
        return
    shown = ", ".join(repr(v) for v in levels[:6]) + (", ..." if len(levels) > 6 else "")
    held = "holds numbers as Python objects" if numbers else "is text whose values are all numbers"
    if comma:
        held += (" written with a comma (a decimal comma or a thousands separator: the values do not tell)"
                 if thousands_comma(rest) else " written with a decimal comma")
    fix = f"df[{name!r}] = {numeric_conversion(f'df[{name!r}]', levels)}"
    both = comma and thousands_comma(rest)   # '12,500': no file reading to name
    if tokens:
        held += f" but {', '.join(repr(v) for v in tokens)}, a missing value written as text,"
        fix += f" (or read the file with na_values={tokens!r}{DECIMAL_ARG if comma and not both else ''})"
    elif comma and not both:
        fix += f" (or read the file with {DECIMAL_ARG[2:]})"
    fix += comma_note(rest)
    warnings.warn(
        f"{what}: {name!r} {held} ({shown}), so the result is "
        f"the share of each value, not the {what} of the numbers (as R does for text). For the "
        f"{what}, convert the column first: {fix}.",
        SurveykitWarning,
        stacklevel=4,
    )


def items(design: Design, variables: str | Sequence[str], *, what: str = "mean") -> Items:
    """Numeric variables -> one column; categorical/bool/text -> one indicator per level.

    Missing values are marked per variable (available cases), never listwise.
    """
    names = variable_list(variables, f"{what}: variables")
    if not names:
        raise DesignError(f"{what}: no variables given; pass a column name or a list of names.")
    check_columns(design, names, what)
    data, code, var, lev, cat = [], [], [], [], []
    for name in names:
        s = design.data[name]
        numeric = pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
        if numeric and not isinstance(s.dtype, pd.CategoricalDtype):
            data.append(_float_view(s))
            code.append(None)
            var.append(name)
            lev.append(None)
            cat.append(False)
            continue
        if what in ("mean", "total") and s.dtype.kind in "mM":
            raise DataError(
                f"{what}: {name!r} holds {'durations' if s.dtype.kind == 'm' else 'dates or times'} "
                f"({s.dtype}); a {what} of them is not estimated, and a share of every value is seldom "
                f"meant. Make a number of it first: {date_number(f'df[{name!r}]', s.dtype)}"
                f"{'' if s.dtype.kind == 'm' else ', or group it for shares (dt.to_period(' + repr('M') + '))'}, "
                "and pass the new column."
            )
        lv = _levels(s)
        if what in ("mean", "total") and not isinstance(s.dtype, pd.CategoricalDtype):
            _warn_numbers_as_text(name, lv, what)
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.to_numpy()
        else:
            codes = np.asarray(pd.Categorical(s, categories=lv).codes)
        for i, level in enumerate(lv):
            data.append(codes)
            code.append(i)
            var.append(name)
            lev.append(str(level))
            cat.append(True)
    return Items(data, code, var, lev, cat)


def check_conf_level(conf_level: float, caller: str) -> float:
    """The confidence level as a probability in (0, 1); anything else is refused the same way
    by every estimator (a percentage such as 90 is the usual slip).

    Example:
        >>> check_conf_level(0.9, "mean")
        0.9
        >>> check_conf_level(90, "mean")
        Traceback (most recent call last):
        surveykit.errors.DesignError: mean: conf_level=90 is not a probability between 0 and 1; for a 90 % interval pass conf_level=0.9.
    """
    try:
        value = float(conf_level)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(conf_level, bool) or not 0 < value < 1:
        hint = ""
        if 1 < value < 100:
            hint = f"; for a {value:g} % interval pass conf_level={value / 100:g}"
        raise DesignError(
            f"{caller}: conf_level={conf_level!r} is not a probability between 0 and 1{hint or '; e.g. conf_level=0.95 for a 95 % interval'}."
        )
    if value < 0.5:  # R's alpha (svyquantile(alpha = 0.05)) given as the level: a 5 % interval
        raise DesignError(
            f"{caller}: conf_level={conf_level!r} asks for a {value * 100:g} % interval, narrower than "
            f"a coin toss; if it is R's alpha (svyquantile's alpha = 0.05), the level is 1 - alpha: "
            f"conf_level={1 - value:g}. Levels below 0.5 are refused."
        )
    return value


def _quantile(df, conf_level: float):
    with np.errstate(invalid="ignore"):
        return t_ppf(0.5 + conf_level / 2, np.where(np.asarray(df) > 0, df, np.nan))


def t_interval(est, se, df, conf_level: float):
    """t-based confidence limits with the design degrees of freedom (R ``ci_t``)."""
    q = _quantile(df, check_conf_level(conf_level, "conf_level"))
    return est - q * se, est + q * se


_EDGE = 1e-12   # a share this close to 0 or 1 is 0 or 1 (no sample weights a case by 1e-12 of the total)


def logit_interval(est, se, df, conf_level: float, *, se_logit=None):
    """R's ``svyciprop(method="logit")``: logit(p) ± t·se/(p(1−p)), back-transformed.

    ``se_logit``: the standard error on the logit scale when it is known directly (a
    replicate design's replicates), instead of the delta method's se/(p(1−p)). At p = 0 or 1
    the interval is [p, p], as R gives (its logit fit diverges to the bound).

    Example:
        >>> lo, hi = logit_interval(np.array([0.0, 0.5, 1.0]), np.array([0.0, 0.1, 0.0]), 30, 0.95)
        >>> lo.round(4).tolist(), hi.round(4).tolist()
        ([0.0, 0.3064, 1.0], [0.0, 0.6936, 1.0])
    """
    est, se = np.asarray(est, dtype=float), np.asarray(se, dtype=float)
    q = _quantile(df, check_conf_level(conf_level, "conf_level"))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):   # exp(±large) -> 0 or 1
        eta = np.log(est / (1 - est))
        half = q * se / (est * (1 - est)) if se_logit is None else q * np.asarray(se_logit)
        lo, hi = 1 / (1 + np.exp(-(eta - half))), 1 / (1 + np.exp(-(eta + half)))
    # 0 or 1 up to round-off (a share of no case, summed around a centre, can be 1e-17): the
    # logit's half-width there is astronomically wide ([0, 1] for an observed 0 %), R's exact 0 gives [0, 0]
    edge = ((est <= _EDGE) | (est >= 1 - _EDGE)) & np.isfinite(q)
    return np.where(edge, est, lo), np.where(edge, est, hi)


def assemble(
    design: Design,
    keys: pd.DataFrame,
    groups: np.ndarray,
    it_variable: list[str],
    it_level: list,
    est: np.ndarray,
    se: np.ndarray,
    n: np.ndarray,
    deff: np.ndarray,
    conf_level: float,
    *,
    df: np.ndarray | None = None,
    ci: tuple[np.ndarray, np.ndarray] | None = None,
    suppress: np.ndarray | None = None,
) -> pd.DataFrame:
    """Tidy result, one row per (group, item); arrays are (G, k). Applies suppression.

    ``df`` defaults to the domain's design df (R's ``degf`` of the group's design, as
    ``svyciprop`` uses), ``ci`` to the t interval on it; ``n_eff = n / deff``. A row is
    suppressed when ``0 < n < design.min_cell`` or where ``suppress`` (G, k) is True. A row
    with ``n == 0`` (nobody in the group answered: e.g. a question not asked in that wave)
    rests on no respondents: it has no numbers (estimate, interval, df ... empty) and is not
    suppressed, since there is nothing to protect and nothing that could give a cell away.
    """
    n_groups, k = est.shape
    if df is None:
        df = np.broadcast_to(group_degf(design, groups, n_groups)[:, None], (n_groups, k))
    df = np.broadcast_to(df, (n_groups, k)).astype(float)
    lo, hi = ci if ci is not None else t_interval(est, se, df, conf_level)
    deff = np.broadcast_to(np.asarray(deff, dtype=float), (n_groups, k))
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = n / deff
    empty = n == 0
    suppressed = ~empty & (n < design.min_cell)
    if suppress is not None:
        suppressed = suppressed | (suppress & ~empty)
    blanked = suppressed | empty
    cols = {
        "variable": np.tile(np.asarray(it_variable, dtype=object), n_groups),
        "level": np.tile(np.asarray(it_level, dtype=object), n_groups),
    }
    for name, arr in [("estimate", est), ("std_error", se), ("conf_low", lo),
                      ("conf_high", hi), ("n_eff", n_eff), ("deff", deff)]:
        cols[name] = np.where(blanked, np.nan, arr).ravel()
    cols["df"] = np.where(empty, np.nan, df).ravel()
    cols["n"] = n.ravel().astype(np.int64)
    cols["suppressed"] = suppressed.ravel()
    names = by_names(list(keys.columns))
    for c, name in names.items():
        cols[name] = keys[c].repeat(k).reset_index(drop=True)
    return result_frame(cols, by=list(names.values()))
