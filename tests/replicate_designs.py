"""Build surveykit designs for the R replicate references (tests/data/r-survey-rep).

Two routes to every replicate design R made:

- ``ours(spec, name)``: through the public API as a user would: ``Design(...)`` for
  ``svydesign``, ``.to_replicate()`` for ``as.svrepdesign``, ``Design(repweights=...)`` for
  ``svrepdesign`` and ``sk.rake`` / ``sk.poststratify`` / ``sk.calibrate`` for R's weighting
  of a replicate design. Bootstrap draws cannot equal R's, so those designs take R's matrix.
- ``from_r(spec, name)``: R's own replicate weights as columns with R's scale/rscales/mse
  (isolates the estimators from the construction).
"""

from __future__ import annotations

import functools
import importlib.util
import warnings
from pathlib import Path

import numpy as np

import surveykit as sk
from surveykit.design import Design

HERE = Path(__file__).parent / "data" / "r-survey-rep"
_spec = importlib.util.spec_from_file_location("r_oracle_rep_sk", HERE / "oracle.py")
rep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rep)

py = rep.py


def _cols(v):
    if v is None:
        return None
    return [py(c) for c in ([v] if isinstance(v, str) else v)]


def _taylor(frame, d: dict) -> Design:
    ids = d.get("ids")
    ids = None if ids in (None, "1") else _cols(ids)
    return Design(frame, weights=d.get("weights") and py(d["weights"]),
                  strata=_cols(d.get("strata")), ids=ids, fpc=_cols(d.get("fpc")),
                  nest=bool(d.get("nest", False)))


def _margins(adj: dict) -> list:
    return [{py(m["var"]): dict(m["totals"])} for m in adj["margins"]]


@functools.cache
def from_r(spec_name: str, name: str) -> Design:
    kw = rep.replicate_design_args(spec_name, name)
    data = kw.pop("data")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # R's scale given for a type that fixes it, etc.
        return Design(data, **kw)


@functools.cache
def ours(spec_name: str, name: str) -> Design:
    spec, _, frame = rep.load(spec_name)
    if name == "base":
        return _taylor(frame, spec["design"])
    adj = spec["adjust"][name]
    method = adj["method"]
    if method == "svydesign":
        return _taylor(frame, adj["design"])
    if method == "as.svrepdesign":
        if adj["type"] in ("bootstrap", "subbootstrap"):
            return from_r(spec_name, name)
        src = ours(spec_name, adj.get("from", "base"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fpc dropped for BRR/Fay (as R warns)
            return src.to_replicate(adj["type"], rho=adj.get("fay_rho"), mse=adj.get("mse", False))
    if method == "svrepdesign":
        rscales = adj.get("rscales")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # R's warnings: ignored scale, guessed JK1 scale
            return Design(frame, weights=py(adj["weights"]), repweights=adj["repweights"],
                          replicate_type=adj["type"], scale=adj.get("scale"),
                          rscales=None if rscales is None else np.asarray(rscales, dtype=float),
                          rho=adj.get("rho"), mse=adj.get("mse", False),
                          combined_weights=adj.get("combined_weights", True))
    src = ours(spec_name, adj["from"])
    if method == "rake":
        ctl = adj.get("control", {})
        eps = ctl.get("epsilon", 1)
        eps = eps / src.weights.sum() if eps >= 1 else eps
        return sk.rake(src, _margins(adj), epsilon=eps, maxit=ctl.get("maxit", 10))
    if method == "postStratify":
        (var,) = adj["strata"]
        return sk.poststratify(src, py(var), {py(var): dict(adj["totals"])})
    if method == "calibrate":
        return sk.calibrate(src, _margins(adj), calfun=adj.get("calfun", "linear"))
    raise ValueError(method)


def design_for(spec_name: str, entry: dict, route: str = "ours") -> Design:
    """The design of an estimate entry (its domain applied with ``subset``)."""
    name = entry.get("design", "base")
    build = ours if route == "ours" or name == "base" else from_r
    d = build(spec_name, name)
    if entry.get("domain"):
        d = d.subset(rep.domain_mask(d.data, entry["domain"]))
    return d
