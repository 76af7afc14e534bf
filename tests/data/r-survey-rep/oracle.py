"""Load the R ``survey`` replicate-design references of this folder (issue 17) as pandas inputs.

Test helper; it needs no surveykit code. ``SPECS`` are the spec names; for each,
``<name>.spec.json`` (the input of ``oracle_rep.R``), ``out/<name>.out.json`` (R's output) and
``out/<name>.<design>.repw.csv.gz`` (R's ``weights(d, "analysis")`` of each replicate design,
after a column ``w`` = ``weights(d, "sampling")``). Column names of the data have their dots
replaced by underscores (``sch.wide`` -> ``sch_wide``), as in ``tests/data/r-survey-models``.

>>> spec, out, frame = load("scd_rep")
>>> frame.shape
(6, 13)
>>> kw = replicate_design_args("scd_rep", "brr")
>>> kw["replicate_type"], kw["scale"], len(kw["repweights"])
('BRR', 0.25, 4)
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

# R writes 17 significant digits; pandas before 3.1 parsed some of them a unit off in the last place
# by default (its round-trip parser, deprecated since 3.1, reads them exactly, as 3.1 does by default)
_EXACT = {"float_precision": "round_trip"} if tuple(map(int, pd.__version__.split(".")[:2])) < (3, 1) else {}

HERE = Path(__file__).parent
OUT = HERE / "out"
SPECS = [
    "apistrat_rep",
    "apiclus1_rep",
    "apiclus2_rep",
    "apisrs_rep",
    "nhanes_rep",
    "scd_rep",
    "acs_rep",
    "mu284_rep",
    "hospital_rep",
    "fpc_rep",
    "lp_unemp_rep",
]


def py(name: str) -> str:
    """R column name -> the frame's column name (``sch.wide`` -> ``sch_wide``)."""
    return name.replace(".", "_")


@cache
def load(spec_name: str) -> tuple[dict, dict, pd.DataFrame]:
    """(spec, R output, data frame typed as R read it: factors as ordered-level Categoricals)."""
    spec = json.loads((HERE / f"{spec_name}.spec.json").read_text())
    out = json.loads((OUT / f"{spec_name}.out.json").read_text())
    csv = HERE / spec["data"]
    schema = json.loads((csv.parent / "schema.json").read_text())[csv.stem]
    text = [k for k, v in schema.items() if v["type"] in ("string", "factor")]
    df = pd.read_csv(csv, dtype=dict.fromkeys(text, str), keep_default_na=False, na_values=[""], **_EXACT)
    for k, v in schema.items():
        if v["type"] == "factor":
            df[k] = pd.Categorical(df[k], categories=v["levels"], ordered=bool(v.get("ordered")))
    for k, levels in (spec.get("factors") or {}).items():
        col = df[k]
        as_text = col.map(lambda x: None if pd.isna(x) else f"{x:g}" if isinstance(x, float) else str(x))
        df[k] = pd.Categorical(as_text, categories=levels)
    return spec, out, df.rename(columns=py)


def designs(spec_name: str) -> dict[str, dict]:
    """R's description of every design of a spec (``out["designs"]``), refusals included."""
    return load(spec_name)[1]["designs"]


def replicate_designs(spec_name: str) -> list[str]:
    """Names of the replicate designs R built for a spec."""
    return [n for n, d in designs(spec_name).items() if d.get("ok", True) and "replicate" in d]


@cache
def replicate_weights(spec_name: str, design: str) -> pd.DataFrame:
    """R's weights of a replicate design: column ``w`` (full sample), then ``rep1..repR``
    (``weights(d, "analysis")``: full replicate weights whatever ``combined.weights`` was)."""
    info = designs(spec_name)[design]["replicate"]
    if "weights_file" not in info:
        raise LookupError(f"{spec_name}: design {design!r} was run with export_weights false")
    return pd.read_csv(OUT / info["weights_file"], dtype=float, **_EXACT)


def replicate_design_args(spec_name: str, design: str) -> dict:
    """The arguments of issue 17's ``sk.Design`` that describe R's replicate design ``design``.

    The frame is the spec's data with R's weights appended as columns ``rw_w`` (full sample) and
    ``rw_1..rw_R`` (combined replicate weights); ``replicate_type`` is R's type (``JKn``,
    ``bootstrap``, ``subbootstrap``, ``successive-difference`` ...); scale, rscales, rho and mse
    are R's values, so a design built with them must give R's variances.
    """
    info = designs(spec_name)[design]["replicate"]
    w = replicate_weights(spec_name, design)
    reps = [f"rw_{i}" for i in range(1, info["nrep"] + 1)]
    added = pd.DataFrame(w.to_numpy(), columns=["rw_w", *reps])
    frame = pd.concat([load(spec_name)[2], added], axis=1)
    return {
        "data": frame,
        "weights": "rw_w",
        "repweights": reps,
        "replicate_type": info["type"],
        "scale": info["scale"],
        "rscales": np.asarray(info["rscales"], dtype=float),
        "rho": info["rho"],
        "mse": info["mse"],
    }


def expanded_estimates(spec: dict) -> list[dict]:
    """The spec's estimates as ``oracle_rep.R`` runs them: ``estimates`` then every
    ``run`` of an ``estimate_sets`` list on each named design, with id ``<design>/<id>``."""
    rows = [dict(e) for e in spec.get("estimates", [])]
    for run in spec.get("run", []):
        for design in run["designs"]:
            for e in spec["estimate_sets"][run["set"]]:
                rows.append({**e, "id": f"{design}/{e['id']}", "design": design})
    return rows


def entries(types: tuple[str, ...] | None = None, specs: list[str] | None = None) -> list[tuple[str, dict, dict]]:
    """(spec name, estimate entry, R result) for every estimate R computed (``ok``), of the
    given types (all if None). The entry's ``design`` names the design it ran on."""
    rows = []
    for name in specs or SPECS:
        spec, out, _ = load(name)
        results = {r["id"]: r for r in out["results"]}
        for e in expanded_estimates(spec):
            r = results[e["id"]]
            if r["ok"] and (types is None or e["type"] in types):
                rows.append((name, e, r["result"]))
    return rows


def failures(specs: list[str] | None = None) -> dict[tuple[str, str], str]:
    """{(spec, estimate id): R's error message} for the estimates R could not compute."""
    return {
        (name, r["id"]): r["error"]
        for name in specs or SPECS
        for r in load(name)[1]["results"]
        if not r["ok"]
    }


def domain_mask(frame: pd.DataFrame, domain: dict | None) -> np.ndarray:
    """The rows of an entry's ``domain`` (``{"var": v, "eq": x}``), all rows if None."""
    if not domain:
        return np.ones(len(frame), dtype=bool)
    if set(domain) != {"var", "eq"}:
        raise ValueError(f"domain form not handled here: {domain}")
    col = frame[py(domain["var"])]
    return (col.astype(str) == str(domain["eq"])).to_numpy() & col.notna().to_numpy()
