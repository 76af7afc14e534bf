"""Replicate-weight designs: identities, storage, weighting and refusals (issue 17).

R parity is in test_r_parity_replicate.py; here the routes that must agree do: JK1 by hand,
jackknife = Taylor for a total, domains by subset and by by=, weights scaled, every replicate
weighted to the margins, and a coverage simulation of the Rao-Wu bootstrap interval.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.design import Design, vcov
from surveykit.errors import DesignError, SurveykitWarning


def _clustered(seed=3, n_psu=12, per=8):
    rng = np.random.default_rng(seed)
    psu = np.repeat(np.arange(n_psu), per)
    effect = rng.normal(0, 1, n_psu)[psu]
    return pd.DataFrame({
        "psu": psu,
        "y": 10 + effect + rng.normal(0, 1, len(psu)),
        "g": rng.choice(["a", "b", "c"], len(psu)),
        "yes": rng.random(len(psu)) < 0.4,
        "w": rng.uniform(1, 3, len(psu)),
    })


def _jk1_by_hand(df):
    """JK1 replicate weights made by hand: replicate j drops PSU j, the others x n/(n-1)."""
    psus = df["psu"].unique()
    n = len(psus)
    cols = {f"jk{j}": np.where(df["psu"] == p, 0.0, df["w"] * n / (n - 1)) for j, p in enumerate(psus)}
    return df.assign(**cols), n


def test_replicate_design_of_one_psu_per_replicate_equals_jk1_by_hand():
    df = _clustered()
    wide, n = _jk1_by_hand(df)
    d = Design(wide, weights="w", repweights="^jk[0-9]+$", replicate_type="JK1", scale=(n - 1) / n)
    got = sk.mean(d, "y").iloc[0]
    # the jackknife by hand: the mean without each PSU
    thetas = []
    for p in df["psu"].unique():
        keep = df["psu"] != p
        thetas.append(np.average(df["y"][keep], weights=df["w"][keep]))
    thetas = np.array(thetas)
    var = (n - 1) / n * np.sum((thetas - thetas.mean()) ** 2)
    assert got["estimate"] == pytest.approx(np.average(df["y"], weights=df["w"]), rel=1e-13)
    assert got["std_error"] == pytest.approx(np.sqrt(var), rel=1e-12)
    assert got["df"] == n - 1
    # the same replicates made from the Taylor design
    conv = Design(df, weights="w", ids="psu").to_replicate("JK1")
    np.testing.assert_allclose(conv.replicate_weights.to_numpy(), wide.filter(like="jk").to_numpy(),
                               rtol=1e-15)
    assert sk.mean(conv, "y")["std_error"].iloc[0] == pytest.approx(got["std_error"], rel=1e-12)


def test_mse_adds_the_squared_bias_of_the_replicate_mean():
    df = _clustered()
    base = Design(df, weights="w", ids="psu")
    a = base.to_replicate("JK1")
    b = base.to_replicate("JK1", mse=True)
    thetas = np.array([np.average(df["y"], weights=a.replicate_weights[c]) for c in a.replicates.names])
    full = np.average(df["y"], weights=df["w"])
    scale = a.replicates.scale
    va, vb = sk.mean(a, "y")["std_error"].iloc[0] ** 2, sk.mean(b, "y")["std_error"].iloc[0] ** 2
    assert vb - va == pytest.approx(scale * len(thetas) * (thetas.mean() - full) ** 2, rel=1e-9)
    assert vb > va


def test_jackknife_of_a_total_equals_the_taylor_variance():
    """For a linear statistic of an unstratified sample the JK1 variance is the Taylor one."""
    df = _clustered()
    taylor = Design(df, weights="w", ids="psu")
    jk = taylor.to_replicate("JK1")
    t, r = sk.total(taylor, "y").iloc[0], sk.total(jk, "y").iloc[0]
    assert r["estimate"] == pytest.approx(t["estimate"], rel=1e-13)
    assert r["std_error"] == pytest.approx(t["std_error"], rel=1e-12)
    # and the variance routine given the scores of the total does the same (linear statistic)
    w = jk.weights
    assert np.sqrt(vcov(jk, (w * df["y"].to_numpy())[:, None])[0, 0]) == pytest.approx(r["std_error"], rel=1e-12)


def test_domain_by_subset_equals_by_group_with_its_own_degf():
    df = _clustered()
    d = Design(df, weights="w", ids="psu").to_replicate("JK1")
    by = sk.mean(d, "y", by="g").set_index("g")
    for level in ["a", "b", "c"]:
        sub = d.subset(df["g"] == level)
        one = sk.mean(sub, "y").iloc[0]
        assert one["estimate"] == pytest.approx(by.loc[level, "estimate"], rel=1e-13)
        assert one["std_error"] == pytest.approx(by.loc[level, "std_error"], rel=1e-12)
        assert one["df"] == by.loc[level, "df"] == sub.degf
        rows = sub.replicate_weights.to_numpy()[(df["g"] == level).to_numpy()]
        assert sub.degf == np.linalg.matrix_rank(rows) - 1
    assert (sub.replicate_weights.to_numpy()[(df["g"] != "c").to_numpy()] == 0).all()


def test_scaling_every_weight_changes_no_mean_and_no_se():
    df = _clustered()
    wide, n = _jk1_by_hand(df)
    reps = [c for c in wide if c.startswith("jk")]
    scaled = wide.assign(w=wide["w"] * 7, **{c: wide[c] * 7 for c in reps})
    a = Design(wide, weights="w", repweights=reps, replicate_type="JK1", scale=(n - 1) / n)
    b = Design(scaled, weights="w", repweights=reps, replicate_type="JK1", scale=(n - 1) / n)
    for fun in (sk.mean, lambda d, v: sk.proportion(d, v)):
        ra, rb = fun(a, "yes" if fun is not sk.mean else "y"), fun(b, "yes" if fun is not sk.mean else "y")
        np.testing.assert_allclose(ra["estimate"], rb["estimate"], rtol=1e-13)
        np.testing.assert_allclose(ra["std_error"], rb["std_error"], rtol=1e-11)


def test_replicate_columns_are_held_once_in_the_narrowest_exact_type():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"y": rng.normal(size=50), "w": rng.integers(10, 90, 50).astype(float),
                       "q": rng.integers(1, 6, 50).astype(float)})
    for r in range(4):
        df[f"w{r}"] = np.round(df["w"] * rng.uniform(0.5, 1.5, 50))
    reps = [f"w{r}" for r in range(4)]
    d = Design(df, weights="w", repweights="^w[0-9]$", replicate_type="successive-difference")
    assert d.replicates.matrix.dtype == np.int16  # whole numbers within 16 bits (the ACS)
    sub = d.subset(df["y"] > 0).with_columns(z=df["y"] * 2)
    assert sub.replicates is d.replicates  # shared, never copied
    big = df.assign(w1=df["w1"] * 1000)  # whole numbers beyond 16 bits, below 2^24
    assert Design(big, weights="w", repweights="^w[0-9]$",
                  replicate_type="successive-difference").replicates.matrix.dtype == np.float32
    for edge, held in ((-32768, np.float32), (-32767, np.int16)):  # |-32768| has no int16
        low = df.assign(w2=df["w2"].where(df.index != 7, edge))
        rep = Design(low, weights="w", repweights="^w[0-9]$", replicate_type="successive-difference",
                     mse=True).replicates
        assert rep.matrix.dtype == held and rep.exact_max == -edge
    frac = df.assign(w0=df["w0"] + 0.5)
    assert Design(frac, weights="w", repweights="^w[0-9]$",
                  replicate_type="successive-difference").replicates.matrix.dtype == np.float64
    np.testing.assert_array_equal(d.replicate_weights.to_numpy(), df[reps].to_numpy())
    # the same weights held in float32 and in float64 give the same estimates and SEs
    for dtype in (np.float32, np.float64):
        other = d._replace(replicates=replace(d.replicates, matrix=df[reps].to_numpy(dtype),
                                              cache={}))
        assert other.replicates.matrix.dtype == dtype
        for by in (None, "g"):
            frame = other.with_columns(g=df["y"] > 0) if by else other
            mine = (d.with_columns(g=df["y"] > 0) if by else d)
            got, want = sk.mean(frame, "q", by=by), sk.mean(mine, "q", by=by)
            np.testing.assert_allclose(got["estimate"], want["estimate"], rtol=1e-14)
            np.testing.assert_allclose(got["std_error"], want["std_error"], rtol=1e-12)


def test_rake_weights_every_replicate_to_the_margins():
    df = _clustered()
    d = Design(df, weights="w", ids="psu").to_replicate("JK1")
    margins = {"g": {"a": 300.0, "b": 500.0, "c": 200.0}}
    raked = sk.rake(d, margins)
    w = raked.replicate_weights
    for level, total in margins["g"].items():
        rows = (df["g"] == level).to_numpy()
        np.testing.assert_allclose(w.to_numpy()[rows].sum(0), total, rtol=1e-9)
        assert raked.weights[rows].sum() == pytest.approx(total, rel=1e-9)
    # the calibrated variable's shares have no variance left in any replicate
    assert sk.mean(raked, "g")["std_error"].max() < 1e-9
    with pytest.raises(DesignError, match="replicate design"):
        sk.trim_weights(raked, 0.5, 2.0)


def test_weighting_before_conversion_is_refused():
    df = _clustered()
    raked = sk.rake(Design(df, weights="w", ids="psu"), {"g": {"a": 3.0, "b": 5.0, "c": 2.0}})
    with pytest.raises(DesignError, match="make the replicates first"):
        raked.to_replicate("JK1")


def test_brr_and_jkn_conversions_name_the_stratum():
    df = pd.DataFrame({"s": ["a"] * 4 + ["b"] * 3, "psu": [1, 2, 3, 4, 5, 6, 7], "y": np.arange(7.0)})
    d = Design(df, strata="s", ids="psu")
    with pytest.raises(DesignError, match="stratum 'b' has 3"):
        d.to_replicate("BRR")
    with pytest.raises(DesignError, match="can't use JK1 for a stratified design"):
        d.to_replicate("JK1")
    one = pd.DataFrame({"s": ["a", "a", "b"], "psu": [1, 2, 3], "y": [1.0, 2.0, 3.0]})
    with pytest.raises(DesignError, match="stratum 'b' has 1"):
        Design(one, strata="s", ids="psu", lonely_psu="adjust").to_replicate("BRR")
    adj = Design(one, strata="s", ids="psu", lonely_psu="adjust").to_replicate("JKn")
    assert adj.replicates.count == 3  # two for stratum a, R's adjust replicate for b
    np.testing.assert_allclose(adj.replicates.rscales, [0.5, 0.5, 0.5])
    np.testing.assert_allclose(adj.replicate_weights["rep3"], [2.0, 2.0, 0.0])  # H / (H - 1)
    certain = Design(one, strata="s", ids="psu", lonely_psu="certainty").to_replicate("JKn")
    assert certain.replicates.count == 2  # the lonely stratum adds no replicate


def test_brr_split_of_a_stratum_of_four_equals_two_pairs():
    df = pd.DataFrame({"s": ["a"] * 4, "pair": ["p1", "p1", "p2", "p2"], "psu": [1, 2, 3, 4],
                       "y": [1.0, 4.0, 2.0, 7.0]})
    split = Design(df, strata="s", ids="psu").to_replicate("BRR")
    pairs = Design(df, strata="pair", ids="psu").to_replicate("BRR")
    np.testing.assert_array_equal(split.replicate_weights.to_numpy(), pairs.replicate_weights.to_numpy())
    fay = Design(df, strata="pair", ids="psu").to_replicate("Fay", rho=0.5)
    assert set(np.unique(fay.replicate_weights.to_numpy())) == {0.5, 1.5}
    assert fay.replicates.scale == pytest.approx(1 / (4 * 0.25))


def test_bootstrap_is_reproducible_from_its_seed_and_rescales():
    df = _clustered()
    d = Design(df, weights="w", ids="psu")
    a, b = d.to_replicate("bootstrap", replicates=20, seed=5), d.to_replicate("bootstrap", replicates=20, seed=5)
    np.testing.assert_array_equal(a.replicate_weights.to_numpy(), b.replicate_weights.to_numpy())
    assert not np.array_equal(a.replicate_weights.to_numpy(),
                              d.to_replicate("bootstrap", replicates=20, seed=6).replicate_weights.to_numpy())
    factors = a.replicate_weights.to_numpy() / df["w"].to_numpy()[:, None]
    n = df["psu"].nunique()
    # Rao-Wu: n - 1 draws of n PSUs, factor = times drawn x n / (n - 1); each replicate's
    # factors over the PSUs sum to n
    per_psu = pd.DataFrame(factors).groupby(df["psu"].to_numpy()).first().to_numpy()
    np.testing.assert_allclose(per_psu.sum(0), n)
    np.testing.assert_allclose(np.round(per_psu * (n - 1) / n, 12) % 1, 0)
    assert a.replicates.scale == pytest.approx(1 / 19)


def test_bootstrap_interval_covers_at_its_level():
    """Coverage simulation: stratified cluster samples from one population, Rao-Wu bootstrap
    (100 replicates), 95% t interval of the mean. 300 samples: coverage within 0.91..0.99
    (binomial sd 0.013); a scale off by a factor 2 gives about 0.83 or 0.99+."""
    rng = np.random.default_rng(2024)
    n_h, per, strata = 8, 6, 4
    hits = 0
    sims = 300
    mu = 0.0
    for s in range(sims):
        psu_effect = rng.normal(0, 1.0, strata * n_h)
        psu = np.repeat(np.arange(strata * n_h), per)
        y = mu + np.repeat(np.arange(strata) * 0.5, n_h * per) + psu_effect[psu] + rng.normal(0, 1, len(psu))
        df = pd.DataFrame({"y": y, "psu": psu, "h": psu // n_h})
        d = Design(df, strata="h", ids="psu").to_replicate("bootstrap", replicates=100, seed=s)
        r = sk.mean(d, "y").iloc[0]
        hits += r["conf_low"] <= 0.75 <= r["conf_high"]  # population mean: 0.5 * mean(0..3)
    assert 0.91 <= hits / sims <= 0.99


def test_refusals_say_what_to_do():
    df = _clustered()
    wide, _ = _jk1_by_hand(df)
    with pytest.raises(DesignError, match="needs replicate_type"):
        Design(wide, weights="w", repweights="^jk")
    with pytest.raises(DesignError, match="matches no column"):
        Design(wide, weights="w", repweights="^rep", replicate_type="JK1")
    with pytest.raises(DesignError, match="needs weights="):
        Design(wide, repweights="^jk", replicate_type="JK1", scale=0.5)
    with pytest.raises(DesignError, match="takes no strata"):
        Design(wide, weights="w", strata="g", repweights="^jk", replicate_type="JK1")
    with pytest.raises(DesignError, match="needs rscales"):
        Design(wide, weights="w", repweights="^jk", replicate_type="JKn")
    with pytest.raises(DesignError, match="needs rho"):
        Design(wide, weights="w", repweights="^jk", replicate_type="Fay")
    with pytest.raises(DesignError, match="also among the replicate columns"):
        Design(wide, weights="jk0", repweights="^jk", replicate_type="JK1", scale=0.5)
    bad = wide.assign(jk3=wide["jk3"].where(wide.index != 5))
    with pytest.raises(DesignError, match="'jk3' has 1 missing"):
        Design(bad, weights="w", repweights="^jk", replicate_type="JK1", scale=0.5)
    with pytest.raises(DesignError, match="describe replicate weights"):
        Design(wide, weights="w", replicate_type="JK1")
    with pytest.warns(SurveykitWarning, match=r"\(R-1\)/R"):
        Design(wide, weights="w", repweights="^jk", replicate_type="JK1")
    d = Design(wide, weights="w", repweights="^jk", replicate_type="JK1", scale=0.5)
    with pytest.raises(DesignError, match="'score' is for designs without replicate"):
        sk.quantile(d, "y", interval_type="score")
    with pytest.raises(DesignError, match="needs replicate weights"):
        sk.quantile(Design(df, weights="w"), "y", interval_type="quantile")
    with pytest.raises(DesignError, match="weight every replicate"):
        d.with_weights(np.ones(len(df)))
    with pytest.raises(DesignError, match="no replicate weights"):
        Design(df).replicate_weights  # noqa: B018
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sk.proportion(d, "yes", method="likelihood")
    assert res[["conf_low", "conf_high"]].isna().all(axis=None)
    assert any("likelihood" in str(w.message) for w in caught)


def test_every_estimator_returns_the_schema_on_a_replicate_design():
    df = _clustered().assign(item=lambda x: pd.Categorical.from_codes(
        np.arange(len(x)) % 5, ["1", "2", "3", "4", "5"], ordered=True))
    d = Design(df, weights="w", ids="psu").to_replicate("JK1")
    taylor = Design(df, weights="w", ids="psu")
    for fun in (lambda x: sk.mean(x, ["y", "g"], by="yes"), lambda x: sk.total(x, "y"),
                lambda x: sk.proportion(x, "g"), lambda x: sk.quantile(x, "y", [0.5]),
                lambda x: sk.ratio(x, "y", "w"), lambda x: sk.topbox(x, "item", top=["4", "5"]),
                lambda x: sk.score(x, "item"), lambda x: sk.compare(x, "y", between="yes"),
                lambda x: sk.chisq(x, "g", "yes"), lambda x: sk.regress(x, "y ~ C(g)"),
                lambda x: sk.olr(x, "item ~ y"), lambda x: sk.cronbach_alpha(x, ["y", "w"])):
        a, b = fun(d), fun(taylor)
        assert list(a.columns) == list(b.columns)
        np.testing.assert_allclose(a["estimate"], b["estimate"], rtol=1e-7)
        np.testing.assert_array_equal(a["std_error"].isna(), b["std_error"].isna())
        assert a["std_error"].notna().any() or a["p_value"].notna().all()


def test_study_configuration_names_the_replicate_columns(tmp_path):
    from surveykit.config.study import load_config
    from surveykit.errors import ConfigError
    from surveykit.weighting import study_design

    df = _clustered()
    wide, n = _jk1_by_hand(df)
    (tmp_path / "surveykit.yaml").write_text(
        "study: {name: Agency, language: en}\n"
        "waves: [{id: '1', label: Year 1, file: data/raw/w1.csv, field_date: 2024-01-01}]\n"
        "weighting:\n"
        "  method: none\n"
        "  replicates: {weights: w, columns: '^jk[0-9]+$', type: JK1, scale: %r, mse: true}\n" % ((n - 1) / n), encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert config.weighting.replicates["replicate_type"] == "JK1"
    d = study_design(wide, config, None)
    direct = Design(wide, weights="w", repweights="^jk[0-9]+$", replicate_type="JK1",
                    scale=(n - 1) / n, mse=True)
    assert d.replicates.mse and d.replicates.count == n
    pd.testing.assert_frame_equal(sk.mean(d, "y"), sk.mean(direct, "y"))
    # raking a replicate study weights every replicate
    pop = pd.DataFrame({"g": ["a", "b", "c"], "population": [300, 500, 200]})
    (tmp_path / "surveykit.yaml").write_text(
        (tmp_path / "surveykit.yaml").read_text(encoding="utf-8").replace(
            "method: none", "method: rake\n  population: pop.csv\n  margins: [[g]]"), encoding="utf-8")
    raked = study_design(wide, load_config(tmp_path), pop)
    np.testing.assert_allclose(raked.replicate_weights.to_numpy()[(wide["g"] == "a").to_numpy()].sum(0), 300)
    (tmp_path / "surveykit.yaml").write_text(
        (tmp_path / "surveykit.yaml").read_text(encoding="utf-8").replace("type: JK1", "tipe: JK1"), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(tmp_path)
    (tmp_path / "surveykit.yaml").write_text(
        (tmp_path / "surveykit.yaml").read_text(encoding="utf-8").replace("tipe: JK1", "type: JK1").replace("'^jk", "'^kj"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`weighting.replicates.columns`: '\^kj\[0-9\]\+\$' matches no variable "
                                          r".* Variables that look like weights: jk0 … jk\d+ \(\d+ columns\)\. .*"
                                          r"\(e.g. '\^jk\[0-9\]\+\$'\)"):
        study_design(wide, load_config(tmp_path), pop)


def test_hadamard_matrices_equal_r():
    """R's survey:::hadamard(n) for n = 1..140 and larger: size, checksum and first rows."""
    from pathlib import Path

    from surveykit.design.convert import hadamard

    ref = pd.read_csv(Path(__file__).parent / "data" / "r-hadamard" / "hadamard.csv",
                      dtype={"row1": str, "row2": str})
    assert len(ref) == 149
    for r in ref.itertuples():
        h = hadamard(r.n).astype(np.int64)
        assert h.shape == (r.rows, r.cols), r.n
        weights = np.outer(np.arange(1, r.rows + 1), np.arange(1, r.cols + 1))
        assert int((h * weights).sum()) == int(r.checksum), r.n
        assert "".join(map(str, h[0])) == r.row1 and "".join(map(str, h[1])) == r.row2, r.n
        pm = 2 * h - 1  # a Hadamard matrix: orthogonal rows
        np.testing.assert_array_equal(pm @ pm.T, r.rows * np.eye(r.rows, dtype=np.int64))
