"""svyratio parity with R survey 4.1-1."""

from __future__ import annotations

import numpy as np
import pytest

from surveykit.estimate.ratio import ratio
from tests.test_r_parity_loader import case, cases


@pytest.mark.parametrize(("spec", "eid"), cases({"svyratio"}))
def test_svyratio(spec, eid):
    c = case(spec)
    est, out = c.estimate(eid)
    r = out["result"]
    got = ratio(c.domain_design(est), est["numerator"], est["denominator"]).iloc[0]
    np.testing.assert_allclose(got["estimate"], r["estimate"], rtol=1e-9)
    np.testing.assert_allclose(got["std_error"], r["se"], rtol=1e-8 if "design" not in est else 1e-6)
    assert got["df"] == r["df"]
    np.testing.assert_allclose([got["conf_low"], got["conf_high"]], [r["ci_t_low"], r["ci_t_high"]],
                               rtol=1e-8)
