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
