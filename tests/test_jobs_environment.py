"""SURVEYKIT_JOBS: the drawing processes of a build not told how many (--jobs, jobs=), for shared
servers and test runs under pytest-xdist, whose every worker's builds start their own. A whole
number of 1 or more, or auto (one per core this process may use: taskset, a cpuset, a cgroup CPU
quota); anything else one message and exit 2; --jobs overrides it; unset, the default stays 2 on a
machine of 2 or more cores.

The cgroup files below are written in the shapes the Linux kernel documents and writes them
(Documentation/admin-guide/cgroup-v2.rst: ``cpu.max`` is "$MAX $PERIOD", "max" for no limit;
cgroup-v1/cfs: ``cpu.cfs_quota_us`` -1 for no limit, ``cpu.cfs_period_us``; ``/proc/self/cgroup``
lines "hierarchy-ID:controller-list:cgroup-path", "0::/path" for v2).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest

from surveykit.cli import main
from surveykit.errors import SurveykitError
from surveykit.report import build
from surveykit.report.render import _cgroup_cores, default_jobs, jobs_from_environment, usable_cores
from tests.held_build import cmdline, descendants, start_held_build
from tests.study_fixture import write_mini_study

REPORT = ("figures:\n"
          "  - {id: m, kind: means, items: [help], by: [municipality, wave]}\n"
          "  - {id: l, kind: likert, items: [help], by: [wave]}\n"
          "  - {id: m2, kind: means, items: [help], by: [wave]}\n")
MANY = "figures:\n" + "".join(f"  - {{id: m{i}, kind: means, items: [help], by: [municipality, wave]}}\n"
                              for i in range(12))


@pytest.fixture
def four_cores(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr("surveykit.report.render._cgroup_cores", lambda: None)


@pytest.mark.parametrize(("value", "jobs"), [("1", 1), (" 3 ", 3), ("auto", 4), ("AUTO", 4), ("64", 64),
                                             ("", None), (None, None)])
def test_the_variable_is_read(monkeypatch, four_cores, value, jobs):
    if value is None:
        monkeypatch.delenv("SURVEYKIT_JOBS", raising=False)
    else:
        monkeypatch.setenv("SURVEYKIT_JOBS", value)
    assert jobs_from_environment() == jobs
    assert default_jobs() == (2 if jobs is None else jobs)   # unset: the default as it was


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "two", "1e2", "\u0663", "auto,2"])
def test_invalid_values_are_refused_naming_the_variable(monkeypatch, four_cores, value):
    monkeypatch.setenv("SURVEYKIT_JOBS", value)
    with pytest.raises(SurveykitError) as caught:
        default_jobs()
    assert str(caught.value).startswith(f"SURVEYKIT_JOBS={value!r} (an environment variable): set it to the number of "
                                        "processes drawing a build's figures, a whole number from 1 (draw in the "
                                        "build's own process) to 4 (the cores this process may use), or to auto "
                                        "(one per core: 4); or unset it for the default (2)"), str(caught.value)


def test_an_invalid_value_is_one_message_and_exit_2_before_anything_is_built(tmp_path, monkeypatch, capsys):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "jobs-test" * 2)
    monkeypatch.setenv("SURVEYKIT_JOBS", "0")
    assert main(["-q", "build", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "SURVEYKIT_JOBS='0' (an environment variable): set it to the number of processes" in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert not (root / "reports").exists() and not (root / "data" / "processed").exists()
    # --jobs given: the variable is not needed, and not read
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 0
    assert (root / "reports" / "figures" / "m.png").is_file()


@pytest.mark.parametrize("jobs", [0, -2, 1.5, "2", True])
def test_build_refuses_a_jobs_argument_that_is_no_count(tmp_path, jobs):
    # build(jobs=0) drew with the default 2 processes (0 taken as "not given"), silently
    with pytest.raises(SurveykitError, match=r"build\(jobs=.*\): give the number of processes drawing figures"):
        build(tmp_path, jobs=jobs)


def test_a_number_above_the_cores_is_capped_and_said(tmp_path, monkeypatch, capsys):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "jobs-test" * 2)
    monkeypatch.setenv("SURVEYKIT_JOBS", "64")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr("surveykit.report.render._cgroup_cores", lambda: None)
    assert main(["build", "--study", str(root)]) == 0
    err = capsys.readouterr().err
    assert "SURVEYKIT_JOBS=64: 64 asked for, this machine has 2 cores: at most 2 drawing process(es)" in err, err
    assert "drawing 3 figures (2 drawing processes)" in err


def _workers(proc) -> set[int]:
    """The drawing processes of a held build: the children of its fork server."""
    servers = [c for c in descendants(proc.pid) if "forkserver import main" in cmdline(c)]
    return {w for s in servers for w in descendants(s)}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize(("jobs", "variable", "cores", "expected"), [
    (None, "1", 2, 1),      # the default would start 2 drawing processes: none
    (None, "3", 4, 3),      # the default would start 2
    (None, "auto", 3, 3),   # one per core
    ("1", "2", 2, 1),       # --jobs overrides the variable
    ("2", "1", 2, 2),
])
def test_the_drawing_processes_a_build_starts(tmp_path, jobs, variable, cores, expected):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": MANY})
    proc, lines = start_held_build(root, {"SURVEYKIT_KEY": "k" * 16, "SURVEYKIT_JOBS": variable}, jobs=jobs,
                                   cores=cores, workers=expected)
    try:
        workers = _workers(proc)
        if expected == 1:   # drawn in the build's own process: no fork server, no drawing process
            assert workers == set() and descendants(proc.pid) == set(), "".join(lines)
        else:   # the pool starts them as figures come, up to its size
            assert 1 <= len(workers) <= expected, (workers, "".join(lines))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stderr.close()


# --- auto: the cores this process may use, a cgroup's CPU quota included -------------------------------------

def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("files", "cores"), [
    # cgroup v2 in a container (its own namespace: the path is /): docker --cpus=2
    ({"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "200000 100000\n"}, 2),
    # 1.5 cores: 2 processes (one would leave half a core unused)
    ({"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "150000 100000\n"}, 2),
    # no limit
    ({"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "max 100000\n"}, None),
    # a systemd slice limiting its parent: the smallest on the way up
    ({"proc/self/cgroup": "0::/user.slice/job.scope\n", "sys/fs/cgroup/user.slice/cpu.max": "100000 100000\n",
      "sys/fs/cgroup/user.slice/job.scope/cpu.max": "max 100000\n"}, 1),
    # cgroup v1, the cpu controller mounted with cpuacct
    ({"proc/self/cgroup": "4:memory:/\n2:cpu,cpuacct:/\n1:name=systemd:/\n",
      "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "300000\n",
      "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n"}, 3),
    ({"proc/self/cgroup": "2:cpu,cpuacct:/\n", "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
      "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n"}, None),
    ({}, None),   # no /proc (macOS, Windows)
])
def test_the_cgroup_quota_in_cores(tmp_path, files, cores):
    assert _cgroup_cores(_tree(tmp_path, files)) == cores


def test_auto_and_the_cap_respect_the_cgroup_quota(monkeypatch):
    # 64 cores, all in the affinity mask, and a container limited to 2 CPUs (docker --cpus=2): auto
    # started 64 drawing processes on 2 CPUs' worth of time
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)), raising=False)
    monkeypatch.setattr("surveykit.report.render._cgroup_cores", lambda: 2)
    monkeypatch.setenv("SURVEYKIT_JOBS", "auto")
    assert usable_cores() == 2 and default_jobs() == 2
