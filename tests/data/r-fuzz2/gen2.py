"""Write the data of the second R differential test (tests/data/r-fuzz2).

Run from the repository root after ``tests/data/r-fuzz/gen.py``: ``python tests/data/r-fuzz2/gen2.py``.
Seeded (numpy default_rng(20261209)): the same files every time. Reads gen.py's ``dNN.csv`` (their
designs in ``tests/data/r-fuzz/manifest.json``, unchanged) and writes them again to ``data/dNN.csv`` with
more columns:

- ``ord``: an ordinal answer o1 < o2 < o3 < o4 cut from ``yv`` at random points (missing where ``yv`` is);
- ``cnt``: a count (Poisson, log mean linear in ``xv``);
- ``lg``: a logical (TRUE/FALSE/NA, ``bv`` as R writes a logical);
- ``two``: a number with two values, 3 and 7 (``bv`` recoded);
- ``ymiss``: ``yv`` missing for every row of group ``g3`` (all missing in a domain).

It also writes ``data/rNN.csv``: some of those data sets with replicate columns ``rp1..rpR`` as a
data provider gives them (Fay's BRR, bootstrap, JK1, JKn, "other" with scale and rscales; as
full weights or as factors), each described in ``manifest.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "r-fuzz"
SEED = 20261209
# the replicate designs given as columns: (base data set, type, combined weights, mse, options)
REPS = [
    ("d04", "Fay", True, False, {"rho": 0.5}),
    ("d10", "Fay", False, True, {"rho": 0.3}),
    ("d16", "bootstrap", True, True, {}),
    ("d26", "bootstrap", False, False, {}),
    ("d33", "other", True, False, {"scale": 0.05, "rscales": "random"}),
    ("d39", "other", False, True, {"scale": 1.0, "rscales": "random"}),
    ("d40", "JK1", False, False, {"scale": "jk1"}),
    ("d47", "JKn", True, False, {"rscales": "jkn"}),
    ("d49", "Fay", True, True, {"rho": 0.5}),
    ("d23", "bootstrap", True, False, {}),
]


def extend(df: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    df = df.copy()
    y = df["yv"].to_numpy()
    cuts = np.sort(np.nanquantile(y, np.sort(rng.uniform(0.1, 0.9, 3))))
    o = np.searchsorted(cuts, y, side="right") + 1
    df["ord"] = np.where(np.isnan(y), None, np.char.add("o", o.astype(str)))
    x = df["xv"].to_numpy()
    df["cnt"] = rng.poisson(np.exp(0.2 + 0.3 * x))
    b = df["bv"].to_numpy()
    df["lg"] = np.where(np.isnan(b), None, np.where(b == 1, "TRUE", "FALSE"))  # as R writes a logical
    df["two"] = np.where(np.isnan(b), np.nan, np.where(b == 1, 7.0, 3.0))
    df["ymiss"] = np.where(df["grp"] == "g3", np.nan, y)
    return df


def replicates(df: pd.DataFrame, spec: dict, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """Replicate factors (rows x R) per PSU (rows where there are none) and the design's spec."""
    typ, _, _, opts = spec["src"]
    unit = (df["st"].astype(str) + ":" + df["psu"].astype(str)) if "psu" in df else pd.Series(np.arange(len(df)))
    if "psu" not in df and "st" in df:
        unit = df["st"].astype(str) + ":" + pd.Series(np.arange(len(df))).astype(str)
    codes, uniq = pd.factorize(unit)
    m = len(uniq)
    stratum = df["st"].to_numpy() if "st" in df else np.zeros(len(df))
    ust = pd.Series(stratum).groupby(codes).first().to_numpy()
    out: dict = {}
    if typ == "Fay":
        R = int(rng.choice([8, 12, 16]))
        sign = rng.choice([-1.0, 1.0], size=(m, R))
        fac = 1 + sign * (1 - opts["rho"])
        out["rho"] = opts["rho"]
    elif typ == "bootstrap":
        R = int(rng.choice([15, 25]))
        fac = np.zeros((m, R))
        for h in np.unique(ust):
            idx = np.flatnonzero(ust == h)
            k = len(idx)
            for r in range(R):
                draw = rng.multinomial(max(k - 1, 1), np.full(k, 1 / k))
                fac[idx, r] = draw * k / max(k - 1, 1)
    elif typ in ("JK1", "JKn"):
        R = m
        fac = np.ones((m, R))
        rs = []
        for j in range(m):
            same = ust == ust[j] if typ == "JKn" else np.ones(m, bool)
            k = int(same.sum())
            fac[same, j] = k / (k - 1) if k > 1 else 1.0
            fac[j, j] = 0.0
            rs.append((k - 1) / k)
        if typ == "JK1":
            out["scale"] = (R - 1) / R
        else:
            out["rscales"] = rs
    else:  # other
        R = int(rng.choice([10, 20]))
        fac = np.exp(rng.normal(0, 0.2, size=(m, R)))
        out["scale"] = opts["scale"]
        out["rscales"] = np.round(rng.uniform(0.5, 1.5, R), 4).tolist()
    return np.round(fac[codes], 6), out


def population(df: pd.DataFrame, rng: np.random.Generator) -> dict:
    """Post-stratum totals near the weighted sample's, and a fourth group g4 without respondents
    (R's postStratify(partial = TRUE))."""
    tg = df.groupby("grp")["wt"].sum() * rng.uniform(0.9, 1.1, 3)
    return {**{k: round(float(v), 2) for k, v in tg.items()}, "g4": 50.0}


def main(out: Path = HERE) -> None:
    rng = np.random.default_rng(SEED)
    (out / "data").mkdir(parents=True, exist_ok=True)
    specs = json.loads((SRC / "manifest.json").read_text())
    sets = []
    for s in specs:
        df = extend(pd.read_csv(SRC / "data" / f"{s['id']}.csv"), rng)
        df.to_csv(out / "data" / f"{s['id']}.csv", index=False, na_rep="NA")
        lonely = "fail" if len(s["lonely"]) == 1 else ("adjust", "remove", "certainty")[int(s["id"][1:]) % 3]
        sets.append({"id": s["id"], "base": s["id"], "lonely": lonely, "ps_pop": population(df, rng)})
    for i, (base, typ, combined, mse, opts) in enumerate(REPS, start=1):
        df = pd.read_csv(out / "data" / f"{base}.csv")
        spec = {"id": f"r{i:02d}", "base": base, "type": typ, "combined": combined, "mse": mse,
                "src": (typ, combined, mse, opts)}
        fac, extra = replicates(df, spec, rng)
        w = df["wt"].to_numpy()[:, None]
        reps = np.round(fac * w, 6) if combined else fac
        for r in range(reps.shape[1]):
            df[f"rp{r + 1}"] = reps[:, r]
        df.to_csv(out / "data" / f"{spec['id']}.csv", index=False, na_rep="NA")
        del spec["src"]
        spec["ps_pop"] = population(df, rng)
        spec["pop_x"] = round(float((df["wt"] * df["xv"]).sum() * rng.uniform(0.95, 1.05)), 2)
        sets.append({**spec, **extra})
    (out / "manifest.json").write_text(json.dumps(sets, indent=1) + "\n")


if __name__ == "__main__":
    main()
