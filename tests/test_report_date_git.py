"""The report's date in a git checkout: the date of the last commit touching the study's inputs,
so clones or copies made on other days (other modification times) give the same page. Without
git, outside a checkout, when git refuses, or when an input is not committed as it is, the
newest modification time still dates it; SOURCE_DATE_EPOCH still wins."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from surveykit.errors import SurveykitWarning
from surveykit.report import html as page
from surveykit.report.html import report_date

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

INPUTS_DAY = dt.datetime(2023, 5, 2, 21, 30, tzinfo=dt.UTC)    # the commit of the inputs
README_DAY = dt.datetime(2024, 1, 9, 8, 0, tzinfo=dt.UTC)      # a later commit of no input
COPY_DAYS = [dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), dt.datetime(2026, 2, 2, 12, tzinfo=dt.UTC)]


def _git(cwd: Path, *args: str, when: dt.datetime | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when is not None:
        stamp = f"{int(when.timestamp())} +0000"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, env=env,
                   check=True, capture_output=True)


def _inputs(study: Path) -> list[Path]:
    """What the build dates the page by: surveykit.yaml, config/, the exports."""
    return [study / "surveykit.yaml", study / "config", study / "data" / "raw" / "w1.csv"]


def _touch_all(root: Path, when: dt.datetime) -> None:
    for f in root.rglob("*"):
        if f.is_file() and ".git" not in f.parts:
            os.utime(f, (when.timestamp(), when.timestamp()))


@pytest.fixture
def origin(tmp_path) -> Path:
    study = tmp_path / "origin" / "study"
    (study / "config").mkdir(parents=True)
    (study / "data" / "raw").mkdir(parents=True)
    (study / "surveykit.yaml").write_text("name: x\n", encoding="utf-8")
    (study / "config" / "codebook.yaml").write_text("variables: {}\n", encoding="utf-8")
    (study / "data" / "raw" / "w1.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    repo = study.parent
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "inputs", when=INPUTS_DAY)
    (repo / "README.md").write_text("later, and no input\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "readme", when=README_DAY)
    return repo


def test_clones_and_copies_made_on_other_days_give_the_same_date(origin, tmp_path):
    dates = set()
    for i, when in enumerate(COPY_DAYS):
        clone = tmp_path / f"clone{i}"
        _git(tmp_path, "clone", "-q", str(origin), str(clone))
        _touch_all(clone, when)
        dates.add(report_date(_inputs(clone / "study"), {}))
        copy = tmp_path / f"copy{i}"
        shutil.copytree(origin, copy)
        _touch_all(copy, when)
        dates.add(report_date(_inputs(copy / "study"), {}))
    assert dates == {INPUTS_DAY.date()}     # the inputs' commit, not the README's, not the mtimes
    assert report_date(_inputs(origin / "study"), {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)


def test_an_input_not_committed_as_it_is_dates_by_the_modification_times(origin):
    study = origin / "study"
    _touch_all(study, COPY_DAYS[0])
    (study / "data" / "raw" / "w1.csv").write_text("a,b\n1,3\n", encoding="utf-8")      # changed, not committed
    os.utime(study / "data" / "raw" / "w1.csv", (COPY_DAYS[1].timestamp(),) * 2)
    assert report_date(_inputs(study), {}) == COPY_DAYS[1].date()
    _git(origin, "checkout", "-q", "--", ".")
    _touch_all(study, COPY_DAYS[0])
    (study / "config" / "new.yaml").write_text("x: 1\n", encoding="utf-8")               # a new input, untracked
    os.utime(study / "config" / "new.yaml", (COPY_DAYS[1].timestamp(),) * 2)
    assert report_date(_inputs(study), {}) == COPY_DAYS[1].date()
    (study / "config" / "new.yaml").unlink()
    assert report_date(_inputs(study), {}) == INPUTS_DAY.date()


def test_without_git_or_when_git_refuses_the_modification_times_date_it(origin, tmp_path, monkeypatch):
    study = origin / "study"
    _touch_all(study, COPY_DAYS[0])
    outside = tmp_path / "plain"
    shutil.copytree(study, outside)               # no checkout around it
    _touch_all(outside, COPY_DAYS[1])
    assert report_date(_inputs(outside), {}) == COPY_DAYS[1].date()
    monkeypatch.setattr(page.shutil, "which", lambda name: None)   # git not installed
    assert report_date(_inputs(study), {}) == COPY_DAYS[0].date()
    refusing = tmp_path / "git"
    refusing.write_text("#!/bin/sh\necho 'fatal: detected dubious ownership' >&2\nexit 128\n", encoding="utf-8")
    refusing.chmod(0o755)
    monkeypatch.setattr(page.shutil, "which", lambda name: str(refusing))
    monkeypatch.setattr(page, "_WARNED", set())
    # not silently: a checkout of another user's (a container's bind mount) dates by file times
    with pytest.warns(SurveykitWarning, match=r"another user owns.*modification times.*SOURCE_DATE_EPOCH"):
        assert report_date(_inputs(study), {}) == COPY_DAYS[0].date()
    monkeypatch.setattr(page.shutil, "which", lambda name: str(tmp_path / "no-such-git"))  # cannot run
    assert report_date(_inputs(study), {}) == COPY_DAYS[0].date()


def test_a_shallow_clone_says_once_why_its_date_may_differ(origin, tmp_path, monkeypatch, recwarn):
    monkeypatch.setattr(page, "_WARNED", set())
    full = tmp_path / "full"
    _git(tmp_path, "clone", "-q", str(origin), str(full))
    assert report_date(_inputs(full / "study"), {}) == INPUTS_DAY.date()
    assert not [w for w in recwarn if issubclass(w.category, SurveykitWarning)]
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow))
    with pytest.warns(SurveykitWarning, match=r"shallow clone.*SOURCE_DATE_EPOCH") as said:
        for _ in range(2):
            assert report_date(_inputs(shallow / "study"), {}) == README_DAY.date()   # HEAD: the behaviour is kept
    assert len([w for w in said if issubclass(w.category, SurveykitWarning)]) == 1
    assert report_date(_inputs(shallow / "study"), {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)

