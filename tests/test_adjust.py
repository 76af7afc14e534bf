"""p_adjust equals R's p.adjust (values worked out by hand from its definition)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from surveykit.estimate.adjust import p_adjust

P = [0.04, 0.001, 0.03, 0.2, 0.012]
# R: p.adjust(P, "holm"): sorted p times (m, m-1, ...), cumulative max, capped at 1
HOLM = [0.09, 0.005, 0.09, 0.2, 0.048]
# R: p.adjust(P, "BH"): sorted p times m/rank, cumulative min from the largest
BH = [0.05, 0.005, 0.05, 0.2, 0.03]


def test_fixed_vector_by_hand():
    np.testing.assert_allclose(p_adjust(P, "holm"), HOLM, rtol=1e-14)
    np.testing.assert_allclose(p_adjust(P, "bh"), BH, rtol=1e-14)
    np.testing.assert_allclose(p_adjust(P, "fdr"), BH, rtol=1e-14)


def test_missing_values_kept_and_not_counted():
    # R: p.adjust(c(0.01, NA, 0.04), "holm") = c(0.02, NA, 0.04)
    out = p_adjust([0.01, np.nan, 0.04], "holm")
    np.testing.assert_allclose(out, [0.02, np.nan, 0.04])
    s = pd.Series([0.5, 0.9], index=["a", "b"], name="p")
    res = p_adjust(s, "holm")
    assert list(res.index) == ["a", "b"] and res["b"] == 1.0


def _holm_by_definition(p: list[float]) -> list[float]:
    """Holm (1979) from its definition, without sorting tricks: the adjusted p of the j-th
    smallest is max over k <= j of min(1, (m - k + 1) p_(k))."""
    m = len(p)
    order = sorted(range(m), key=lambda i: (p[i], i))
    out = [0.0] * m
    for j, i in enumerate(order):
        out[i] = max(min(1.0, (m - k) * p[order[k]]) for k in range(j + 1))
    return out


def _bh_by_definition(p: list[float]) -> list[float]:
    """Benjamini-Hochberg from its definition: min over k >= rank of min(1, m p_(k) / k)."""
    m = len(p)
    order = sorted(range(m), key=lambda i: (p[i], i))
    out = [0.0] * m
    for j, i in enumerate(order):
        out[i] = min(min(1.0, m * p[order[k]] / (k + 1)) for k in range(j, m))
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_agrees_with_the_definitions(p):
    np.testing.assert_allclose(p_adjust(p, "holm"), _holm_by_definition(p), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(p_adjust(p, "bh"), _bh_by_definition(p), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("p", [P, [0.5, 0.5, 0.01, 0.01, 1.0, 0.0, 0.049], list(np.linspace(0, 1, 30) ** 3)])
def test_agrees_with_statsmodels(p):
    """An independent implementation on fixed vectors (ties, 0 and 1 included)."""
    np.testing.assert_allclose(p_adjust(p, "holm"), multipletests(p, method="holm")[1], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(p_adjust(p, "bh"), multipletests(p, method="fdr_bh")[1], rtol=1e-12, atol=1e-300)


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown method 'bonf'; use one of holm, bh"):
        p_adjust(P, "bonf")
