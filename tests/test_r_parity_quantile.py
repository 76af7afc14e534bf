"""svyquantile (survey 4.1: qrule "math", Woodruff CI) parity with R."""

from __future__ import annotations

import json

import numpy as np
import pytest

from surveykit.estimate.quantile import quantile
from tests.test_r_parity_loader import SPECS, case

PARAMS = [
    pytest.param(p.name, e["id"], id=f"{p.stem.split('.')[0]}:{e['id']}")
    for p in SPECS
    for e in json.loads(p.read_text(encoding="utf-8"))["estimates"]
    if e["type"] == "svyquantile" and e.get("qrule", "math") in ("math", "school")
    and e.get("interval_type", "mean") == "mean"
]


@pytest.mark.parametrize(("spec", "eid"), PARAMS)
def test_svyquantile(spec, eid):
    c = case(spec)
    est, out = c.estimate(eid)
    res = quantile(c.domain_design(est), est["var"], est["quantiles"])
    rows = out["result"]["rows"]
    assert res["level"].tolist() == [format(r["quantile"], "g") for r in rows]
    for got, row in zip(res.itertuples(), rows, strict=True):
        np.testing.assert_allclose(got.estimate, row["estimate"], rtol=1e-12)
        np.testing.assert_allclose([got.conf_low, got.conf_high], [row["ci_low"], row["ci_high"]],
                                   rtol=1e-12)
        np.testing.assert_allclose(got.std_error, row["se"], rtol=1e-9)
