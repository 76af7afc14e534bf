"""Replicate-weight designs against R survey 4.1-1 (tests/data/r-survey-rep, issue 17).

Every estimate R computed on a replicate design (and on the Taylor designs of the same specs)
is recomputed here twice: on the design built through surveykit's API as a user would
(``Design(repweights=...)``, ``to_replicate()``, ``rake``/``poststratify``/``calibrate`` of the
replicate design; bootstrap designs use R's draws) and on a design made from R's own replicate
matrix. Designs themselves: degf, scale, rscales, mse and the replicate weights equal R's.
Tolerances: tests/replicate_parity.py (1e-8 relative for SEs; raking calibrations 2e-5, as R
stops at a misfit of 1e-7; svyolr 1e-5/1e-4, as R's optim stops short of the optimum).
"""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.errors import DesignError
from tests.replicate_designs import ours, rep
from tests.replicate_parity import check, entries

OURS = entries("ours")
FROM_R = entries("r")
DESIGNS = [(s, d) for s in rep.SPECS for d in rep.replicate_designs(s)]


def test_every_reference_is_covered():
    assert len(OURS) > 1200
    assert len(FROM_R) > 1000
    types = {e["type"] for _, e, _ in (p.values for p in OURS)}
    assert types == {"svymean", "svytotal", "svyby", "svyciprop", "svyquantile", "svyratio",
                     "svyttest", "svyby_contrast", "svychisq", "svyglm", "svyolr"}


@pytest.mark.parametrize(("spec", "name"), DESIGNS, ids=[f"{s}:{d}" for s, d in DESIGNS])
def test_design_equals_r(spec, name):
    info = rep.designs(spec)[name]["replicate"]
    d = ours(spec, name)
    assert d.degf == info["degf"]
    assert d.replicates.count == info["nrep"]
    assert d.replicates.mse == info["mse"]
    np.testing.assert_allclose(d.replicates.scale, info["scale"], rtol=1e-12)
    np.testing.assert_allclose(d.replicates.rscales, np.broadcast_to(info["rscales"], (info["nrep"],)),
                               rtol=1e-12)
    w = d.replicate_weights.to_numpy()
    rtol = 3e-7 if name.endswith("cal_raking") else 1e-10  # R's raking stops at misfit 1e-7
    if "weights_file" in info:
        np.testing.assert_allclose(w, rep.replicate_weights(spec, name).iloc[:, 1:].to_numpy(),
                                   rtol=rtol, atol=1e-12)
    sums = info["column_sums"]
    rows = np.arange(1, len(w) + 1)[:, None]
    np.testing.assert_allclose(w.sum(0), sums["sum"], rtol=rtol)
    np.testing.assert_allclose((w**2).sum(0), sums["sumsq"], rtol=rtol)
    np.testing.assert_allclose((w * rows).sum(0), sums["sum_rowno"], rtol=rtol)


@pytest.mark.parametrize(("spec", "entry", "r"), OURS)
def test_estimate_equals_r(spec, entry, r):
    check(spec, entry, r, route="ours")


@pytest.mark.parametrize(("spec", "entry", "r"), FROM_R)
def test_estimate_on_r_matrix_equals_r(spec, entry, r):
    check(spec, entry, r, route="r")


REFUSED = [(s, n, a) for s in rep.SPECS for n, a in rep.load(s)[0]["adjust"].items()
           if a.get("expect_error") and a["method"] == "as.svrepdesign"]


@pytest.mark.parametrize(("spec", "name", "adj"), REFUSED, ids=[f"{s}:{n}" for s, n, _ in REFUSED])
def test_refused_where_r_refuses(spec, name, adj):
    """Where R's as.svrepdesign refuses (JK1 on strata, JKn without strata, BRR/Fay with an odd
    number of PSUs in a stratum), to_replicate refuses too, with a DesignError, not a guess."""
    assert rep.designs(spec)[name]["ok"] is False
    src = ours(spec, adj.get("from", "base"))
    with pytest.raises(DesignError, match=r"(?i)stratified|odd number|stratum"):
        src.to_replicate(adj["type"], rho=adj.get("fay_rho"))


def test_refusals_cover_every_kind():
    kinds = {rep.designs(s)[n]["error"] for s, n, _ in REFUSED}
    assert kinds == {"Can't use JK1 for a stratified design",
                     "Must use JK1 or bootstrap for an unstratified design",
                     "Can't split with odd numbers of PSUs in a stratum"}
    assert len(REFUSED) >= 7
