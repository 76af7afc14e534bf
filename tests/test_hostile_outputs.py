"""Nothing is ever written outside data/processed/ and reports/ (issue 14): report ids are
names, and the writing layer refuses any target outside the study's output folders, links
included; a failed build leaves no staging folder; one build at a time (a lock, stale locks
detected); the drawing workers die with the build."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from surveykit.errors import ConfigError, LockError, OutputError
from surveykit.lock import LOCK_NAME, study_lock
from surveykit.outputs import atomic_path, confined, staged_dirs, write_csv, write_json
from surveykit.report import build
from surveykit.report.spec import load_recipe
from tests.held_build import cmdline, descendants, start_held_build
from tests.study_fixture import write_mini_study

REPORT = "figures:\n  - {{id: {id}, kind: means, items: [help], by: [municipality, wave]}}\n"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under ``folder`` (links as their target) with a digest of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if rel.startswith(skip):
            continue
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# --- report ids are names --------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "x/../../../data/raw/w1", "../../config/population", "/tmp/surveykit-abs-id", "a:b", "figures/x", "..",
    ".hidden", "x\\y", "x y", "æøå", "con", "NUL", "a" * 65, "", "x\n", "-dash"])
def test_report_ids_must_be_names(tmp_path, bad):
    path = tmp_path / "report.yaml"
    path.write_text(REPORT.format(id=repr(bad).replace("\\\\", "\\\\\\\\")), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`figures\[0\].id`: .* is not an id: use 1-64 letters"):
        load_recipe(path)


@pytest.mark.parametrize("good", ["likert_by_site_type", "A-1", "9", "x" * 64])
def test_ordinary_ids_pass(tmp_path, good):
    path = tmp_path / "report.yaml"
    path.write_text(REPORT.format(id=good), encoding="utf-8")
    assert load_recipe(path).figures[0].id == good


def test_ids_differing_only_in_case_collide(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text(REPORT.format(id="Help") + REPORT.format(id="help").replace("figures:\n", ""), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"id\(s\) \['help'\] used more than once"):
        load_recipe(path)


def test_a_traversing_id_writes_nothing_anywhere(tmp_path):
    root = write_mini_study(tmp_path / "study", **{
        "config/report.yaml": REPORT.format(id="x/../../../data/raw/w1")})
    before = snapshot(tmp_path)
    with pytest.raises(ConfigError, match=r"is not an id"):
        build(root, jobs=1)
    assert snapshot(tmp_path) == before
    assert not (root / "reports").exists() and not (root / "data" / "processed").exists()


# --- the writing layer ---------------------------------------------------------------------------

def test_writes_are_confined_to_the_output_folders(tmp_path, tmp_path_factory):
    out = tmp_path / "reports"
    # an absolute path in another tree of this run's own (a fixed /tmp name would be shared by every
    # run and user of the machine)
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "escape.json"
    with confined(out):
        write_json({"a": 1}, out / "ok" / "x.json")
        for target in (tmp_path / "escape.json", out / ".." / "escape.json", out, elsewhere):
            with pytest.raises(OutputError, match=r"refusing to write .* outside the output folder"):
                write_json({}, target)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["ok", "reports", "x.json"]
    assert list(elsewhere.parent.iterdir()) == []
    write_json({}, tmp_path / "free.json")  # outside any confinement: the library writes where asked


def test_a_link_inside_the_outputs_is_not_followed_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    reports = tmp_path / "study" / "reports"
    reports.mkdir(parents=True)
    (reports / "tables").symlink_to(outside, target_is_directory=True)
    with (confined(reports), pytest.raises(OutputError, match=r"reports/tables/t.csv \(that is .*outside/t.csv\)"),
          atomic_path(reports / "tables" / "t.csv") as tmp):
        tmp.write_text("x", encoding="utf-8")
    assert list(outside.iterdir()) == []


def test_a_build_refuses_a_planted_link_in_reports(tmp_path):
    root = write_mini_study(tmp_path / "study", **{
        "config/report.yaml": REPORT.format(id="m") + "tables:\n  - {id: t, kind: topbox, items: [help]}\n"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "reports").mkdir()
    (root / "reports" / "tables").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match=r"refusing to write .*reports.staging-\d+/tables/.*outside"):
        build(root, jobs=1)
    assert list(outside.iterdir()) == []
    assert not [p for p in root.rglob("*staging*")]


@pytest.mark.parametrize("linked", ["reports", "data/processed", "data"])
def test_output_folders_that_are_links_are_refused(tmp_path, linked):
    root = write_mini_study(tmp_path / "study")
    secret = tmp_path / "home" / ".ssh"
    secret.mkdir(parents=True)
    (secret / "id_rsa").write_text("SECRET", encoding="utf-8")
    target = root / linked
    if target.exists():  # data/ holds raw/: move it along so the study still reads
        (secret / "raw").parent.mkdir(exist_ok=True)
        os.rename(target / "raw", secret / "raw")
        target.rmdir()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(secret, target_is_directory=True)
    before = snapshot(tmp_path)
    with pytest.raises((OutputError, ConfigError), match=r"symbolic link|outside the study"):
        build(root, jobs=1)
    assert snapshot(tmp_path) == before  # nothing copied out of the link, nothing written into it


# --- staging folders ---------------------------------------------------------------------------

def test_a_failure_while_staging_leaves_no_staging_folder(tmp_path, monkeypatch):
    import shutil

    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "f.txt").write_text("old", encoding="utf-8")
    real = shutil.copytree

    def full_disk(src, dst, **kwargs):
        if Path(src) == b:
            Path(dst).mkdir()
            (Path(dst) / "half").write_text("x", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copytree", full_disk)
    with pytest.raises(OSError, match="No space left"), staged_dirs(a, b):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_read_only_staging_folders_are_removed(tmp_path):
    target = tmp_path / "reports"
    (target / "locked").mkdir(parents=True)
    (target / "locked" / "f.txt").write_text("x", encoding="utf-8")
    (target / "locked" / "f.txt").chmod(0o444)
    (target / "locked").chmod(0o555)
    try:
        with pytest.raises(RuntimeError), staged_dirs(target):
            raise RuntimeError("the build failed")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
    finally:
        (target / "locked").chmod(0o755)


def test_disk_full_during_a_build_leaves_the_old_outputs_and_no_staging(tmp_path, monkeypatch):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT.format(id="m")})
    build(root, jobs=1)
    before = snapshot(root)
    real = os.replace

    def full(src, dst, *args, **kwargs):
        if str(dst).endswith("tables.xlsx"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match="No space left"):
        build(root, jobs=1, force=True)
    assert snapshot(root) == before
    assert not [p for p in root.rglob("*") if ".staging-" in p.name or ".old-" in p.name or p.suffix == ".tmp"]


# --- one build at a time --------------------------------------------------------------------------

def test_a_second_build_fails_naming_the_first(tmp_path):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT.format(id="m")})
    with study_lock(root):
        info = (root / LOCK_NAME).read_text(encoding="utf-8")
        assert f'"pid": {os.getpid()}' in info
        with pytest.raises(LockError, match=rf"another surveykit build of this study is running \(process "
                                            rf"{os.getpid()} on .*, `surveykit build` started 20\d\d-"):
            build(root, jobs=1)
    assert not (root / LOCK_NAME).exists()
    build(root, jobs=1)  # free again
    assert not (root / LOCK_NAME).exists()


HOLD = """
import sys, time
from surveykit.lock import study_lock
with study_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_lock_left_by_a_killed_build_is_stale_and_taken_over(tmp_path, caplog):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT.format(id="m")})
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(root)], stdout=subprocess.PIPE, encoding="utf-8")
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockError, match=rf"process {holder.pid} on "):
            build(root, jobs=1)
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        assert (root / LOCK_NAME).exists()  # left behind by kill -9
        with caplog.at_level("WARNING", logger="surveykit.lock"):
            build(root, jobs=1)
        assert any(f"a previous build (process {holder.pid}" in r.message and "stale" in r.message
                   for r in caplog.records)
        assert not (root / LOCK_NAME).exists()
    finally:
        holder.kill()


def test_validate_takes_the_lock_too(tmp_path, capsys):
    from surveykit.cli import main

    root = write_mini_study(tmp_path / "study")
    with study_lock(root):
        assert main(["-q", "validate", "--study", str(root)]) == 2
        assert "another surveykit build of this study is running" in capsys.readouterr().err
        assert main(["-q", "validate", "--study", str(root), "--no-write"]) == 0  # reading needs no lock


# --- the drawing workers die with the build --------------------------------------------------------

def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_drawing_workers_exit_when_the_build_is_killed(tmp_path):
    many = "figures:\n" + "".join(f"  - {{id: m{i}, kind: means, items: [help], by: [municipality, wave]}}\n"
                                   for i in range(30))
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": many})
    # the build, held after its first drawn figure (tests/held_build.py), has its fork server and
    # drawing workers there: killed then, not while a poll of /proc raced the build (on a loaded
    # machine the build could draw all 30 figures and exit before the poll saw 2 workers)
    proc, _lines = start_held_build(root, {"SURVEYKIT_KEY": "k" * 16})
    everything: set[int] = set()
    try:
        # the fork server is a child of the build; the drawing workers are its children
        servers = [c for c in descendants(proc.pid) if "forkserver import main" in cmdline(c)]
        workers = {w for s in servers for w in descendants(s)}
        assert len(workers) >= 2, "the drawing workers did not start"
        everything = descendants(proc.pid)
        assert workers <= everything
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 30   # a bound for a loaded machine: they watch the build every 0.5 s
        while time.monotonic() < deadline and any(_running(p) for p in everything):
            time.sleep(0.1)
        assert not [p for p in everything if _running(p)], "processes of the killed build still run"
    finally:
        proc.kill()
        proc.stderr.close()
        for p in everything | descendants(proc.pid):  # whatever is left of it (when the test failed)
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)


def test_write_csv_refuses_outside_even_when_the_name_is_crafted(tmp_path):
    out = tmp_path / "reports" / "tables"
    out.mkdir(parents=True)
    import pandas as pd

    with confined(tmp_path / "reports"):
        with pytest.raises(OutputError):
            write_csv(pd.DataFrame({"a": [1]}), out / ".." / ".." / "x.csv")
        write_csv(pd.DataFrame({"a": [1]}), out / "ok.csv")
    assert (out / "ok.csv").exists() and not (tmp_path / "x.csv").exists()


# --- files planted in the study folder ---------------------------------------------------------------

def test_a_pipe_planted_in_reports_does_not_block_the_build(tmp_path):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT.format(id="m")})
    (root / "reports").mkdir()
    os.mkfifo(root / "reports" / "trap")
    build(root, jobs=1)
    assert (root / "reports" / "figures" / "m.png").exists()


@pytest.mark.parametrize("plant", ["fifo", "link", "empty"])
def test_a_key_file_planted_in_the_study_is_refused(tmp_path, monkeypatch, plant):
    from surveykit.clean.privacy import KEY_FILE, load_key

    monkeypatch.delenv("SURVEYKIT_KEY", raising=False)
    key = tmp_path / KEY_FILE
    if plant == "fifo":
        os.mkfifo(key)
    elif plant == "link":
        (tmp_path / "known").write_text("a key the attacker chose\n", encoding="utf-8")
        key.symlink_to(tmp_path / "known")
    else:
        key.write_text("\n", encoding="utf-8")
    with pytest.raises(OutputError, match=rf"{KEY_FILE}: (is not an ordinary file|cannot be read|holds no usable key)"):
        load_key(tmp_path)


def test_a_gitignore_link_is_not_written_through(tmp_path, monkeypatch):
    from surveykit.clean.privacy import load_key

    monkeypatch.delenv("SURVEYKIT_KEY", raising=False)
    (tmp_path / "victim").write_text("keep me\n", encoding="utf-8")
    (tmp_path / ".gitignore").symlink_to(tmp_path / "victim")
    with pytest.raises(OutputError, match=r".gitignore: cannot be read"):
        load_key(tmp_path)
    assert (tmp_path / "victim").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("cache", ["{not json", "[1, 2]", "null", "\x00\x01"])
def test_a_damaged_figure_cache_is_ignored(tmp_path, cache):
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT.format(id="m")})
    build(root, jobs=1)
    (root / "reports" / ".cache.json").write_text(cache, encoding="utf-8")
    build(root, jobs=1)
    assert (root / "reports" / ".cache.json").read_text(encoding="utf-8").startswith("{")
