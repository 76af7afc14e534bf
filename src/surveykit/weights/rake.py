"""Raking (iterative proportional fitting) to population margins (R ``rake``).

Each sweep post-stratifies to every margin in the order given; it stops when the largest
change in the joint weighted table of all margin variables is below ``epsilon`` times the
initial weight total (R: ``epsilon < 1`` is relative in the same way; R's default absolute
``epsilon=1`` is ``1 / sum(weights)`` here). Standard errors use the GREG residuals on the
margin indicators with the pre-raking weights, the Deville-Särndal linearisation that R's
``calibrate(calfun="raking")`` uses (R's ``rake()`` itself uses an unweighted approximation
that agrees when weights are constant within margin cells).

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> df = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["u", "v", "u", "v"]})
    >>> d = rake(Design(df), {"a": {"x": 30, "y": 70}, "b": {"u": 50, "v": 50}})
    >>> d.weights.round(6).tolist()
    [15.0, 15.0, 35.0, 35.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from surveykit.design import Calibration, Design, segsum
from surveykit.errors import DesignError
from surveykit.weights._margins import (
    check_same_total,
    checked,
    combo_codes,
    factor_codes,
    from_formulas,
    margins_of,
    match,
    specs,
)
from surveykit.weights._replicate import cell_totals, check_cells, reweighted

__all__ = ["JointMargins", "joint_margins", "rake"]


def margin_matrix(margins, n: int) -> np.ndarray:
    """Indicator columns of every cell of every margin (n, sum of cells)."""
    blocks = []
    for m in margins:
        x = np.zeros((n, len(m.target)))
        ok = m.cell >= 0
        x[np.flatnonzero(ok), m.cell[ok]] = 1.0
        blocks.append(x)
    return np.hstack(blocks)


@dataclass(frozen=True)
class JointMargins:
    """Margins matched on the joint cells of their variables (every row's weighting factor
    depends only on its cell): the cell of each row (-1: none), the margins over the cells,
    and the cells' weight sums."""

    joint: np.ndarray  # (n,) joint cell of each row, -1 if a margin variable is missing
    n_joint: int
    margins: list  # Margin objects whose ``cell`` maps each joint cell to a margin cell
    weights: np.ndarray  # (n_joint,) sums of the design weights per joint cell
    outside: float  # weight of rows in no joint cell (0 unless they are out of the domain)

    @property
    def complete(self) -> bool:
        return bool(self.joint.min(initial=0) >= 0)

    def expand(self, w0: np.ndarray, factor: np.ndarray) -> np.ndarray:
        """Row weights ``w0 * factor[cell]`` (rows in no cell: 0)."""
        if self.complete:
            return w0 * factor[self.joint]
        return np.where(self.joint >= 0, w0 * factor[np.maximum(self.joint, 0)], 0.0)

    def calibration(self, w0: np.ndarray, w: np.ndarray) -> Calibration:
        """The GREG linearisation on the margin indicators (factor form)."""
        sums = np.append(self.weights, self.outside)
        return factor_calibration(self.margins, self.joint, [m.cell for m in self.margins],
                                  w0, w, sums)


def joint_margins(design: Design, margins, *, count: str = "Freq", what: str = "rake") -> JointMargins:
    """Match the population margins to the joint cells of the sample; raise on any mismatch
    (with the rows' values and counts, as :func:`surveykit.weights._margins.margins_of`)."""
    w0 = design.weights
    given = specs(margins, count, what)
    cols = sorted({c for spec in given for c in spec.columns})
    if not cols or any(c not in design.data.columns for c in cols):
        margins_of(design, margins, count=count, what=what)  # raises, naming the problem
    factors = [factor_codes(design.data[c]) for c in cols]
    joint, combos = combo_codes([f for f, _ in factors], [len(u) for _, u in factors])
    n_joint = len(combos)
    has = joint >= 0
    complete = bool(has.all())
    t0 = np.bincount(joint, weights=w0, minlength=n_joint) if complete else \
        segsum(joint, n_joint, w0)
    if not complete and (w0[~has] != 0).any():  # rows in no joint cell: the row-level check names them
        margins_of(design, margins, count=count, what=what)
    try:
        ms = _on_joint_cells(given, cols, factors, combos, t0, what)
    except DesignError:  # raise with the rows' values and counts
        margins_of(design, margins, count=count, what=what)
        raise
    return JointMargins(joint, n_joint, ms, t0, 0.0 if complete else float(w0[~has].sum()))


def rake(
    design: Design,
    margins,
    population=None,
    *,
    epsilon: float = 1e-7,
    maxit: int = 100,
    count: str = "Freq",
) -> Design:
    """Rake the weights to the margins; returns a new Design.

    ``margins``: ``{variable: {level: total}, ...}`` (one margin per variable), or a list of
    such dicts and/or DataFrames (joint margins: the variables plus a ``count`` column) or
    Series of counts indexed by the variable(s). R's form ``rake(design, ["~stype", "~sch.wide"],
    [pop_types, pop_schwide])`` (formulas, then a table per formula) is taken too.
    Raises DesignError if a total is not a finite number >= 0, the margins' totals differ, a
    sample value has no population cell, a population cell has no sample, a cell of total 0
    has respondents (they would get weight 0; R's ``rake`` refuses too), or raking does not
    converge in ``maxit`` sweeps.
    """
    if population is not None:
        margins = from_formulas(margins, population, count, "rake")
    w0 = design.weights
    # Every row's factor depends only on its combination of the margin variables, so the
    # matching and the sweeps run on the joint table of those combinations (R: the same
    # iterated postStratify on the rows).
    jm = joint_margins(design, margins, count=count, what="rake")
    ms, t0 = jm.margins, jm.weights
    check_same_total(ms, "rake", design=design)
    cells = [m.cell for m in ms]
    # rows with a missing margin variable are in no joint cell: weight 0 after the first sweep
    f = np.ones(jm.n_joint)
    tol = epsilon * w0.sum()
    old = t0.copy()
    converged = False
    sweeps = 0
    for _ in range(maxit):
        sweeps += 1
        for m, cell in zip(ms, cells, strict=True):
            have = segsum(cell, len(m.target), t0 * f)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(have > 0, m.target / have, 0.0)
            f = np.where(cell >= 0, f * factor[np.maximum(cell, 0)], 0.0)
        new = t0 * f
        if np.max(np.abs(new - old), initial=0.0) < tol:
            converged = True
            break
        old = new
    w = jm.expand(w0, f)
    if converged and design.replicates is not None:  # every replicate: the same sweeps
        return design.with_weights(w, replicates=_rake_replicates(design, jm, sweeps))
    if not converged:
        worst = max(float(np.max(np.abs(segsum(m.cell, len(m.target), t0 * f) - m.target)))
                    for m in ms)
        raise DesignError(
            f"rake: did not converge in {maxit} sweeps (largest margin misfit {worst:.3g}). "
            "Increase maxit, or collapse sparse cells / check that the margins are consistent."
        )
    return design.with_weights(w, jm.calibration(w0, w))


def _rake_replicates(design: Design, jm: JointMargins, sweeps: int):
    """R's rake of a replicate design: each sweep post-stratifies every replicate to every
    margin, as many sweeps as the full-sample weights needed."""
    t0 = cell_totals(design, jm.joint, jm.n_joint)  # (J, R)
    ms = jm.margins
    f = np.ones_like(t0)
    for _ in range(sweeps):
        for m in ms:
            have = segsum(m.cell, len(m.target), t0 * f)  # (cells of the margin, R)
            check_cells(have, m.target, [" x ".join(k) for k in m.labels], "rake")
            factor = m.target[:, None] / np.where(have > 0, have, 1.0)
            f = np.where(m.cell[:, None] >= 0, f * factor[np.maximum(m.cell, 0)], 0.0)
    return reweighted(design, jm.joint, f)


def _on_joint_cells(given, cols, factors, combos, t0, what="rake"):
    """The margins matched on the joint cells of the margin variables (weights ``t0``)."""
    table = np.array(combos, dtype=np.int64).reshape(len(combos), len(cols))
    out = []
    for spec in given:
        pos = [cols.index(c) for c in spec.columns]
        cell = match(spec, [table[:, i] for i in pos], [factors[i][1] for i in pos])
        if (cell[t0 != 0] < 0).any():
            raise DesignError(f"{what}: sample values of {spec.columns} with no population total.")
        out.append(checked(spec, cell, t0, what))
    return out


def factor_calibration(ms, joint: np.ndarray, cells, w0, w, sums=None) -> Calibration:
    """The margin indicators as ``table[code]`` of the joint cell (rows in none: zeros)."""
    n_joint = len(cells[0]) if cells else 0
    blocks = []
    for m, cell in zip(ms, cells, strict=True):
        x = np.zeros((n_joint + 1, len(m.target)))
        ok = cell >= 0
        x[np.flatnonzero(ok), cell[ok]] = 1.0
        blocks.append(x)
    table = np.hstack(blocks)  # last row: the rows in no joint cell
    code = joint if sums is not None and sums[-1] == 0 and joint.min(initial=0) >= 0 \
        else np.where(joint >= 0, joint, n_joint)
    return Calibration.build_factor(code, table, w0, w, sums)
