"""Weights given as text are refused as R's svydesign refuses them (the replicate columns were
already refused), and a replicate column listed twice is named in the message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import DesignError


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"y": rng.normal(size=40), "w": rng.integers(50, 150, 40).astype(float)})
    for r in range(1, 5):
        df[f"w{r}"] = df["w"] * rng.choice([0.5, 1.5], 40)
    return df


def test_text_weights_are_refused_with_the_conversion_to_make():
    df = _frame().assign(w=lambda d: d["w"].astype(str))
    with pytest.raises(DesignError, match=r"weights column 'w' is not numeric.*pd\.to_numeric"):
        sk.Design(df, weights="w")
    with pytest.raises(DesignError, match="not numeric"):
        sk.Design(df, weights="w", repweights="^w[0-9]$", replicate_type="bootstrap")


def test_numeric_weights_still_work_and_give_the_weighted_mean():
    df = _frame()
    got = sk.mean(sk.Design(df, weights="w"), "y")["estimate"].iloc[0]
    assert got == pytest.approx(np.average(df["y"], weights=df["w"]), rel=1e-12)


def test_a_replicate_column_listed_twice_is_named():
    df = _frame()
    cols = ["w1", "w2", "w3", "w4", "w2"]
    with pytest.raises(DesignError, match=r"\['w2'\] more than once"):
        sk.Design(df, weights="w", repweights=cols, replicate_type="bootstrap")


@pytest.mark.parametrize("factor", [1e-300, 1e-200, 1e+200, 1e+300])
def test_weights_whose_squares_under_or_overflow_are_refused(factor):
    # Weights × 1e-300 gave a total's standard error of exactly 0 (the squares underflow), weights
    # × 1e+200 a NaN: a wrong number that looks right. The same weights rescaled give R's answer.
    df = _frame()
    base = sk.total(sk.Design(df, weights="w"), ["y"])
    assert base["std_error"].iloc[0] > 0
    with pytest.raises(DesignError, match=r"weights column 'w' has a weight of .*row \d+.*Rescale"):
        sk.Design(df.assign(w=df["w"] * factor), weights="w")
    design = sk.Design(df, weights="w")
    with pytest.raises(DesignError, match="with_weights: the new weight vector has a weight of"):
        design.with_weights(design.weights * factor)


def test_ordinary_small_and_large_weights_still_work():
    df = _frame()
    for factor in (1e-6, 1e6):
        total = sk.total(sk.Design(df.assign(w=df["w"] * factor), weights="w"), ["y"])
        reference = sk.total(sk.Design(df, weights="w"), ["y"])
        assert np.isclose(total["std_error"].iloc[0], reference["std_error"].iloc[0] * factor, rtol=1e-12)
