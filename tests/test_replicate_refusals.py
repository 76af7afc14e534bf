"""Replicate-weight designs at their edges, against R survey 4.1 (the R code that produced each
value is in the comment above it): models with a level missing from a replicate or a separated
response, malformed design arguments, quantile intervals and empty domains."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import ConvergenceWarning, SurveykitWarning


def _absent_level_data() -> pd.DataFrame:
    """80 rows, 10 bootstrap replicates; level 'c' of grp has no weight in replicate rw3."""
    rng = np.random.default_rng(4)
    n = 80
    df = pd.DataFrame({"y": rng.normal(10, 3, n).round(2), "b": (rng.uniform(size=n) < 0.3).astype(int),
                       "grp": rng.choice(["a", "b", "c"], n, p=[.5, .4, .1]), "pw": rng.uniform(1, 5, n).round(3)})
    df["x"] = (df.y * 0.5 + rng.normal(0, 1, n)).round(2)
    for r in range(1, 11):
        df[f"rw{r}"] = (df["pw"] * rng.choice([0, 2], n)).round(3)
    df.loc[df.grp == "c", "rw3"] = 0.0
    return df


def _separated_data() -> pd.DataFrame:
    """120 rows, 8 bootstrap replicates; b = x > 3 (complete separation)."""
    rng = np.random.default_rng(17)
    n = 120
    df = pd.DataFrame({"x": rng.normal(3, 1, n).round(2), "pw": rng.uniform(1, 3, n).round(3)})
    for r in range(1, 9):
        df[f"rw{r}"] = (df.pw * rng.choice([0, 2], n)).round(3)
    df["b"] = (df.x > 3).astype(int)
    return df


def _rep(df: pd.DataFrame) -> sk.Design:
    return sk.Design(df, weights="pw", repweights="^rw[0-9]+$", replicate_type="bootstrap")


def test_logistic_refit_without_a_level_drops_that_replicate_as_r():
    # d <- svrepdesign(data=df, weights=~pw, repweights='^rw[0-9]+$', type='bootstrap')
    # f <- svyglm(b ~ x + grp, d, family=quasibinomial(), control=glm.control(epsilon=1e-12, maxit=100))
    # coef(f); SE(f)   # warning: 1 replicates gave NA results and were discarded
    # (surveykit's IRLS tolerance is epsilon=1e-12, maxit=100: replicates 1 and 9 are separated
    # on grp c, and where their coefficient stops depends on the tolerance)
    coef = [-0.656603464386473, -0.418471355655527, 1.94211761941127, 0.580006580521901]
    se = [1.24092634163119, 0.600948288252911, 1.44526567942541, 11.2359578838872]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        res = sk.regress(_rep(_absent_level_data()), "b ~ x + C(grp)", family="quasibinomial")
    np.testing.assert_allclose(res["estimate"], coef, rtol=1e-8)
    np.testing.assert_allclose(res["std_error"], se, rtol=1e-7)
    text = [str(m.message) for m in w]
    assert any("1 replicate(s) gave no estimate" in t for t in text)
    assert any(issubclass(m.category, ConvergenceWarning) and "2 replicate refit(s) were separated by "
               "'C(grp)[T.c]'" in str(m.message) for m in w)


@pytest.mark.parametrize("replicate", [True, False])
def test_separated_logistic_fit_warns_as_r_and_names_the_term(replicate):
    # d <- svrepdesign(data=df, weights=~pw, repweights='^rw[0-9]+$', type='bootstrap')  # or
    # d <- svydesign(ids=~1, weights=~pw, data=df)
    # f <- svyglm(b ~ x, d, family=quasibinomial(), control=glm.control(epsilon=1e-12, maxit=100))
    # (R's default control stops at 1107 with "glm.fit: algorithm did not converge")
    df = _separated_data()
    d = _rep(df) if replicate else sk.Design(df, weights="pw")
    se = [3.18397461157244, 0.987110214508185] if replicate else [2.03206769799004, 0.602287905065639]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        res = sk.regress(d, "b ~ x", family="quasibinomial")
    np.testing.assert_allclose(res["estimate"], [-5632.15237337724, 1874.35256294171], rtol=1e-6)
    np.testing.assert_allclose(res["std_error"], se, rtol=1e-5)
    assert not [m for m in w if issubclass(m.category, RuntimeWarning)]  # no raw numpy overflow
    conv = [str(m.message) for m in w if issubclass(m.category, ConvergenceWarning)]
    assert len(conv) == 1
    assert "fitted probabilities numerically 0 or 1 occurred" in conv[0]
    assert "separated by 'x'" in conv[0]
    assert issubclass(ConvergenceWarning, SurveykitWarning)


@pytest.mark.parametrize("replicate", [True, False])
def test_ordinal_response_separated_by_x_is_refused_as_r(replicate):
    # df$o <- factor(df$o, levels=c('lo','mid','hi'), ordered=TRUE)
    # svyolr(o ~ x, d)  # Error: attempt to find suitable starting values failed
    rng = np.random.default_rng(17)
    df = pd.DataFrame({"x": rng.normal(3, 1, 120).round(2), "pw": rng.uniform(1, 3, 120).round(3)})
    df["o"] = pd.Categorical(np.select([df.x < 2.5, df.x < 3.5], ["lo", "mid"], "hi"), ["lo", "mid", "hi"],
                             ordered=True)
    for r in range(1, 9):
        df[f"rw{r}"] = (df.pw * rng.choice([0, 2], 120)).round(3)
    d = _rep(df) if replicate else sk.Design(df, weights="pw")
    with pytest.raises(sk.DataError, match=r"olr: the response 'o' is separated by the terms \['x'\].*R's svyolr"):
        sk.olr(d, "o ~ x")
    df.loc[df.index[:40:4], "o"] = "hi"  # overlapping categories: an estimate exists
    assert np.isfinite(sk.olr(_rep(df) if replicate else sk.Design(df, weights="pw"), "o ~ x")["std_error"]).all()
