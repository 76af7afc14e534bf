"""The report's figures do not depend on the user's matplotlib setup: a build drawing in its own
process with ``MPLBACKEND=pdf`` or ``svg`` draws the same files as with Agg."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.study_fixture import write_mini_study

REPORT = ("figures:\n"
          "  - {id: m, kind: means, items: [help], by: [municipality, wave]}\n"
          "  - {id: l, kind: likert, items: [help], by: [wave]}\n")


def _build(tmp_path: Path, name: str, cwd: Path | None = None, **env: str) -> dict[str, bytes]:
    root = write_mini_study(tmp_path / name, **{"config/report.yaml": REPORT})
    full = {**os.environ, "SURVEYKIT_KEY": "k" * 16, "MPLBACKEND": "Agg", "SOURCE_DATE_EPOCH": "1700000000", **env}
    done = subprocess.run([sys.executable, "-m", "surveykit", "-q", "build", "--jobs", "1", "--study", str(root)],
                          env=full, cwd=cwd or tmp_path, capture_output=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    figures = root / "reports" / "figures"
    return {p.name: p.read_bytes() for p in sorted(figures.iterdir())}


@pytest.mark.parametrize("backend", ["pdf", "svg"])
def test_a_build_drawing_in_its_own_process_ignores_the_users_backend(tmp_path, backend):
    agg = _build(tmp_path, "agg")
    other = _build(tmp_path, backend, MPLBACKEND=backend)
    assert agg and other.keys() == agg.keys()
    assert [n for n in agg if agg[n] != other[n]] == []


RC = 'lines.linewidth: 7\nfont.size: 15\nfont.weight: bold\naxes.facecolor: "#eeeeee"\naxes.grid: True\n'


def test_a_matplotlibrc_in_the_current_folder_or_matplotlibrc_does_not_change_the_figures(tmp_path):
    clean = _build(tmp_path, "clean")
    here = tmp_path / "here"
    here.mkdir()
    (here / "matplotlibrc").write_text(RC, encoding="utf-8")
    assert _build(tmp_path, "cwd", cwd=here) == clean
    elsewhere = tmp_path / "rc"
    elsewhere.mkdir()
    (elsewhere / "matplotlibrc").write_text(RC, encoding="utf-8")
    assert _build(tmp_path, "env", MATPLOTLIBRC=str(elsewhere)) == clean


def test_report_theme_starts_from_matplotlibs_defaults(tmp_path):
    (tmp_path / "matplotlibrc").write_text(RC, encoding="utf-8")
    code = ("import matplotlib as mpl; from surveykit.plots import report_theme\n"
            "assert mpl.rcParams['lines.linewidth'] == 7\n"
            "with report_theme():\n"
            "    seen = (mpl.rcParams['lines.linewidth'], mpl.rcParams['font.weight'], mpl.rcParams['axes.facecolor'],"
            " mpl.rcParams['axes.grid'], mpl.rcParams['font.size'])\n"
            "assert mpl.rcParams['lines.linewidth'] == 7 and mpl.get_backend().lower() == 'pdf'\n"
            "print(seen)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "MPLBACKEND": "pdf"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1.5, 'normal', 'white', False, 9.0)"
