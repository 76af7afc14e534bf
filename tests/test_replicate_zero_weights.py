"""``to_replicate`` of a whole design whose data give some rows weight 0 (R's ``as.svrepdesign``
takes them as PSUs like any other: their replicate weights are 0, and they count among their
stratum's PSUs), against R survey 4.1-1. A subset is still refused: R's subset drops the rows,
so the replicates would be made from another design.

R (the values below; apiclus1 without its last district, pairs of districts as strata)::

    x <- read.csv("apistrat.csv"); x$pw[1] <- 0
    r <- as.svrepdesign(svydesign(ids=~1, strata=~stype, weights=~pw, data=x), type="JKn")
    svymean(~api00, r); svytotal(~enroll, r); degf(r); svyby(~api00, ~sch.wide, r, svymean)
    as.svrepdesign(svydesign(ids=~1, strata=~stype, weights=~pw, fpc=~fpc, data=x), type="JKn")
    as.svrepdesign(svydesign(ids=~1, weights=~pw, data=x), type="JK1")
    c1 <- read.csv("apiclus1.csv"); c1$pw[1] <- 0
    as.svrepdesign(svydesign(ids=~dnum, weights=~pw, data=c1), type="JK1")
    c2 <- c1; c2$pw[c2$dnum == c2$dnum[1]] <- 0       # a PSU all of whose rows have weight 0
    as.svrepdesign(svydesign(ids=~dnum, weights=~pw, data=c2), type="JK1")
    p <- c1[c1$dnum != max(c1$dnum), ]; u <- sort(unique(p$dnum)); p$pair <- (match(p$dnum, u) - 1) %/% 2
    d <- svydesign(ids=~dnum, strata=~pair, weights=~pw, data=p)
    as.svrepdesign(d, type="BRR"); as.svrepdesign(d, type="Fay", fay.rho=0.3)
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import surveykit as sk

DATA = Path(__file__).parent / "data" / "r-survey" / "data"


def _strat() -> pd.DataFrame:
    x = pd.read_csv(DATA / "apistrat.csv")
    x.loc[0, "pw"] = 0.0
    return x


def _clus() -> pd.DataFrame:
    c = pd.read_csv(DATA / "apiclus1.csv")
    c.loc[0, "pw"] = 0.0
    return c


def _mean(design, column="api00"):
    row = sk.mean(design, [column]).iloc[0]
    return row["estimate"], row["std_error"]


def test_jkn_of_a_design_with_a_zero_weight_is_rs():
    r = sk.Design(_strat(), weights="pw", strata="stype").to_replicate(type="JKn")
    assert r.replicates.count == 200 and r.degf == 197
    np.testing.assert_allclose(_mean(r), [661.009811314, 9.53011600199], rtol=1e-11)
    total = sk.total(r, ["enroll"]).iloc[0]
    np.testing.assert_allclose([total["estimate"], total["std_error"]], [3674975.57269, 118600.493776], rtol=1e-11)
    by = sk.mean(r, ["api00"], by="sch.wide")
    np.testing.assert_allclose(by["estimate"], [593.746858215, 675.108955289], rtol=1e-11)
    np.testing.assert_allclose(by["std_error"], [19.5097591746, 10.6626253099], rtol=1e-10)
    assert sk.mean(r, ["api00"]).iloc[0]["n"] == 199  # the row of weight 0 is no respondent


def test_jkn_with_an_fpc_counts_the_zero_weight_row_among_the_stratums_units():
    r = sk.Design(_strat(), weights="pw", strata="stype", fpc="fpc").to_replicate(type="JKn")
    np.testing.assert_allclose(_mean(r), [661.009811314, 9.4027104717], rtol=1e-10)


def test_jk1_of_a_design_with_a_zero_weight_is_rs():
    r = sk.Design(_strat(), weights="pw").to_replicate(type="JK1")
    assert r.degf == 198 and r.replicates.scale == pytest.approx(0.995, rel=1e-15)
    np.testing.assert_allclose(_mean(r), [661.009811314, 9.58933464135], rtol=1e-11)
    clus = sk.Design(_clus(), weights="pw", ids="dnum").to_replicate(type="JK1")
    assert clus.degf == 14
    np.testing.assert_allclose(_mean(clus), [644.368131868, 26.8040506215], rtol=1e-11)


def test_jk1_with_a_psu_of_weight_zero_is_rs():
    c = _clus()
    c.loc[c["dnum"] == c["dnum"].iloc[0], "pw"] = 0.0
    r = sk.Design(c, weights="pw", ids="dnum").to_replicate(type="JK1")
    assert r.replicates.count == 15 and r.degf == 13
    np.testing.assert_allclose(_mean(r), [642.581395349, 28.4431989989], rtol=1e-11)


def test_brr_and_fay_of_a_design_with_a_zero_weight_are_rs():
    p = _clus()
    p = p[p["dnum"] != p["dnum"].max()].copy()
    order = {v: i for i, v in enumerate(sorted(p["dnum"].unique()))}
    p["pair"] = p["dnum"].map(order) // 2
    d = sk.Design(p, weights="pw", strata="pair", ids="dnum")
    brr, fay = d.to_replicate("BRR"), d.to_replicate("Fay", rho=0.3)
    assert brr.replicates.count == fay.replicates.count == 8 and brr.degf == fay.degf == 7
    np.testing.assert_allclose(_mean(brr), [644.842696629, 22.2649505103], rtol=1e-11)
    np.testing.assert_allclose(_mean(fay), [644.842696629, 21.369687075], rtol=1e-11)


def test_bootstrap_draws_on_the_psus_whatever_their_weight():
    """R's subbootweights draws from the PSUs and strata only: with the same draws (seed), the
    replicate weights are those of the design without the zero, 0 on its row."""
    x = _strat()
    full = sk.Design(pd.read_csv(DATA / "apistrat.csv"), weights="pw", strata="stype")
    zero = sk.Design(x, weights="pw", strata="stype")
    a = full.to_replicate("bootstrap", replicates=30, seed=5).replicate_weights.to_numpy()
    b = zero.to_replicate("bootstrap", replicates=30, seed=5).replicate_weights.to_numpy()
    np.testing.assert_array_equal(b[0], 0.0)
    np.testing.assert_array_equal(a[1:], b[1:])


def test_a_subset_is_still_refused_and_the_message_says_so():
    x = pd.read_csv(DATA / "apistrat.csv")
    d = sk.Design(x, weights="pw", strata="stype")
    with pytest.raises(sk.DesignError, match=r"the design is a subset .*convert the whole design"):
        d.subset(x["sch.wide"] == "Yes").to_replicate(type="JKn")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rep = d.to_replicate(type="JKn").subset(x["sch.wide"] == "Yes")  # the way round that works
    assert sk.mean(rep, ["api00"]).iloc[0]["n"] == int((x["sch.wide"] == "Yes").sum())
