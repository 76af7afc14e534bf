"""`.ci/run` runs the README's test command, word for word: CI checks what a reader runs. The suite
runs in parallel (pytest-xdist, a dependency of the test extras) with the number of workers capped:
`-n auto` alone starts one worker per core, 64 pandas processes (each with its drawing processes and
Chromium) on a 64-core CI machine."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pytest_part(line: str) -> str:
    return line[line.index("python -m pytest"):].strip()


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (install_and_test,) = re.findall(r'(?m)^python3 -m venv .*-e "\.\[test\]" && python -m pytest.*$', readme)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (ci_line,) = re.findall(r'(?m)^python -m pip install .*-e "\.\[test\]" && python -m pytest.*$', ci)
    assert _pytest_part(ci_line) == _pytest_part(install_and_test)


def test_the_parallel_run_is_capped_and_keeps_a_files_tests_together():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"(?m)^python3 -m venv .*python -m pytest.*$", readme)
    words = _pytest_part(command).split()
    assert "-n" in words and words[words.index("-n") + 1] == "auto"
    assert any(re.fullmatch(r"--maxprocesses=[1-8]", w) for w in words), words
    # a module's shared build (module-scoped fixture) once, not once per worker
    assert "--dist" in words and words[words.index("--dist") + 1] in ("loadfile", "loadscope"), words
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"pytest-xdist>=\d', pyproject)


def test_auto_counts_the_cores_this_process_may_use_not_psutils_physical_cores(monkeypatch, pytestconfig):
    """`-n auto` on a 2-vCPU machine whose vCPUs are one hyperthreaded core: xdist took psutil's
    physical count (1) and ran the whole suite in one worker; in a container limited to 2 of 64
    cores it counted 64. The suite's conftest counts as a build does (usable_cores)."""
    import os

    import psutil

    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr(psutil, "cpu_count", lambda logical=True: 64 if logical else 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr("surveykit.report.render._cgroup_cores", lambda: None)   # no CPU quota of the real machine
    # the hook as -n auto calls it (xdist's first answer wins: the conftest's, not xdist's own), and
    # the conftest's function itself (which a run without xdist can check too)
    (ours,) = [p.pytest_xdist_auto_num_workers for p in pytestconfig.pluginmanager.get_plugins()
               if getattr(p, "__file__", "") == str(ROOT / "tests" / "conftest.py")]
    calls = [ours] + ([pytestconfig.hook.pytest_xdist_auto_num_workers]
                      if pytestconfig.pluginmanager.hasplugin("xdist") else [])
    assert [call(config=pytestconfig) for call in calls] == [3] * len(calls)
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")   # xdist's own setting still wins
    assert [call(config=pytestconfig) for call in calls] == [5] * len(calls)
