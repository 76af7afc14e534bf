"""A share of no case summed around a centre came out 6.9e-18 with an SE of 2e-10 (a raked
study's "Veit ikkje" in a small site), and its logit interval was [0 %, 100 %]: an observed
0 % shown as knowing nothing. A share within 1e-12 of 0 or 1 is that bound, as R's exact 0
gives [0, 0]; a small real share keeps its interval."""

from __future__ import annotations

import numpy as np

from surveykit.estimate.grouping import logit_interval


def test_round_off_at_the_bounds_gives_the_bound_and_a_small_share_its_interval():
    est = np.array([6.9e-18, 1 - 2e-16, 0.0, 1e-4])
    se = np.array([2.1e-10, 1e-10, 0.0, 1e-4])
    lo, hi = logit_interval(est, se, 11, 0.95)
    assert hi[0] < 1e-15 and lo[1] > 1 - 1e-15 and (lo[2], hi[2]) == (0.0, 0.0)
    # a real share of 0.01 % (SE 0.01 %): a proper interval around it, not the bound
    assert 0 < lo[3] < 1e-4 < hi[3] < 0.01
