"""One tool on one data size: time every stage, print one JSON line (run by ``run.py``).

    python benchmarks/tools.py surveykit 100000 3

Every stage is timed ``repeat`` times on data already in memory (read from the parquet
file once); the median is reported. Stages a tool cannot do are left out. ``peak_rss_mb``
is the process's peak resident memory; for surveykit, ``extra_mb`` is the peak of
allocations during each estimation stage measured by ``tracemalloc`` in a separate, untimed
run (numpy reports its buffers to tracemalloc).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import ITEMS, load, population_margins

warnings.filterwarnings("ignore")
TOP = (4, 5)  # top box: "agree" and "strongly agree"


def timed(stages: dict, repeat: int) -> dict:
    out = {}
    for name, fn in stages.items():
        fn()  # warm-up (imports, caches)
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out[name] = statistics.median(times)
    return out


def run_surveykit(n: int, repeat: int) -> dict:
    import pandas as pd

    import surveykit as sk

    t = time.perf_counter()
    df = load(n)
    read = time.perf_counter() - t
    cats = [f"{c}f" for c in ITEMS]
    for c in ITEMS:
        df[f"{c}f"] = pd.Categorical(df[c])
    d = sk.Design(df, weights="w", strata="municipality")
    margins, margins3 = population_margins(), population_margins(three=True)
    raked = sk.rake(d, margins)
    stages = {
        "design": lambda: sk.Design(df, weights="w", strata="municipality"),
        "mean": lambda: sk.mean(d, ITEMS),
        "mean_by": lambda: sk.mean(d, ITEMS, by="site"),
        "topbox": lambda: sk.topbox(d, ITEMS, top=TOP),
        "topbox_by": lambda: sk.topbox(d, ITEMS, top=TOP, by="site"),
        "shares": lambda: sk.mean(d, cats),
        "shares_by": lambda: sk.mean(d, cats, by="site"),
        "rake": lambda: sk.rake(d, margins),
        "rake3": lambda: sk.rake(d, margins3),
        "mean_by_raked": lambda: sk.mean(raked, ITEMS, by="site"),
        "chisq": lambda: sk.chisq(d, "q01f", "group"),
        "regress": lambda: sk.regress(d, "q01 ~ C(group) + C(gender) + C(agegroup)"),
    }
    out = timed(stages, repeat)
    out["read"] = read
    extra = {}
    for name in ("mean", "mean_by", "topbox", "topbox_by", "shares", "shares_by", "rake",
                 "rake3", "mean_by_raked"):
        tracemalloc.start()
        stages[name]()
        extra[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {"seconds": out, "extra_mb": extra}


def run_numpy(n: int, repeat: int) -> dict:
    """A plain numpy lower bound: one pass per item, stratified linearised SE, no checks."""
    t = time.perf_counter()
    df = load(n)
    read = time.perf_counter() - t
    w = df["w"].to_numpy()
    h = df["municipality"].to_numpy() - 1
    site = df["site"].to_numpy() - 1
    cols = [df[c].to_numpy() for c in ITEMS]
    n_h = np.bincount(h).astype(float)
    scale = n_h / (n_h - 1)

    def means(group, n_g, top=False):
        cell = h * n_g + group
        out = []
        for y in cols:
            ok = ~np.isnan(y)
            yy = (y >= TOP[0]).astype(float) if top else np.where(ok, y, 0.0)
            a = np.where(ok, w, 0.0)
            wsum = np.bincount(group, a, n_g)
            mu = np.bincount(group, a * yy, n_g) / wsum
            z = a * (yy - mu[group]) / wsum[group]
            s1 = np.bincount(cell, z, 4 * n_g).reshape(4, n_g)
            s2 = np.bincount(cell, z * z, 4 * n_g).reshape(4, n_g)
            out.append((mu, np.sqrt(scale @ (s2 - s1**2 / n_h[:, None]))))
        return out

    def rake():
        g = (df["gender"].cat.codes.to_numpy()).astype(np.int64)
        a = df["agegroup"].cat.codes.to_numpy().astype(np.int64)
        m = population_margins()
        tg = np.array([m["gender"][c] for c in df["gender"].cat.categories])
        ta = np.array([m["agegroup"][c] for c in df["agegroup"].cat.categories])
        joint = g * 4 + a
        t0 = np.bincount(joint, w, 8).reshape(2, 4)
        f = np.ones((2, 4))
        for _ in range(100):
            old = t0 * f
            f *= (tg / (t0 * f).sum(1))[:, None]
            f *= (ta / (t0 * f).sum(0))[None, :]
            if np.abs(t0 * f - old).max() < 1e-7 * w.sum():
                break
        return w * f.ravel()[joint]

    def rake3():
        g = (df["gender"].cat.codes.to_numpy()).astype(np.int64)
        a = df["agegroup"].cat.codes.to_numpy().astype(np.int64)
        m = population_margins(three=True)
        tm = np.array([m["municipality"][k] for k in range(1, 5)])
        tg = np.array([m["gender"][c] for c in df["gender"].cat.categories])
        ta = np.array([m["agegroup"][c] for c in df["agegroup"].cat.categories])
        joint = (h * 2 + g) * 4 + a
        t0 = np.bincount(joint, w, 32).reshape(4, 2, 4)
        f = np.ones((4, 2, 4))
        for _ in range(100):
            old = t0 * f
            f *= (tm / (t0 * f).sum((1, 2)))[:, None, None]
            f *= (tg / (t0 * f).sum((0, 2)))[None, :, None]
            f *= (ta / (t0 * f).sum((0, 1)))[None, None, :]
            if np.abs(t0 * f - old).max() < 1e-7 * w.sum():
                break
        return w * f.ravel()[joint]

    zero = np.zeros(len(w), dtype=np.int64)
    out = timed({
        "mean": lambda: means(zero, 1),
        "mean_by": lambda: means(site, 12),
        "topbox": lambda: means(zero, 1, top=True),
        "topbox_by": lambda: means(site, 12, top=True),
        "rake": rake,
        "rake3": rake3,
    }, repeat)
    out["read"] = read
    return {"seconds": out}


def run_svy(n: int, repeat: int) -> dict:
    import polars as pl
    import svy

    from data import paths

    t = time.perf_counter()
    frame = pl.read_parquet(paths(n)[0])
    read = time.perf_counter() - t
    tops = [pl.when(pl.col(c).is_null() | pl.col(c).is_nan()).then(None)
            .otherwise((pl.col(c) >= TOP[0]).cast(pl.Float64)).alias(f"{c}_top") for c in ITEMS]
    frame = frame.with_columns([pl.when(pl.col(c).is_nan()).then(None).otherwise(pl.col(c)).alias(c)
                                for c in ITEMS])
    frame = frame.with_columns([pl.col(c).cast(pl.Int64).cast(pl.Utf8).alias(f"{c}f") for c in ITEMS])
    cats = [f"{c}f" for c in ITEMS]
    design = svy.Design(stratum="municipality", wgt="w")
    s = svy.Sample(frame, design)
    margins = population_margins()
    top_cols = [f"{c}_top" for c in ITEMS]

    def with_tops():
        return svy.Sample(frame.with_columns(tops), design)

    st = with_tops()
    raked = s.weighting.rake(controls=margins)
    out = timed({
        "design": lambda: svy.Sample(frame, svy.Design(stratum="municipality", wgt="w")),
        "mean": lambda: s.estimation.mean(ITEMS, drop_nulls=True),
        "mean_by": lambda: s.estimation.mean(ITEMS, by="site", drop_nulls=True),
        "topbox": lambda: with_tops().estimation.mean(top_cols, drop_nulls=True),
        "topbox_by": lambda: st.estimation.mean(top_cols, by="site", drop_nulls=True),
        "shares": lambda: s.estimation.prop(cats, drop_nulls=True),
        "shares_by": lambda: s.estimation.prop(cats, by="site", drop_nulls=True),
        "rake": lambda: s.weighting.rake(controls=margins),
        "rake3": lambda: s.weighting.rake(controls=population_margins(three=True)),
        "mean_by_raked": lambda: raked.estimation.mean(ITEMS, by="site", drop_nulls=True),
        "chisq": lambda: s.categorical.tabulate("q01f", "group", drop_nulls=True),
        "regress": lambda: s.glm.fit("q01", x=[svy.Cat("group"), svy.Cat("gender"),
                                               svy.Cat("agegroup")]),
    }, repeat)
    out["read"] = read
    return {"seconds": out}


def run_samplics(n: int, repeat: int) -> dict:
    from samplics import PopParam, TaylorEstimator

    t = time.perf_counter()
    df = load(n)
    read = time.perf_counter() - t
    w, h, site = df["w"].to_numpy(), df["municipality"].to_numpy(), df["site"].to_numpy()

    def means(by=None, top=False):
        for c in ITEMS:
            y = df[c].to_numpy()
            if top:
                y = np.where(np.isnan(y), np.nan, (y >= TOP[0]).astype(float))
            est = TaylorEstimator(PopParam.mean)
            est.estimate(y, samp_weight=w, stratum=h, domain=by, remove_nan=True)

    out = timed({
        "mean": lambda: means(),
        "mean_by": lambda: means(site),
        "topbox": lambda: means(top=True),
        "topbox_by": lambda: means(site, top=True),
    }, repeat)
    out["read"] = read
    return {"seconds": out}


TOOLS = {"surveykit": run_surveykit, "numpy": run_numpy, "svy": run_svy, "samplics": run_samplics}

if __name__ == "__main__":
    tool, n, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    result = TOOLS[tool](n, repeat)
    result.update(tool=tool, n=n, repeat=repeat,
                  peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  threads=os.environ.get("OPENBLAS_NUM_THREADS"))
    print(json.dumps(result))
