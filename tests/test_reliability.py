"""cronbach_alpha / item_rest: textbook formula under equal weights, delta-method SE."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design
from surveykit.errors import DataError
from surveykit.estimate.reliability import cronbach_alpha, item_rest
from surveykit.variance import vcov

LEVELS = ["Helt uenig", "Litt uenig", "Verken eller", "Litt enig", "Helt enig"]


def _items(seed=5, n=500, k=4):
    rng = np.random.default_rng(seed)
    latent = rng.normal(0, 1, n)
    df = pd.DataFrame(
        {"w": rng.uniform(0.5, 3, n), "psu": np.arange(n) // 5, "wave": rng.choice([1, 2], n)}
    )
    for j in range(k):
        raw = np.clip(np.round(3 + latent + rng.normal(0, 1, n)), 1, 5).astype(int)
        df[f"q{j}"] = pd.Categorical.from_codes(raw - 1, LEVELS, ordered=True)
    df.loc[rng.choice(n, 30, replace=False), "q1"] = np.nan
    return df


def _scores(df, items):
    return np.column_stack([df[c].cat.codes.to_numpy(float) + 1 for c in items])


def test_equal_weights_equals_textbook_alpha_and_item_rest():
    df = _items()
    df["one"] = 1.0
    items = ["q0", "q1", "q2", "q3"]
    res = cronbach_alpha(Design(df, weights="one"), items)
    x = _scores(df, items)
    x = x[(x > 0).all(axis=1)]  # complete cases (NaN code -1 -> 0)
    k = x.shape[1]
    textbook = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert res["estimate"][0] == pytest.approx(textbook, rel=1e-12)
    assert res["n"][0] == len(x)
    assert res["variable"][0] == "q0+q1+q2+q3"
    ir = item_rest(Design(df, weights="one"), items)
    for j in range(k):
        rest = np.delete(x, j, axis=1).sum(axis=1)
        assert ir["estimate"][j] == pytest.approx(np.corrcoef(x[:, j], rest)[0, 1], rel=1e-12)


def test_weighted_alpha_se_equals_delta_method_on_totals():
    df = _items()
    items = ["q0", "q2", "q3"]
    d = Design(df, weights="w", ids="psu")
    res = cronbach_alpha(d, items).iloc[0]
    x = _scores(df, items)
    w = df["w"].to_numpy()
    k = len(items)
    iu = np.triu_indices(k)
    cols = np.column_stack(
        [np.ones(len(x)), x, np.column_stack([x[:, i] * x[:, j] for i, j in zip(*iu, strict=True)])]
    )

    def alpha(t):
        m = t[1 : 1 + k] / t[0]
        s2 = np.zeros((k, k))
        s2[iu] = t[1 + k :] / t[0]
        s2 = s2 + np.triu(s2, 1).T
        s = s2 - np.outer(m, m)
        return k / (k - 1) * (1 - np.trace(s) / s.sum())

    theta = w @ cols
    grad = np.array(
        [
            (alpha(theta + h) - alpha(theta - h)) / (2 * h[i])
            for i, h in enumerate(np.diag(theta * 1e-6))
        ]
    )
    v = vcov(d, w[:, None] * cols)
    assert res["estimate"] == pytest.approx(alpha(theta), rel=1e-12)
    assert res["std_error"] == pytest.approx(np.sqrt(grad @ v @ grad), rel=1e-6)
    assert res["df"] == d.degf
    assert res["conf_low"] < res["estimate"] < res["conf_high"]


def test_by_groups_equal_subsets():
    df = _items()
    d = Design(df, weights="w")
    res = cronbach_alpha(d, ["q0", "q1", "q2"], by="wave", name="index")
    for i, wv in enumerate([1, 2]):
        one = cronbach_alpha(d.subset(df["wave"] == wv), ["q0", "q1", "q2"])
        assert res["estimate"][i] == pytest.approx(one["estimate"][0], rel=1e-12)
        assert res["std_error"][i] == pytest.approx(one["std_error"][0], rel=1e-10)
    assert list(res["variable"]) == ["index", "index"]


def test_errors():
    df = _items()
    d = Design(df, weights="w")
    with pytest.raises(DataError, match="at least 2 items"):
        cronbach_alpha(d, ["q0"])
    with pytest.raises(DataError, match="domain is empty"):
        cronbach_alpha(Design(df.assign(w=0.0), weights="w"), ["q0", "q1"])
