"""The result schema: column order and dtypes whatever the estimator passes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS, result_frame


def test_order_dtypes_and_filled_columns():
    f = result_frame({
        "site": pd.Series(pd.Categorical(["a", "b"])),
        "variable": ["q1", "q1"],
        "level": ["Enig", np.nan],
        "estimate": [0.5, "x"],  # not a number -> NaN
        "n": np.array([10, 12]),
    }, by=["site"])
    assert list(f.columns) == ["site", *RESULT_COLUMNS]
    assert f["variable"].dtype == object and f["level"].dtype == object  # never inferred as str
    assert f["level"].tolist() == ["Enig", None]
    assert f["estimate"].dtype == np.float64 and np.isnan(f["estimate"][1])
    assert f["n"].dtype == "Int64" and f["n"].tolist() == [10, 12]
    assert f["suppressed"].tolist() == [False, False]
    assert f["std_error"].isna().all() and f["deff"].dtype == np.float64
    assert isinstance(f["site"].dtype, pd.CategoricalDtype)


def test_counts_with_missing_and_contrast_columns():
    f = result_frame({"variable": ["a", "b"], "n": [3.0, np.nan], "contrast": ["x - y", None],
                      "p_value": [0.04, None]}, contrast=True)
    assert list(f.columns) == [*RESULT_COLUMNS, *CONTRAST_COLUMNS]
    assert f["n"].dtype == "Int64" and f["n"].isna().tolist() == [False, True]
    assert f["contrast"].dtype == object and f["p_value"].dtype == np.float64
    with pytest.raises(TypeError):
        result_frame({"variable": ["a"], "n": [2.5]})  # a fractional count is a bug upstream


def test_by_columns_align_on_a_fresh_index_and_unknown_columns_raise():
    by = pd.Series(["x", "y"], index=[0, 1])
    assert result_frame({"g": by, "variable": ["v", "v"]}, by=["g"])["g"].tolist() == ["x", "y"]
    with pytest.raises(KeyError, match="not in the schema"):
        result_frame({"variable": ["a"], "bogus": [1]})
