"""A change figure of three waves compares the first and the last, and says so above the change
column ("Round C − Round A"); the wave between them is drawn as a point on each group's line and
named in the legend, so a dip or a peak in between is not hidden behind a straight dumbbell."""

from __future__ import annotations

import numpy as np
import pandas as pd

import surveykit as sk
from surveykit.presentation import Presentation
from surveykit.report.figures import FIGURES
from surveykit.report.items import analysis_design
from surveykit.report.spec import Spec
from surveykit.study import load_study
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)
from tests.test_report_studies import write_three_wave_study

LEVELS = ["Uenig", "Nøytral", "Enig"]
WAVES = {"1": "År 1", "2": "År 2", "3": "År 3"}
P = Presentation("nb", names={"help": "Lett å få hjelp", "site": "Sted"}, values={"wave": WAVES})


def _design() -> sk.Design:
    """Three waves; in wave 2 the answers dip (a V that first-to-last hides)."""
    rng = np.random.default_rng(5)
    frames = []
    for wave, agree in (("1", 0.5), ("2", 0.1), ("3", 0.5)):
        n = 300
        frames.append(pd.DataFrame({
            "help": rng.choice(LEVELS, n, p=[(1 - agree) / 2, (1 - agree) / 2, agree]),
            "site": rng.choice(["Nord", "Sør"], n), "wave": wave}))
    frame = pd.concat(frames, ignore_index=True)
    frame["help"] = pd.Categorical(frame["help"], LEVELS, ordered=True)
    frame["wave"] = pd.Categorical(frame["wave"], list(WAVES), ordered=True)
    return sk.Design(frame.assign(w=1.0), weights="w")


def _points(ax, wave: str) -> np.ndarray:
    [points] = [c for c in ax.collections if c.get_gid() == f"wave|{wave}"]
    return points.get_offsets()


def test_the_wave_between_is_a_point_on_the_line_and_the_change_names_its_ends():
    design = _design()
    means = sk.score(design, ["help"], by=["site", "wave"])
    change = sk.change(design, ["help"], wave="wave", by="site", levels=("1", "3"))
    ax = sk.plot_change(means, change, group="site", presentation=P)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["År 1", "År 2", "År 3"]
    middle = means[means["wave"] == "2"].set_index("site")["estimate"]
    np.testing.assert_allclose(_points(ax, "2")[:, 0], middle[["Nord", "Sør"]].to_numpy(), rtol=1e-12)
    # the dip is drawn: wave 2 lies left of both ends, and each row's line runs out to it
    for row, site in enumerate(["Nord", "Sør"]):
        ends = [_points(ax, w)[row, 0] for w in ("1", "3")]
        assert middle[site] < min(ends)
        [line] = [ln for ln in ax.lines if ln.get_gid() == "link" and ln.get_ydata()[0] == row]
        assert min(line.get_xdata()) == middle[site] and max(line.get_xdata()) == max(ends)
    [head] = [t for t in ax.texts if t.get_gid() == "change_header"]
    assert head.get_text().split("\n") == ["Endring", "År 3 − År 1", "[95 % KI]"]
    # the middle wave is marked apart from the ends (a diamond, not the ends' circles)
    markers = {w: c.get_paths()[0].vertices.shape for w in WAVES for c in ax.collections
               if c.get_gid() == f"wave|{w}"}
    assert markers["2"] != markers["1"] and markers["1"] == markers["3"]


def test_two_waves_stay_a_dumbbell_headed_as_before():
    design = _design()
    two = design.subset((design.data["wave"] != "2").to_numpy())
    means = sk.score(two, ["help"], by=["site", "wave"])
    means = means[means["wave"] != "2"]
    change = sk.change(two, ["help"], wave="wave", by="site", levels=("1", "3"))
    ax = sk.plot_change(means, change, group="site", presentation=P)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["År 1", "År 3"]
    [head] = [t for t in ax.texts if t.get_gid() == "change_header"]
    assert head.get_text().split("\n") == ["Endring", "[95 % KI]"]


def test_report_change_of_three_rounds_draws_the_middle_round(tmp_path):
    study = load_study(write_three_wave_study(tmp_path, n=150))
    spec = Spec("change", "change", ("help",), ("history",))
    result = FIGURES["change"].compute(study, analysis_design(study), spec)
    assert result.waves == ("a", "c") and result.shown == ("a", "b", "c")
    assert list(dict.fromkeys(result.means["wave"].astype(str))) == ["a", "b", "c"]
    assert set(result.change["contrast"].astype(str)) == {"wave: c - a"}   # the change: last minus first
    fig = FIGURES["change"].draw(result, study.presentation())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Round A", "Round B", "Round C"]
    [head] = [t for t in ax.texts if t.get_gid() == "change_header"]
    assert "Round C − Round A" in head.get_text()
    middle = result.means[result.means["wave"].astype(str) == "b"]
    assert len(_points(ax, "b")) == int((~middle["suppressed"].astype(bool)).sum()) == 3
