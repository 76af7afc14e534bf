"""Design construction, validation errors, domains and immutability."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design
from surveykit.errors import DesignError


@pytest.fixture
def df():
    return pd.DataFrame(
        {
            "y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            "s": ["a", "a", "b", "b", "c", "c"],
            "psu": [1, 2, 3, 4, 5, 6],
            "w": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
        }
    )


def test_degf_and_n(df):
    d = Design(df, weights="w", strata="s")
    assert (d.n, d.degf) == (6, 3)
    assert Design(df, weights="w").degf == 5


def test_strata_list_is_combination(df):
    df = df.assign(t=["x", "y", "x", "y", "x", "y"])
    with pytest.raises(DesignError, match="only one PSU"):
        Design(df, strata=["s", "t"])
    d = Design(df, strata=["s", "t"], lonely_psu="certainty")
    assert d.degf == 0


def test_lonely_psu_fail(df):
    df = df.assign(s=["a", "a", "b", "b", "b", "c"])
    with pytest.raises(DesignError, match=r"stratum s='c' has only one PSU at stage 1.*lonely_psu"):
        Design(df, strata="s")


def test_missing_weights(df):
    df.loc[2, "w"] = np.nan
    with pytest.raises(DesignError, match=r"weights column 'w' has 1 missing value.*row 2"):
        Design(df, weights="w")


def test_negative_weights(df):
    df.loc[4, "w"] = -1.0
    with pytest.raises(DesignError, match=r"1 negative value.*row 4.*>= 0"):
        Design(df, weights="w")


def test_unknown_column(df):
    with pytest.raises(DesignError, match=r"strata column\(s\) \['stratum'\] not in the data"):
        Design(df, strata="stratum")


def test_not_nested(df):
    df = df.assign(psu=[1, 1, 1, 2, 2, 2])
    with pytest.raises(DesignError, match=r"not nested in strata.*nest=True"):
        Design(df, strata="s", ids="psu")


def test_bad_lonely_option(df):
    with pytest.raises(DesignError, match="lonely_psu='average' is not allowed"):
        Design(df, lonely_psu="average")


def test_subset_zeroes_weights_keeps_rows(df):
    d = Design(df, weights="w", strata="s")
    sub = d.subset(df["s"] != "b")
    assert sub.n == 6
    assert sub.weights.tolist() == [1.0, 2.0, 0.0, 0.0, 1.0, 2.0]
    assert sub.degf == 2  # PSUs with rows in the domain minus their strata
    assert d.weights.tolist() == df["w"].tolist()  # original untouched


def test_inputs_not_mutated(df):
    before = df.copy(deep=True)
    d = Design(df, weights="w", strata="s")
    d.subset(df["y"] > 2).with_weights(np.ones(6))
    pd.testing.assert_frame_equal(df, before)
    with pytest.raises(ValueError):
        d.weights[0] = 5.0


def test_weights_from_fpc():
    df = pd.DataFrame({"psu": [1, 1, 2, 2, 3], "ssu": [1, 2, 1, 2, 1], "N1": 10, "N2": [4, 4, 6, 6, 1]})
    d = Design(df, ids=["psu", "ssu"], fpc=["N1", "N2"])
    np.testing.assert_allclose(d.weights, [10 / 3 * 2, 10 / 3 * 2, 10 / 3 * 3, 10 / 3 * 3, 10 / 3])


def test_fpc_fraction_equals_popsize(df):
    a = Design(df.assign(N=12.0), strata="s", fpc="N")
    b = Design(df.assign(f=2 / 12), strata="s", fpc="f")
    np.testing.assert_allclose(a.weights, b.weights)
    np.testing.assert_allclose(a.stages[0].scale, b.stages[0].scale)


def test_fpc_mixed_is_error(df):
    with pytest.raises(DesignError, match="mixes population sizes"):
        Design(df.assign(f=[0.5, 0.5, 2, 2, 0.5, 0.5]), strata="s", fpc="f")


def test_row_psu_is_public_and_survives_modifiers(df):
    d = Design(df, weights="w", strata="s")
    assert d.row_psu
    assert d.subset(df["y"] > 2).with_weights(np.ones(6)).row_psu
    assert not Design(df.assign(psu=[1, 1, 2, 2, 3, 3]), ids="psu").row_psu


def test_kish_n_eff_has_one_home():
    import surveykit as sk
    import surveykit.weights as weights
    from surveykit.design import kish_n_eff

    assert sk.kish_n_eff is kish_n_eff is weights.kish_n_eff
    assert kish_n_eff([1.0, 1.0, 2.0, 4.0]) == pytest.approx(64 / 22, rel=1e-15)
    assert kish_n_eff([3.0, 3.0, 0.0]) == 2.0  # zero weights (outside a domain) do not count
