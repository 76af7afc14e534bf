"""Loader for the R survey oracle specs (tests/data/r-survey) + tests of the loader itself.

``load(spec_path)`` reads a ``*.spec.json`` and its ``*.out.json``, types the CSV as
``data/schema.json`` says, computes the ``derive`` columns in Python and builds the designs
(base and every ``adjust`` step) lazily. ``cases(types)`` lists (file, estimate id) pairs of
the given estimate types for parametrisation.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.design import Design

# R writes 17 significant digits; pandas before 3.1 parsed some of them a unit off in the last place
# by default (its round-trip parser, deprecated since 3.1, reads them exactly, as 3.1 does by default)
_EXACT = {"float_precision": "round_trip"} if tuple(map(int, pd.__version__.split(".")[:2])) < (3, 1) else {}

ROOT = Path(__file__).parent / "data" / "r-survey"
SPECS = sorted(ROOT.glob("reference/*.spec.json")) + sorted(ROOT.glob("validation/*.spec.json"))


def out_path(spec: Path) -> Path:
    name = spec.name.replace(".spec.json", ".out.json")
    return spec.parent / name if spec.parent.name == "reference" else spec.parent / "out" / name


@functools.cache
def _schema() -> dict:
    return json.loads((ROOT / "data" / "schema.json").read_text(encoding="utf-8"))


DERIVE = {
    "cut(meals, c(0, 25, 50, 75, 100))": lambda d: pd.cut(d["meals"], [0, 25, 50, 75, 100]),
    "x > 4": lambda d: d["x"] > 4,
}


def read_data(spec: dict, spec_dir: Path) -> pd.DataFrame:
    path = (spec_dir / spec["data"]).resolve()
    types = _schema().get(path.stem, {})
    dtype = {c: str for c, t in types.items() if t["type"] in ("string", "factor")}
    factors = spec.get("factors", {})
    dtype.update({c: str for c in factors})
    df = pd.read_csv(path, dtype=dtype, keep_default_na=True, **_EXACT)
    for c, t in types.items():
        if t["type"] == "factor":
            df[c] = pd.Categorical(df[c], categories=t["levels"])
    for c, levels in factors.items():
        lv = levels if levels is not None else sorted(df[c].dropna().unique())
        df[c] = pd.Categorical(df[c], categories=lv)
    for c, t in types.items():  # other text columns become factors in R, in C-locale order
        if t["type"] == "string" and c not in factors:
            df[c] = df[c].astype(object)
    for name, expr in spec.get("derive", {}).items():
        df[name] = DERIVE[expr](df)
    for adj in spec.get("adjust", {}).values():  # as.numeric(factor) in formulas = level index
        for var in re.findall(r"as\.numeric\((\w+)\)", adj.get("formula", "")):
            df[f"as.numeric({var})"] = pd.Categorical(df[var]).codes + 1.0
    return df


def domain_mask(df: pd.DataFrame, cond: dict) -> np.ndarray:
    if "all" in cond:
        return np.logical_and.reduce([domain_mask(df, c) for c in cond["all"]])
    if "any" in cond:
        return np.logical_or.reduce([domain_mask(df, c) for c in cond["any"]])
    s = df[cond["var"]]
    if cond.get("is_na"):
        return s.isna().to_numpy()
    s_obj = s.astype(object) if isinstance(s.dtype, pd.CategoricalDtype) else s
    ops = {"eq": "__eq__", "ne": "__ne__", "gt": "__gt__", "ge": "__ge__", "lt": "__lt__",
           "le": "__le__"}
    for key, op in ops.items():
        if key in cond:
            res = getattr(s_obj, op)(cond[key])
            return pd.array(res, dtype="boolean").fillna(False).to_numpy(bool)
    if "in" in cond:
        return s_obj.isin(cond["in"]).to_numpy()
    raise ValueError(cond)


def _margin_frames(margins: list[dict]) -> list:
    out = []
    for m in margins:
        if "var" in m:
            out.append({m["var"]: dict(m["totals"])})
        else:
            out.append(pd.DataFrame(m["cells"]))
    return out


class Case:
    """One spec + its oracle output, with the designs it describes."""

    def __init__(self, spec_path: Path):
        self.path = spec_path
        self.spec = json.loads(spec_path.read_text(encoding="utf-8"))
        self.out = json.loads(out_path(spec_path).read_text(encoding="utf-8"))
        self.data = read_data(self.spec, spec_path.parent)
        self._designs: dict[str, Design] = {}

    def estimate(self, eid: str) -> tuple[dict, dict]:
        spec = next(e for e in self.spec["estimates"] if e["id"] == eid)
        out = next(r for r in self.out["results"] if r["id"] == eid)
        return spec, out

    def base(self) -> Design:
        d = self.spec["design"]
        opts = self.spec.get("options", {})
        return Design(
            self.data,
            weights=d.get("weights"),
            strata=d.get("strata"),
            ids=None if d.get("ids") in (None, "1") else d["ids"],
            fpc=d.get("fpc"),
            probs=d.get("probs"),
            nest=bool(d.get("nest", False)),
            lonely_psu=opts.get("survey.lonely.psu", "fail"),
        )

    def design(self, name: str = "base") -> Design:
        if name not in self._designs:
            if name == "base":
                self._designs[name] = self.base()
            else:
                self._designs[name] = self._adjust(self.spec["adjust"][name])
        return self._designs[name]

    def _adjust(self, adj: dict) -> Design:
        from surveykit.weights import calibrate, poststratify, rake

        src = self.design(adj.get("from", "base"))
        method = adj["method"]
        if method == "rake":
            ctl = adj.get("control", {})
            eps = ctl.get("epsilon", 1)
            eps = eps / src.weights.sum() if eps >= 1 else eps
            return rake(src, _margin_frames(adj["margins"]), epsilon=eps,
                        maxit=ctl.get("maxit", 10))
        if method == "postStratify":
            if "cells" in adj:
                pop = pd.DataFrame(adj["cells"])
            else:
                pop = {adj["strata"][0]: dict(adj["totals"])}
            return poststratify(src, adj["strata"], pop)
        if method == "calibrate":
            kw = {k: adj[k] for k in ("bounds", "maxit", "epsilon") if k in adj}
            if "formula" in adj:
                return calibrate(src, adj["formula"], adj["population"],
                                 calfun=adj.get("calfun", "linear"), **kw)
            return calibrate(src, _margin_frames(adj["margins"]), None,
                             calfun=adj.get("calfun", "linear"), **kw)
        raise ValueError(method)

    def domain_design(self, est: dict) -> Design:
        d = self.design(est.get("design", "base"))
        if "domain" in est:
            d = d.subset(domain_mask(self.data, est["domain"]))
        return d


@functools.cache
def case(spec_name: str) -> Case:
    path = next(p for p in SPECS if p.name == spec_name)
    return Case(path)


def cases(types: set[str], designs: set[str] | None = None) -> list:
    """pytest params (spec file name, estimate id) for estimates of the given types."""
    params = []
    for p in SPECS:
        spec = json.loads(p.read_text(encoding="utf-8"))
        for e in spec["estimates"]:
            dname = e.get("design", "base")
            if e["type"] not in types:
                continue
            is_base = dname == "base"
            if designs is not None and ("base" if is_base else "adjusted") not in designs:
                continue
            params.append(pytest.param(p.name, e["id"], id=f"{p.stem.split('.')[0]}:{e['id']}"))
    return params


# --- tests of the loader: the designs it builds are R's designs -----------------------------
@pytest.mark.parametrize("spec", [p.name for p in SPECS])
def test_base_design_matches_r(spec):
    c = case(spec)
    d = c.design()
    info = c.out["designs"]["base"]
    assert d.n == info["n"]
    assert d.degf == info["degf"]
    ws = info["weights_summary"]
    np.testing.assert_allclose(d.weights.sum(), ws["sum"], rtol=1e-12)
    np.testing.assert_allclose(d.weights.min(), ws["min"], rtol=1e-12)
    np.testing.assert_allclose(d.weights.max(), ws["max"], rtol=1e-12)
