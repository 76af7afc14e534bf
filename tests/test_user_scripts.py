"""A user's plain script (no ``if __name__ == "__main__":`` guard), or code piped to Python,
reads SPSS files and builds with drawing workers: surveykit's child processes never run the
caller's script again (before, the child re-ran it, failed, and the .sav wave was reported as
a corrupt file)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyreadstat

from surveykit._processes import main_hidden
from tests.study_fixture import write_mini_study

REPO = Path(__file__).resolve().parents[1]


def _script(tmp_path: Path) -> str:
    sav = tmp_path / "wave.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1.0, 2.0, 3.0], "help": [1.0, 2.0, 2.0]}), str(sav),
                         variable_value_labels={"help": {1.0: "Uenig", 2.0: "Enig"}})
    report = "figures:\n  - {id: means_help, kind: means, items: [help], by: [municipality, wave]}\n" \
             "  - {id: likert_help, kind: likert, items: [help], by: [wave]}\n"
    study = write_mini_study(tmp_path / "study", **{"config/report.yaml": report})
    # top-level code, as a user writes it: no main guard
    return textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from surveykit.io.sav import read_sav
        from surveykit.report.build import build
        raw = read_sav({str(sav)!r})
        print("sav rows", len(raw.data), raw.value_labels["help"][2.0])
        out = build({str(study)!r}, jobs=2, formats=("svg",))
        print("figures", len(out["figures"]))
    """)


def _run(args: list[str], *, stdin: str | None = None, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SURVEYKIT_KEY": "k" * 16, "MPLBACKEND": "Agg"}
    return subprocess.run(args, input=stdin, capture_output=True, encoding="utf-8", env=env, cwd=cwd, timeout=600)


def test_a_script_without_a_main_guard_reads_sav_and_builds_with_workers(tmp_path):
    script = tmp_path / "analysis.py"
    script.write_text(_script(tmp_path), encoding="utf-8")
    done = _run([sys.executable, str(script)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sav rows 3 Enig" in done.stdout and "corrupt" not in done.stderr
    assert int(done.stdout.split("figures")[1]) == 2   # each drawn by a worker process
    assert "Traceback" not in done.stderr


def test_code_piped_to_python_reads_sav(tmp_path):
    done = _run([sys.executable, "-"], stdin=_script(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sav rows 3 Enig" in done.stdout


def test_main_hidden_restores_the_main_module_and_nests():
    main = sys.modules["__main__"]
    before = (main.__dict__.get("__file__"), main.__dict__.get("__spec__"))
    with main_hidden():
        with main_hidden():
            assert getattr(main, "__file__", None) is None and main.__spec__ is None
        assert getattr(main, "__file__", None) is None  # still hidden: the outer user is inside
    assert (main.__dict__.get("__file__"), main.__dict__.get("__spec__")) == before
