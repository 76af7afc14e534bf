"""Run one R replicate-reference estimate (tests/data/r-survey-rep) with surveykit and compare.

``check(spec, entry, r, route)`` runs the entry's estimator on the design built by
``tests.replicate_designs`` and asserts the numbers equal R's within ``tolerance(...)``.
Used by tests/test_r_parity_replicate.py.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.estimate.chisq import rao_scott
from tests.replicate_designs import design_for, py, rep

# R stops calibrate(calfun="raking") at a relative misfit of 1e-7 of its totals; here the
# Newton steps go on to full precision, so weights of raking-calibrated replicates differ
# from R's by up to ~2e-7 (relative) and their SEs by about as much.
LOOSE = {"jkn_cal_raking", "jk1_cal_raking", "brr_cal_raking", "sdr_cal_raking"}


def tolerance(entry: dict) -> float:
    name = entry.get("design", "base")
    return 2e-5 if name in LOOSE else 1e-8


def _close(got, want, rtol, atol=0.0, what=""):
    want = np.nan if want is None else want
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)


def _rows_by_name(res: pd.DataFrame) -> dict:
    out = {}
    for row in res.itertuples():
        out[(row.variable, row.level)] = row
    return out


def _r_level(row: dict):
    lv = row.get("level")
    return None if lv is None else str(lv)


def _means(d, entry, r, tol):
    fun = sk.mean if entry.get("fun", entry["type"]) == "svymean" else sk.total
    variables = [py(v) for v in entry["vars"]]
    by = [py(b) for b in entry["by"]] if entry.get("by") else None
    if entry.get("na_rm") and len(variables) > 1:  # R's na.rm with several variables: listwise
        d = d.subset(d.data[variables].notna().all(axis=1).to_numpy())
    res = fun(d, variables, by=by)
    rows = r["rows"]
    assert len(res) == len(rows)
    for got, want in zip(res.itertuples(), _sorted_r_rows(rows, by), strict=True):
        assert got.variable == py(want["variable"])
        assert (got.level if got.level is None else str(got.level)) == _r_level(want)
        _close(got.estimate, want["estimate"], 1e-10, 1e-12, "estimate")
        zero = (1e-6 if tol > 1e-8 else 1e-10) * abs(want["estimate"]) + 1e-13  # an SE of 0
        _close(got.std_error, want["se"], tol, zero, "se")
        if got.level is None and not by:  # a number: R's t interval on the design's df
            assert got.df == r["df"] or entry.get("na_rm")
            if got.df == r["df"]:
                _close(got.conf_low, want["ci_t_low"], tol, 1e-9 * abs(want["estimate"]), "ci")
                _close(got.conf_high, want["ci_t_high"], tol, 1e-9 * abs(want["estimate"]), "ci")


def _sorted_r_rows(rows, by):
    if not by:
        return rows
    return rows  # R's svyby rows come group by group, in the groups' sorted order, as ours


def _ciprop(d, entry, r, tol):
    var = py(entry["var"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sk.proportion(d, var, level=entry["level_value"], method=entry["method"])
    row = res.iloc[0]
    _close(row["estimate"], r["estimate"], 1e-8, 0, "estimate")
    assert row["df"] == r["df"]
    if entry["method"] == "likelihood" and r["ci_low"] is None:  # R: NA on replicate designs
        assert np.isnan(row["conf_low"]) and np.isnan(row["conf_high"])
        assert any("likelihood" in str(w.message) for w in caught)
        return
    _close(row["conf_low"], r["ci_low"], tol * 10, 0, "ci_low")
    _close(row["conf_high"], r["ci_high"], tol * 10, 0, "ci_high")


def _quantile(d, entry, r, tol):
    res = sk.quantile(d, py(entry["var"]), entry["quantiles"],
                      interval_type=entry.get("interval_type", "mean"), qrule=entry.get("qrule", "math"))
    for got, want in zip(res.itertuples(), r["rows"], strict=True):
        _close(got.estimate, want["estimate"], 1e-12, 0, "estimate")
        _close(got.conf_low, want["ci_low"], 1e-9, 1e-9, "ci_low")
        _close(got.conf_high, want["ci_high"], 1e-9, 1e-9, "ci_high")
        _close(got.std_error, want["se"], max(tol, 1e-8), 1e-12, "se")


def _ratio(d, entry, r, tol):
    num, den = py(entry["numerator"]), py(entry["denominator"])
    if entry.get("na_rm"):
        d = d.subset(d.data[[num, den]].notna().all(axis=1).to_numpy())
    row = sk.ratio(d, num, den).iloc[0]
    _close(row["estimate"], r["estimate"], 1e-10, 0, "estimate")
    _close(row["std_error"], r["se"], tol, 0, "se")


def _ttest(d, entry, r, tol):
    row = sk.compare(d, py(entry["var"]), between=py(entry["group"])).iloc[0]
    _close(row["estimate"], r["estimate"], 1e-10, 0, "estimate")
    _close(row["std_error"], r["se"], tol, 0, "se")
    _close(row["statistic"], r["statistic"], tol, 0, "t")
    assert row["df"] == r["df"]
    _close(row["p_value"], r["p_value"], tol * 100, 1e-14, "p")


def _contrast(d, entry, r, tol):
    by = py(entry["by"])
    lo, hi = entry["levels"]
    res = sk.contrast(d, py(entry["var"]), over=by, contrasts={"c": {hi: 1, lo: -1}})
    row = res.iloc[0]
    _close(row["estimate"], r["estimate"], 1e-10, 1e-12, "estimate")
    _close(row["std_error"], r["se"], tol, 0, "se")


def _chisq(d, entry, r, tol):
    a, b = (py(v) for v in entry["vars"])
    t = rao_scott(d, a, b, statistic=entry["statistic"])
    _close(t.statistic, np.ravel(r["statistic"])[0], tol * 10, 0, "statistic")
    _close(t.p_value, np.ravel(r["p_value"])[0], tol * 100, 1e-15, "p")
    par = r["parameter"]
    if "df" in par:
        assert t.ndf == par["df"]
    else:
        _close(t.ndf, par["ndf"], tol * 10, 0, "ndf")
        _close(t.ddf, par["ddf"], tol * 10, 0, "ddf")


def _glm(d, entry, r, tol):
    from surveykit.estimate.regress import fit_glm

    formula = _formula(entry["formula"], d)
    fit = fit_glm(d, formula, family=entry["family"])
    want = r["coefficients"]
    assert len(fit.coef) == len(want)
    for j, c in enumerate(want):
        _close(fit.coef[j], c["estimate"], 1e-8, 1e-10, f"coef {c['term']}")
        _close(fit.std_error[j], c["se"], tol * 10, 1e-12, f"se {c['term']}")
    assert fit.df_residual == r["df_residual"]


def _olr(d, entry, r, tol):
    from surveykit.estimate.ordinal import fit_olr

    fit = fit_olr(d, _formula(entry["formula"], d))
    want = r.get("replicate_tight") or r
    est = [c["estimate"] for c in r["coefficients"]] + [c["estimate"] for c in r["thresholds"]]
    # R's optim(BFGS) stops within ~1e-6 (relative) of the optimum Newton finds
    np.testing.assert_allclose(np.concatenate([fit.coef, fit.zeta]), est, rtol=1e-5, atol=1e-8)
    se = want["se"] if "se" in want else [c["se"] for c in want["coefficients"]] + \
        [c["se"] for c in want["thresholds"]]
    np.testing.assert_allclose(fit.std_error, se, rtol=1e-4, atol=1e-10)
    assert fit.df_residual == r["df_residual"]


def _formula(formula: str, d) -> str:
    """R's formula in formulaic syntax: factors as C(), I(a == 'b') kept, names with dots."""
    lhs, rhs = (p.strip() for p in formula.split("~", 1))
    terms = []
    for t in (x.strip() for x in rhs.split("+")):
        name = py(t)
        if name in d.data.columns and isinstance(d.data[name].dtype, pd.CategoricalDtype):
            terms.append(f"C({name})")
        else:
            terms.append(name if name in d.data.columns else t.replace(".", "_"))
    lhs = lhs.replace("sch.wide", "sch_wide")
    terms = [t.replace("^", "**") for t in terms]  # R's power in I(); Python's ^ is xor
    return f"{lhs} ~ {' + '.join(terms)}"


RUN = {"svymean": _means, "svytotal": _means, "svyby": _means, "svyciprop": _ciprop,
       "svyquantile": _quantile, "svyratio": _ratio, "svyttest": _ttest,
       "svyby_contrast": _contrast, "svychisq": _chisq, "svyglm": _glm, "svyolr": _olr}


def check(spec_name: str, entry: dict, r: dict, route: str = "ours") -> None:
    d = design_for(spec_name, entry, route)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        RUN[entry["type"]](d, entry, r, tolerance(entry))


def entries(route: str) -> list:
    """pytest params of every R result on a replicate design (or the Taylor base)."""
    out = []
    for spec_name, entry, r in rep.entries():
        name = entry.get("design", "base")
        info = rep.designs(spec_name).get(name, {}).get("replicate", {})
        # R's own matrices: exported ones, whose degf is their rank (R keeps a parent's degf
        # after calibrate(calfun="raking"), which a design made from the columns cannot know)
        if route == "r" and (name == "base" or "weights_file" not in info
                             or info["degf"] != info["rank"] - 1):
            continue
        out.append(pytest.param(spec_name, entry, r, id=f"{spec_name}:{entry['id']}"))
    return out
