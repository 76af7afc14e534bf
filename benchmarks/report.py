"""Tables for RESULTS.md from benchmarks/results/*.json: ``python benchmarks/report.py``."""

from __future__ import annotations

import json
import math
import platform
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ["read", "design", "mean", "mean_by", "topbox", "topbox_by", "shares", "shares_by",
          "rake", "rake3", "mean_by_raked", "chisq", "regress"]
PEERS = ["numpy", "svy", "samplics", "R"]


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
               if ln.startswith("MemTotal"))
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"nproc {nproc}, {cpu}, {mem / 2**20:.1f} GiB RAM, Python {platform.python_version()}"


def fmt(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def main() -> None:
    files = sorted(HERE.glob("results/[0-9]*.json"), key=lambda p: int(p.stem))
    print(f"Machine: {machine()}\n")
    growth = {}
    for f in files:
        n = int(f.stem)
        res = json.loads(f.read_text())
        sk = res.get("surveykit", {}).get("seconds", {})
        tools = [t for t in ["surveykit", *PEERS] if t in res]
        print(f"### N = {n:,}\n")
        print("| stage | " + " | ".join(tools) + " | " +
              " | ".join(f"sk / {t}" for t in tools[1:]) + " |")
        print("|---|" + "---:|" * (2 * len(tools) - 1))
        for stage in STAGES:
            vals = [res[t]["seconds"].get(stage) for t in tools]
            if all(v is None for v in vals):
                continue
            ratios = []
            for v in vals[1:]:
                s = sk.get(stage)
                ratios.append(f"{s / v:.2f}" if s and v else "—")
            print(f"| {stage} | " + " | ".join(fmt(v) for v in vals) + " | " + " | ".join(ratios) + " |")
        rss = " · ".join(f"{t} {res[t]['peak_rss_mb']:.0f} MB" for t in tools
                         if isinstance(res[t].get("peak_rss_mb"), int | float))
        print(f"\nPeak RSS per process: {rss}\n")
        extra = res.get("surveykit", {}).get("extra_mb", {})
        if extra:
            print("surveykit extra memory during the stage (tracemalloc peak): " +
                  ", ".join(f"{k} {v:.1f} MB" for k, v in extra.items()) + "\n")
        growth[n] = (sk, extra)
    if len(growth) > 1:
        ns = sorted(growth)
        print("### Growth (surveykit seconds; × = ratio to the previous size, 10× the rows)\n")
        print("| stage | " + " | ".join(f"{n:,}" for n in ns) + " |")
        print("|---|" + "---:|" * len(ns))
        for stage in STAGES:
            cells, prev = [], None
            for n in ns:
                v = growth[n][0].get(stage)
                cells.append(fmt(v) + (f" ({v / prev:.1f}×)" if v and prev else ""))
                prev = v
            print(f"| {stage} | " + " | ".join(cells) + " |")
        print("| extra MB, mean_by | " + " | ".join(
            f"{growth[n][1].get('mean_by', float('nan')):.1f}" for n in ns) + " |")


if __name__ == "__main__":
    main()
