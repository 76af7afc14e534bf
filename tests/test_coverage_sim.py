"""Coverage simulation: 95 % CIs cover the finite-population truth 93-97 % of the time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveykit.design import Design, vcov
from surveykit.estimate.means import mean
from surveykit.estimate.proportion import proportion


@pytest.mark.slow
def test_ci_coverage_stratified_srs():
    rng = np.random.default_rng(20240101)
    sizes = np.array([6000, 3000, 800, 200])
    stratum = np.repeat(np.arange(4), sizes)
    n_pop = sizes.sum()
    dom = rng.random(n_pop) < 0.3 + 0.1 * stratum
    y = rng.gamma(2.0, 2.0, n_pop) + stratum * 1.5 + dom * 0.8
    yes = rng.random(n_pop) < 0.2 + 0.15 * stratum
    truth_mean = y.mean()
    truth_share = yes.mean()
    truth_diff = y[dom].mean() - y[~dom].mean()
    alloc = np.array([120, 100, 60, 40])
    reps = 600
    hits = np.zeros(3)
    for _ in range(reps):
        idx = np.concatenate([rng.choice(np.flatnonzero(stratum == h), alloc[h], replace=False)
                              for h in range(4)])
        df = pd.DataFrame({"y": y[idx], "yes": yes[idx], "dom": dom[idx], "h": stratum[idx],
                           "N": sizes[stratum[idx]]})
        d = Design(df, strata="h", fpc="N")
        m = mean(d, "y").iloc[0]
        hits[0] += m["conf_low"] <= truth_mean <= m["conf_high"]
        p = proportion(d, "yes").iloc[0]
        hits[1] += p["conf_low"] <= truth_share <= p["conf_high"]
        w = d.weights
        scores, est = [], []
        for mask in (df["dom"].to_numpy(), ~df["dom"].to_numpy()):
            wd = w * mask
            mu = wd @ df["y"].to_numpy() / wd.sum()
            est.append(mu)
            scores.append(wd * (df["y"].to_numpy() - mu) / wd.sum())
        v = vcov(d, np.column_stack(scores))
        se = np.sqrt(v[0, 0] + v[1, 1] - 2 * v[0, 1])
        q = stats.t.ppf(0.975, d.degf)
        diff = est[0] - est[1]
        hits[2] += diff - q * se <= truth_diff <= diff + q * se
    coverage = hits / reps
    assert ((coverage >= 0.93) & (coverage <= 0.97)).all(), coverage
