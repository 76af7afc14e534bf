"""Time the whole `surveykit build` on synthetic studies of 10k / 100k / 1M respondents.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \\
        python benchmarks/build_bench.py --sizes 10000 100000 1000000 --sites 200

Each study is written once by ``surveykit.synth.write_study`` (wave 1 as CSV or parquet —
Excel stops at ~1M rows —, wave 2 as SPSS; ``--sites`` sites) under benchmarks/data/study_<N>/
and built with ``surveykit build --force`` in a fresh process, from the same command a user
types. The stages come from the build's own progress lines (their timestamps); peak memory
is the build process's peak RSS (``wait4``) and the peak of the whole process tree (the
drawing workers included), sampled every 50 ms from /proc. One JSON per size in
benchmarks/results/build_<N>.json; ``--table`` prints the markdown table of RESULTS.md.
The embedded study (``--sizes embedded``) is the repository's own demo study, copied.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "MPLBACKEND": "Agg"}
LINE = re.compile(r"^\[\s*([\d.]+)s\] (.*)$")


def study_dir(size: str, sites: int | None, export: str) -> Path:
    """Write (once) and return the study of ``size`` respondents (both waves together)."""
    if size == "embedded":
        target = HERE / "data" / "study_embedded"
        if not target.exists():
            target.mkdir(parents=True)
            for name in ("surveykit.yaml", "config", "data"):
                src = ROOT / name
                (shutil.copytree if src.is_dir() else shutil.copy)(src, target / name)
            shutil.rmtree(target / "data" / "processed", ignore_errors=True)
        return target
    n = int(size)
    target = HERE / "data" / f"study_{n}_{sites or 9}_{export}"
    if not (target / "surveykit.yaml").exists():
        from surveykit.synth import write_study

        t = time.perf_counter()
        write_study(target, scale=n / 2400, sites=sites, export=export)
        print(f"   wrote the {n:,}-respondent study in {time.perf_counter() - t:.1f} s: {target}", flush=True)
    return target


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (kB, from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total


def build_once(study: Path, jobs: int | None) -> dict:
    """Run ``surveykit build --force`` on ``study``; stage seconds and peak memory."""
    cmd = [sys.executable, "-m", "surveykit", "build", "--force", "--study", str(study)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    lines = proc.stdout.read().splitlines()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("build failed:\n" + "\n".join(lines[-30:]))
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "peak_tree_mb": round(peak_tree / 1024), "stages": stages(events(lines), wall), "log": lines}


def events(lines: list[str]) -> list[tuple[float, str]]:
    """(seconds, message) of the build's progress lines."""
    return [(float(m[1]), m[2]) for m in map(LINE.match, lines) if m]


def stages(events: list[tuple[float, str]], wall: float) -> dict[str, float]:
    """Seconds per stage from the progress lines (each stage ends where the next begins)."""
    marks = [("start", 0.0)]
    for t, msg in events:
        if msg.startswith("reading wave"):
            marks.append((f"read+clean wave {msg.split()[2].rstrip(':')}", t))  # the last also saves
        elif msg.startswith("weighting"):
            marks.append(("weight", t))
        elif msg.startswith("computing and drawing"):
            marks.append(("figures: numbers (drawing alongside)", t))
        elif msg.startswith("waiting for"):
            marks.append(("figures: drawing the rest", t))
        elif re.match(r"\[\d+/\d+\] table", msg) and not any(m[0] == "tables" for m in marks):
            marks.append(("tables", t))
        elif msg.startswith("wrote ") and "figure files" in msg:
            marks.append(("end", t))
    out: dict[str, float] = {}
    for (name, t), (_, t_next) in zip(marks, [*marks[1:], ("wall", wall)], strict=True):
        if name != "end":
            out[name if name != "start" else "startup (imports)"] = round(t_next - t, 2)
        else:
            out["write tables, workbook, html; exit"] = round(wall - t, 2)
    return out


def table(results: list[dict]) -> str:
    """Markdown: one column per size, one row per stage, then wall time and memory."""
    names = list(dict.fromkeys(k for r in results for k in r["stages"]))
    head = "| stage | " + " | ".join(r["label"] for r in results) + " |"
    rows = [head, "|---|" + "---:|" * len(results)]
    for name in names:
        rows.append(f"| {name} | " + " | ".join(f"{r['stages'].get(name, 0):.2f}" for r in results) + " |")
    rows.append("| **wall (s)** | " + " | ".join(f"**{r['wall_s']:.1f}**" for r in results) + " |")
    rows.append("| peak RSS, build process (MB) | " + " | ".join(str(r["peak_rss_mb"]) for r in results) + " |")
    rows.append("| peak RSS, with drawing workers (MB) | " + " | ".join(str(r["peak_tree_mb"]) for r in results) + " |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", default=["embedded", "10000", "100000", "1000000"])
    ap.add_argument("--sites", type=int, default=200, help="sites in the scaled studies (default 200)")
    ap.add_argument("--export", choices=["csv", "parquet"], default="csv", help="wave 1 file format")
    ap.add_argument("--jobs", type=int, default=None, help="passed to surveykit build --jobs")
    ap.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest is kept")
    ap.add_argument("--table", action="store_true", help="print the markdown table of the saved results")
    args = ap.parse_args()
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    results = []
    for size in args.sizes:
        path = out_dir / f"build_{size}.json"
        if not args.table:
            study = study_dir(size, None if size == "embedded" else args.sites, args.export)
            runs = [build_once(study, args.jobs) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["wall_s"])
            best["label"] = "embedded (2,400)" if size == "embedded" else f"{int(size):,}"
            best["study"] = {"size": size, "sites": None if size == "embedded" else args.sites,
                             "export": None if size == "embedded" else args.export}
            path.write_text(json.dumps(best, indent=1, ensure_ascii=False))
            print(f"{best['label']}: {best['wall_s']:.1f} s, peak {best['peak_rss_mb']} MB "
                  f"(tree {best['peak_tree_mb']} MB)", flush=True)
        if path.exists():
            saved = json.loads(path.read_text())
            saved["stages"] = stages(events(saved["log"]), saved["wall_s"])  # from the log, as now defined
            results.append(saved)
    print(table(results))


if __name__ == "__main__":
    main()
