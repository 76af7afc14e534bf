"""The estimators' distribution functions (surveykit.estimate._dist) equal scipy.stats value by
value, edges included (NaN, infinities, 0 and 1, invalid parameters), and importing the
package for a build no longer imports scipy.stats."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from surveykit.estimate import _dist

Q = np.array([0.0, 1e-300, 1e-17, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-16, 1.0, -0.1, 1.1, np.nan])
X = np.array([-np.inf, -1e6, -40.0, -3.5, -1.0, -1e-9, 0.0, 1e-9, 0.5, 1.0, 2.7, 40.0, 1e6, np.inf, np.nan])
DF = np.array([-1.0, 0.0, 1e-3, 0.5, 1.0, 2.0, 7.0, 29.5, 1e3, 1e7, np.inf, np.nan])


def same(got, want) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    assert np.array_equal(got, want, equal_nan=True), np.c_[got.ravel(), want.ravel()]


@pytest.mark.parametrize("df", DF)
def test_t_quantile_and_tail_equal_scipy_stats(df):
    same(_dist.t_ppf(Q, df), stats.t.ppf(Q, df))
    same(_dist.t_sf(X, df), stats.t.sf(X, df))


def test_scalars_stay_scalars_and_arrays_broadcast():
    assert np.ndim(_dist.t_ppf(0.975, 10)) == 0 and isinstance(_dist.t_ppf(0.975, 10), np.floating)
    same(_dist.t_ppf(0.975, DF[:, None] * np.ones((1, 3))), stats.t.ppf(0.975, DF[:, None] * np.ones((1, 3))))
    same(_dist.t_ppf(Q[:, None], DF[None, :]), stats.t.ppf(Q[:, None], DF[None, :]))


def test_normal_and_cauchy_equal_scipy_stats():
    same(_dist.norm_ppf(Q), stats.norm.ppf(Q))
    same(_dist.norm_cdf(X), stats.norm.cdf(X))
    same(_dist.norm_pdf(X), stats.norm.pdf(X))
    # scipy before 1.15 wrote the Cauchy cdf as 0.5 + arctan(x) / pi (losing digits in the lower
    # tail to cancellation); the form kept here, arctan2(1, -x) / pi, is its later one
    np.testing.assert_allclose(_dist.cauchy_cdf(X), stats.cauchy.cdf(X), rtol=0, atol=2e-16)
    same(_dist.cauchy_cdf(X), np.arctan2(1, -X) / np.pi)
    same(_dist.cauchy_pdf(X), stats.cauchy.pdf(X))
    assert isinstance(_dist.norm_cdf(0.3), np.floating)


@pytest.mark.parametrize("dfn", [-1.0, 0.0, 0.7, 1.0, 3.2, 40.0, np.inf, np.nan])
@pytest.mark.parametrize("dfd", [-1.0, 0.0, 0.5, 2.0, 17.0, 1e4, np.inf, np.nan])
def test_f_tail_and_upper_quantile_equal_scipy_stats(dfn, dfd):
    same(_dist.f_sf(X, dfn, dfd), stats.f.sf(X, dfn, dfd))
    same(_dist.f_isf(Q, dfn, dfd), stats.f.isf(Q, dfn, dfd))


@pytest.mark.parametrize("df", DF)
def test_chi_squared_tail_equals_scipy_stats(df):
    same(_dist.chi2_sf(X, df), stats.chi2.sf(X, df))


def test_beta_quantile_is_scipy_stats_own():
    a, b = np.array([0.0, 0.5, 3.0, 40.0]), np.array([1.0, 2.5, 0.0, 7.0])
    same(_dist.beta_ppf(0.025, a, b), stats.beta.ppf(0.025, a, b))


def test_a_build_imports_no_scipy_stats():
    code = "import sys, surveykit, surveykit.report.build; print('scipy.stats' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True)
    assert run.stdout.strip() == "False"
