"""Replicate weights from columns of the data, with R's ``svrepdesign`` defaults (survey 4.1).

``repweights`` is a regular expression (searched in the column names, as R's ``grep``) or a
list of columns. The columns are full replicate weights (R's ``combined.weights=TRUE``) unless
``combined_weights=False`` (then they are factors of the full-sample weight). Defaults of
``scale`` / ``rscales`` per type, as R:

========================== ===================== =========================================
type                       scale                 rscales
========================== ===================== =========================================
BRR                        1/R (a given one is   1
                           ignored, with a
                           warning)
Fay                        1/(R (1-rho)^2)       1       (``rho`` required)
JK1                        (R-1)/R (guessed,     1
                           with a warning)
JKn                        1                     required ((n_h-1)/n_h per replicate)
bootstrap, subbootstrap    1/(R-1)               1
successive-difference, ACS 4/R (forced)          1 (forced)
JK2                        1 (forced)            1 (forced)
other                      1 (warning)           1 (warning)
========================== ===================== =========================================

``mse=False`` (R's default for every type): the variance is centred on the mean of the
replicates; ``mse=True`` centres it on the full-sample estimate.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"w": [2.0, 2.0], "r1": [4.0, 0.0], "r2": [0.0, 4.0]})
    >>> rep = from_columns(df, "^r[0-9]$", df["w"].to_numpy(), "BRR", None, None, None, False, True)
    >>> rep.scale, rep.names, rep.matrix.dtype.name
    (0.5, ('r1', 'r2'), 'int16')
"""

from __future__ import annotations

import numbers
import re
import warnings
from collections.abc import Iterable, Sequence, Set

import numpy as np
import pandas as pd

from surveykit._rows import where
from surveykit.design.replicate import REPLICATE_TYPES, Replicates
from surveykit.design.repsums import EXACT32
from surveykit.errors import DesignError, SurveykitWarning

_INT16 = np.iinfo(np.int16)

__all__ = ["check_flag", "from_columns", "replicate_columns"]


def _warn(message: str) -> None:
    warnings.warn(message, SurveykitWarning, stacklevel=5)


def _type_hint(type_) -> str:
    """' Did you mean ...?' for a replicate type written in another case or spacing, or by the
    abbreviation of Stata's ``vce(sdr)`` and the Census ('SDR'); the type is never guessed."""
    if not isinstance(type_, str):
        return ""
    key = re.sub(r"[\s_-]+", "", type_).lower()
    names = {re.sub(r"-", "", t).lower(): t for t in REPLICATE_TYPES} | {"sdr": "successive-difference"}
    return f" Did you mean {names[key]!r}?" if key in names else ""


def check_flag(name: str, value, caller: str = "Design") -> bool:
    """``value`` as a bool, refusing anything else: ``"False"`` is true to Python.

    Example:
        >>> check_flag("mse", np.True_)
        True
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise DesignError(
        f"{caller}: {name}={value!r} must be True or False, not a {type(value).__name__} (read by its truth "
        f"value, {name}='False' would be True). Pass {name}=True or {name}=False."
    )


def _number(name: str, value, *, vector: bool = False):
    """A real number (a length-1 sequence is one, as R), or with ``vector`` a 1-D array of them."""
    arr = np.asarray(value, dtype=object)
    flat = arr.reshape(-1)
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_) for v in flat):
        raise DesignError(f"Design: {name}={value!r} must be {'numbers' if vector else 'a number'}, not text "
                          f"or True/False; convert it first (e.g. {name}=0.5).")
    if vector and arr.ndim <= 1:
        return np.atleast_1d(arr.astype(float))
    if not vector and flat.size == 1:
        return float(flat[0])
    what = "a flat list of numbers, one per replicate" if vector else "one number"
    raise DesignError(f"Design: {name} has shape {arr.shape}; give {what}.")


def replicate_columns(df: pd.DataFrame, repweights: str | Sequence[str], weights: str | None) -> list[str]:
    """The replicate columns named by a regular expression or a list (errors name the problem)."""
    if isinstance(repweights, str):
        try:
            pattern = re.compile(repweights)
        except re.error as e:
            raise DesignError(f"Design: repweights={repweights!r} is not a valid regular expression ({e}).") from e
        cols = [c for c in df.columns if isinstance(c, str) and pattern.search(c)]
        if not cols:
            raise DesignError(
                f"Design: repweights={repweights!r} matches no column. Columns: "
                f"{list(df.columns)[:25]}. Give a regular expression such as '^PWGTP[0-9]+$' "
                "or a list of column names."
            )
        _refuse_two_families(cols, repweights, weights)
    else:
        if isinstance(repweights, Set) or not isinstance(repweights, Iterable):
            raise DesignError(
                f"Design: repweights={repweights!r} is a {type(repweights).__name__}: "
                + ("its order is not fixed, so rscales and the replicates would pair differently from run to "
                   "run. " if isinstance(repweights, Set) else "")
                + "Give a list of the columns in order, or a regular expression such as '^rw[0-9]+$'."
            )
        cols = list(repweights)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise DesignError(
                f"Design: replicate weight column(s) {missing[:10]} not in the data. "
                f"Available columns: {list(df.columns)[:25]}. Check the spelling."
            )
        if not cols:
            raise DesignError("Design: repweights is an empty list; name the replicate weight columns.")
    if len(set(cols)) != len(cols):
        twice = sorted({c for c in cols if cols.count(c) > 1}, key=cols.index)
        raise DesignError(f"Design: repweights lists column(s) {twice} more than once; "
                          f"name each replicate weight column once.")
    if weights is not None and weights in cols:
        stem = re.sub(r"[0-9]+$", "", weights)
        # CHIS's RAKEDW0 beside RAKEDW1..80: the weight is the family's column 0
        pattern = f"^{re.escape(stem)}[1-9][0-9]*$" if stem != weights else f"^{re.escape(weights)}[0-9]+$"
        raise DesignError(
            f"Design: the full-sample weights {weights!r} are also among the replicate columns "
            f"matched by repweights={repweights!r}; anchor the pattern (e.g. '{pattern}')."
        )
    return cols


def _refuse_text(df: pd.DataFrame, cols: list[str]) -> None:
    """Refuse replicate columns that are not numbers (a file read with ``dtype=str`` to keep the
    ACS's codes with their leading zeros has its weights as text), naming them all at once."""
    bad = [c for c in cols if pd.api.types.is_bool_dtype(df[c].dtype)
           or not pd.api.types.is_numeric_dtype(df[c].dtype)]
    if not bad:
        return
    first = df[bad[0]]
    shown = first[first.notna()].head(3).tolist()
    raise DesignError(
        f"Design: {len(bad)} of the {len(cols)} replicate weight columns {'is' if len(bad) == 1 else 'are'} not numeric "
        f"({', '.join(repr(c) for c in bad[:5])}{' ...' if len(bad) > 5 else ''}; {bad[0]!r} is "
        f"{first.dtype}, e.g. {shown}). Convert them first, e.g. "
        f"df[cols] = df[cols].apply(pd.to_numeric) with cols the replicate columns (a file read "
        f"with dtype=str has its weights as text)."
    )


def _refuse_two_families(cols: list[str], repweights: str, weights: str | None) -> None:
    """Refuse a pattern that matched numbered columns of more than one family: 'WGTP[0-9]+' in
    an ACS person file merged with its housing file matches PWGTP1..80 and WGTP1..80, and R's
    ``grep`` would take all 160 as replicates of one design (scale 4/160: every SE wrong)."""
    families: dict[str, list[str]] = {}
    for c in cols:
        families.setdefault(re.sub(r"[0-9]+", "#", c), []).append(c)
    if len(families) < 2:
        return
    parts = "; ".join(f"{len(v)} like {v[0]!r}" + (f" ... {v[-1]!r}" if len(v) > 1 else "")
                      for v in families.values())
    stems = [re.sub(r"[0-9]+$", "", v[0]) for v in families.values()]
    stem = re.escape(weights if weights in stems else stems[0])
    raise DesignError(
        f"Design: repweights={repweights!r} matches columns of {len(families)} kinds ({parts}); "
        f"one design's replicates are one numbered family (a person file merged with its housing "
        f"file has both PWGTP1..80 and WGTP1..80). Anchor the pattern to one family, e.g. "
        f"'^{stem}[0-9]+$', or give the list of columns."
    )


def _refuse_missing(df: pd.DataFrame, cols: list[str], c: str, bad: np.ndarray) -> None:
    """The DesignError for missing replicate weights in column ``c`` (``bad``: its rows): rows
    without any replicate weight (data stacked from files whose replicate columns have other
    names) are said to be that, not a cell to fill."""
    first = where(df, int(np.flatnonzero(bad)[0]))
    empty = df[cols].isna().all(axis=1).to_numpy() if len(cols) > 1 else bad
    if len(cols) > 1 and empty.any():
        raise DesignError(
            f"Design: {int(empty.sum())} row(s) have no value in any of the {len(cols)} replicate weight "
            f"columns ({cols[0]!r} ... {cols[-1]!r}; first at {where(df, int(np.flatnonzero(empty)[0]))}): "
            "rows that never had these replicates, as from files stacked whose replicate columns have other "
            "names (or none), or a join that found no match? A replicate design needs every row's replicate "
            "weights (R refuses missing ones too): make one design per file, give the files' replicate columns "
            "one set of names before stacking them (pandas' rename) if they are replicates of one design, or "
            "drop the rows."
        )
    raise DesignError(
        f"Design: replicate weight column {c!r} has {int(bad.sum())} missing or "
        f"infinite value(s) (first at {first}). R refuses "
        "missing replicate weights too; drop those rows or fill them."
    )


def _matrix(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """The columns as one (n, R) matrix: int16 when all are whole numbers that fit in 16 bits
    (the ACS: half the memory of float32, and the products read half as much), float32 when
    whole numbers below 2^24, else float64."""
    arrays = []
    whole = True
    lowest = highest = 0.0
    _refuse_text(df, cols)
    for c in cols:
        s = df[c]
        a = s.to_numpy(dtype=float, na_value=np.nan) if s.dtype.kind not in "iu" else s.to_numpy()
        if a.dtype.kind == "f":
            bad = ~np.isfinite(a)
            if bad.any():
                _refuse_missing(df, cols, c, bad)
            whole = whole and bool(np.all(a == np.round(a)))
        low, high = (float(a.min()), float(a.max())) if len(a) else (0.0, 0.0)
        lowest, highest = min(lowest, low), max(highest, high)
        arrays.append(a)
    whole = whole and max(-lowest, highest) < EXACT32
    small = whole and lowest > _INT16.min and highest <= _INT16.max  # |w| fits: no abs overflow
    n = len(df)
    out = np.empty((n, len(cols)), dtype=np.int16 if small else np.float32 if whole else float)
    step = max(1024, (1 << 20) // max(len(cols), 1))  # row blocks: the transpose stays in cache
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        block = out[r0:r1]
        for j, a in enumerate(arrays):
            block[:, j] = a[r0:r1]
    return out


def from_columns(df: pd.DataFrame, repweights, w: np.ndarray, type_: str | None, scale, rscales,
                 rho, mse: bool, combined: bool, weights_name: str | None = None) -> Replicates:
    """The replicate weights of ``df`` with R's ``svrepdesign`` semantics (module docstring)."""
    if type_ is None:
        raise DesignError(
            "Design: repweights= needs replicate_type= (one of "
            f"{', '.join(REPLICATE_TYPES)}): the variance formula depends on how the replicates "
            "were made; the data provider's documentation says which."
        )
    if type_ not in REPLICATE_TYPES:
        raise DesignError(f"Design: replicate_type={type_!r} is not one of {list(REPLICATE_TYPES)}."
                          + _type_hint(type_))
    mse, combined = check_flag("mse", mse), check_flag("combined_weights", combined)
    scale = None if scale is None else _number("scale", scale)
    rho = None if rho is None else _number("rho", rho)
    cols = replicate_columns(df, repweights, weights_name)
    mat = _matrix(df, cols)
    r = mat.shape[1]
    if r < 2 and type_ in ("bootstrap", "subbootstrap"):
        raise DesignError(
            f"Design: replicate_type={type_!r} with {r} replicate column ({cols}): a variance from one "
            "bootstrap replicate means nothing (its scale 1/(R-1) divides by 0). Give all the replicate "
            "columns (check repweights=)."
        )
    _check_combined(mat, w, combined)
    _warn_copy_of_weights(mat, w, cols, combined, weights_name)
    if rscales is not None:
        rscales = _number("rscales", rscales, vector=True)
        if len(rscales) not in (1, r):
            raise DesignError(f"Design: rscales has length {len(rscales)}, should be {r} (one per replicate) or 1.")
        if not np.isfinite(rscales).all() or (rscales < 0).any():
            raise DesignError("Design: rscales must be finite and >= 0.")
    if scale is not None and not (np.isfinite(scale) and scale > 0):
        raise DesignError(f"Design: scale={scale!r} must be a positive number.")
    if type_ == "Fay" and rho is None:
        raise DesignError("Design: replicate_type='Fay' needs rho= (Fay's coefficient, e.g. 0.5), as R.")
    if rho is not None and not 0 <= rho < 1:
        raise DesignError(f"Design: rho={rho!r} must be within [0, 1).")
    if type_ != "Fay" and rho is not None:
        hint = "; for Fay's method use replicate_type='Fay'" if type_ == "BRR" else ""
        _warn(f"Design: rho is not used by replicate_type={type_!r}; ignored (as R){hint}.")
        rho = None
    scale, rscales = _defaults(type_, r, scale, rscales, rho, mat, combined)
    base = None if combined else np.asarray(w, dtype=float).copy()
    return Replicates.from_matrix(mat, type_, scale, np.broadcast_to(rscales, (r,)).copy(), mse,
                                  rho, cols, base=base)


def _defaults(type_, r, scale, rscales, rho, mat, combined):
    """R's ``svrepdesign.default`` choice of scale and rscales per type."""
    if type_ in ("ACS", "successive-difference"):
        if scale is not None or rscales is not None:
            _warn(f"Design: with replicate_type={type_!r} scale and rscales are fixed (4/R and 1); "
                  "the given ones are ignored (as R).")
        return 4.0 / r, np.ones(r)
    if type_ == "JK2":
        if scale is not None or rscales is not None:
            _warn("Design: with replicate_type='JK2' scale and rscales are 1; the given ones are ignored.")
        return 1.0, np.ones(r)
    if type_ == "BRR":
        if scale is not None:
            _warn("Design: replicate_type='BRR' does not use scale= (it is 1/R); ignored, as R.")
        return 1.0 / r, np.ones(r) if rscales is None else rscales
    if type_ == "Fay":
        return 1.0 / (r * (1 - rho) ** 2), np.ones(r) if rscales is None else rscales
    if type_ in ("bootstrap", "subbootstrap"):
        return (1.0 / (r - 1) if scale is None else scale), np.ones(r) if rscales is None else rscales
    _warn_jackknife_factor_twice(type_, scale)
    if type_ == "JK1" and scale is None:
        if combined:
            _warn(f"Design: JK1 without scale=: taking (R-1)/R = {r - 1}/{r}, i.e. one replicate per "
                  "PSU (as R, which guesses the same). Give scale= to be explicit.")
            scale = (r - 1) / r
        else:
            top = float(mat[:, 0].max())
            if not top > 0:
                raise DesignError(
                    "Design: JK1 without scale=: R guesses 1/max of the first replicate's factors, but the "
                    f"first replicate column's largest factor is {top:g} (R's guess is Inf: every SE NA). "
                    "Give scale= ((R-1)/R for one replicate per PSU)."
                )
            _warn("Design: JK1 without scale=: guessing 1/max of the first replicate's factors (as R).")
            scale = 1.0 / top
    if type_ == "JKn" and rscales is None:
        if combined:
            raise DesignError(
                "Design: replicate_type='JKn' with full replicate weights needs rscales= "
                "((n_h - 1) / n_h for the stratum each replicate drops a PSU from), as R."
            )
        top = mat.max(axis=0).astype(float)
        if not (top > 0).all():
            raise DesignError(
                "Design: JKn without rscales=: R guesses 1/max of each replicate's factors, but replicate "
                f"column(s) {(np.flatnonzero(~(top > 0)) + 1).tolist()} have no positive factor (R's guess "
                "is Inf: every SE NA). Give rscales= ((n_h - 1) / n_h per replicate)."
            )
        _warn("Design: JKn without rscales=: guessing 1/max of each replicate's factors (as R).")
        rscales = 1.0 / top
    if type_ == "other" and (scale is None or rscales is None):
        taken = " and ".join(n for n, v in (("scale=", scale), ("rscales=", rscales)) if v is None)
        given = "; the scale= given is used" if scale is not None else \
            ("; the rscales= given are used" if rscales is not None else "")
        _warn(f"Design: replicate_type='other' without {taken}: taking 1 for {'each' if scale is None and rscales is None else 'it'} (as R){given}.")
    return (1.0 if scale is None else float(scale)), (np.ones(r) if rscales is None else rscales)


def _warn_jackknife_factor_twice(type_: str, scale) -> None:
    """Warn where a jackknife's (n-1)/n is likely counted twice: JKn takes it per replicate in
    rscales= (R's as.svrepdesign and jknweights give scale 1), and a scale= below 1 multiplies
    every one of them (as R, silently): every variance (n-1)/n smaller again. (JK1 with rscales
    below 1 is not said: those can be R's finite population corrections, 1 - f.)"""
    if type_ == "JKn" and scale is not None and 0 < scale < 1:
        _warn(f"Design: replicate_type='JKn' with scale={scale:g}: JKn's (n_h-1)/n_h goes in rscales= (one per "
              "replicate, or guessed from the factors), and scale= multiplies every one of them (as R), so a "
              "scale of (n-1)/n counts it twice and every variance is too small. Leave scale= out (1) unless "
              "the data's documentation gives both.")


def _warn_copy_of_weights(mat: np.ndarray, w: np.ndarray, cols: list[str], combined: bool,
                          weights_name: str | None) -> None:
    """Warn of a replicate column numbered 0 that equals the full-sample weights in every row
    (factors of 1): agencies ship the full-sample weight under the replicates' name too (the CPS
    ASEC's PWWGT0 beside PWWGT1..160, CHIS's RAKEDW0), which a pattern such as '^PWWGT[0-9]+$'
    takes as one more replicate: R then counts R + 1 replicates (scale 4/161 instead of 4/160,
    and the centre of mse=False moves), as R's svrepdesign does, silently. A replicate numbered
    1 or more may equal the full sample (successive-difference replicates from a Hadamard
    column of ones): it is one of the design's R and is not named."""
    if len(w) < 2:
        return
    same = [c for j, c in enumerate(cols)
            if re.search(r"(?<![0-9])0+$", c)
            and np.array_equal(mat[:, j], w if combined else np.ones(len(w)))]
    if not same:
        return
    what = f"the full-sample weights {weights_name!r}" if combined and weights_name else (
        "the full-sample weights" if combined else "1 (factors of the full-sample weight)")
    _warn(f"Design: replicate column(s) {same[:5]} equal {what} in every row: such a column is "
          "the full-sample weight under a replicate's name (the CPS ASEC's PWWGT0, CHIS's RAKEDW0), "
          f"not a replicate, and it is counted as one of the {len(cols)} replicates (as R does), "
          "which changes the scale and every SE. Leave it out of repweights= (a list of the "
          "columns, or a pattern such as '^PWWGT([1-9][0-9]*)$') unless the data's documentation "
          "says it is a replicate.")


def _check_combined(mat: np.ndarray, w: np.ndarray, combined: bool) -> None:
    """R's warnings when the columns do not look like what ``combined_weights`` says; else a
    warning when the replicates do not weight up to the full sample's total."""
    rep_mean = float(mat.mean(dtype=float)) if mat.size else 0.0
    w_mean = float(np.mean(w)) if len(w) else 0.0
    if not rep_mean:
        return
    if combined and rep_mean < 5 and w_mean / rep_mean > 5:
        _warn(f"Design: the replicate columns do not look like full weights (mean {rep_mean:.3g}, "
              f"full-sample mean {w_mean:.3g}); if they are factors, pass combined_weights=False.")
    elif not combined and rep_mean > 5 and w_mean / rep_mean < 5:
        _warn(f"Design: the replicate columns look like full weights (mean {rep_mean:.3g}, "
              f"full-sample mean {w_mean:.3g}); with combined_weights=False they multiply them.")
    elif not _warn_totals_of_the_other_kind(mat, np.asarray(w, dtype=float), combined):
        _warn_replicate_totals(mat, np.asarray(w, dtype=float), combined)
        if combined:
            _warn_power_of_ten(mat, np.asarray(w, dtype=float))


def _warn_totals_of_the_other_kind(mat: np.ndarray, w: np.ndarray, combined: bool) -> bool:
    """Warn (and say so) when the replicate columns add up as the other kind does. Replicate
    weights each weight up to about the full sample's total; factors (0 and R/(R-1), 0/2,
    bootstrap counts) average 1 per row, so they add up to about the number of rows. R's
    svrepdesign tells the two apart by their means only (fivefold), which weights near 1
    (1 to 3, say) never reach: factors then taken as weights ignore the weights in every
    replicate, weights taken as factors multiply them twice, and the SEs are wrong while the
    estimates are right. Said only where the two totals differ by more than a quarter."""
    n, total = len(w), float(w.sum())
    if not (n and total > 0) or abs(total / n - 1) < 0.25:
        return False
    sums = mat.sum(axis=0, dtype=float)
    if combined and abs(float(np.mean(sums)) / n - 1) < 0.1:
        _warn(f"Design: the replicate columns add up to {float(np.mean(sums)):.6g} on average, about the "
              f"number of rows ({n}), as replicate factors do, while replicate weights add up to about the "
              f"full-sample weights' total ({total:.6g}). If they are factors (0 and R/(R-1), 0/2, ...), pass "
              "combined_weights=False: taken as weights, every replicate leaves out the weights and the SEs are "
              "wrong while the estimates look right (R's svrepdesign takes them silently).")
        return True
    if not combined and abs(float(np.mean(sums)) / total - 1) < 0.1:
        _warn(f"Design: the replicate columns add up to {float(np.mean(sums)):.6g} on average, about the "
              f"full-sample weights' total ({total:.6g}), as replicate weights do, while factors add up to about "
              f"the number of rows ({n}). If they are weights, leave out combined_weights=False: taken as "
              "factors, they multiply the weights a second time and the SEs are wrong while the estimates look "
              "right (R's svrepdesign takes them silently).")
        return True
    return False


def _warn_power_of_ten(mat: np.ndarray, w: np.ndarray) -> None:
    """Warn when the replicates add up to 10, 100, 1000 ... times the full-sample weights (or a
    tenth, a hundredth ...): one was read with implied decimals and the other not (the CPS ASEC
    writes MARSUPWT and PWWGT1..160 with two implied decimals; dividing one by 100 leaves the
    other 100 times too large). Means and shares are not moved, the SEs of totals are wrong; R
    takes them silently. Every replicate method weights each replicate up to about the full
    sample's total."""
    total = float(w.sum())
    if not total > 0:
        return
    ratio = float(np.mean(mat.sum(axis=0, dtype=float))) / total
    if not ratio > 0:
        return
    k = round(float(np.log10(ratio)))
    if k == 0 or abs(ratio / 10.0**k - 1) > 0.05:
        return
    _warn(f"Design: the replicate weights add up, on average, to {ratio:.4g} times the full-sample "
          f"weights' total: one of them looks scaled by 10^{k} (implied decimals read in one and not "
          "the other: the CPS ASEC writes its weights with two). Means and shares are not moved, but "
          "the SEs of totals are wrong. Scale them alike (e.g. divide both by 100).")


def _warn_replicate_totals(mat: np.ndarray, w: np.ndarray, combined: bool) -> None:
    """Warn of replicate factors that are all 0 or 1: half-sample flags, not factors. MEPS's BRR
    file has BRR1..BRR128 as 0/1 (the factors are 2 x flag); as factors, or multiplied by the
    weight, each replicate weights up to about half the full sample's total, so the SEs of totals
    are wrong (halved with mse=False) while means, shares and models look right. R's svrepdesign
    takes them silently. Every replicate method's factors average 1 (BRR 0/2, Fay 0.5/1.5,
    jackknife 0 and n/(n-1), bootstrap counts times a rescaling)."""
    total = float(w.sum())
    if not total > 0 or not mat.size:
        return
    for r0, r1 in ((0, min(len(w), 1024)), (0, len(w))):  # a first block answers for most files
        for s0 in range(r0, r1, 65536):  # in row blocks: no (n, R) float copy of an ACS file
            block, wb = mat[s0:min(r1, s0 + 65536)], w[s0:min(r1, s0 + 65536), None]
            flags = np.divide(block, wb, out=np.where(block == 0, 0.0, np.nan),
                              where=wb > 0) if combined else block
            if not np.isin(flags, (0, 1)).all():
                return
    if (mat == (w[:, None] if combined else 1)).all():
        return
    sums = mat.sum(axis=0, dtype=float) if combined else w @ mat
    ratio = float(np.mean(sums)) / total
    _warn(f"Design: every replicate factor is 0 or 1 ({'columns equal to 0 or the weight' if combined else 'the columns'}), "
          f"so the replicates weight up to {ratio:.3g} times the full sample's total on average: "
          "these look like half-sample flags (MEPS's BRR1..BRR128), whose replicate factors are 2 x "
          "flag. Used as they are, the SEs of totals are wrong while means look right (as R does). "
          "Double them (df[cols] * 2, combined_weights=False) unless the data's documentation "
          "says otherwise.")
