"""Replicate weights made from a Taylor design (R ``as.svrepdesign``, survey 4.1).

The replicates are factors per first-stage PSU times the full-sample weights (R's
``combined.weights=FALSE``), held as a (PSUs x R) table:

* ``JK1`` (R ``jk1weights``): unstratified designs; replicate r leaves out the r-th PSU (in
  order of appearance) and multiplies the others by n/(n-1); scale (n-1)/n, times (N-n)/N
  with an fpc. A stratified design is refused, as R does.
* ``JKn`` (R ``jknweights``): per stratum (in order of appearance), one replicate per PSU
  that leaves it out and multiplies the stratum's other PSUs by n_h/(n_h-1); rscales
  (n_h-1)/n_h, times (1 - n_h/N_h) with an fpc; scale 1. A stratum of one PSU follows the
  design's ``lonely_psu`` ("adjust": R's replicate that leaves the stratum out and multiplies
  every other row by H/(H-1), rscale (H-1)/H; "remove", "certainty": no replicate).
* ``BRR`` / ``Fay`` (R ``brrweights``): PSUs in pairs per stratum (strata sorted by label;
  a stratum of an even number > 2 of PSUs is split into consecutive pairs, as R does; one
  PSU or an odd number is refused, naming the stratum); replicate i gives the first PSU of
  pair k the factor 2 - rho when ``H[k+1, i] = 1`` and rho otherwise (the second PSU the
  other one). ``H`` is R's ``survey:::hadamard(pairs)``: the smallest of R's stored matrices
  of order 4, 16, 28 and 36 (``hadamard.csv``, exported from survey 4.1-1's
  ``hadamard.list``) above the number of pairs, else a Paley construction from a prime
  p = 3 mod 4 or a doubling (Sylvester) of a stored one, exactly as R chooses. R = the order
  of H; scale 1/(R (1-rho)^2). An fpc is dropped (with a warning, as R).
* ``bootstrap``: the Rao-Wu rescaling bootstrap (R's ``subbootweights``): per stratum and
  replicate, n_h - 1 of the n_h PSUs drawn with replacement, factor = times drawn x
  n_h/(n_h - 1); scale 1/(R-1). The draws come from numpy's ``default_rng(seed)`` (they
  cannot equal R's); a stratum of one PSU is refused. ``subbootstrap`` (R's name of this
  bootstrap in ``as.svrepdesign``) is the same, its replicates' type named so.

A calibrated design is refused: convert first, then weight (every replicate is then weighted,
so the weighting is in the variance). Rows the data give weight 0 are units like any other, as in
R (their replicate weights are 0; they count among their stratum's PSUs); a subset is refused, as
R's subset drops its rows: convert the whole design, then take the domain with ``subset()``.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "s": ["a", "a", "b", "b"], "psu": [1, 2, 3, 4]})
    >>> r = Design(df, strata="s", ids="psu").to_replicate("BRR")
    >>> r.replicates.count, r.replicate_weights.to_numpy().tolist()[0]
    (4, [2.0, 0.0, 2.0, 0.0])
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.design.replicate import Replicates
from surveykit.design.svrep import check_flag
from surveykit.errors import DesignError, SurveykitWarning

__all__ = ["TYPES", "hadamard", "to_replicate"]

TYPES = ("auto", "JK1", "JKn", "BRR", "Fay", "bootstrap", "subbootstrap")


def _warn(message: str) -> None:
    warnings.warn(message, SurveykitWarning, stacklevel=5)


# -- R's Hadamard matrices (survey:::hadamard) ---------------------------------------------
@cache
def _stored() -> dict[int, np.ndarray]:
    table = pd.read_csv(Path(__file__).with_name("hadamard.csv"), dtype={"row": str})
    out = {}
    for size, rows in table.groupby("size", sort=True):
        out[int(size)] = np.array([[int(c) for c in r] for r in rows["row"]], dtype=np.int8)
    return out


def _small_primes() -> list[int]:
    """R's ``small.primes`` of ``paley()``: the primes p = 3 (mod 4) up to 7919."""
    sieve = np.ones(7920, dtype=bool)
    sieve[:2] = False
    for i in range(2, 89):
        if sieve[i]:
            sieve[i * i :: i] = False
    return [int(p) for p in np.flatnonzero(sieve) if p % 4 == 3]


def _paley_prime(p: int) -> np.ndarray:
    """R's Paley construction of order p + 1 from the quadratic residues of the prime p."""
    m = np.add.outer(np.arange(p), np.arange(p)) % p
    half = (p - 1) // 2
    res = {0, 1} | {(i * i) % p for i in range(2, half + 1)}
    h = np.where(np.isin(m, list(res)), 0, 1).astype(np.int8)
    return np.block([[np.ones((1, 1), np.int8), np.ones((1, p), np.int8)],
                     [np.ones((p, 1), np.int8), h]])


def _double(h: np.ndarray) -> np.ndarray:
    return np.block([[h, h], [h, 1 - h]])


def _paley(n: int, nmax: int | None = None) -> np.ndarray | None:
    """R's ``paley(n, nmax = 2 n)`` (survey 4.1), or None where R returns NULL."""
    nmax = 2 * n if nmax is None else nmax
    primes = _small_primes()
    nceil = nn = n + 4 - (n % 4)
    if (n % 4) + 4 == (n % 8):
        while nn % 8 == 0:
            nn //= 2
        if nn - 1 in primes:
            m = _paley_prime(nn - 1)
            while nn < nceil:
                m = _double(m)
                nn *= 2
            return m
    if n > max(primes):
        return None
    p = min(q for q in primes if q >= n)
    if p + 1 > nceil + 4 and nceil + 4 < nmax:
        return _paley(nceil + 3)
    if p > nmax:
        return None
    return _paley_prime(p)


def hadamard(n: int) -> np.ndarray:
    """R's ``survey:::hadamard(n)``: a 0/1 Hadamard matrix with more than ``n`` rows.

    Example:
        >>> hadamard(3).shape, hadamard(20).shape, hadamard(100).shape
        ((4, 4), (24, 24), (104, 104))
    """
    stored = _stored()
    sizes = np.array(sorted(stored))
    m = n - (n % 4)
    pre = np.flatnonzero((m < sizes) & (m + 4 >= sizes))
    if len(pre):
        return stored[int(sizes[pre.min()])]
    if (m < sizes).all():
        return stored[int(sizes[0])]
    grown = sizes * 2.0 ** np.maximum(0, np.ceil(np.log2((n + 1) / sizes)))
    best = int(np.argmin(grown - n))
    h = _paley(n, int(grown[best])) if grown[best] - n > 4 else None
    if h is None:
        h = stored[int(sizes[best])]
        for _ in range(int(np.ceil(np.log2(grown[best] / sizes[best])))):
            h = _double(h)
    return h


# -- the PSU structure of a Taylor design ----------------------------------------------------
def _label(v) -> str:
    """A stratum value as R's ``as.character`` writes it (86.0 -> "86")."""
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    return str(v)


def _structure(design) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(PSU code of each row in order of appearance, first row of each PSU, stratum label of
    each PSU, stratum code of each PSU in order of appearance)."""
    psu = design.psu
    first = np.unique(psu, return_index=True)[1]
    order = np.sort(first)  # PSUs in order of appearance
    rank = np.empty(int(psu.max()) + 1, dtype=np.int64)
    rank[psu[order]] = np.arange(len(order))
    row_unit = rank[psu]
    cols = design.roles["strata"]
    if cols:
        sub = design.data[cols].iloc[order]
        labels = [".".join(_label(v) for v in row) for row in sub.itertuples(index=False)]
    else:
        labels = ["1"] * len(order)
    codes = pd.factorize(pd.Series(labels))[0]  # order of appearance
    return row_unit, order, labels, codes


def _fpc_popsize(design, what: str) -> np.ndarray | None:
    """First-stage population size per PSU-stratum code of stage 0 (None without an fpc)."""
    stages = design.stages
    if not design.roles["fpc"]:
        return None
    if len(design.roles["fpc"]) > 1:
        _warn(f"to_replicate({what!r}): finite population corrections after the first stage are "
              "dropped (as R).")
    return stages[0].popsize


def to_replicate(design, type_: str = "auto", *, replicates: int | None = None,
                 rho: float | None = None, seed: int | None = None, mse: bool = False):
    """The replicate design (see the module docstring); ``design.to_replicate`` calls this."""
    if design.replicates is not None:
        raise DesignError("to_replicate: the design has replicate weights already.")
    mse = check_flag("mse", mse, "to_replicate")
    if type_ not in TYPES:
        raise DesignError(f"to_replicate: type={type_!r} is not one of {list(TYPES)}.")
    if design.calibration:
        raise DesignError(
            "to_replicate: the design is weighted (rake, poststratify or calibrate); make the "
            "replicates first and weight the replicate design, so that every replicate is "
            "weighted: sk.rake(design.to_replicate(...), margins)."
        )
    if not design.held_rows.all():
        raise DesignError(
            "to_replicate: the design is a subset (design.subset() left rows out); convert the "
            "whole design and take the domain of the replicate design with .subset()."
        )
    stratified = bool(design.roles["strata"])
    if type_ == "auto":
        type_ = "JKn" if stratified else "JK1"
    if type_ == "JK1" and stratified:
        raise DesignError("to_replicate: can't use JK1 for a stratified design (as R); use 'JKn'.")
    if type_ in ("JKn", "BRR", "Fay") and not stratified:
        raise DesignError(f"to_replicate: {type_} needs strata; use 'JK1' or 'bootstrap' for an "
                          "unstratified design (as R).")
    if type_ == "Fay" and (rho is None or not 0 < rho < 1):
        raise DesignError(f"to_replicate: 'Fay' needs rho in (0, 1), got {rho!r} (rho=0 is BRR).")
    if type_ != "Fay" and rho is not None:
        raise DesignError(f"to_replicate: rho is Fay's coefficient; type={type_!r} takes none.")
    boot = type_ in ("bootstrap", "subbootstrap")  # the same draws: "subbootstrap" is R's exact name
    if not boot and (replicates is not None or seed is not None):
        raise DesignError(f"to_replicate: replicates= and seed= are for the bootstrap; {type_} "
                          "has one replicate per PSU or per Hadamard column.")
    row_unit, first, labels, strata = _structure(design)
    if type_ == "JK1":
        table, scale, rscales = _jk1(design, len(first))
    elif type_ == "JKn":
        table, scale, rscales = _jkn(design, strata, labels, first)
    elif type_ in ("BRR", "Fay"):
        if design.roles["fpc"]:
            _warn("to_replicate: the finite population correction is dropped for BRR/Fay (as R).")
        table = _brr(labels, 0.0 if rho is None else rho)
        r = table.shape[1]
        scale, rscales = 1.0 / (r * (1 - (rho or 0.0)) ** 2), np.ones(r)
    else:
        if design.roles["fpc"]:
            _warn("to_replicate: the bootstrap does not use the finite population correction.")
        reps = 50 if replicates is None else int(replicates)
        if reps < 2:
            raise DesignError(f"to_replicate: replicates={replicates!r}; the bootstrap needs at least 2.")
        if seed is None:
            _warn("to_replicate: a bootstrap without seed= draws other replicates on every run, so "
                  "the standard errors differ from run to run; give seed= (any whole number) to "
                  "make them reproducible.")
        table = _bootstrap(strata, labels, reps, seed)
        scale, rscales = 1.0 / (reps - 1), np.ones(reps)
    names = tuple(f"rep{i + 1}" for i in range(table.shape[1]))
    out_type = "BRR" if type_ == "Fay" and not rho else type_
    rep = Replicates(out_type, float(scale), np.asarray(rscales, dtype=float), bool(mse),
                     rho if out_type == "Fay" else None, names, table=np.asarray(table, dtype=float),
                     unit=row_unit, base=np.asarray(design.weights, dtype=float).copy())
    new = design._replace(replicates=rep, domain=None)
    new._set_replicate_structure(design.n)
    return new


def _jk1(design, n_units: int):
    popsize = _fpc_popsize(design, "JK1")
    fpc = 1.0
    if popsize is not None:
        if len(np.unique(popsize)) > 1:
            raise DesignError("to_replicate: more than one fpc value in an unstratified design.")
        fpc = (float(popsize[0]) - n_units) / float(popsize[0])
    if n_units < 2:
        raise DesignError("to_replicate: JK1 needs at least 2 PSUs.")
    table = np.full((n_units, n_units), n_units / (n_units - 1))
    np.fill_diagonal(table, 0.0)
    return table, fpc * (n_units - 1) / n_units, np.ones(n_units)


def _jkn(design, strata: np.ndarray, labels: list[str], first: np.ndarray):
    """R's jknweights: strata in order of appearance, one replicate per PSU."""
    popsize = _fpc_popsize(design, "JKn")
    st0 = design.stages[0]
    n_units = len(strata)
    n_strata = int(strata.max()) + 1
    cols, rscales = [], []
    lonely = design.roles["lonely_psu"]
    for h in range(n_strata):
        members = np.flatnonzero(strata == h)
        nh = len(members)
        fpc = 1.0
        if popsize is not None:
            big_n = float(popsize[st0.unit_stratum[design.psu[first[members[0]]]]])
            fpc = (big_n - nh) / big_n
        if fpc == 0:  # a stratum sampled whole adds no variance (R drops its replicates)
            continue
        if nh == 1:
            if lonely == "fail":
                raise DesignError(
                    f"to_replicate: stratum {labels[members[0]]!r} has only one PSU; choose "
                    "lonely_psu='adjust', 'remove' or 'certainty' for the design (R: "
                    "options(survey.lonely.psu=)), or merge the stratum with a neighbour."
                )
            if lonely == "adjust":
                col = np.where(strata == h, 0.0, n_strata / (n_strata - 1))
                cols.append(col)
                rscales.append((n_strata - 1) / n_strata)
            continue
        for u in members:
            col = np.ones(n_units)
            col[members] = nh / (nh - 1)
            col[u] = 0.0
            cols.append(col)
            rscales.append(fpc * (nh - 1) / nh)
    if not cols:
        raise DesignError("to_replicate: all strata were sampled whole; there is no variance to estimate.")
    return np.column_stack(cols), 1.0, np.asarray(rscales)


def _brr(labels: list[str], rho: float) -> np.ndarray:
    """R's brrweights (small='fail', large='split'): factors (PSUs, R)."""
    n_units = len(labels)
    lab = np.asarray(labels, dtype=object)
    sizes = pd.Series(lab).value_counts()
    for name in sorted(sizes.index):
        if sizes[name] < 2:
            raise DesignError(
                f"to_replicate: BRR needs two PSUs per stratum; stratum {name!r} has "
                f"{sizes[name]}. Merge it with another stratum, or use 'JKn' or 'bootstrap'."
            )
        if sizes[name] % 2:
            raise DesignError(
                f"to_replicate: BRR needs two PSUs per stratum; stratum {name!r} has "
                f"{sizes[name]} (R splits an even number into pairs but refuses an odd one). "
                "Pair its PSUs into strata of two, or use 'JKn' or 'bootstrap'."
            )
    # R: order(stratum label, appearance); within each stratum PSUs alternate first/second
    order = sorted(range(n_units), key=lambda i: (labels[i], i))
    first_of_pair = np.zeros(n_units, dtype=bool)
    pair = np.zeros(n_units, dtype=np.int64)
    upto, pos = 0, {}
    large = sorted(s for s in sizes.index if sizes[s] > 2)
    good = sorted(s for s in sizes.index if sizes[s] == 2)
    for group in (large, good):
        members_of = {s: [i for i in order if labels[i] == s] for s in group}
        for s in group:
            for k, i in enumerate(members_of[s]):
                first_of_pair[i] = k % 2 == 0
                pos[i] = k
        if group is large:
            for s in group:
                for k, i in enumerate(members_of[s]):
                    pair[i] = upto + k // 2
                upto += sizes[s] // 2
        else:
            for j, s in enumerate(group):
                for i in members_of[s]:
                    pair[i] = upto + j
            upto += len(group)
    h = hadamard(upto).astype(float)
    sign = h[1 + pair, :]  # (PSUs, R): H[k+1, i]
    hi, lo = 2 - rho, rho
    return np.where(first_of_pair[:, None], np.where(sign == 1, hi, lo), np.where(sign == 1, lo, hi))


def _bootstrap(strata: np.ndarray, labels: list[str], reps: int, seed) -> np.ndarray:
    """Rao-Wu rescaling bootstrap factors (PSUs, reps)."""
    rng = np.random.default_rng(seed)
    table = np.zeros((len(strata), reps))
    for h in range(int(strata.max()) + 1):
        members = np.flatnonzero(strata == h)
        nh = len(members)
        if nh < 2:
            raise DesignError(
                f"to_replicate: the bootstrap needs two or more PSUs per stratum; stratum "
                f"{labels[members[0]]!r} has one. Merge it with a neighbouring stratum."
            )
        counts = rng.multinomial(nh - 1, np.full(nh, 1.0 / nh), size=reps)  # (reps, nh)
        table[members] = counts.T * (nh / (nh - 1))
    return table
