"""Text values that differ only in spaces around them ("E" and "E ") are two strata or groups, as
in R, but the data almost surely mean one: with an fpc each half got the whole stratum's
population. A warning names them (tester of the API against R)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import SurveykitWarning


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"y": rng.normal(size=60), "w": rng.uniform(1, 3, 60),
                       "s": np.repeat(["E", "M", "H"], 20), "fpc": np.repeat([400.0, 300.0, 200.0], 20)})
    df.loc[[0, 1, 2], "s"] = "E "
    return df


def test_strata_differing_only_in_spaces_are_warned_of():
    with pytest.warns(SurveykitWarning, match=r"Design: strata: the column 's' has values that differ only in spaces "
                                              r"around them \('E' and 'E '\)"):
        design = sk.Design(_frame(), strata="s", weights="w", fpc="fpc")
    assert design.n == 60   # the same numbers as R: the warning changes nothing


def test_by_groups_differing_only_in_spaces_are_warned_of():
    design = sk.Design(_frame().assign(s=lambda d: d["s"].str.strip(), g=_frame()["s"]), strata="s", weights="w")
    with pytest.warns(SurveykitWarning, match=r"'E' and 'E '"):
        result = sk.mean(design, ["y"], by=["g"])
    assert len(result) == 4


def test_clean_values_are_quiet():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        sk.Design(_frame().assign(s=lambda d: d["s"].str.strip()), strata="s", weights="w", fpc="fpc")


def test_an_unused_category_is_no_twin():
    import warnings
    df = _frame().assign(s=lambda d: pd.Categorical(d["s"].str.strip(), ["E", "H", "M", " E"]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        sk.Design(df, strata="s", weights="w", fpc="fpc")
