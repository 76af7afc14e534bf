"""Load the R ``survey`` oracle files in this folder as surveykit designs (test helper).

Column names have their dots replaced by underscores (``sch.wide`` -> ``sch_wide``) so that
R formulas can be written in formulaic syntax; :func:`r_term` maps formulaic term names back
to R's (``C(stype)[T.H]`` -> ``stypeH``). Adjusted designs are rebuilt from the weights R
returned (``return_weights``) with the GREG linearisation of :class:`Calibration`, so these
tests do not depend on our own weighting code.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.design import Calibration, Design

# R writes 17 significant digits; pandas before 3.1 parsed some of them a unit off in the last place
# by default (its round-trip parser, deprecated since 3.1, reads them exactly, as 3.1 does by default)
_EXACT = {"float_precision": "round_trip"} if tuple(map(int, pd.__version__.split(".")[:2])) < (3, 1) else {}

HERE = Path(__file__).parent
SPECS = [
    "apiclus1",
    "apiclus2",
    "apiclus2_wr",
    "apisrs",
    "apistrat",
    "vignette_domain_cal",
    "vignette_domain_fpc",
    "vignette_domain_mu284",
    "vignette_survey",
]


def _py(name: str) -> str:
    return name.replace(".", "_")


@cache
def load(spec_name: str) -> tuple[dict, dict, pd.DataFrame]:
    spec = json.loads((HERE / f"{spec_name}.spec.json").read_text())
    out = json.loads((HERE / f"{spec_name}.out.json").read_text())
    csv = spec["data"].split("/")[-1]
    schema = json.loads((HERE / "schema.json").read_text())[csv.removesuffix(".csv")]
    text = [k for k, v in schema.items() if v["type"] in ("string", "factor")]
    df = pd.read_csv(HERE / csv, dtype=dict.fromkeys(text, str), **_EXACT)
    for k, v in schema.items():
        if v["type"] == "factor":
            df[k] = pd.Categorical(df[k], categories=v["levels"])
    derive = spec.get("derive", {})
    if "mealcat" in derive:
        assert derive["mealcat"] == "cut(meals, c(0, 25, 50, 75, 100))"
        cut = pd.cut(df["meals"], [0, 25, 50, 75, 100], right=True)
        df["mealcat"] = pd.Categorical(
            cut.cat.codes.map({0: "(0,25]", 1: "(25,50]", 2: "(50,75]", 3: "(75,100]", -1: None}),
            categories=["(0,25]", "(25,50]", "(50,75]", "(75,100]"],
            ordered=True,
        )
    if "xgt4" in derive:
        df["xgt4"] = df["x"] > 4
    if "y1" in df:
        df["y1gt40"] = df["y1"] > 40
    df = df.rename(columns=_py)
    return spec, out, df


def base_design(spec_name: str) -> Design:
    spec, _, df = load(spec_name)
    d = spec["design"]

    def cols(v):
        if v is None:
            return None
        return _py(v) if isinstance(v, str) else [_py(c) for c in v]

    return Design(
        df,
        weights=cols(d.get("weights")),
        strata=cols(d.get("strata")),
        ids=cols(d.get("ids")),
        fpc=cols(d.get("fpc")),
        nest=d.get("nest", False),
    )


def _indicators(df: pd.DataFrame, var: str, levels) -> np.ndarray:
    return np.column_stack([(df[var].astype(str) == str(lv)).to_numpy(float) for lv in levels])


def adjusted_design(
    spec_name: str, name: str, *, weights_from: tuple[str, str] | None = None
) -> Design:
    """An adjusted design rebuilt from R's weights (``weights_from``: other spec's design)."""
    df = load(spec_name)[2]
    src_spec, src_name = weights_from or (spec_name, name)
    s2, o2, _ = load(src_spec)
    w = np.asarray(o2["designs"][src_name]["weights"], dtype=float)
    adj = s2["adjust"][src_name]
    d0 = base_design(spec_name)
    if "margins" in adj:
        x = np.hstack([_indicators(df, _py(m["var"]), list(m["totals"])) for m in adj["margins"]])
    else:
        assert adj["formula"] == "~stype + api99", adj["formula"]
        x = np.column_stack(
            [np.ones(len(df)), _indicators(df, "stype", ["H", "M"]), df["api99"].to_numpy(float)]
        )
    return d0.with_weights(w, Calibration.build(x, d0.weights, w))


def design_for(spec_name: str, entry: dict) -> Design:
    """The design an estimate entry runs on (base or adjusted, then its domain)."""
    which = entry.get("design", "base")
    if which == "base":
        d = base_design(spec_name)
    elif spec_name == "vignette_domain_cal" and which == "gclus1":
        d = adjusted_design(spec_name, which, weights_from=("apiclus1", "cal_greg_api99"))
    else:
        d = adjusted_design(spec_name, which)
    dom = entry.get("domain")
    if dom:
        assert set(dom) == {"var", "eq"}, dom
        d = d.subset(d.data[_py(dom["var"])].astype(str) == str(dom["eq"]))
    return d


def entries(types: tuple[str, ...]) -> list[tuple[str, dict, dict]]:
    """(spec name, spec entry, R result) for every oracle estimate of the given types."""
    rows = []
    for name in SPECS:
        spec, out, _ = load(name)
        results = {r["id"]: r for r in out["results"]}
        for e in spec["estimates"]:
            if e["type"] in types:
                r = results[e["id"]]
                assert r["ok"], (name, e["id"])
                rows.append((name, e, r["result"]))
    return rows


def py_formula(formula: str) -> str:
    """An R formula of the specs in formulaic syntax (dots in names, logical factors)."""
    f = formula.replace('"', "'")
    f = re.sub(r"\b(sch|comp|avg|yr|api|acs|pct|not|some|col|grad)\.(\w+)", r"\1_\2", f)
    f = f.replace("I(x > 4)", "C(xgt4)").replace("I(y1 > 40)", "C(y1gt40)")
    return f


def r_term(term: str) -> str:
    """formulaic term name -> R's coefficient name for the spec formulas."""
    t = "(Intercept)" if term == "Intercept" else term
    t = re.sub(r"^C\(xgt4\)\[(True|False)\]$", lambda m: f"I(x > 4){m.group(1).upper()}", t)
    t = re.sub(r"^C\(y1gt40\)\[(True|False)\]$", lambda m: f"I(y1 > 40){m.group(1).upper()}", t)
    t = re.sub(r"^C\((\w+)\)\[(?:T\.)?(.+)\]$", r"\1\2", t)
    t = re.sub(r"^(\w+)\[(?:T\.)?(.+)\]$", r"\1\2", t)
    return re.sub(r"\b(sch|comp|avg|yr|api|acs|pct|not|some|col|grad)_(\w+)", r"\1.\2", t)
