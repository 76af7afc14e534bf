"""Effect sizes: standardised mean difference and Cramér's V."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats.contingency import association

from surveykit.estimate.effects import cramers_v, pooled_sd, smd


def test_cramers_v_equals_scipy_and_ignores_scale():
    t = np.array([[20.0, 5, 7], [3, 15, 9]])
    assert cramers_v(t) == pytest.approx(association(t.astype(int), method="cramer"), rel=1e-12)
    assert cramers_v(t * 3.7) == pytest.approx(cramers_v(t), rel=1e-12)
    assert np.isnan(cramers_v(np.array([[1.0, 2.0]])))


def test_smd_by_hand():
    y = np.array([1.0, 3, 2, 6, 8, np.nan])
    g = np.array([0, 0, 0, 1, 1, 1])
    w = np.array([1.0, 1, 2, 1, 3, 1])
    m0 = (1 + 3 + 4) / 4
    m1 = (6 + 24) / 4
    ss = (1 - m0) ** 2 + (3 - m0) ** 2 + 2 * (2 - m0) ** 2 + (6 - m1) ** 2 + 3 * (8 - m1) ** 2
    sd = np.sqrt(ss / 8)
    assert pooled_sd(y, g, w) == pytest.approx(sd, rel=1e-14)
    assert smd(y, g, w) == pytest.approx((m1 - m0) / sd, rel=1e-14)
