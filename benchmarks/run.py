"""Run every tool at every size on the same data; write benchmarks/results/<N>.json.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\
        python benchmarks/run.py --sizes 10000 100000 1000000 --repeat 3

Each (tool, size) runs in its own process (peak memory per tool). R runs if ``Rscript`` with
the ``survey`` package is installed (from Debian: r-base-core r-cran-survey r-cran-jsonlite),
on the CSV written next to the parquet file; at 1M rows R runs once (about 3 minutes).
``python benchmarks/report.py`` turns the JSON files into the tables of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from data import ensure  # noqa: E402

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run(cmd: list[str], timeout: int) -> dict | None:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=timeout)
    except subprocess.TimeoutExpired:
        print("   timed out:", " ".join(cmd), flush=True)
        return None
    if p.returncode != 0:
        print("   failed:", " ".join(cmd), p.stderr[-800:], flush=True)
        return None
    line = [x for x in p.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tools", nargs="+", default=["surveykit", "numpy", "svy", "samplics", "R"])
    args = ap.parse_args()
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    for n in args.sizes:
        _, csv = ensure(n)
        results = {}
        for tool in args.tools:
            print(f"n={n:,} {tool}", flush=True)
            if tool == "R":
                if not shutil.which("Rscript"):
                    print("   Rscript not found; skipped", flush=True)
                    continue
                rep = 1 if n >= 1_000_000 else args.repeat
                res = run(["Rscript", str(HERE / "r_bench.R"), str(csv), str(rep)], 3600)
            else:
                rep = args.repeat
                res = run([sys.executable, str(HERE / "tools.py"), tool, str(n), str(rep)], 3600)
            if res is not None:
                results[tool] = res
                print("   " + ", ".join(f"{k} {v:.3g}" for k, v in res["seconds"].items()
                                        if isinstance(v, int | float)), flush=True)
        (out_dir / f"{n}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
