"""The command as a user runs it, where it went wrong before: a mistyped --study built the study
of a parent folder, SOURCE_DATE_EPOCH crashed numpy's import, an interrupted build left its
staging folders, `--formats ""` was accepted, ... Each test runs `python -m surveykit` (or the
command's ``main``) and checks the exit status, the message and the files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import surveykit
from surveykit.cli import main
from tests.held_build import start_held_build
from tests.study_fixture import SURVEYKIT_YAML, W1_CSV, write_mini_study

SRC = str(Path(surveykit.__file__).resolve().parents[1])   # the children run the surveykit these tests import


def _run(*args: str, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    environ = {**os.environ, "SURVEYKIT_KEY": "cli-test" * 2, "MPLBACKEND": "Agg", "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "surveykit", *args], capture_output=True, encoding="utf-8",
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


def test_a_newline_in_the_study_folders_name_stays_in_its_progress_line(tmp_path, monkeypatch, capsys):
    """A folder's name may hold a newline (or a CR): the progress line naming it was split in two."""
    root = write_mini_study(tmp_path / "survey\n2023")
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["validate", "--no-write", "--study", str(root)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith(f"study: {tmp_path}/survey\\n2023"), lines[:2]
    assert lines[1].startswith("["), lines[:2]


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


# --- 2. an interrupted or failed build leaves the study as it was ------------------------------------------

REPORT = ("figures:\n"
          "  - {id: m, kind: means, items: [help], by: [municipality, wave]}\n"
          "  - {id: l, kind: likert, items: [help], by: [wave]}\n"
          "  - {id: m2, kind: means, items: [help], by: [wave]}\n")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# many figures: after the first is drawn the others still take seconds to draw, however fast the machine
MANY_FIGURES = "figures:\n" + "".join(f"  - {{id: f{i}, kind: {('means', 'likert')[i % 2]}, items: [help], by: [wave]}}\n"
                                       for i in range(24))


def test_an_unwritable_matplotlib_folder_is_one_progress_line(tmp_path):
    """MPLCONFIGDIR (or a read-only home's ~/.config/matplotlib) that cannot be written: matplotlib
    printed its own warning of several sentences, once per drawing process, amid the progress lines.
    The build gives it one temporary folder, says so in a progress line, and removes it at its end."""
    root = write_mini_study(tmp_path / "study", **{"config/report.yaml": REPORT})
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    done = _run("build", "--study", str(root), env={"MPLCONFIGDIR": str(tmp_path / "a-file" / "mpl")})
    assert done.returncode == 0, done.stderr
    assert "Matplotlib created" not in done.stderr and "mkdir -p failed" not in done.stderr, done.stderr
    said = [line for line in done.stderr.splitlines() if "matplotlib's folder" in line]
    assert len(said) == 1 and f"{tmp_path / 'a-file' / 'mpl'} cannot be written" in said[0], done.stderr
    folder = re.search(r"font cache is kept in (\S+) during this build", said[0]).group(1)
    assert "surveykit-matplotlib-" in folder and not Path(folder).exists()
    assert (root / "reports" / "figures").is_dir()


@pytest.mark.parametrize(("sig", "code", "said"), [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "stopped (SIGTERM)")])
def test_a_stopped_build_cleans_up_and_stops_its_drawing_processes(tmp_path, sig, code, said):
    import signal
    import time

    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 0   # the earlier outputs
    (root / "config" / "report.yaml").write_text(MANY_FIGURES, encoding="utf-8")
    before = _files(root)
    # stopped once a drawing process has drawn a figure (not after a guessed time: on a loaded machine
    # the processes may not have started yet when the numbers are computed); the staging folders are there
    proc, lines = start_held_build(root, {"SURVEYKIT_KEY": "cli-test" * 2})
    if sig == "SIGINT":   # Ctrl-C in a terminal: the whole process group
        os.killpg(proc.pid, signal.SIGINT)
    else:                 # kill, timeout, a service manager: the build's process only
        os.kill(proc.pid, signal.SIGTERM)
    rest = proc.stderr.read()
    assert proc.wait(timeout=300) == code, "".join(lines) + rest
    assert f"surveykit build: {said}; earlier outputs are left as they were." in rest
    assert "Traceback" not in rest and "leaked" not in rest
    assert not any("[24/24]" in line for line in lines + rest.splitlines()), "the build drew every figure"
    deadline = time.monotonic() + 60   # a bound for a loaded machine, not a wait: usually gone at once
    while time.monotonic() < deadline:   # no drawing process goes on drawing
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("processes of the stopped build are still running")
    _no_leftovers(root)
    assert _files(root) == before


def test_stopping_the_drawing_processes_while_they_start_does_not_hang(tmp_path):
    # a build failing just after its drawing processes were asked for (a recipe error found late):
    # stop() raced the thread starting them and waited forever (within 80 tries, every time tried)
    script = ("import time\n"
              "from surveykit.report.render import Renderer\n"
              "for i in range(80):\n"
              "    r = Renderer(2)\n"
              "    r.start()\n"
              "    time.sleep(0.02 * (i % 5))\n"
              "    r.stop()\n"
              "print('stopped 80 times')\n")
    (tmp_path / "stop_race.py").write_text(script, encoding="utf-8")   # a script file, as a user's own program (-c hung less often)
    done = subprocess.run([sys.executable, "stop_race.py"], capture_output=True, encoding="utf-8", timeout=120, cwd=tmp_path,
                          env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": SRC})
    assert done.returncode == 0 and "stopped 80 times" in done.stdout, done.stderr
    assert "leaked" not in done.stderr, done.stderr


def test_stop_ends_drawing_processes_that_are_busy():
    # ProcessPoolExecutor.shutdown() drops its table of processes: stop() looked it up after and
    # terminated none; the processes went on drawing into staging folders being removed
    import time

    from surveykit.report.render import Renderer

    renderer = Renderer(2)
    renderer.start()
    busy = [renderer._pool.submit(time.sleep, 120) for _ in range(2)]
    deadline = time.monotonic() + 120
    while len(renderer._pool._processes) < 2 or not all(f.running() for f in busy):
        assert time.monotonic() < deadline, "the drawing processes did not start"
        time.sleep(0.05)
    processes = list(renderer._pool._processes.values())
    renderer.stop()
    assert not any(p.is_alive() for p in processes)


def test_a_reports_folder_that_cannot_be_replaced_changes_nothing(tmp_path, monkeypatch, capsys):
    import errno

    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 0
    (root / "config" / "codebook.yaml").write_text((root / "config" / "codebook.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = _files(root)
    real = os.replace

    def busy(src, dst, *args, **kwargs):   # reports/ a read-only mount: it cannot be moved aside
        if Path(src) == root / "reports":
            raise OSError(errno.EBUSY, "Device or resource busy", str(src))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", busy)
    assert main(["-q", "build", "--force", "--jobs", "1", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"cannot replace {root / 'reports'} with the new outputs (Device or resource busy). Nothing was changed" in err
    _no_leftovers(root)
    assert _files(root) == before   # data/processed as well: not replaced without reports


def test_a_mounted_reports_folder_is_refused_before_the_build(tmp_path, monkeypatch, capsys):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    (root / "reports").mkdir()
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == root / "reports" or real(p))
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 2
    assert f"{root / 'reports'}: is a mount point" in capsys.readouterr().err
    assert not (root / "data" / "processed").exists()
    _no_leftovers(root)


def test_an_unwritable_data_folder_is_refused_before_anything_is_built(tmp_path, monkeypatch, capsys):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    real = os.access   # data/ read-only (simulated: these tests may run as root, who may write anywhere)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != root / "data" and real(path, mode, **kw))
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert (f"{root / 'data'}: cannot write in this folder (no permission, or a read-only file system), so "
            f"{root / 'data' / 'processed'} cannot be replaced") in err, err
    assert not (root / "reports").exists() and not (root / "data" / "processed").exists()
    _no_leftovers(root)


# --- 6. a file where a folder goes, a folder where a file goes ----------------------------------------------

@pytest.mark.parametrize(("make", "message"), [
    (lambda r: (r / "reports").write_text("x", encoding="utf-8"), "{root}/reports: is a file, not a folder"),
    (lambda r: ((r / "reports").mkdir(), (r / "reports" / "figures").write_text("x", encoding="utf-8")),
     "{root}/reports/figures: is a file, where surveykit writes a folder of outputs"),
    (lambda r: (r / "reports" / "tables.xlsx").mkdir(parents=True),
     "{root}/reports/tables.xlsx: is a folder, where surveykit writes a file"),
])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_places_taken_are_named_as_the_user_knows_them(tmp_path, make, message, jobs, monkeypatch, capsys):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    make(root)
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["-q", "build", "--jobs", jobs, "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert message.format(root=root) in err and "staging" not in err and ".tmp" not in err, err
    _no_leftovers(root)


# --- 7. no more drawing processes than cores ----------------------------------------------------------------

def test_jobs_beyond_the_cores_are_capped_and_said(tmp_path, capsys, monkeypatch):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr("surveykit.report.render._cgroup_cores", lambda: None)   # nor the real machine's CPU quota
    assert main(["build", "--jobs", "64", "--study", str(root)]) == 0
    err = capsys.readouterr().err
    assert "jobs: 64 asked for, this machine has 2 cores: at most 2 drawing process(es)" in err
    assert "drawing 3 figures (2 drawing processes)" in err


# --- 4. validate --no-write writes nothing in the study -----------------------------------------------------

def _tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("key_file", [False, True])
def test_validate_no_write_writes_no_key_and_nothing_else(tmp_path, key_file):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    if key_file:   # a key of the study's own, not yet listed in a .gitignore
        (root / ".surveykit-key").write_text("k" * 64 + "\n", encoding="utf-8")
    before = _tree(root)
    environ = {k: v for k, v in os.environ.items() if k != "SURVEYKIT_KEY"}
    done = subprocess.run([sys.executable, "-m", "surveykit", "validate", "--no-write", "--study", str(root)],
                          capture_output=True, encoding="utf-8", env={**environ, "MPLBACKEND": "Agg", "PYTHONPATH": SRC},
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "valid: 12 responses" in done.stderr
    assert ("throwaway pseudonymisation key and creates no .surveykit-key" in done.stderr) is not key_file
    assert _tree(root) == before   # no .surveykit-key, no .gitignore, no data/processed, no lock
    # without --no-write the key is made, as before
    done = subprocess.run([sys.executable, "-m", "surveykit", "-q", "validate", "--study", str(root)],
                          capture_output=True, encoding="utf-8", env={**environ, "MPLBACKEND": "Agg", "PYTHONPATH": SRC},
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert (root / ".surveykit-key").is_file() and ".surveykit-key" in (root / ".gitignore").read_text(encoding="utf-8")


def test_validate_no_write_refuses_a_short_key_file_without_writing(tmp_path, monkeypatch, capsys):
    root = write_mini_study(tmp_path)
    (root / ".surveykit-key").write_text("short\n", encoding="utf-8")
    monkeypatch.delenv("SURVEYKIT_KEY", raising=False)
    before = _tree(root)
    assert main(["-q", "validate", "--no-write", "--study", str(root)]) == 2
    assert f"{root / '.surveykit-key'}: holds no usable key" in capsys.readouterr().err
    assert _tree(root) == before
    assert "SURVEYKIT_KEY" not in os.environ


def test_a_failure_inside_the_staging_folder_names_the_users_path(tmp_path, monkeypatch, capsys):
    import errno

    import surveykit.report.build  # noqa: F401   (the module; surveykit.report.build is also its function)

    build_module = sys.modules["surveykit.report.build"]
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["-q", "build", "--jobs", "1", "--study", str(root)]) == 0
    before = _files(root)

    def disk_full(sheets, method, path, *args, **kwargs):   # the disk fills up while tables.xlsx is written
        tmp = path.parent / f".{path.name}.k2j_9xq1.tmp"
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp))

    monkeypatch.setattr(build_module, "write_workbook", disk_full)
    assert main(["-q", "build", "--force", "--jobs", "1", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {root / 'reports' / 'tables.xlsx'}: the disk is full" in err, err
    assert "staging" not in err and ".tmp" not in err
    _no_leftovers(root)
    assert _files(root) == before


# --- 6. Windows paths in surveykit.yaml, --study given a file of the study ----------------------------------

@pytest.mark.parametrize(("written", "message"), [
    (r"data\raw\w1.csv", r"`waves[0].file`: 'data\raw\w1.csv' has backslashes, which are part of a file name on "
                         "this system, not folder separators; write the path with forward slashes"),
    (r"'data\raw\w1.csv'", r"'data\raw\w1.csv' has backslashes"),
    (r'"data\raw\w1.csv"', r"YAML syntax error: found unknown escape character 'w'. In a double-quoted value a "
                           r"backslash starts an escape (\n, \t): a Windows path there, such as "
                           r'"data\raw\w1.csv", must be written with forward slashes (data/raw/w1.csv)'),
    (r'"data\new\tab.csv"', r"data\new\tab.csv: file not found. Its path holds control characters (shown as \n, "
                            r"\r, \t): in a double-quoted YAML value a backslash starts an escape"),
])
def test_a_windows_path_in_surveykit_yaml_says_to_write_forward_slashes(tmp_path, written, message):
    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w1.csv", written)})
    done = _run("validate", "--no-write", "--study", str(root))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert message in done.stderr, done.stderr
    assert "\n" not in done.stderr.split("error: ", 1)[1].rstrip("\n")   # one line: no newline from the path


@pytest.mark.parametrize("given", ["config/report.yaml", "config/codebook.yaml"])
def test_a_file_of_the_study_given_as_study_is_named(tmp_path, given):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    done = _run("-q", "build", "--study", given, cwd=root)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"--study {given}: this is {given} of a study, not its surveykit.yaml. Give the study folder" in done.stderr
    assert not (root / "reports").exists()


# --- 7. --jobs, and one exit status per kind of ending in every command -------------------------------------

@pytest.mark.parametrize("value", ["0", "-3", "two", "1.5"])
def test_a_jobs_value_below_one_is_a_clear_message(tmp_path, value):
    root = write_mini_study(tmp_path)
    done = _run("build", f"--jobs={value}", "--study", str(root))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (f"argument --jobs: '{value}': give the number of processes drawing figures, a whole number from 1 "
            "(draw in the build's own process) to ") in done.stderr, done.stderr
    assert not (root / "reports").exists() and not (root / "data" / "processed").exists()


def test_a_huge_jobs_value_is_capped_to_the_cores(tmp_path):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    done = _run("build", "--jobs", "1" + "0" * 30, "--study", str(root))
    assert done.returncode == 0, done.stderr
    from surveykit.report.render import usable_cores

    cores = usable_cores()
    assert (f"jobs: {'1' + '0' * 30} asked for, this machine has {cores} core{'s' if cores != 1 else ''}: at most "
            f"{cores} drawing process(es)") in done.stderr
    assert (root / "reports" / "figures" / "m.png").is_file()


def _interrupt(monkeypatch, target: str) -> None:
    def ctrl_c(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(target, ctrl_c)


@pytest.mark.parametrize(("argv", "target"), [
    (["build", "--jobs", "1"], "surveykit.study.Study.design"),
    (["validate"], "surveykit.study.Study.design"),
    (["validate", "--no-write"], "surveykit.study.Study.design"),
    (["demo", "--force"], "surveykit.synth.write_study"),
    (["codebook", "draft", "data/raw/w1.csv", "-o", "config/draft.yaml"], "surveykit.scaffold.draft_codebook"),
])
def test_ctrl_c_exits_130_in_every_command(tmp_path, monkeypatch, capsys, argv, target):
    root = write_mini_study(tmp_path, **{"config/report.yaml": REPORT})
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    monkeypatch.chdir(root)
    before = _tree(root)
    _interrupt(monkeypatch, target)
    assert main(["-q", *argv]) == 130
    err = capsys.readouterr().err
    assert f"surveykit {argv[0]}: interrupted; earlier outputs are left as they were." in err, err
    assert "Traceback" not in err
    assert _tree(root) == before   # no lock, no staging folder, no half-written output


def test_ctrl_c_in_init_exits_130(tmp_path, monkeypatch, capsys):
    _interrupt(monkeypatch, "surveykit.scaffold.init_study")
    assert main(["-q", "init", str(tmp_path / "new")]) == 130
    assert "surveykit init: interrupted" in capsys.readouterr().err


def test_an_internal_error_exits_70_not_2(tmp_path):
    # a bug, as a user meets it: a surveykit whose cleaning has one, run as the command
    root = write_mini_study(tmp_path)
    bug = tmp_path / "bug"
    bug.mkdir()
    (bug / "sitecustomize.py").write_text(
        "import surveykit.study as s\n"
        "def broken(*a, **k):\n"
        "    raise ZeroDivisionError('an unexpected bug')\n"
        "s.load_study = broken\n", encoding="utf-8")
    done = _run("validate", "--no-write", "--study", str(root), env={"PYTHONPATH": f"{bug}{os.pathsep}{SRC}",
                                                                     "TMPDIR": str(tmp_path)})
    assert done.returncode == 70, done.stderr
    assert "internal error (ZeroDivisionError: an unexpected bug). This is a bug in surveykit" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.glob("surveykit-error-*.log"))
    # and a user's mistake is still 2
    (root / "surveykit.yaml").write_text("study: [\n", encoding="utf-8")
    done = _run("validate", "--no-write", "--study", str(root))
    assert done.returncode == 2 and "YAML syntax error" in done.stderr


# --- 5. a very long value is quoted by its beginning and its length -----------------------------------------

SURVEYKIT_YAML_LANG = SURVEYKIT_YAML.replace(
    "{", "{{").replace("}", "}}").replace("language: nb", "language: {L}")


def test_a_5000_character_cell_is_quoted_cut(tmp_path):
    long = "Enig " + "x" * 4995
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": W1_CSV.replace("r1;Askim;Mann;34;Enig;",
                                                                            f"r1;Askim;Mann;34;{long};")})
    done = _run("-q", "validate", "--no-write", "--study", str(root))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"unknown_label: {long[:80]!r}… (5 000 characters) ×1 (row 2)" in done.stderr, done.stderr
    assert "x" * 100 not in done.stderr and len(done.stderr) < 1000


@pytest.mark.parametrize(("files", "shown"), [
    ({"surveykit.yaml": SURVEYKIT_YAML_LANG}, "`study.language`: '{v}'… (5 000 characters) is not supported"),
    ({"config/report.yaml": "figures:\n  - {{id: m, kind: means, items: [{L}], by: [wave]}}\n"},
     "`figures[0].items`: ['{v}'… (5 000 characters)] are not variables of config/codebook.yaml"),
])
def test_a_5000_character_value_of_the_configuration_is_quoted_cut(tmp_path, files, shown):
    value = "w" * 5000
    root = write_mini_study(tmp_path, **{name: text.format(L=value) for name, text in files.items()})
    done = _run("-q", "validate", "--no-write", "--study", str(root))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert shown.format(v=value[:80]) in done.stderr, done.stderr
    assert "w" * 100 not in done.stderr


def test_text_between_two_short_quoted_values_is_not_cut():
    from surveykit.cli import long_values_cut

    message = "the study's 'Enig' ×1 (row 2); " + "expected a label " * 20 + "'Uenig' it's"
    assert long_values_cut(message) == message


# --- 8. a long .xlsx read says so before it starts, and then every few seconds -----------------------------

def _xlsx_study(tmp_path: Path, rows: int) -> Path:
    import openpyxl

    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w1.csv", "data/raw/w1.xlsx")})
    header, *lines = [line.split(";") for line in W1_CSV.splitlines()]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Svar")
    sheet.append(header)
    for i in range(rows):
        cells = list(lines[i % len(lines)])   # the rows of the CSV over and over, each its own respondent
        cells[0] = f"x{i}"
        sheet.append(cells)
    book.save(root / "data" / "raw" / "w1.xlsx")
    (root / "data" / "raw" / "w1.csv").unlink()
    return root


def test_a_large_xlsx_is_announced_and_its_rows_counted(tmp_path, monkeypatch, capsys):
    import surveykit.io._grid as grid
    import surveykit.io._progress as progress

    root = _xlsx_study(tmp_path, 8200)
    size = (root / "data" / "raw" / "w1.xlsx").stat().st_size
    monkeypatch.setattr(grid, "LARGE_XLSX", size)    # this workbook is the large one: its read is announced
    monkeypatch.setattr(progress, "EVERY", 0.0)      # a line at every count (every 5 s in use)
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["validate", "--no-write", "--study", str(root)]) == 0
    lines = capsys.readouterr().err.splitlines()
    said = [line.split("] ", 1)[-1] for line in lines]
    start = said.index("reading wave 1: w1.xlsx")
    assert said[start + 1] == (f"reading w1.xlsx ({size / 1e3:,.0f} kB, a large workbook: Excel files are read cell "
                               "by cell; a line every 5 s)"), said
    assert said[start + 2:start + 4] == ["reading w1.xlsx: 4,096 rows so far", "reading w1.xlsx: 8,192 rows so far"]
    assert any(s.startswith("wave 1: 8,200 rows -> ") or s.startswith("wave 1: 8200 rows -> ") for s in said), said


def test_a_small_xlsx_is_not_announced(tmp_path, monkeypatch, capsys):
    root = _xlsx_study(tmp_path, 20)
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["validate", "--no-write", "--study", str(root)]) == 0
    err = capsys.readouterr().err
    assert "reading wave 1: w1.xlsx" in err and "large workbook" not in err and "rows so far" not in err
