"""Population margins: normalisation, matching to sample cells, validation (internal)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.design import Design
from surveykit.errors import DesignError, SurveykitWarning

__all__ = [
    "Margin", "Spec", "check_same_total", "checked", "combo_codes", "factor_codes", "from_formulas", "key_str",
    "margins_of", "match", "protect_backticks", "r_name", "specs",
]

_BACKTICKED = re.compile(r"`([^`]*)`")
_R_RESERVED = frozenset({"if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
                         "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "in"})


def protect_backticks(text: str) -> tuple[str, dict[str, str]]:
    """``text`` (a formula) with each backticked name (R's `site type`, `a-b`) replaced by a
    token free of spaces and operators, and the names of those tokens.

    Example:
        >>> protect_backticks("~`site type` + x")
        ('~__backticked0__ + x', {'__backticked0__': 'site type'})
    """
    names: dict[str, str] = {}

    def token(m: re.Match) -> str:
        key = f"__backticked{len(names)}__"
        names[key] = m.group(1)
        return key

    return _BACKTICKED.sub(token, text), names


def r_name(name: str) -> str:
    """A column's name as R's model.matrix writes it: backticked unless it is a syntactic R name.

    Example:
        >>> r_name("sch.wide"), r_name("site type"), r_name("1st"), r_name("høyde")
        ('sch.wide', '`site type`', '`1st`', 'høyde')
    """
    syntactic = (re.fullmatch(r"(?:[^\W\d_]|\.(?![0-9]))[\w.]*|\.", name) is not None
                 and name not in _R_RESERVED)
    return name if syntactic else f"`{name}`"


def key_str(v) -> str:
    """A population/sample level as a comparable string (1, 1.0 and "1" agree)."""
    if isinstance(v, bool | np.bool_):
        return str(bool(v))
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    return str(v)


@dataclass(frozen=True)
class Margin:
    """One margin: its variables, the cell of each row (-1: none) and the cell totals."""

    columns: tuple[str, ...]
    cell: np.ndarray  # (n,)
    target: np.ndarray  # (m,)
    labels: list[tuple[str, ...]]


@dataclass(frozen=True)
class Spec:
    """One population margin as given: its variables, cell keys (``key_str``) and totals."""

    columns: list[str]
    keys: list[tuple[str, ...]]
    target: np.ndarray


def from_formulas(formulas, population, count: str, what: str) -> list:
    """R's form ``rake(design, list(~a, ~b + c), list(table_a, table_bc))`` (and ``calibrate``'s
    ``formula = list(...), population = list(...)``): the population tables, each checked to
    hold the variables of its formula."""
    formulas = [formulas] if isinstance(formulas, str) else list(formulas)
    tables = [population] if isinstance(population, Mapping | pd.DataFrame | pd.Series) else list(population)
    if len(formulas) != len(tables):
        raise DesignError(
            f"{what}: {len(formulas)} margin formula(s) {formulas} but {len(tables)} population table(s); "
            "give one table per formula, in the same order."
        )
    for formula, table in zip(formulas, tables, strict=True):
        if not isinstance(formula, str) or not formula.strip().startswith("~"):
            raise DesignError(
                f"{what}: with population tables, the margins are R's formulas such as '~stype' or "
                f"'~stype + sch.wide'; got {formula!r}."
            )
        rhs, quoted = protect_backticks(formula.strip()[1:])
        wanted = sorted(quoted.get(v.strip(), v.strip()) for v in re.split(r"[+*:]", rhs) if v.strip())
        have = sorted(_spec_of(table, count, what).columns)
        if wanted != have:
            raise DesignError(
                f"{what}: the margin {formula!r} is given the population table of {have}; each table "
                "must hold the variables of its formula (and the counts), in the same order as the formulas."
            )
    return tables


def _spec_of(m, count: str, what: str) -> Spec:
    if isinstance(m, pd.Series) and all(n is not None for n in m.index.names):
        m = m.rename(count).reset_index()  # R's table(stype = ...) / xtabs(~stype): levels by name
    if isinstance(m, Mapping) and len(m) == 1:
        (var, totals), = m.items()
        if not isinstance(totals, Mapping):
            raise DesignError(f"margin for {var!r}: expected {{level: total}}, got {type(totals).__name__}.")
        cols, keys = [var], [(key_str(v),) for v in totals]
        target = _numbers(list(totals.values()), what, f"margin {var!r}: ")
    elif isinstance(m, pd.DataFrame):
        if count not in m.columns:
            wide = len(m.columns) > 1 and all(pd.api.types.is_numeric_dtype(t) for t in m.dtypes)
            raise DesignError(
                f"{what}: a margin table has no count column {count!r} (columns: "
                f"{list(m.columns)}). Name the population counts {count!r} or pass count=."
                + (" A two-way table of counts (R's xtabs(~a + b), pd.crosstab) is one margin once "
                   "stacked: table.stack().rename('Freq').reset_index(), with the index and columns "
                   "named by the variables (rename_axis)." if wide else "")
            )
        cols = [c for c in m.columns if c != count]
        keys = [tuple(key_str(v) for v in row) for row in m[cols].itertuples(index=False)]
        target = _numbers(m[count].tolist(), what, f"margin {cols}, column {count!r}: ", count)
    else:
        raise DesignError(
            "margins: each margin must be {variable: {level: total}}, a DataFrame with the "
            f"variables and a {count!r} column, or a Series of counts whose index is named by the "
            f"variable(s); got {type(m).__name__}"
            + (" without a name for its index (name it: s.rename_axis('stype'))." if isinstance(m, pd.Series)
               else " (a formula such as '~stype' needs the population tables as the next argument, "
                    "as R's rake(design, list(~stype), list(pop))." if isinstance(m, str) else ".")
        )
    if len(set(keys)) != len(keys):
        raise DesignError(f"{what}: margin {cols} lists a cell twice.")
    bad = ~np.isfinite(target) | (target < 0)
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        more = f" ({int(bad.sum()) - 1} other cell(s) too)" if bad.sum() > 1 else ""
        raise DesignError(
            f"{what}: margin {' x '.join(cols)}, cell {' x '.join(keys[j])!r}: the population total "
            f"is {target[j]:g}{more}; a total must be a finite number >= 0 (0 for a cell with no "
            "one in the population). Give the cell's population count."
        )
    return Spec(cols, keys, target)


def _numbers(values: list, what: str = "margins", where: str = "", column: str | None = None) -> np.ndarray:
    """Population totals as floats; text that is no number ('4421,0' with a decimal comma,
    '4 421') is a DesignError naming it (pandas' ValueError named only its position)."""
    try:
        return np.array([float(v) for v in values])
    except (TypeError, ValueError):  # pandas' rules for anything else
        pass
    try:
        return pd.to_numeric(pd.Series(values, dtype=object)).to_numpy(float)
    except (TypeError, ValueError):
        bad = [v for v in values if pd.isna(pd.to_numeric(pd.Series([v], dtype=object), errors="coerce")[0])
               and not pd.isna(v)]
        comma = all(isinstance(v, str) and re.fullmatch(r"\s*[0-9 ]+,[0-9]+\s*", v) for v in bad)
        if column is None:
            fix = "write them as numbers (4421, 755.5)"
        elif comma and all(re.fullmatch(r"\s*[0-9]{1,3}(,[0-9]{3})+\s*", v) for v in bad):
            fix = (f"they are written with a comma, which may separate thousands ({bad[0].strip()} = "
                   f"{bad[0].strip().replace(',', '')}: table[{column!r}] = pd.to_numeric(table[{column!r}]"
                   f".str.replace(',', '')), or be a decimal comma ({bad[0].strip()} = "
                   f"{bad[0].strip().replace(',', '.')}: table[{column!r}] = pd.to_numeric(table[{column!r}]"
                   ".str.replace(',', '.'))); the values do not tell, the population table does")
        elif comma:
            fix = (f"they are written with a decimal comma: convert them with table[{column!r}] = "
                   f"pd.to_numeric(table[{column!r}].str.replace(' ', '').str.replace(',', '.')), or "
                   "read the file with decimal=','")
        else:
            fix = f"convert them: table[{column!r}] = pd.to_numeric(table[{column!r}])"
        raise DesignError(
            f"{what}: {where}population totals that are not numbers: "
            f"{', '.join(map(repr, bad[:5]))}{' and more' if len(bad) > 5 else ''}; {fix}."
        ) from None


def specs(margins, count: str, what: str = "margins") -> list[Spec]:
    """The margins one by one: a dict of several variables is one margin per variable."""
    if isinstance(margins, Mapping | pd.DataFrame):
        margins = [margins]
    out = []
    for m in margins:
        if isinstance(m, Mapping) and len(m) > 1:
            out.extend(_spec_of({k: v}, count, what) for k, v in m.items())
        else:
            out.append(_spec_of(m, count, what))
    return out


def factor_codes(s: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes (-1 = missing) and the values they stand for (categoricals: no hashing)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), list(s.cat.categories)  # int8/int16: combo_codes widens
    f, u = pd.factorize(s)
    return f.astype(np.int64, copy=False), list(u)


def margins_of(design: Design, margins, *, count: str = "Freq", what: str = "rake") -> list[Margin]:
    """Match every population cell to the sample rows; raise on any mismatch."""
    out = []
    data, weights = design.data, design.weights
    active = weights != 0
    for spec in specs(margins, count, what):
        missing = [c for c in spec.columns if c not in data.columns]
        if missing:
            raise DesignError(
                f"{what}: margin variable(s) {missing} not in the design's data. "
                f"Available: {list(data.columns)[:25]}."
            )
        codes, uniq = zip(*(factor_codes(data[c]) for c in spec.columns), strict=True)
        cell = match(spec, list(codes), list(uniq))
        bad = active & (cell < 0)
        if bad.any():
            cols = spec.columns
            vals = data.loc[bad, cols].astype("string").fillna("<missing>").agg(" x ".join, axis=1).value_counts()
            shown = ", ".join(f"{k!r} ({v} rows)" for k, v in vals.head(5).items())
            raise DesignError(
                f"{what}: sample values of {cols} with no population total: {shown}. "
                f"Add them to the margin (population cells: {[' x '.join(k) for k in spec.keys][:10]}), "
                "recode them, or drop those respondents."
            )
        out.append(checked(spec, cell, weights, what))
    return out


def match(spec: Spec, codes: list[np.ndarray], uniq: list[list]) -> np.ndarray:
    """The population cell of every row (-1: none) from its codes of the margin's variables."""
    index = {k: i for i, k in enumerate(spec.keys)}
    names = [[key_str(v) for v in u] for u in uniq]
    combo, first = combo_codes(codes, [len(u) for u in uniq])
    lut = np.full(len(first) + 1, -1, dtype=np.int64)  # last: rows in no combination
    for j, row in enumerate(first):
        lut[j] = index.get(tuple(names[i][row[i]] for i in range(len(codes))), -2)
    return lut[combo]


_R_REFUSES = {w: " (R's postStratify refuses: 'Strata in sample absent from population')"
              for w in ("poststratify", "rake")}


_R_PARTIAL = {"poststratify": (", or, to weight the other cells to their own totals as R's postStratify("
                                "partial = TRUE) does, leave the empty cells out of the table (R without "
                                "partial = TRUE refuses: 'Some strata absent from sample').")}


def checked(spec: Spec, cell: np.ndarray, weights: np.ndarray, what: str) -> Margin:
    """The margin, after checking that every population cell has sample weight and that no
    cell of population 0 has any (its respondents would get weight 0: R's ``postStratify``
    refuses, "Strata in sample absent from population")."""
    ok = (weights != 0) & (cell >= 0)
    have = np.bincount(cell[ok], weights=weights[ok], minlength=len(spec.keys))
    absent = (spec.target == 0) & (have > 0)
    if absent.any():
        rows = np.bincount(cell[ok], minlength=len(spec.keys))  # respondents with a positive weight
        cells = [f"{' x '.join(spec.keys[i])!r} ({int(rows[i])} respondents)" for i in np.flatnonzero(absent)]
        raise DesignError(
            f"{what}: population cell(s) {', '.join(cells[:5])}{' and more' if len(cells) > 5 else ''} "
            f"of margin {' x '.join(spec.columns)} have population total 0 but respondents with a "
            "positive weight: weighting would give them weight 0, and the estimates would describe "
            f"a population without them{_R_REFUSES.get(what, '')}. Give the cell's population count, "
            "or, if no one in the population is in "
            "it, drop its respondents first (design.subset(), the domain without them) or merge the "
            "cell with a neighbour in the data and in the margin."
        )
    empty = (have == 0) & (spec.target > 0)
    if empty.any():
        labels = [" x ".join(spec.keys[i]) for i in np.flatnonzero(empty)]
        raise DesignError(
            f"{what}: population cell(s) {labels} of {spec.columns} have no sample (total "
            f"{spec.target[empty].tolist()}). Collapse them with a neighbouring cell in the "
            f"population table{_R_PARTIAL.get(what, '.')}"
        )
    return Margin(tuple(spec.columns), np.where(cell < 0, -1, cell), spec.target, spec.keys)


def warn_fewer_than_sampled(total: float, design: Design, what: str, which: str) -> None:
    """Warn when the population total is below the number of respondents: shares (0.7) or
    percentages (70) given for counts. No population is smaller than the sample drawn from it;
    weighted to such totals each respondent stands for less than one person, so means and
    shares are right but totals (and their SEs) are of a population of 1 or 100 (R takes them
    silently)."""
    respondents = int(np.count_nonzero(design.weights))
    if not total < respondents:
        return
    warnings.warn(
        f"{what}: the population total of {which} is {total:g}, below the {respondents} respondents: "
        "these look like shares or percentages, not counts. "
        "Weighted to them, means and shares are right but totals and their SEs describe a population of "
        "that size. Give population counts (e.g. the shares times the population size) if totals are wanted.",
        SurveykitWarning,
        stacklevel=4,
    )


def combo_codes(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, list[tuple]]:
    """Code of each row's combination of factor codes (-1 if any is -1), and the combinations.

    Combinations are numbered in mixed-radix order of the codes (first column slowest), found
    with a dense presence table (no sorting) when the radix space is small.
    """
    n = len(codes[0]) if codes else 0
    codes = [np.asarray(c) for c in codes]
    complete = all(c.min(initial=0) >= 0 for c in codes)
    ok = None if complete else np.logical_and.reduce([c >= 0 for c in codes])
    space = int(np.prod([max(m, 1) for m in sizes])) if codes else 1
    if len(codes) > 1:  # mixed radix in int64 from the first product on (no widening pass)
        key = np.multiply(codes[0], max(sizes[1], 1), dtype=np.int64)
        key += codes[1]
        for c, m in zip(codes[2:], sizes[2:], strict=True):
            key *= max(m, 1)
            key += c
    else:
        key = codes[0].astype(np.int64) if codes else np.zeros(0, dtype=np.int64)
    if space <= 4 * n + 1024:
        present = np.flatnonzero(np.bincount(key if complete else key[ok], minlength=space))
        if complete and len(present) == space:  # every combination occurs: the key is the code
            out = key
        else:
            remap = np.full(space, -1, dtype=np.int64)
            remap[present] = np.arange(len(present))
            out = remap[key] if complete else np.where(ok, remap[np.where(ok, key, 0)], -1)
    else:
        present, inv = np.unique(key if complete else key[ok], return_inverse=True)
        out = np.full(n, -1, dtype=np.int64)
        out[slice(None) if complete else ok] = inv.ravel()
    combos = []
    for p in present:
        row = []
        for m in reversed(sizes):
            row.append(int(p % max(m, 1)))
            p //= max(m, 1)
        combos.append(tuple(reversed(row)))
    return out, combos


def check_same_total(margins: Sequence[Margin], what: str, rtol: float = 1e-6, design: Design | None = None) -> None:
    """All margins must describe the same population size (of at least the ``design``'s
    respondents: else a warning, :func:`warn_fewer_than_sampled`)."""
    totals = [float(m.target.sum()) for m in margins]
    if max(totals) - min(totals) > rtol * max(abs(t) for t in totals):
        desc = ", ".join(f"{'x'.join(m.columns)}: {t:g}" for m, t in zip(margins, totals, strict=True))
        raise DesignError(
            f"{what}: the margins do not sum to the same population total ({desc}). "
            "Use population counts from one source, or rescale them to the same total."
        )
    if design is not None and totals:
        warn_fewer_than_sampled(totals[0], design, what, "the margins")
