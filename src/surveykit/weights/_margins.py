"""Population margins: normalisation, matching to sample cells, validation (internal)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from surveykit.design import Design
from surveykit.errors import DesignError

__all__ = ["Margin", "check_same_total", "combo_codes", "factor_codes", "key_str", "margins_of"]


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


def _frame_of(m, count: str) -> pd.DataFrame:
    if isinstance(m, pd.DataFrame):
        return m
    if isinstance(m, Mapping) and len(m) == 1:
        (var, totals), = m.items()
        if not isinstance(totals, Mapping):
            raise DesignError(f"margin for {var!r}: expected {{level: total}}, got {type(totals).__name__}.")
        return pd.DataFrame({var: list(totals.keys()), count: list(totals.values())})
    raise DesignError(
        "margins: each margin must be {variable: {level: total}} or a DataFrame with the "
        f"variables and a {count!r} column; got {type(m).__name__}."
    )


def _split(margins, count: str) -> list[pd.DataFrame]:
    if isinstance(margins, Mapping | pd.DataFrame):
        margins = [margins]
    out = []
    for m in margins:
        if isinstance(m, Mapping) and len(m) > 1:
            out.extend(_frame_of({k: v}, count) for k, v in m.items())
        else:
            out.append(_frame_of(m, count))
    return out


def factor_codes(s: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes (-1 = missing) and the values they stand for (categoricals: no hashing)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), list(s.cat.categories)  # int8/int16: combo_codes widens
    f, u = pd.factorize(s)
    return f.astype(np.int64, copy=False), list(u)


def margins_of(design: Design, margins, *, count: str = "Freq", what: str = "rake",
               data: pd.DataFrame | None = None, weights: np.ndarray | None = None) -> list[Margin]:
    """Match every population cell to the sample rows; raise on any mismatch.

    ``data``/``weights`` replace the design's rows (e.g. one row per combination of the margin
    variables with its weight total); cells then refer to those rows.
    """
    out = []
    data = design.data if data is None else data
    weights = design.weights if weights is None else weights
    active = weights != 0
    for frame in _split(margins, count):
        if count not in frame.columns:
            raise DesignError(
                f"{what}: a margin table has no count column {count!r} (columns: "
                f"{list(frame.columns)}). Name the population counts {count!r} or pass count=."
            )
        cols = [c for c in frame.columns if c != count]
        missing = [c for c in cols if c not in data.columns]
        if missing:
            raise DesignError(
                f"{what}: margin variable(s) {missing} not in the design's data. "
                f"Available: {list(data.columns)[:25]}."
            )
        pop_keys = [tuple(key_str(v) for v in row) for row in frame[cols].itertuples(index=False)]
        if len(set(pop_keys)) != len(pop_keys):
            raise DesignError(f"{what}: margin {cols} lists a cell twice.")
        index = {k: i for i, k in enumerate(pop_keys)}
        codes, uniq = [], []
        for c in cols:
            f, u = factor_codes(data[c])
            codes.append(f)
            uniq.append([key_str(v) for v in u])
        combo, first = combo_codes(codes, [len(u) for u in uniq])
        lut = np.full(len(first), -1, dtype=np.int64)
        for j, row in enumerate(first):
            key = tuple(uniq[i][row[i]] for i in range(len(cols)))
            lut[j] = index.get(key, -2)
        cell = np.where(combo >= 0, lut[np.maximum(combo, 0)], -1)
        bad = active & (cell < 0)
        if bad.any():
            vals = data.loc[bad, cols].astype(str).agg(" x ".join, axis=1).value_counts()
            shown = ", ".join(f"{k!r} ({v} rows)" for k, v in vals.head(5).items())
            raise DesignError(
                f"{what}: sample values of {cols} with no population total: {shown}. "
                f"Add them to the margin (population cells: {[' x '.join(k) for k in pop_keys][:10]}), "
                "recode them, or drop those respondents."
            )
        target = pd.to_numeric(frame[count]).to_numpy(float)
        have = np.bincount(cell[active], weights=weights[active], minlength=len(pop_keys))
        empty = (have == 0) & (target > 0)
        if empty.any():
            labels = [" x ".join(pop_keys[i]) for i in np.flatnonzero(empty)]
            raise DesignError(
                f"{what}: population cell(s) {labels} of {cols} have no sample (total "
                f"{target[empty].tolist()}). Collapse them with a neighbouring cell in the "
                "population table."
            )
        out.append(Margin(tuple(cols), np.where(cell < 0, -1, cell), target, pop_keys))
    return out


def combo_codes(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, list[tuple]]:
    """Code of each row's combination of factor codes (-1 if any is -1), and the combinations.

    Combinations are numbered in mixed-radix order of the codes (first column slowest), found
    with a dense presence table (no sorting) when the radix space is small.
    """
    n = len(codes[0]) if codes else 0
    codes = [np.asarray(c) for c in codes]
    complete = all(c.min(initial=0) >= 0 for c in codes)
    ok = None if complete else np.logical_and.reduce([c >= 0 for c in codes])
    key = codes[0].astype(np.int64) if codes else np.zeros(0, dtype=np.int64)
    space = max(sizes[0], 1) if codes else 1
    for c, m in zip(codes[1:], sizes[1:], strict=True):
        key *= max(m, 1)
        key += c
        space *= max(m, 1)
    if space <= 4 * n + 1024:
        present = np.flatnonzero(np.bincount(key if complete else key[ok], minlength=space))
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


def check_same_total(margins: Sequence[Margin], what: str, rtol: float = 1e-6) -> None:
    """All margins must describe the same population size."""
    totals = [float(m.target.sum()) for m in margins]
    if max(totals) - min(totals) > rtol * max(abs(t) for t in totals):
        desc = ", ".join(f"{'x'.join(m.columns)}: {t:g}" for m, t in zip(margins, totals, strict=True))
        raise DesignError(
            f"{what}: the margins do not sum to the same population total ({desc}). "
            "Use population counts from one source, or rescale them to the same total."
        )
