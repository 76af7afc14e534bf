"""topbox / score: R svyciprop(logit) parity, means of scores, 0–100 transform."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design
from surveykit.errors import DataError
from surveykit.estimate.likert import score, topbox
from surveykit.estimate.schema import RESULT_COLUMNS

_spec = importlib.util.spec_from_file_location(
    "r_oracle_models", Path(__file__).parent / "data" / "r-survey-models" / "oracle.py"
)
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)

CIPROP = [(s, e, r) for s, e, r in oracle.entries(("svyciprop",)) if e.get("method") == "logit"]
LEVELS = ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]


@pytest.mark.parametrize(
    ("spec", "entry", "r"), CIPROP, ids=[f"{s}:{e['id']}" for s, e, _ in CIPROP]
)
def test_topbox_equals_r_svyciprop_logit(spec, entry, r):
    d = oracle.design_for(spec, entry)
    res = topbox(
        d,
        oracle._py(entry["var"]),
        top=(entry["level_value"],),
        conf_level=entry.get("level", 0.95),
    ).iloc[0]
    assert res["estimate"] == pytest.approx(r["estimate"], rel=1e-10)
    assert res["std_error"] == pytest.approx(r["se"], rel=1e-9)
    assert res["df"] == r["df"]
    assert res["conf_low"] == pytest.approx(r["ci_low"], rel=1e-9)
    assert res["conf_high"] == pytest.approx(r["ci_high"], rel=1e-9)


def _likert(seed=2, n=400):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"w": rng.uniform(1, 3, n), "wave": rng.choice([1, 2], n)})
    for q in ("help", "welcome"):
        codes = rng.integers(-1, 5, n)  # -1: "Vet ikke" -> missing
        df[q] = pd.Categorical.from_codes(codes, LEVELS, ordered=True)
    return df


def test_topbox_is_weighted_share_among_substantive_answers():
    df = _likert()
    d = Design(df, weights="w")
    res = topbox(d, ["help", "welcome"], top=("Litt enig", "Helt enig"), by="wave")
    assert list(res.columns) == ["wave", *RESULT_COLUMNS]
    assert res["level"][0] == "Litt enig / Helt enig"
    for _, row in res.iterrows():
        s = df.loc[df.wave == row["wave"], row["variable"]]
        w = df.loc[df.wave == row["wave"], "w"]
        ok = s.notna()
        share = np.average(s[ok].isin(["Litt enig", "Helt enig"]), weights=w[ok])
        assert row["estimate"] == pytest.approx(share, rel=1e-12)
        assert row["n"] == ok.sum()
        assert 0 < row["conf_low"] < row["estimate"] < row["conf_high"] < 1
    by_pos = topbox(d, ["help", "welcome"], top=(4, 5), by="wave")
    np.testing.assert_allclose(by_pos["estimate"], res["estimate"], rtol=1e-14)
    # the level names the answers at those positions, not the positions themselves
    assert set(by_pos["level"]) == {"Litt enig / Helt enig"}


def test_score_and_0_100_scale():
    df = _likert()
    d = Design(df, weights="w")
    raw = score(d, ["help", "welcome"])
    s = df["help"].cat.codes + 1.0
    ok = df["help"].notna()
    m = np.average(s[ok], weights=df.loc[ok, "w"])
    assert raw["estimate"][0] == pytest.approx(m, rel=1e-12)
    hundred = score(d, ["help", "welcome"], to_100=True)
    np.testing.assert_allclose(hundred["estimate"], (raw["estimate"] - 1) / 4 * 100, rtol=1e-12)
    np.testing.assert_allclose(hundred["std_error"], raw["std_error"] * 25, rtol=1e-12)
    np.testing.assert_allclose(hundred["conf_low"], (raw["conf_low"] - 1) * 25, rtol=1e-12)
    coded = score(d, "help", codes=dict(zip(LEVELS, [0, 25, 50, 75, 100], strict=True)))
    assert coded["estimate"][0] == pytest.approx(hundred["estimate"][0], rel=1e-12)
    assert coded["std_error"][0] == pytest.approx(hundred["std_error"][0], rel=1e-12)


def test_errors_name_levels():
    df = _likert()
    d = Design(df, weights="w")
    with pytest.raises(DataError, match=r"level\(s\) \['Enig'\] are not levels of 'help'"):
        topbox(d, "help", top=("Enig",))
    with pytest.raises(DataError, match=r"position\(s\) \[6\] outside 1..5"):
        topbox(d, "help", top=(5, 6))
    df["num"] = 1.0
    with pytest.raises(DataError, match="give scale_max="):
        score(Design(df, weights="w"), "num", to_100=True)


def test_topbox_of_numeric_items_of_any_dtype_and_integer_groups():
    rng = np.random.default_rng(4)
    n = 300
    scores = rng.integers(1, 6, n).astype(float)
    scores[rng.random(n) < 0.1] = np.nan
    df = pd.DataFrame({"w": rng.uniform(1, 3, n), "f": scores,
                       "grp": rng.choice([-2, 5, 7], n).astype(np.int8)})
    df["i"] = np.nan_to_num(scores, nan=3).astype(np.int64)
    df["nullable"] = pd.array(scores, dtype="Float64")
    df["text"] = pd.Series(scores).map(lambda v: "?" if np.isnan(v) else str(int(v))).astype(object)
    df["grp_cat"] = pd.Categorical(df["grp"])
    d = Design(df, weights="w")
    res = topbox(d, ["f", "i", "nullable", "text"], top=(4, 5), by="grp")
    ok = ~np.isnan(scores)
    for _, row in res.iterrows():
        g = (df["grp"] == row["grp"]).to_numpy()
        valid = g if row["variable"] == "i" else g & ok
        vals = df["i"].to_numpy() if row["variable"] == "i" else scores
        share = np.average(np.isin(vals[valid], (4, 5)), weights=df["w"][valid])
        assert row["estimate"] == pytest.approx(share, rel=1e-12)
        assert row["n"] == valid.sum()
    assert list(res["grp"].unique()) == [-2, 5, 7]
    by_cat = topbox(d, ["f", "i", "nullable", "text"], top=(4, 5), by="grp_cat")
    np.testing.assert_array_equal(by_cat["estimate"], res["estimate"])
    np.testing.assert_array_equal(by_cat["std_error"], res["std_error"])


def test_a_scale_that_does_not_fit_a_categorical_item_is_refused_or_flagged():
    import warnings

    from surveykit.errors import SurveykitWarning

    d = Design(_likert(), weights="w")  # five substantive levels, scored 1..5
    with pytest.raises(DataError, match=r"scores of 'help' run 1–5 .* scale_min=1 to scale_max=4"
                                        r"; its 0–100 score would leave 0–100.*scale_max=5"):
        score(d, "help", to_100=True, scale_max=4)
    with pytest.raises(DataError, match=r"run 1–5"):
        score(d, "help", scale_max=3)  # the raw score is fine, the stated scale is not
    zero_based = dict(zip(LEVELS, [0, 1, 2, 3, 4], strict=True))
    with pytest.raises(DataError, match=r"run 0–4 \(codes=\).*scale_min=0"):
        score(d, "help", codes=zero_based, to_100=True)  # scale_min=1 by default
    ok = score(d, "help", codes=zero_based, to_100=True, scale_min=0)
    want = score(d, "help", to_100=True)
    assert ok["estimate"][0] == pytest.approx(want["estimate"][0], rel=1e-12)
    with pytest.warns(SurveykitWarning, match=r"run 1–5 .* scale 1–7: its 0–100 score cannot reach 100"):
        wide = score(d, "help", to_100=True, scale_max=7)
    raw = score(d, "help")
    assert wide["estimate"][0] == pytest.approx((raw["estimate"][0] - 1) / 6 * 100, rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveykitWarning)
        score(d, "help", to_100=True, scale_max=5)  # the item's own scale, stated: quiet
