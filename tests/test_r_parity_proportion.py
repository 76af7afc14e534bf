"""svyciprop parity with R survey 4.1-1: every method, domains, calibrated designs."""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.estimate.proportion import proportion
from tests.test_r_parity_loader import case, cases


@pytest.mark.parametrize(("spec", "eid"), cases({"svyciprop"}))
def test_svyciprop(spec, eid):
    c = case(spec)
    est, out = c.estimate(eid)
    r = out["result"]
    d = c.domain_design(est)
    res = proportion(d, est["var"], level=est.get("level_value"), method=est["method"],
                     conf_level=est.get("level", 0.95))
    assert len(res) == 1
    row = res.iloc[0]
    np.testing.assert_allclose(row["estimate"], r["estimate"], rtol=1e-9)
    np.testing.assert_allclose(row["std_error"], r["se"], rtol=1e-8 if est.get("design") is None else 1e-6)
    assert row["df"] == r["df"]
    # every method, the likelihood interval included (R's profile, dispersion, design effect
    # and spline are followed step by step: tests/test_likelihood_ci.py)
    np.testing.assert_allclose([row["conf_low"], row["conf_high"]], [r["ci_low"], r["ci_high"]], rtol=1e-7)
