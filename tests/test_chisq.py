"""chisq / rao_scott: R svychisq parity (F, Chisq, Wald, adjWald) and the SRS identity."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import association

from surveykit.design import Design
from surveykit.errors import DataError
from surveykit.estimate.chisq import chisq, rao_scott
from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS

_spec = importlib.util.spec_from_file_location(
    "r_oracle_models", Path(__file__).parent / "data" / "r-survey-models" / "oracle.py"
)
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)

CHISQ = oracle.entries(("svychisq",))


def test_all_statistics_are_covered():
    assert {e["statistic"] for _, e, _ in CHISQ} == {"F", "Chisq", "Wald", "adjWald"}
    assert len(CHISQ) == 17


@pytest.mark.parametrize(("spec", "entry", "r"), CHISQ, ids=[f"{s}:{e['id']}" for s, e, _ in CHISQ])
def test_rao_scott_equals_r_svychisq(spec, entry, r):
    d = oracle.design_for(spec, entry)
    row, col = (oracle._py(v) for v in entry["vars"])
    t = rao_scott(d, row, col, statistic=entry["statistic"])
    stat = np.ravel(r["statistic"])[0]  # Wald statistics come as a 1x1 matrix
    pval = np.ravel(r["p_value"])[0]
    assert t.statistic == pytest.approx(stat, rel=1e-10)
    assert t.p_value == pytest.approx(pval, rel=1e-8)
    par = r["parameter"]
    res = chisq(d, row, col, statistic=entry["statistic"]).iloc[0]   # the tidy result carries both df
    assert res["p_value"] == pytest.approx(pval, rel=1e-8)
    if "df" in par:
        assert t.ndf == par["df"]
        assert res["df"] == par["df"] and np.isnan(res["df_num"])   # a chi-square: one df
    else:
        assert t.ndf == pytest.approx(par["ndf"], rel=1e-10)
        assert t.ddf == pytest.approx(par["ddf"], rel=1e-10)
        assert res["df_num"] == pytest.approx(par["ndf"], rel=1e-10)
        assert res["df"] == pytest.approx(par["ddf"], rel=1e-10)
    # R's observed (unweighted) cell counts: our table covers the same cells
    counts = pd.DataFrame(r["observed"])
    assert len(counts) == t.table.size


def _srs(seed=4, n=300):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "a": rng.choice(["x", "y", "z"], n, p=[0.5, 0.3, 0.2]),
            "b": rng.choice(["u", "v"], n),
            "w": np.full(n, 2.5),
        }
    )


def test_srs_equal_weights_F_relates_to_pearson_chisq():
    df = _srs()
    d = Design(df, weights="w")
    n = len(df)
    x2, _, dof, _ = stats.chi2_contingency(
        pd.crosstab(df["a"], df["b"]).to_numpy(), correction=False
    )
    t = rao_scott(d, "a", "b", statistic="F")
    k = dof
    assert t.statistic * k * n / (n - 1) == pytest.approx(x2, rel=1e-10)
    assert t.ndf == pytest.approx(k, rel=1e-10)
    assert t.ddf == pytest.approx(k * (n - 1), rel=1e-10)
    assert rao_scott(d, "a", "b", statistic="Chisq").statistic == pytest.approx(x2, rel=1e-12)
    res = chisq(d, "a", "b")
    v = association(pd.crosstab(df["a"], df["b"]).to_numpy(), method="cramer")
    assert res["effect_size"][0] == pytest.approx(v, rel=1e-12)


def test_tidy_result_by_group():
    df = _srs()
    df["wave"] = np.tile([1, 2], len(df) // 2)
    d = Design(df, weights="w", strata="wave")
    res = chisq(d, "a", "b", by="wave")
    assert list(res.columns) == ["wave", *RESULT_COLUMNS, *CONTRAST_COLUMNS]
    assert list(res["wave"]) == [1, 2]
    one = rao_scott(d.subset(df["wave"] == 2), "a", "b")
    assert res["statistic"][1] == pytest.approx(one.statistic, rel=1e-14)
    assert res["df"][1] == pytest.approx(one.ddf)
    assert res["contrast"][0] == "a x b"


def test_errors_name_the_problem():
    df = _srs()
    d = Design(df, weights="w")
    with pytest.raises(DataError, match=r"statistic='G' is not available; use one of F, Chisq"):
        rao_scott(d, "a", "b", statistic="G")
    with pytest.raises(DataError, match=r"'b' has 1 level\(s\) with respondents \(\['u'\]\)"):
        rao_scott(d.subset(df["b"] == "u"), "a", "b")
    with pytest.raises(DataError, match="design \\(domain\\) is empty"):
        rao_scott(Design(df.assign(w=0.0), weights="w"), "a", "b")
