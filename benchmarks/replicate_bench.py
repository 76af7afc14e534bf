"""Replicate-weight designs (issue 17): surveykit against svy on the same data, and against the
Taylor path of the same calls; R's timings are in tests/data/r-survey-rep/R_TIMINGS.md.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/replicate_bench.py 1000000 3
    python benchmarks/replicate_bench.py --tool svy 1000000 3      # one tool in this process

The data have the shape of ``tests/data/r-survey-rep/r_timing.R`` (the R timings): 20 Likert
items ``q01..q20`` scored 1..5 with 3-15 % missing, ``site`` (12 groups), ``gender``,
``agegroup``, ``group``, ``age``, a whole-number weight ``w`` (log-normal around 90) and 80
successive-difference replicate columns ``w1..w80 = round(w * f[i, r])`` with the factors of
the ACS (Fay & Train; R's ``2 * hadamard(79) - 1``, rows in file order). Seeded with numpy
(R's own draws are not reproduced, the shape is). Written once to
``benchmarks/data/rep_<N>.parquet``. Each tool runs in its own process; every stage is timed
``repeat`` times (median), memory beyond the data by ``tracemalloc`` in a separate run.
Results: ``benchmarks/results/rep_<N>.json`` and a table on stdout. ``mean_by_sorted`` is
``mean_by`` on the same rows sorted by ``site`` (as agency files often are by area).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
ITEMS = [f"q{i:02d}" for i in range(1, 21)]
R = 80
REPS = [f"w{r}" for r in range(1, R + 1)]
FORMULA = "q01 ~ q02 + q03 + q04 + age + C(gender) + C(agegroup) + C(group)"  # 10 coefficients
warnings.filterwarnings("ignore")


def make_frame(n: int, seed: int = 20240617) -> pd.DataFrame:
    from surveykit.design.convert import hadamard

    rng = np.random.default_rng([seed, n])
    site = rng.integers(1, 13, n)
    group = (site % 3 == 0).astype(np.int64)
    latent = rng.normal(size=n) * 0.8 + 0.15 * group
    df = pd.DataFrame({
        "site": site,
        "gender": pd.Categorical(rng.choice(["m", "f"], n, p=[0.42, 0.58])),
        "agegroup": pd.Categorical(rng.choice(["18-34", "35-49", "50-66", "67+"], n,
                                              p=[0.15, 0.25, 0.3, 0.3])),
        "group": group,
        "age": 18 + rng.integers(0, 71, n),
    })
    cut = np.array([-1.5, -0.6, 0.3, 1.2])
    na_rate = np.linspace(0.03, 0.15, 20)
    shift = np.linspace(-0.4, 0.4, 20)
    for j, name in enumerate(ITEMS):
        z = rng.normal(size=n) + latent + shift[j]
        q = 1.0 + (z[:, None] > cut).sum(axis=1)
        q[rng.random(n) < na_rate[j]] = np.nan
        df[name] = q
    w = np.round(np.exp(rng.normal(np.log(90), 0.55, n)))
    df["w"] = w
    h = 2.0 * hadamard(R - 1) - 1
    i = np.arange(n)
    a, b = i % R, (i + 1) % R
    reps = np.round(w[:, None] * (1 + 2 ** (-1.5) * (h[a] - h[b])))
    return pd.concat([df, pd.DataFrame(reps, columns=REPS)], axis=1)


def path(n: int) -> Path:
    p = DATA / f"rep_{n}.parquet"
    if not p.exists():
        DATA.mkdir(exist_ok=True)
        make_frame(n).to_parquet(p)
    return p


def timed(stages: dict, repeat: int) -> tuple[dict, dict]:
    """Median wall and CPU seconds of every stage; the stages take turns (round robin), so a
    busy spell of a shared machine falls on all of them alike."""
    for fn in stages.values():
        fn()  # warm-up: imports, caches (the design's rank, the largest replicate weight)
    wall = {name: [] for name in stages}
    cpu = {name: [] for name in stages}
    for _ in range(repeat):
        for name, fn in stages.items():
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    return ({k: statistics.median(v) for k, v in wall.items()},
            {k: statistics.median(v) for k, v in cpu.items()})


def run_surveykit(n: int, repeat: int) -> dict:
    import surveykit as sk

    df = pd.read_parquet(path(n))
    t = time.perf_counter()
    d = sk.Design(df, weights="w", repweights="^w[0-9]+$", replicate_type="successive-difference",
                  mse=True)
    design_s = time.perf_counter() - t
    taylor = sk.Design(df, weights="w")
    # the same rows sorted by site, as many agency files are sorted by area: the chunks are in
    # group order already and read as they are (no sort, no scatter of the replicate weights)
    by_site = df.sort_values("site", kind="stable", ignore_index=True)
    d_sorted = sk.Design(by_site, weights="w", repweights="^w[0-9]+$",
                         replicate_type="successive-difference", mse=True)
    taylor_sorted = sk.Design(by_site, weights="w")
    stages = {
        "mean": lambda: sk.mean(d, ITEMS),
        "mean_by": lambda: sk.mean(d, ITEMS, by="site"),
        "taylor_mean": lambda: sk.mean(taylor, ITEMS),
        "taylor_mean_by": lambda: sk.mean(taylor, ITEMS, by="site"),
        "mean_by_sorted": lambda: sk.mean(d_sorted, ITEMS, by="site"),
        "taylor_mean_by_sorted": lambda: sk.mean(taylor_sorted, ITEMS, by="site"),
        "regress": lambda: sk.regress(d, FORMULA),
        "taylor_regress": lambda: sk.regress(taylor, FORMULA),
    }
    out, cpu = timed(stages, repeat)
    out["design"] = design_s
    extra = {}
    for name in ("mean", "mean_by", "regress"):
        tracemalloc.start()
        stages[name]()
        extra[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    block = d.replicates.matrix.nbytes / 2**20
    return {"seconds": out, "cpu_seconds": cpu, "extra_mb": extra, "replicate_block_mb": block,
            "block_dtype": str(d.replicates.matrix.dtype)}


def run_svy(n: int, repeat: int) -> dict:
    import polars as pl
    import svy

    frame = pl.read_parquet(path(n))
    frame = frame.with_columns([pl.when(pl.col(c).is_nan()).then(None).otherwise(pl.col(c)).alias(c)
                                for c in ITEMS])
    design = svy.Design(wgt="w", rep_wgts=svy.RepWeights("sdr", prefix="w", n_reps=R))
    s = svy.Sample(frame, design)
    kw = {"method": "replication", "drop_nulls": True, "variance_center": "estimate"}
    stages = {
        "mean": lambda: s.estimation.mean(ITEMS, **kw),
        "mean_by": lambda: s.estimation.mean(ITEMS, by="site", **kw),
    }
    wall, cpu = timed(stages, repeat)
    return {"seconds": wall, "cpu_seconds": cpu}


TOOLS = {"surveykit": run_surveykit, "svy": run_svy}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("repeat", type=int, nargs="?", default=3)
    ap.add_argument("--tool", choices=list(TOOLS))
    args = ap.parse_args()
    if args.tool:
        res = TOOLS[args.tool](args.n, args.repeat)
        res.update(tool=args.tool, n=args.n, peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(res))
        return
    path(args.n)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "POLARS_MAX_THREADS": "1", "RAYON_NUM_THREADS": "1"}  # one thread for every tool
    results = {}
    for tool in TOOLS:
        p = subprocess.run([sys.executable, __file__, "--tool", tool, str(args.n), str(args.repeat)],
                           capture_output=True, text=True, env=env, check=False)
        if p.returncode:
            print(f"{tool} failed:", p.stderr[-2000:])
            continue
        results[tool] = json.loads(p.stdout.strip().splitlines()[-1])
    out = HERE / "results" / f"rep_{args.n}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
