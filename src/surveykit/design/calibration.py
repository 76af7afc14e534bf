"""The linearisation of a weighting step: GREG residuals on the auxiliaries (R ``greg_calibration``).

Raking, post-stratification and calibration (surveykit.weights) each add one
:class:`Calibration` to the design's weighting stack; the variance routine
(:mod:`surveykit.design.variance`) replaces influence values by their residuals, in order.

Example:
    >>> import numpy as np
    >>> cal = Calibration.build(np.ones((3, 1)), np.ones(3), np.full(3, 2.0))
    >>> cal.ratio.tolist(), cal.x_dot(np.array([1.5])).tolist()
    ([0.5, 0.5, 0.5], [1.5, 1.5, 1.5])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from surveykit.design.kernels import segsum

__all__ = ["Calibration"]


@dataclass(frozen=True, eq=False)
class Calibration:
    """One weighting step's linearisation: GREG residuals on ``x`` with weights ``w_reg``.

    Scores ``z`` become ``z - w_out * x @ beta`` with ``beta`` the ``w_reg``-weighted least
    squares fit of ``z / w_out`` on ``x`` (R: ``greg_calibration`` / ``postStratify``).

    ``x`` is either a dense (n, p) matrix, or (factor form, from raking and post-stratification)
    ``table[codes]``: every row's auxiliaries are a row of a small (J, p) ``table`` picked by
    an integer ``codes`` (n,). The factor form never materialises the (n, p) matrix.
    """

    x: np.ndarray | None  # (n, p) full-rank auxiliary matrix (None in factor form)
    w_reg: np.ndarray  # (n,) weights before the step
    w_out: np.ndarray  # (n,) weights after the step
    codes: np.ndarray | None = None  # (n,) row of ``table`` for each unit (factor form)
    table: np.ndarray | None = None  # (J, p) full-rank auxiliaries per code (factor form)
    code_weights: np.ndarray | None = None  # (J,) sums of w_reg per code (factor form)

    @staticmethod
    def build(x: np.ndarray, w_reg: np.ndarray, w_out: np.ndarray) -> Calibration:
        """Drop linearly dependent columns (pivoted QR on sqrt(w_reg) x)."""
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            x = x[:, None]
        keep = _independent(np.sqrt(w_reg)[:, None] * x)
        return Calibration(x[:, keep], np.asarray(w_reg, float), np.asarray(w_out, float))

    @staticmethod
    def build_factor(codes: np.ndarray, table: np.ndarray, w_reg: np.ndarray,
                     w_out: np.ndarray, code_weights: np.ndarray | None = None) -> Calibration:
        """Factor form: ``x = table[codes]``; the same column selection as :meth:`build`.

        ``code_weights``: the sums of ``w_reg`` per code, if the caller has them.
        """
        codes = np.asarray(codes, dtype=np.intp)
        table = np.asarray(table, dtype=float)
        w_reg = np.asarray(w_reg, float)
        d = code_weights if code_weights is not None else \
            np.bincount(codes, weights=w_reg, minlength=len(table))
        keep = _independent(np.sqrt(d)[:, None] * table)  # same R factor as sqrt(w) x
        return Calibration(None, w_reg, np.asarray(w_out, float), codes, table[:, keep], d)

    @property
    def factor(self) -> bool:
        """True when the auxiliaries are held as ``table[codes]``."""
        return self.codes is not None

    @property
    def matrix(self) -> np.ndarray:
        """The (n, p) auxiliary matrix (materialised from the factor form if needed)."""
        return self.table[self.codes] if self.factor else self.x

    @property
    def ratio(self) -> np.ndarray:
        """``w_reg / w_out``, 0 where the final weight is 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            r = self.w_reg / self.w_out
        return np.where(self.w_out != 0, r, 0.0)

    @property
    def gram_inv(self) -> np.ndarray:
        """Inverse of ``x' diag(w_reg) x``."""
        if self.factor:
            d = self.code_weights
            if d is None:
                d = np.bincount(self.codes, weights=self.w_reg, minlength=len(self.table))
            return np.linalg.inv(self.table.T @ (d[:, None] * self.table))
        return np.linalg.inv(self.x.T @ (self.w_reg[:, None] * self.x))

    def xt(self, values: np.ndarray) -> np.ndarray:
        """``x' values`` for values (n,) or (n, k)."""
        if self.factor:
            return self.table.T @ segsum(self.codes, len(self.table), values)
        return self.x.T @ values

    def x_dot(self, beta: np.ndarray) -> np.ndarray:
        """``x @ beta`` (n,) or (n, k)."""
        return (self.table @ beta)[self.codes] if self.factor else self.x @ beta


def _independent(a: np.ndarray) -> np.ndarray:
    """Sorted indices of a maximal set of linearly independent columns (pivoted QR)."""
    from scipy.linalg import qr

    if a.shape[1] == 0:
        return np.arange(0)
    _, r, piv = qr(a, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > diag[0] * 1e-9)) if len(diag) else 0
    return np.sort(piv[:rank])
