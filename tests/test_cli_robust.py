"""The command as a user runs it, where it went wrong before: a mistyped --study built the study
of a parent folder, SOURCE_DATE_EPOCH crashed numpy's import, an interrupted build left its
staging folders, `--formats ""` was accepted, ... Each test runs `python -m surveykit` (or the
command's ``main``) and checks the exit status, the message and the files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import surveykit
from surveykit.cli import main
from tests.study_fixture import write_mini_study

SRC = str(Path(surveykit.__file__).resolve().parents[1])   # the children run the surveykit these tests import


def _run(*args: str, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SURVEYKIT_KEY": "cli-test" * 2, "MPLBACKEND": "Agg", "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "surveykit", *args], capture_output=True, text=True,
                          cwd=cwd, env=environ, timeout=timeout)


def _no_leftovers(root: Path) -> None:
    left = [p for p in root.rglob("*") if ".staging-" in p.name or ".old-" in p.name or p.name == ".surveykit.lock"]
    assert not left, left


# --- 1. an explicit --study is that folder, never a study found above it ---------------------------------

def test_a_mistyped_study_is_not_the_parent_study(tmp_path):
    parent = write_mini_study(tmp_path)
    done = _run("build", "--study", str(parent / "my-studdy"), cwd="/")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"--study {parent / 'my-studdy'}: folder not found" in done.stderr
    assert "surveykit init" in done.stderr
    assert not (parent / "reports").exists() and not (parent / "data" / "processed").exists()


def test_a_study_folder_without_its_yaml_is_not_the_parent_study(tmp_path):
    parent = write_mini_study(tmp_path)
    (parent / "my-study").mkdir()
    done = _run("validate", "--study", "my-study", cwd=parent)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--study my-study: no surveykit.yaml in this folder" in done.stderr and "surveykit init" in done.stderr
    assert not (parent / "data" / "processed").exists()


def test_another_yaml_given_as_the_study_is_named_so(tmp_path):
    root = write_mini_study(tmp_path)
    done = _run("validate", "--no-write", "--study", str(root / "config" / "codebook.yaml"))
    assert done.returncode == 2
    assert "this is config/codebook.yaml of a study, not its surveykit.yaml" in done.stderr


def test_the_first_progress_line_names_the_study_found(tmp_path):
    root = write_mini_study(tmp_path)
    (root / "sub").mkdir()
    done = _run("validate", "--no-write", cwd=root / "sub")
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.endswith(f"study: {root} (found in a parent of the current folder {root / 'sub'})"), first
    done = _run("validate", "--no-write", "--study", str(root))
    assert done.stderr.splitlines()[0].endswith(f"study: {root}"), done.stderr


# --- 3. SOURCE_DATE_EPOCH checked before anything reads it ------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("abc", "SOURCE_DATE_EPOCH='abc' is not a whole number of seconds since 1970-01-01 UTC"),
    ("-5", "SOURCE_DATE_EPOCH='-5' is not a whole number of seconds since 1970-01-01 UTC"),
    ("99999999999999", "SOURCE_DATE_EPOCH='99999999999999' is in the future"),
])
def test_a_bad_source_date_epoch_is_a_message_at_once(tmp_path, value, message):
    root = write_mini_study(tmp_path)
    done = _run("-q", "build", "--jobs", "1", "--study", str(root), env={"SOURCE_DATE_EPOCH": value})
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert not (root / "reports").exists() and not (root / "data" / "processed").exists()


# --- 7. options ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("formats", ["", " , "])
def test_empty_formats_are_refused(tmp_path, capsys, formats):
    root = write_mini_study(tmp_path)
    assert main(["-q", "build", "--formats", formats, "--study", str(root)]) == 2
    assert "use some of png, svg, pdf" in capsys.readouterr().err
    assert not (root / "reports").exists()
