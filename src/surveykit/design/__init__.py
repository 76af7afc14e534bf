"""surveykit.design: the survey design and its one variance engine.

One home for the design and everything its variance rests on:

- :class:`Design` (``core``): data plus roles (weights, strata, clusters, fpc), immutable;
  domains by :meth:`Design.subset`, weighting steps by :meth:`Design.with_weights`;
  :attr:`Design.row_psu` says whether every row is its own PSU; :attr:`Design.held_rows`,
  :meth:`Design.held`, :meth:`Design.held_count` and :attr:`Design.held_degf` which rows R's
  design object holds in a subset (a calibrated design keeps every row, weight 0).
- :class:`Calibration` (``calibration``): a weighting step's GREG linearisation.
- ``kernels``: integer codes of columns and sums per code (one pass over the rows).
- :func:`vcov` (``variance``): the variance routine estimators call — influence values to a
  covariance matrix, or with ``groups=`` to the variances of all domain estimates at once.
- :func:`domain_stats` (``domain``): domain means and totals of item columns with their
  variances, through the cell-sum fast path (``cellsums``) where the design allows it and
  through :func:`vcov` elsewhere.
- replicate designs (R ``svrepdesign``): ``replicate`` holds the replicate weights
  (:class:`Replicates`) and R's ``svrVar``; ``svrep`` reads them from columns with R's
  defaults per type; ``convert`` makes them from a Taylor design (``Design.to_replicate``:
  JK1, JKn, BRR/Fay with R's Hadamard matrices, Rao-Wu bootstrap).
- ``effects``: design effects (:func:`srs_variance`, :func:`design_effect`) and Kish's
  effective sample size (:func:`kish_n_eff`).

Example:
    >>> import pandas as pd
    >>> d = Design(pd.DataFrame({"y": [1.0, 2, 3, 4], "s": ["a", "a", "b", "b"]}), strata="s")
    >>> d.degf, d.row_psu
    (2, True)
"""

from surveykit.design.calibration import Calibration
from surveykit.design.core import LONELY_PSU, Design, Stage, group_degf
from surveykit.design.domain import DomainStats, domain_stats, positive_shares
from surveykit.design.effects import design_effect, kish_n_eff, srs_variance
from surveykit.design.items import Items
from surveykit.design.kernels import codes_of, segsum, wsegsum
from surveykit.design.replicate import Replicates, replicate_ratios, replicate_totals
from surveykit.design.variance import vcov

__all__ = [
    "LONELY_PSU",
    "Calibration",
    "Design",
    "DomainStats",
    "Items",
    "Replicates",
    "Stage",
    "codes_of",
    "design_effect",
    "domain_stats",
    "group_degf",
    "kish_n_eff",
    "positive_shares",
    "replicate_ratios",
    "replicate_totals",
    "segsum",
    "srs_variance",
    "vcov",
    "wsegsum",
]
