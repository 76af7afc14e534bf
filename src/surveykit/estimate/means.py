"""Means, shares and totals (R ``svymean``, ``svytotal``, ``svyby``).

Numeric variables give a mean (or total); categorical, boolean and text variables give the
share (or weighted count) of every level. Missing values are dropped per variable (domain
estimation: R ``na.rm=TRUE`` one variable at a time). ``by=`` gives the same per group, all
items and groups through one variance pass.

Example:
    >>> import pandas as pd
    >>> from surveykit.design import Design
    >>> d = Design(pd.DataFrame({"y": [1.0, 2.0, 3.0, 6.0]}))
    >>> r = mean(d, "y")
    >>> float(r["estimate"][0]), round(float(r["std_error"][0]), 12)
    (3.0, 1.080123449735)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from surveykit.design import Design, Items, domain_stats, group_degf, positive_shares
from surveykit.estimate.grouping import (
    assemble,
    check_conf_level,
    group_index,
    items,
    logit_interval,
    t_interval,
)

__all__ = ["mean", "na_check", "option_shares", "total"]


def na_check(it: Items, na_rm: bool, design: Design, caller: str = "mean/total",
             cases: str = "available cases per variable") -> None:
    """Refuse ``na_rm`` that is not a boolean, and with ``na_rm=False`` a variable missing a
    value in the domain (R gives NA), naming ``cases``: what ``na_rm=True`` uses."""
    if not isinstance(na_rm, bool | np.bool_):  # na_rm="False" is a true string: say so
        from surveykit.errors import DataError

        raise DataError(f"{caller}: na_rm={na_rm!r} is not True or False; pass na_rm=True ({cases}) "
                        "or na_rm=False (an error when a value is missing).")
    if not na_rm:
        active = design.weights != 0
        bad = [v for j, v in enumerate(it.variable)
               if (~it.select([j]).valid[:, 0] & active).any()]
        if bad:
            from surveykit.errors import DesignError

            raise DesignError(
                f"{caller}: variable(s) {sorted(set(bad))} have missing values in the domain "
                f"and na_rm=False. Use na_rm=True ({cases})."
            )


def _refuse_infinite(it: Items, broken: np.ndarray, kind: str) -> None:
    """An estimate that is not finite although it has respondents comes from an infinite
    value (a division by zero upstream, "inf" in a file): name it instead of returning NaN."""
    for j in np.flatnonzero(broken.any(axis=0)):
        if it.code[j] is None:
            where = np.flatnonzero(np.isinf(np.asarray(it.data[j], dtype=float)))
            if len(where):
                from surveykit.errors import DataError

                raise DataError(
                    f"{kind}: {it.variable[j]!r} has {len(where)} infinite value(s) (first at "
                    f"row {int(where[0])}); they have no {kind}. Make them missing (np.nan) or "
                    "correct them, then estimate again."
                )


def _estimate(design, variables, by, conf_level, na_rm, kind, shares: bool = False):
    check_conf_level(conf_level, kind)
    g, keys = group_index(design, by)
    it = items(design, variables, what=kind)
    if shares:
        it = _as_shares(it)
    na_check(it, na_rm, design)
    with np.errstate(invalid="ignore", over="ignore"):  # infinite values: refused below
        st = domain_stats(design, it, g, len(keys), kind)
    est, var, n, deff = st.estimate, st.variance, st.n, st.deff
    _refuse_infinite(it, ~np.isfinite(est) & (n > 0), kind)
    se = np.sqrt(var)
    df = np.broadcast_to(group_degf(design, g, len(keys))[:, None], est.shape)
    lo, hi = t_interval(est, se, df, conf_level)
    if kind == "mean" and any(it.categorical):  # shares: the logit interval, as proportion()
        share = np.asarray(it.categorical, dtype=bool)[None, :]
        se_logit = st.logit_se(design.replicates, positive_shares(design, it, g, len(keys)))
        llo, lhi = logit_interval(est, se, df, conf_level, se_logit=se_logit)
        lo, hi = np.where(share, llo, lo), np.where(share, lhi, hi)
    return assemble(design, keys, g, it.variable, it.level, est, se, n, deff, conf_level, df=df,
                    ci=(lo, hi))


def _as_shares(it: Items) -> Items:
    """0/1 columns (missing: not answered) taken as shares: the logit interval, as a level's
    share of a categorical; anything but 0 and 1 is refused."""
    for j, (data, code) in enumerate(zip(it.data, it.code, strict=True)):
        values = np.asarray(data, dtype=float) if code is None else None
        if values is None or not np.isin(values[~np.isnan(values)], (0.0, 1.0)).all():
            from surveykit.errors import DataError

            raise DataError(f"option_shares: {it.variable[j]!r} is not a column of 0/1 (chosen or not) with "
                            "missing values where the question was not answered.")
    return replace(it, categorical=[True] * it.k)


def option_shares(
    design: Design,
    columns: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """The share choosing each option of a multi-select question: the weighted mean of its 0/1
    column among those who answered (missing: not answered), with R's ``svyciprop`` logit
    interval, as :func:`surveykit.estimate.proportion.proportion` gives it (a mean of numbers
    would get the symmetric t interval, which can leave 0..1).

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> d = Design(pd.DataFrame({"opt_a": [1.0, 0.0, 1.0, None]}))
        >>> r = option_shares(d, "opt_a")
        >>> round(float(r["estimate"][0]), 4), bool(r["conf_low"][0] > 0)
        (0.6667, True)
    """
    return _estimate(design, columns, by, conf_level, True, "mean", shares=True)


def mean(
    design: Design,
    variables: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """Weighted means of numeric variables, shares per level of categorical ones.

    Returns the tidy schema (``estimate``, ``std_error``, ``conf_low``/``conf_high`` on the
    domain's design df: t for numbers, R's logit interval for the shares of a categorical, as
    :func:`surveykit.estimate.proportion.proportion`; ``n`` respondents; ``deff`` as R's
    ``deff="replace"``, 1 for equal weights without strata or clusters; ``n_eff = n / deff``).

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> d = Design(pd.DataFrame({"a": pd.Categorical(["x", "y", "y", "y"])}))
        >>> mean(d, "a")["estimate"].tolist()
        [0.25, 0.75]
    """
    return _estimate(design, variables, by, conf_level, na_rm, "mean")


def total(
    design: Design,
    variables: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    na_rm: bool = True,
) -> pd.DataFrame:
    """Weighted totals of numeric variables, weighted counts per level of categorical ones.

    Example:
        >>> import pandas as pd
        >>> from surveykit.design import Design
        >>> d = Design(pd.DataFrame({"y": [1.0, 2.0], "w": [10.0, 10.0]}), weights="w")
        >>> float(total(d, "y")["estimate"][0])
        30.0
    """
    return _estimate(design, variables, by, conf_level, na_rm, "total")
