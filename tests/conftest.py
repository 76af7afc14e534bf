"""Test-suite settings shared by every test module.

Property-based tests (hypothesis) run *derandomized* by default: the same examples on every
machine and every run, so a green suite stays green on a fresh clone (a random search that
happened to find a new case would make CI fail on an unrelated change). To search for new
failing cases, run with ``SURVEYKIT_HYPOTHESIS=explore`` (random examples, different on each
run) and add what it finds as an explicit test.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

# hypothesis keeps caches in ./.hypothesis of the current directory (wherever the suite runs
# from, / included): a temporary folder of the run instead
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="surveykit-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, True)

# the commands the tests run in child processes write UTF-8 whatever the machine's locale (LC_ALL=C
# with PYTHONUTF8=0 wrote '\u2026' for '…'), and the tests read them as UTF-8 (encoding="utf-8")
os.environ["PYTHONIOENCODING"] = "utf-8:backslashreplace"

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", database=None, print_blob=True)
settings.load_profile("explore" if os.environ.get("SURVEYKIT_HYPOTHESIS") == "explore" else "repeatable")


# `-n auto` (the README's test command, pytest-xdist): one worker per core this process may run on,
# as a build counts them (surveykit.report.render.usable_cores: taskset and a container's cpuset
# count). xdist's own count is psutil's *physical* cores when psutil is installed (it is, through
# ipykernel): 1 on a 2-vCPU machine whose vCPUs are one hyperthreaded core, which ran the suite
# serially, and the host's cores in a container limited to a few. PYTEST_XDIST_AUTO_NUM_WORKERS
# still sets the number, as in xdist; --maxprocesses caps it.
@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int:
    given = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "")
    if given.strip().isdigit():
        return int(given)
    from surveykit.report.render import usable_cores

    return usable_cores()


# `SURVEYKIT_TEST_ORDER=reverse` or `=shuffle:<seed>`: the tests in reverse or shuffled order, to
# find a test that passes only after another one (its side effect, a cache it warms). Every file
# also passes alone: `for f in tests/test_*.py; do python -m pytest -q -p no:cacheprovider "$f"; done`.
if os.environ.get("SURVEYKIT_TEST_ORDER"):
    import random

    def pytest_collection_modifyitems(session, config, items):
        how = os.environ["SURVEYKIT_TEST_ORDER"]
        if how == "reverse":
            items.reverse()
        elif how.startswith("shuffle:") and how[len("shuffle:"):].isdigit():
            random.Random(int(how[len("shuffle:"):])).shuffle(items)
        else:
            raise ValueError(f"SURVEYKIT_TEST_ORDER={how!r}: use reverse or shuffle:<seed> (a whole number)")


# `SURVEYKIT_CPU_REPORT=1 python -m pytest ...`: the CPU seconds (this process and the children
# it waited for, e.g. the CLI in a subprocess) of the 30 costliest tests, to keep the suite
# within its budget (5 min of CPU on a 2-core machine, issue 12). Wall time misleads on a busy host.
# Each phase's seconds travel in its report (user_properties), so under pytest-xdist (-n) the
# workers' tests are counted by the controlling process, which prints the list.
if os.environ.get("SURVEYKIT_CPU_REPORT"):
    import resource

    _cpu: dict[str, float] = {}

    def _now() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(item, call):
        outcome = yield
        # the phase (setup, call or teardown) has just run: call.start..stop; its CPU since it began
        # is what this process and its children spent since the previous phase's report
        now = _now()
        spent = now - getattr(item, "_surveykit_cpu_mark", now)
        item._surveykit_cpu_mark = now
        outcome.get_result().user_properties.append(("surveykit_cpu", spent))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        item._surveykit_cpu_mark = _now()
        yield

    def pytest_runtest_logreport(report):
        for key, value in report.user_properties:
            if key == "surveykit_cpu":
                _cpu[report.nodeid] = _cpu.get(report.nodeid, 0.0) + value

    def pytest_terminal_summary(terminalreporter):
        if not _cpu:   # an xdist worker: its reports went to the controller
            return
        by_file: dict[str, float] = {}
        for node, sec in _cpu.items():
            by_file[node.split("::")[0]] = by_file.get(node.split("::")[0], 0.0) + sec
        terminalreporter.write_line(f"CPU of the tests: {sum(_cpu.values()):.1f} s")
        for name, sec in sorted(by_file.items(), key=lambda kv: -kv[1])[:25]:
            terminalreporter.write_line(f"{sec:8.1f} s  {name}")
        for node, sec in sorted(_cpu.items(), key=lambda kv: -kv[1])[:30]:
            terminalreporter.write_line(f"{sec:8.1f} s  {node}")
