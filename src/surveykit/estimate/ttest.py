"""The one-sample design-based t-test of a mean (R ``svyttest(x ~ 0, design)``, survey 4.1).

R tests the mean of ``x`` against 0 (another value ``mu``: ``svyttest(I(x - mu) ~ 0, design)``):
t = the mean over its SE (``svymean``), on ``degf(design) - 1`` degrees of freedom, the
design's df less one for the mean, where ``svymean``'s interval and ``svyglm(x ~ 1)`` take
``degf``. The interval is R's ``conf.int``: the mean minus ``mu`` ± t on those df. Two-sample
tests are :func:`surveykit.estimate.compare.compare`.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0]}))
    >>> r = ttest(d, "y", mu=1)
    >>> float(r["estimate"][0]), round(float(r["statistic"][0]), 6), float(r["df"][0])
    (2.0, 1.85164, 2.0)
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveykit.design import Design
from surveykit.errors import DataError
from surveykit.estimate._dist import t_sf
from surveykit.estimate.grouping import check_conf_level, indicator_code, t_interval
from surveykit.estimate.means import mean
from surveykit.estimate.schema import RESULT_COLUMNS, result_frame

__all__ = ["ttest"]


def ttest(
    design: Design,
    variables: str | Sequence[str],
    *,
    mu: float = 0.0,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """One-sample t-test of the mean of each numeric variable against ``mu`` (R ``svyttest(I(x - mu) ~ 0)``).

    One row per variable (and ``by=`` group: R's test on ``subset(design, group)``):
    ``estimate`` the mean minus ``mu`` with its SE and interval, ``statistic`` t, ``df`` the
    domain's design df minus 1, ``p_value`` two-sided, ``contrast`` ``"x - mu"``; ``n``,
    ``n_eff`` and ``deff`` are the mean's. Categorical variables are refused (a share's test
    is ``ttest`` of a 0/1 column).

    Example:
        >>> ttest(design, "api00", mu=650)  # doctest: +SKIP
    """
    check_conf_level(conf_level, "ttest")
    if isinstance(mu, bool) or not isinstance(mu, numbers.Real) or not np.isfinite(mu):
        raise DataError(f"ttest: mu={mu!r} is not a finite number; give the mean tested against, e.g. mu=0.")
    m = mean(design, variables, by=by, conf_level=conf_level, na_rm=na_rm)
    shares = m["level"].notna()
    if shares.any():
        named = sorted(set(m.loc[shares, "variable"]))
        raise DataError(f"ttest: {named} are not numbers (categorical, boolean or text); a t-test of a mean "
                        "needs numbers. For a share, test a 0/1 column of its level (missing kept missing, as "
                        f"R's I(q == level)): {indicator_code(design.data, named[0])}.")
    est = m["estimate"].to_numpy(float) - float(mu)
    se = m["std_error"].to_numpy(float)
    df = m["df"].to_numpy(float) - 1  # R: degf(design) - 1
    none = (df <= 0) & m["n"].fillna(0).to_numpy(float).astype(bool)
    if none.any():  # one PSU (or one per stratum): R's df is 0 or less, its p-value NaN
        import warnings

        from surveykit.errors import SurveykitWarning

        rows = m.loc[none, [c for c in m.columns if c not in RESULT_COLUMNS] + ["variable"]]
        warnings.warn(f"ttest: {rows.to_dict('records')[:5]} rest(s) on too few PSUs for a test (design df "
                      f"{df[none][0]:g}, as R's degf - 1): no statistic, p-value or interval.", SurveykitWarning,
                      stacklevel=3)
    df_t = np.where(df > 0, df, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(df > 0, est / se, np.nan)
        p = 2 * t_sf(np.abs(t), df_t)
    lo, hi = t_interval(est, se, df_t, conf_level)
    out = {c: m[c] for c in m.columns if c not in ("estimate", "conf_low", "conf_high", "df")}
    out.update(estimate=est, conf_low=lo, conf_high=hi, df=df, statistic=t, p_value=p, p_adjusted=p,
               contrast=[f"{v} - {mu:g}" for v in m["variable"]])
    return result_frame(out, by=[c for c in m.columns if c not in RESULT_COLUMNS], contrast=True)
