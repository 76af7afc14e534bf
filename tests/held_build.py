"""``surveykit build`` held after its first drawn figure, for the tests that stop or kill a build
while its drawing processes are there (tests/test_cli_robust.py, tests/test_hostile_outputs.py).

The build lowers --jobs to the cores: on a 1-core machine (or under a cgroup quota of 1 CPU) it
would start no drawing process, so it is told it has 2 and no quota (the processes themselves run on
the real machine). Once it has said that a figure is drawn, it waits (at most 2 minutes) for the
test's signal: a test that polled for the drawing processes or read that line while the build ran on
read it, on a loaded machine, after the build had drawn every figure and exited 0 (seen with the
tests in reverse order beside other work on a 2-core machine); without the signal it goes on after 2
minutes, and the test fails. Ctrl-C is a terminal's: a test run started in the background (`... &`
in a script, nohup) passes SIGINT on as ignored, and Python keeps ignoring it, so the build went on
to the end and exited 0.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import surveykit

SRC = str(Path(surveykit.__file__).resolve().parents[1])   # the children run the surveykit these tests import

HELD_BUILD = """\
import os, runpy, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
os.cpu_count = lambda: CORES
os.sched_getaffinity = lambda _pid: set(range(CORES))
import surveykit.cli, surveykit.report.render
surveykit.report.render._cgroup_cores = lambda: None   # nor a CPU quota of the real machine's cgroup
said, waited = surveykit.cli.Progress.__call__, []
def held(self, message):
    said(self, message)
    if message.endswith(") drawn") and not waited:
        waited.append(True)
        time.sleep(120)   # ended by the signal
surveykit.cli.Progress.__call__ = held
sys.argv[0] = "surveykit"
runpy.run_module("surveykit", run_name="__main__", alter_sys=True)
"""

_DRAWN = re.compile(r"\] figure \S+ \(\w+\) drawn$")


def start_held_build(root: Path, env: dict[str, str], jobs: str | None = "2", cores: int = 2,
                     workers: int = 2) -> tuple[subprocess.Popen, list[str]]:
    """``surveykit build --force --jobs 2 --study root`` (in a session of its own), read until it says
    a figure is drawn: the process, held there, and its progress lines so far. Asserts that it got
    there with 2 drawing processes. ``jobs`` None leaves --jobs out (SURVEYKIT_JOBS in ``env``
    decides), ``cores`` is the machine the build is told it has, ``workers`` the drawing processes
    its progress must announce (1: none announced)."""
    script = HELD_BUILD.replace("CORES", str(cores))
    given = ["--jobs", jobs] if jobs is not None else []
    proc = subprocess.Popen([sys.executable, "-c", script, "build", "--force", *given, "--study", str(root)],
                            stderr=subprocess.PIPE, encoding="utf-8", start_new_session=True,
                            env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": SRC, **env})
    lines = []
    try:
        for line in proc.stderr:
            lines.append(line)
            if _DRAWN.search(line.rstrip("\n")):
                break
        assert lines and _DRAWN.search(lines[-1].rstrip("\n")), "".join(lines)
        if workers > 1:
            assert any(f"({workers} drawing processes)" in line for line in lines), "".join(lines)
        else:
            assert not any("drawing processes)" in line for line in lines), "".join(lines)
    except BaseException:   # not left waiting 2 minutes for a signal that will not come
        proc.kill()
        proc.wait()
        proc.stderr.close()
        raise
    return proc, lines


def descendants(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        out.update(kids)
        todo.extend(kids)
    return out


def cmdline(pid: int) -> str:
    """The command line of ``pid`` (its arguments joined by NUL), or "" when it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""
