"""The command under failures the user can cause or meet (issue 14): a message and exit 2,
never a traceback; internal errors say so and keep their traceback in a log file; code
planted in the study folder never runs; `demo` does not overwrite a real study."""

from __future__ import annotations

import errno
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from surveykit.cli import main
from tests.study_fixture import SURVEYKIT_YAML, write_mini_study

REPORT = "figures:\n  - {id: m, kind: means, items: [help], by: [municipality, wave]}\n"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _fail_with(monkeypatch, exc: BaseException) -> None:
    def boom(*_args, **_kwargs):
        raise exc

    monkeypatch.setattr(importlib.import_module("surveykit.report.build"), "write_workbook", boom)


@pytest.mark.parametrize(("exc", "match"), [
    (OSError(errno.ENOSPC, "No space left on device", "reports/tables.xlsx"),
     r"cannot write reports/tables.xlsx: the disk is full \(No space left on device\). Free some space"),
    (OSError(errno.EROFS, "Read-only file system", "reports/tables.xlsx"),
     r"cannot write or read reports/tables.xlsx: Read-only file system. Check that you may write"),
    (PermissionError(errno.EACCES, "Permission denied", "reports/tables.xlsx"),
     r"cannot write or read reports/tables.xlsx: Permission denied"),
    (MemoryError(), r"out of memory"),
])
def test_system_failures_are_messages(tmp_path, monkeypatch, capsys, exc, match):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    _fail_with(monkeypatch, exc)
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert re.search(match, err) and "Traceback" not in err
    assert not [p for p in root.rglob("*") if ".staging-" in p.name]


def test_an_internal_error_says_so_and_keeps_the_traceback_in_a_log(tmp_path, monkeypatch, capsys):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    _fail_with(monkeypatch, ZeroDivisionError("an unexpected bug"))
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 70   # not 2: a bug is not the user's mistake
    err = capsys.readouterr().err
    assert "Traceback" not in err
    match = re.search(r"internal error \(ZeroDivisionError: an unexpected bug\). This is a bug in surveykit, not a "
                      r"mistake of yours; please report it to .*Its traceback is in (\S+surveykit-error-\S+\.log)", err)
    assert match, err
    log = Path(match.group(1)).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "an unexpected bug" in log
    assert oct(Path(match.group(1)).stat().st_mode & 0o777) == "0o600"  # it may quote data


def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    _fail_with(monkeypatch, ZeroDivisionError("an unexpected bug"))
    with pytest.raises(ZeroDivisionError):
        main(["-q", "--debug", "build", "--jobs", "1", "--study", str(root)])


# --- demo must not overwrite a real study --------------------------------------------------------

def test_demo_refuses_a_real_study_without_force(tmp_path, capsys):
    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("synthetic: true", "synthetic: false")})
    before = {p.name: p.read_bytes() for p in (root / "data" / "raw").iterdir()}
    assert main(["-q", "demo", str(root)]) == 2
    err = capsys.readouterr().err
    assert "is not marked `synthetic: true`" in err and "--force" in err
    assert {p.name: p.read_bytes() for p in (root / "data" / "raw").iterdir()} == before


def test_demo_refuses_a_folder_of_unknown_exports(tmp_path, capsys):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "export.xlsx").write_bytes(b"mine")
    assert main(["-q", "demo", str(tmp_path)]) == 2
    assert "has no surveykit.yaml saying they are synthetic" in capsys.readouterr().err
    assert (tmp_path / "data" / "raw" / "export.xlsx").read_bytes() == b"mine"


def test_demo_with_force_replaces_the_raw_exports(tmp_path):
    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("synthetic: true", "synthetic: false")})
    assert main(["-q", "demo", str(root), "--force"]) == 0
    assert (root / "data" / "raw" / "TRUTH.md").exists()


# --- code planted in the study folder never runs ----------------------------------------------------

PLANTED = """
import pathlib
pathlib.Path({marker!r}).write_text("planted code ran")
raise ImportError("planted")
"""


def _plant(root: Path, marker: Path) -> None:
    for name in ("numpy.py", "matplotlib.py", "pandas.py"):
        (root / name).write_text(PLANTED.format(marker=str(marker)), encoding="utf-8")


@pytest.mark.parametrize("how", ["command", "python -m"])
def test_a_module_planted_beside_surveykit_yaml_is_never_imported(tmp_path, how):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT})
    marker = tmp_path / "marker.txt"
    _plant(root, marker)
    exe = Path(sys.executable).parent / "surveykit"
    cmd = [str(exe)] if how == "command" else [sys.executable, "-m", "surveykit"]
    env = {**os.environ, "SURVEYKIT_KEY": "k" * 16, "MPLBACKEND": "Agg"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run([*cmd, "build", "--force", "--jobs", "2"], cwd=root, env=env, capture_output=True, encoding="utf-8",
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "a module from the study folder was imported"
    assert (root / "reports" / "figures" / "m.png").exists()


def test_worker_sys_path_holds_no_current_folder(tmp_path, monkeypatch):
    from surveykit.report.render import Renderer

    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    with Renderer(2) as renderer:
        renderer.start()
        path = renderer._pool.submit(eval, "__import__('sys').path").result(timeout=120)
    assert str(tmp_path) not in path and "" not in path and "." not in path
