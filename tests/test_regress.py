"""regress / fit_glm: R svyglm parity (gaussian, quasibinomial), quasipoisson point estimates."""

from __future__ import annotations

import contextlib
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from surveykit.design import Design
from surveykit.errors import ConvergenceWarning, DataError, SurveykitWarning
from surveykit.estimate import regress as regress_module
from surveykit.estimate.regress import fit_glm, model_frame, regress
from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS

_spec = importlib.util.spec_from_file_location(
    "r_oracle_models", Path(__file__).parent / "data" / "r-survey-models" / "oracle.py"
)
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)

GLMS = oracle.entries(("svyglm",))
# A documented, expected difference from R. Quasi-complete separation: no school without
# comp.imp has awards, so the intercept and the comp.imp coefficient run off to +-inf and stop
# where R's logit link clamps |eta| at 30 (fitted probabilities of that group = machine epsilon).
# There the information matrix X'WX has a condition number kappa ~ 4e12: the intercept, the
# comp.imp coefficient and their SEs are round-off of an ill-conditioned solve, and differ
# between machines (BLAS kernel, CPU) by up to the perturbation bound of a linear solve,
# p * kappa * u (p columns, u the unit round-off): about 4e-3 here, computed in the test from
# the fit itself, not tuned. The identifiable parts (the stype effects and their SEs, intercept +
# comp.imp) are well-conditioned and checked at full precision.
SEPARATED = ("apiclus1", "glm_quasibinomial_factor")


def _solve_tolerance(design, formula, fit) -> float:
    """p * kappa(X'WX) * u at the fitted coefficients (R's clamped logit working weights)."""
    _, x, _, _, used = model_frame(design, formula)
    eps = np.finfo(float).eps
    mu = np.clip(1 / (1 + np.exp(-(x @ fit.coef))), eps, 1 - eps)
    w = np.asarray(design.weights, dtype=float)[used] * mu * (1 - mu)
    return x.shape[1] * np.linalg.cond(x.T @ (x * w[:, None])) * eps / 2


def test_every_svyglm_entry_is_covered():
    assert len(GLMS) == 15
    assert {e["family"] for _, e, _ in GLMS} == {"gaussian", "quasibinomial"}


@pytest.mark.parametrize(("spec", "entry", "r"), GLMS, ids=[f"{s}:{e['id']}" for s, e, _ in GLMS])
def test_fit_equals_r_svyglm(spec, entry, r):
    d = oracle.design_for(spec, entry)
    separated = (spec, entry["id"]) == SEPARATED
    with pytest.warns(ConvergenceWarning, match="separated by 'comp_imp") if separated else contextlib.nullcontext():
        fit = fit_glm(d, oracle.py_formula(entry["formula"]), family=entry["family"])
    terms = [c["term"] for c in r["coefficients"]]
    assert [oracle.r_term(t) for t in fit.terms] == terms
    coef = np.array([c["estimate"] for c in r["coefficients"]])
    se = np.array([c["se"] for c in r["coefficients"]])
    p = np.array([c["p_value"] for c in r["coefficients"]])
    assert fit.df_residual == r["df_residual"]
    assert fit.dispersion == pytest.approx(r["dispersion"], rel=1e-9)
    assert fit.n == r["n"]
    with pytest.warns(ConvergenceWarning, match="separated by 'comp_imp") if separated else contextlib.nullcontext():
        res = regress(d, oracle.py_formula(entry["formula"]), family=entry["family"])
    if separated:
        assert d.data.loc[d.data["comp_imp"] == "No", "awards"].eq("No").all()
        # well-conditioned: full precision
        np.testing.assert_allclose(fit.coef[1:3], coef[1:3], rtol=1e-9)
        np.testing.assert_allclose(fit.std_error[1:3], se[1:3], rtol=1e-8)
        np.testing.assert_allclose(fit.coef[0] + fit.coef[3], coef[0] + coef[3], rtol=1e-9)
        # ill-conditioned: within the round-off bound of the solve (an expected difference)
        tol = _solve_tolerance(d, oracle.py_formula(entry["formula"]), fit)
        assert 1e-4 < tol < 1e-2, f"kappa bound {tol:.2g}: is the fit still separated?"
        np.testing.assert_allclose(fit.coef[[0, 3]], coef[[0, 3]], rtol=tol)
        np.testing.assert_allclose(fit.std_error[[0, 3]], se[[0, 3]], rtol=tol)
        return
    np.testing.assert_allclose(fit.coef, coef, rtol=1e-9)
    np.testing.assert_allclose(fit.std_error, se, rtol=1e-8)
    np.testing.assert_allclose(
        fit.vcov, np.asarray(r["vcov"]), rtol=1e-8, atol=1e-12 * np.abs(r["vcov"]).max()
    )
    np.testing.assert_allclose(res["p_value"], p, rtol=1e-6)
    np.testing.assert_allclose(res["statistic"], [c["t"] for c in r["coefficients"]], rtol=1e-8)


GAUSSIAN = [g for g in GLMS if g[1]["family"] == "gaussian"]


@pytest.mark.parametrize(("spec", "entry", "r"), GAUSSIAN, ids=[f"{s}:{e['id']}" for s, e, _ in GAUSSIAN])
def test_blocked_qr_fit_equals_r_svyglm(spec, entry, r, monkeypatch):
    # a gaussian fit of more than QR_ROWS rows is reduced block by block (memory of one block):
    # with blocks of 3 rows (fewer than the columns, for most) the fit must still equal R's svyglm
    assert GAUSSIAN
    d = oracle.design_for(spec, entry)
    monkeypatch.setattr(regress_module, "QR_ROWS", 3)
    fit = fit_glm(d, oracle.py_formula(entry["formula"]), family=entry["family"])
    assert fit.n > 2 * 3
    np.testing.assert_allclose(fit.coef, [c["estimate"] for c in r["coefficients"]], rtol=1e-9)
    np.testing.assert_allclose(fit.std_error, [c["se"] for c in r["coefficients"]], rtol=1e-8)
    assert fit.dispersion == pytest.approx(r["dispersion"], rel=1e-9)


def test_blocked_qr_equals_least_squares():
    rng = np.random.default_rng(3)
    n, p = 5003, 6
    x = np.asfortranarray(np.column_stack([np.ones(n), rng.normal(size=(n, p - 1)) * [1, 1e3, 1e-2, 7, 1]]))
    z = x @ rng.normal(size=p) + rng.normal(size=n)
    w = rng.uniform(0.1, 3.0, n)
    want = np.linalg.lstsq(x * w[:, None], z * w, rcond=None)[0]
    xtx = (x * w[:, None]).T @ (x * w[:, None])
    for rows in (n, 1000, 7, 1):  # one block; blocks with a short last one; blocks under p + 1 rows
        r, qtz = regress_module._weighted_qr(x, z, w, np.empty((rows, p + 1), order="F"))
        np.testing.assert_allclose(np.linalg.solve(r, qtz), want, rtol=1e-10)
        np.testing.assert_allclose(r.T @ r, xtx, rtol=1e-10, atol=1e-10 * np.abs(xtx).max())


def _data(seed=11, n=900):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "x": rng.normal(0, 1, n),
            "g": rng.choice(["a", "b", "c"], n),
            "w": rng.uniform(1, 3, n),
            "stratum": rng.choice(["s1", "s2"], n),
        }
    )
    eta = 0.3 + 0.5 * df.x + np.where(df.g == "b", 0.4, 0.0)
    df["count"] = rng.poisson(np.exp(eta))
    df["y"] = eta + rng.normal(0, 1, n)
    return df


def test_quasipoisson_and_gaussian_point_estimates_equal_weighted_glm():
    df = _data()
    d = Design(df, weights="w", strata="stratum")
    x = sm.add_constant(np.column_stack([df.x, df.g == "b", df.g == "c"]).astype(float))
    pois = sm.GLM(df["count"], x, family=sm.families.Poisson(), var_weights=df.w).fit(tol=1e-13)
    fit = fit_glm(d, "count ~ x + C(g)", family="quasipoisson")
    np.testing.assert_allclose(fit.coef, pois.params, rtol=1e-8)
    wls = sm.WLS(df["y"], x, weights=df.w).fit()
    np.testing.assert_allclose(fit_glm(d, "y ~ x + C(g)").coef, wls.params, rtol=1e-10)


def test_domain_by_subset_equals_zero_weights_and_keeps_psus():
    df = _data()
    d = Design(df, weights="w", strata="stratum")
    sub = d.subset(df["g"] != "c")
    fit = fit_glm(sub, "y ~ x")
    rows = df[df.g != "c"]
    wls = sm.WLS(rows["y"], sm.add_constant(rows["x"]), weights=rows["w"]).fit()
    np.testing.assert_allclose(fit.coef, wls.params, rtol=1e-10)
    assert fit.n == len(rows)
    assert fit.df_residual == sub.degf + 1 - 2


def test_tidy_schema():
    df = _data()
    res = regress(Design(df, weights="w"), "y ~ x + C(g)", adjust="holm")
    assert list(res.columns) == [*RESULT_COLUMNS, *CONTRAST_COLUMNS]
    assert list(res["variable"]) == ["Intercept", "x", "C(g)[T.b]", "C(g)[T.c]"]
    assert (res["contrast"] == "y").all()
    assert res["p_adjusted"][0] == res["p_value"][0]
    assert (res["p_adjusted"][1:] >= res["p_value"][1:]).all()


def test_errors_name_the_problem():
    df = _data()
    d = Design(df, weights="w")
    with pytest.raises(DataError, match=r"names unknown column\(s\) \['age'\]"):
        regress(d, "y ~ x + age")
    with pytest.raises(DataError, match="quasibinomial needs a response in \\[0, 1\\]"):
        regress(d, "count ~ x", family="quasibinomial")
    with pytest.raises(DataError, match="family='logistic' is not available"):
        regress(d, "y ~ x", family="logistic")
    df["x2"] = 2 * df["x"]
    with pytest.raises(DataError, match="collinear"):
        regress(Design(df, weights="w"), "y ~ x + x2")
    with pytest.raises(DataError, match="empty"):
        regress(Design(df.assign(w=0.0), weights="w"), "y ~ x")


def _frame_data(seed=3, n=400):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "y": rng.normal(size=n), "yi": rng.integers(0, 5, n), "x": rng.normal(size=n),
        "k": rng.integers(1, 6, n), "k8": rng.integers(-3, 3, n).astype(np.int8),
        "u": rng.integers(0, 4, n).astype(np.uint16),
        "g": pd.Categorical(rng.choice(["a", "b", "c"], n), categories=["z", "c", "a", "b"]),
        "o": pd.Categorical(rng.choice(["lo", "mid", "hi"], n), categories=["lo", "mid", "hi"],
                            ordered=True),
        "ci": pd.Categorical(rng.choice([1, 2, 3], n)), "cf": pd.Categorical(rng.choice([0.5, 1.5], n)),
        "one": pd.Categorical(["only"] * n), "w": rng.uniform(0.5, 2, n),
        "s": rng.choice(["s1", "s2"], n), "t": rng.choice(["p", "q"], n),
    })
    df.loc[rng.random(n) < 0.1, "y"] = np.nan
    df.loc[rng.random(n) < 0.1, "x"] = np.nan
    df.loc[rng.random(n) < 0.05, "g"] = np.nan
    df.loc[df.index[:30], "w"] = 0.0
    df.loc[df.index[:30], "k"] = 9  # a value only outside the domain
    df.loc[5, "x"] = np.inf  # kept, as formulaic does
    return df


DIRECT = ["y ~ x + C(g)", "y ~ C(g) + x", "y ~ C(k) + C(k8) + C(u) + x", "yi ~ C(o) + C(ci) + cf + C(cf)",
          "y ~ C( g ) + k", "y ~ 1 + x", "y ~ x + x + C(g)", "k ~ g + x", "y ~ 1"]
FORMULAIC = ["y ~ x - 1", "y ~ x:k", "y ~ C(g) * x", "y ~ C(s)", "y ~ t + x", "y ~ np.log(w)",
             "I(y > 0) ~ x", "y ~ C(g, contr.treatment)", "g ~ x"]


@pytest.mark.parametrize("formula", ["yi ~ o + C(ci)", "y ~ x:o", "y ~ C(g) + o"])
def test_a_bare_ordered_categorical_predictor_is_refused(formula):
    # R codes it with polynomial contrasts (o.L, o.Q): the same formula would give other coefficients
    design = Design(_frame_data(), weights="w")
    with pytest.raises(DataError, match=r"'o' in .* is an ordered categorical, which R codes with polynomial "
                                        r"contrasts \(o.L, o.Q, ...\).*Write C\(o\)"):
        regress(design, formula)


@pytest.mark.parametrize("formula", DIRECT + FORMULAIC)
def test_main_effects_model_frame_equals_formulaic(formula, monkeypatch):
    import formulaic

    df = _frame_data()
    for d in (Design(df, weights="w", strata="s"), Design(df[df.w > 0].reset_index(drop=True), weights="w")):
        rows = np.flatnonzero(d.weights > 0)
        direct = regress_module._main_effects_frame(formulaic.Formula(formula), d.data, rows)
        assert (direct is not None) == (formula in DIRECT)
        def said():  # a term of one level has no column: both routes say so
            if formula == "y ~ x + one":
                return pytest.warns(SurveykitWarning, match=r"term\(s\) one of .*single level")
            return contextlib.nullcontext()

        try:
            with said():
                fast = model_frame(d, formula)
        except DataError as exc:  # the formulaic route names the problem
            assert formula not in DIRECT, exc
            continue
        with monkeypatch.context() as m, said():
            m.setattr(regress_module, "_main_effects_frame", lambda *a: None)
            slow = model_frame(d, formula)
        np.testing.assert_array_equal(fast[0], slow[0])
        np.testing.assert_array_equal(fast[1], slow[1])
        assert fast[2] == slow[2]
        assert fast[3] == slow[3]
        np.testing.assert_array_equal(fast[4], slow[4])


def test_main_effects_fit_equals_formulaic_fit_and_checks_rank(monkeypatch):
    df = _frame_data()
    df["g2"] = df["g"]
    d = Design(df, weights="w", strata="s")
    fast = fit_glm(d, "y ~ x + C(g) + C(k)")
    with monkeypatch.context() as m:
        m.setattr(regress_module, "_main_effects_frame", lambda *a: None)
        slow = fit_glm(d, "y ~ x + C(g) + C(k)")
    assert fast.terms == slow.terms
    np.testing.assert_array_equal(fast.coef, slow.coef)
    np.testing.assert_array_equal(fast.vcov, slow.vcov)
    with pytest.raises(DataError, match=r"collinear .*rank 3 of 5 columns"):
        fit_glm(d, "y ~ C(g) + g2")


def test_a_factor_of_one_level_among_the_complete_rows_is_refused_as_r_refuses_it():
    # apistrat: acs.k3 is given only for elementary schools, so C(stype) has only 'E' among the rows
    # the model can use: R stops ("contrasts can be applied only to factors with 2 or more levels")
    from pathlib import Path

    st = pd.read_csv(Path(__file__).parent / "data" / "r-survey" / "data" / "apistrat.csv")
    d = Design(st, weights="pw", strata="stype", fpc="fpc")
    with pytest.raises(DataError, match=r"C\(stype\) in 'api00 ~ acs.k3 \+ C\(stype\)' has only 'E' among the rows"):
        regress(d, "api00 ~ acs.k3 + C(stype)")
    # a single level only within a domain: R fits the whole frame and reports NA; here a warning
    with pytest.warns(SurveykitWarning, match=r"C\(stype\) of .* have a single level among the rows"):
        out = regress(d.subset((st["stype"] == "E").to_numpy()), "api00 ~ ell + C(stype)")
    assert out["variable"].tolist() == ["Intercept", "ell"]


def test_a_factor_of_one_level_everywhere_is_refused_on_both_routes(monkeypatch):
    d = Design(_frame_data(), weights="w", strata="s")
    with pytest.raises(DataError, match=r"one in 'y ~ x \+ one' has only 'only' among the rows"):
        model_frame(d, "y ~ x + one")
    with monkeypatch.context() as m, pytest.raises(DataError, match=r"has only 'only' among the rows"):
        m.setattr(regress_module, "_main_effects_frame", lambda *a: None)
        model_frame(d, "y ~ x + one")
