"""Write the random designs of the R differential test (tests/data/r-fuzz).

Run from the repository root: ``python tests/data/r-fuzz/gen.py``. Seeded (numpy default_rng):
the same files every time. Writes ``data/dNN.csv`` and ``manifest.json`` (each data set's
design: strata, ids, fpc, nest, the lonely-PSU options to run, weighting, replicates).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
N_SETS = 40
N_HARD = 20
SEED = 20261207


def one(i: int, rng: np.random.Generator, hard: bool = False) -> tuple[pd.DataFrame, dict]:
    spec: dict = {"id": f"d{i:02d}"}
    kind = rng.choice(["strat", "strat", "clus", "two_stage", "srs", "brr"] if not hard
                      else ["two_stage", "two_stage", "strat", "brr"])
    if kind == "brr":
        n_strata = int(rng.integers(2, 6))
        m_h = np.full(n_strata, 2)
    elif kind in ("clus", "srs"):
        n_strata = 1
        m_h = np.array([int(rng.integers(4, 14))])
    else:
        n_strata = int(rng.integers(2, 7))
        m_h = rng.integers(2, 6, size=n_strata)
        if rng.random() < 0.4:  # lonely PSUs
            m_h[rng.choice(n_strata, size=int(rng.integers(1, max(2, n_strata // 2) + 1)), replace=False)] = 1
    strata = kind in ("strat", "two_stage", "brr") or (kind == "srs" and rng.random() < 0.5)
    if kind == "srs" and strata:
        n_strata = int(rng.integers(2, 5))
        m_h = rng.integers(15, 60, size=n_strata)
    two = kind == "two_stage"
    repeat_ids = strata and kind != "srs" and rng.random() < 0.4
    rows = []
    psu_no = 0
    for h in range(n_strata):
        for j in range(m_h[h]):
            psu_no += 1
            psu = j + 1 if repeat_ids else psu_no
            k = 1 if kind == "srs" else int(rng.integers(2, 14))
            n_ssu = int(rng.integers(1 if hard else 2, 5)) if two else 1  # hard: a PSU of one SSU
            for s in range(n_ssu):
                for _ in range(k if not two else int(rng.integers(1, 6))):
                    rows.append((h + 1, psu, psu * 100 + s + 1 if two else 0, psu_no))
    df = pd.DataFrame(rows, columns=["st", "psu", "ssu", "_u"])
    n = len(df)
    df["st"] = df["st"].map(lambda h: f"s{h}")
    # fpc
    fpc_kind = rng.choice(["none", "count", "fraction"], p=[0.4, 0.35, 0.25]) if kind != "brr" else "none"
    if two and fpc_kind == "none":
        fpc_kind = "count"
    mh = df.groupby("st")["_u"].transform("nunique").to_numpy()
    if kind == "srs":
        mh = df.groupby("st")["_u"].transform("size").to_numpy()
    big = {s: int(rng.integers(0, 30)) for s in df["st"].unique()}
    certain = {s: rng.random() < 0.2 for s in df["st"].unique()}
    N1 = np.array([m + (0 if certain[s] else big[s] + 1) for m, s in zip(mh, df["st"], strict=True)], dtype=float)
    w = N1 / mh
    cols_fpc = []
    if fpc_kind != "none":
        df["fpc1"] = N1 if fpc_kind == "count" else mh / N1
        cols_fpc.append("fpc1")
    if two:
        ki = df.groupby("_u")["ssu"].transform("nunique").to_numpy()
        extra = {u: int(rng.integers(0, 8)) for u in df["_u"].unique()}
        M = np.array([k + extra[u] for k, u in zip(ki, df["_u"], strict=True)], dtype=float)
        df["fpc2"] = M if fpc_kind == "count" else ki / M
        cols_fpc.append("fpc2")
        w = w * M / ki
    if fpc_kind == "none" or rng.random() < 0.3:
        # weights not following the fpc: unequal (real nonresponse-adjusted weights)
        sigma = rng.choice([0.2, 0.6, 1.5])
        w = w * np.exp(rng.normal(0, sigma, n))
    w = np.round(w, 4)
    calib = None
    if rng.random() < 0.35 and kind != "brr":
        calib = str(rng.choice(["poststratify", "rake", "linear", "raking", "logit"]))
    if rng.random() < (0.5 if hard else 0.15) and calib is None:
        zero = rng.choice(n, size=int(rng.integers(1, 4)), replace=False)
        w[zero] = 0.0
        spec["zero_weights"] = len(zero)
    df["wt"] = w
    # analysis variables
    st_eff = {s: rng.normal(0, 1) for s in df["st"].unique()}
    psu_eff = {u: rng.normal(0, 0.7) for u in df["_u"].unique()}
    x = np.round(np.exp(rng.normal(1, 0.5, n)), 3)
    df["xv"] = x
    y = 10 + 2 * x + df["st"].map(st_eff) + df["_u"].map(psu_eff) + rng.normal(0, 2, n)
    y = np.round(y.to_numpy(), 3)
    df["grp"] = rng.choice(["g1", "g2", "g3"], size=n, p=[0.5, 0.35, 0.15])
    if strata and rng.random() < 0.5:  # a by-group empty in one stratum
        s0 = df["st"].iloc[0]
        df.loc[(df["st"] == s0) & (df["grp"] == "g3"), "grp"] = "g2"
    for gone in sorted({"g1", "g2", "g3"} - set(df["grp"])):  # every group in the data (the margins)
        df.loc[int(rng.integers(0, n)), "grp"] = gone
    df["mrg"] = rng.choice(["h1", "h2"], size=n)
    lv = ["a", "b", "c", "d"]
    f = rng.choice(lv, size=n, p=[0.4, 0.3, 0.25, 0.05])
    if rng.random() < 0.5:  # a level absent in a by-group
        f[(df["grp"] == "g3").to_numpy() & (f == "d")] = "c"
    df["fac"] = f
    eta = -0.5 + 0.3 * (x - 2.7)
    b = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    if rng.random() < 0.1:
        b[:] = 0.0
        b[rng.choice(n, size=2, replace=False)] = 1.0  # a rare share
    na_rate = rng.choice([0.0, 0.03, 0.1])
    y[rng.random(n) < na_rate] = np.nan
    b[rng.random(n) < na_rate] = np.nan
    df["yv"] = y
    df["bv"] = b
    # domain: sometimes one PSU, sometimes one row, else a random half
    dom = rng.choice(["one_psu", "one_row", "half"])
    d = np.zeros(n, dtype=int)
    pos = np.flatnonzero(df["wt"].to_numpy() > 0)
    if dom == "one_psu":
        d[(df["_u"] == df["_u"].iloc[pos[0]]).to_numpy()] = 1
    elif dom == "one_row":
        d[pos[len(pos) // 2]] = 1
    else:
        d[rng.random(n) < 0.5] = 1
    df["dom"] = d
    spec["domain"] = str(dom)
    # the design
    spec["strata"] = "st" if strata else None
    if kind == "srs":
        spec["ids"] = None
    else:
        spec["ids"] = ["psu", "ssu"] if two else ["psu"]
    spec["fpc"] = cols_fpc or None
    spec["nest"] = bool(repeat_ids)
    lonely = bool(strata and (df.groupby("st")["_u"].nunique() == 1).any())
    lonely |= bool(two and (df.groupby("_u")["ssu"].nunique() == 1).any())  # at stage 2
    # "fail" too: R stops where an estimate meets the lonely PSU, surveykit when the design is made
    spec["lonely"] = ["fail", "adjust", "remove", "certainty"] if lonely else ["fail"]
    # weighting, with population totals near the weighted sample's
    spec["calib"] = calib
    if calib is not None:
        tg = df.groupby("grp")["wt"].sum() * rng.uniform(0.9, 1.1, 3)
        th = df.groupby("mrg")["wt"].sum()
        th = th / th.sum() * tg.sum()
        spec["pop_g"] = {k: round(float(v), 2) for k, v in tg.items()}
        spec["pop_h"] = {k: round(float(v), 2) for k, v in th.items()}
        spec["pop_x"] = round(float((df["wt"] * df["xv"]).sum() * rng.uniform(0.95, 1.05)), 2)
        if calib == "logit" or rng.random() < 0.5:
            spec["bounds"] = [0.5, 2.5] if calib != "linear" else [0.3, 3.0]
    # replicates
    rep = None
    if kind == "brr":
        rep = "BRR"
    elif calib is None and not lonely and rng.random() < 0.35:
        rep = "JK1" if not strata else "JKn"
    elif calib is None and kind == "srs" and rng.random() < 0.5:
        rep = "given"
    if hard and not lonely and kind != "srs" and rng.random() < 0.5:  # weighting after replicates
        rep = "JKn" if strata and kind != "brr" else ("BRR" if kind == "brr" else "JK1")
        if calib is None:
            calib = str(rng.choice(["poststratify", "rake", "raking"]))
            tg = df.groupby("grp")["wt"].sum() * rng.uniform(0.9, 1.1, 3)
            th = df.groupby("mrg")["wt"].sum()
            spec["pop_g"] = {k: round(float(v), 2) for k, v in tg.items()}
            spec["pop_h"] = {k: round(float(v), 2) for k, v in (th / th.sum() * tg.sum()).items()}
            spec["pop_x"] = round(float((df["wt"] * df["xv"]).sum() * rng.uniform(0.95, 1.05)), 2)
        spec["calib"] = calib
        spec["calib_after_rep"] = True
    spec["replicates"] = rep
    if rep == "given":
        R = 20
        for r in range(R):
            df[f"rw{r + 1}"] = np.round(df["wt"] * np.exp(rng.normal(0, 0.25, n)), 4)
        spec["rep_type"] = "bootstrap"
    return df.drop(columns=["_u"]), spec


def main(seed: int = SEED, out: Path = HERE) -> None:
    """``python gen.py [SEED OUT_DIR]``: another seed into another folder, to explore (not the tests')."""
    rng = np.random.default_rng(seed)
    (out / "data").mkdir(parents=True, exist_ok=True)
    specs = []
    hard = np.random.default_rng(seed + 1)  # sets 41..: two stages with PSUs of one SSU, zero
    for i in range(1, N_SETS + N_HARD + 1):   # weights, weighting of replicate designs
        df, spec = one(i, rng) if i <= N_SETS else one(i, hard, hard=True)
        if not spec["ids"] or spec["ids"] == ["psu"]:
            df = df.drop(columns=["ssu"])
        df.to_csv(out / "data" / f"{spec['id']}.csv", index=False, na_rep="NA")
        specs.append(spec)
    (out / "manifest.json").write_text(json.dumps(specs, indent=1) + "\n")


if __name__ == "__main__":
    import sys

    main(*((int(sys.argv[1]), Path(sys.argv[2])) if len(sys.argv) > 2 else ()))
