"""Figures drawn in worker processes: same files as in-process, failures surface, layout frozen."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from surveykit.plots import save_figure
from surveykit.presentation import Presentation
from surveykit.report.figures.means import MeansResult
from surveykit.report.render import FigureJob, Renderer
from surveykit.report.spec import Spec


def _job(tmp_path, kind: str) -> FigureJob:
    result = MeansResult(pd.DataFrame({"variable": ["x"], "estimate": [1.0]}), (), ("x",))
    return FigureJob(Spec("f", kind), result, Presentation(footer="Kilde: test"), tmp_path / "f", ("png",))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_figure_is_raised_in_the_caller(tmp_path, jobs):
    done = []
    with pytest.raises(KeyError, match="no_such_kind"), Renderer(jobs) as renderer:
        renderer.submit(_job(tmp_path, "no_such_kind"), lambda job, paths: done.append(paths))
        renderer.finish()
    assert done == []
    assert not (tmp_path / "f.png").exists()


def test_jobs_must_be_positive():
    with pytest.raises(ValueError, match="jobs must be 1 or more, got 0"):
        Renderer(0)


def test_cli_rejects_a_bad_jobs_value(tmp_path):
    run = subprocess.run([sys.executable, "-m", "surveykit", "build", "--jobs", "0"], capture_output=True,
                         encoding="utf-8", cwd=tmp_path)
    assert run.returncode == 2
    assert "--jobs: '0': give the number of processes drawing figures, a whole number from 1" in run.stderr
    assert "Traceback" not in run.stderr


def test_save_freezes_the_settled_layout(tmp_path):
    fig, ax = plt.subplots(layout="constrained")
    ax.set_title("Tittel")
    ax.legend(handles=ax.plot([0, 1], label="a"), loc="upper left", bbox_to_anchor=(1, 1))
    first = save_figure(fig, tmp_path / "a", formats=("svg",))[0].read_bytes()
    assert isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine)
    position = ax.get_position().bounds
    assert save_figure(fig, tmp_path / "b", formats=("svg",))[0].read_bytes() == first
    assert ax.get_position().bounds == position
    plt.close(fig)


def test_computing_a_report_does_not_import_matplotlib():
    code = ("import sys, surveykit.report.build, surveykit.report.render, surveykit.report.figures; "
            "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True)
    assert run.stdout.strip() == "[]"


def test_the_png_drawn_while_settling_is_the_png_savefig_writes(tmp_path):
    def figure():
        fig, ax = plt.subplots(layout="constrained", figsize=(6, 4))
        ax.set_title("Tittel")
        ax.barh(["Helt enig", "Litt enig", "Uenig"], [0.4, 0.35, 0.25])
        ax.legend(handles=ax.plot([0, 1], label="a"), loc="upper left", bbox_to_anchor=(1, 1))
        return fig

    fused = save_figure(figure(), tmp_path / "fused", formats=("png",))[0].read_bytes()
    # savefig's own colours named: the PNG is then written by savefig after the settling passes
    with plt.rc_context({"savefig.facecolor": "white", "savefig.edgecolor": "white"}):
        plain = save_figure(figure(), tmp_path / "plain", formats=("png",))[0].read_bytes()
    assert fused == plain
    plt.close("all")


@pytest.mark.parametrize("jobs", [1, 2])
def test_figures_get_the_builds_file_modes_even_if_a_drawing_process_started_under_another_umask(tmp_path, jobs):
    """A drawing process keeps the umask its fork server started with (a notebook, a test run
    under umask 077); each job carries the build's umask at submission and its files get it."""
    import os
    import stat

    old = os.umask(0o077)
    try:
        with Renderer(jobs) as renderer:
            renderer.start()   # the drawing processes (if any) exist before the umask changes
            os.umask(0o022)
            result = MeansResult(pd.DataFrame({"variable": ["x"], "level": [pd.NA], "estimate": [3.1], "conf_low": [2.9],
                                               "conf_high": [3.3], "n": [40]}), (), ("x",))
            job = dataclasses.replace(_job(tmp_path, "means"), result=result)
            renderer.submit(job, lambda job, paths: None)
            renderer.finish()
            # and a job submitted under 0o027 (the worker may still hold 0o022 from the last one)
            os.umask(0o027)
            renderer.submit(dataclasses.replace(job, stem=tmp_path / "g"), lambda job, paths: None)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.png").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "g.png").stat().st_mode) == 0o640
    assert os.umask(old) == old  # this process's umask is back as it was


def test_a_figure_without_a_layout_engine_keeps_none(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    assert fig.get_layout_engine() is None
    save_figure(fig, tmp_path / "plain", formats=("png", "svg"))
    assert fig.get_layout_engine() is None   # subplots_adjust still works on it
    fig.subplots_adjust(left=0.3)
    assert ax.get_position().x0 == pytest.approx(0.3)
    plt.close(fig)
