"""save_figure (deterministic, atomic) and the report theme."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from surveykit.plots import add_footer, plot_likert, report_theme, save_figure
from tests.test_plots_common import DONT_KNOW, SCALE, _close_figures, make_likert  # noqa: F401


def _figure():
    with report_theme():
        ax = plot_likert(make_likert(items=("help",)), order=SCALE, neutral=SCALE[2],
                         nonsubstantive=[DONT_KNOW], group=["site_type", "wave"])
        add_footer(ax.figure, "Kilde: test · Syntetiske data")
    return ax.figure


def test_two_saves_give_identical_bytes(tmp_path):
    fig = _figure()
    first = save_figure(fig, tmp_path / "a" / "likert", formats=("png", "svg", "pdf"))
    second = save_figure(fig, tmp_path / "b" / "likert", formats=("png", "svg", "pdf"))
    assert [p.name for p in first] == ["likert.png", "likert.svg", "likert.pdf"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.suffix
    # a freshly drawn figure from the same input is byte-identical too
    third = save_figure(_figure(), tmp_path / "c" / "likert")
    assert [p.read_bytes() for p in third] == [p.read_bytes() for p in first[:2]]


def test_no_version_or_date_in_metadata(tmp_path):
    png, svg = save_figure(_figure(), tmp_path / "f")
    assert b"Matplotlib version" not in png.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes() and b"Matplotlib" not in svg.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bad_format_says_what_is_allowed(tmp_path):
    with pytest.raises(ValueError, match=r"formats must be some of png, svg, pdf; got \['jpg'\]"):
        save_figure(plt.figure(), tmp_path / "f", formats=("jpg",))


def test_theme_applies_inside_the_block_only():
    before = dict(mpl.rcParams)
    with report_theme():
        assert mpl.rcParams["font.size"] >= 8
        assert abs(mpl.rcParams["figure.figsize"][0] * 2.54 - 17) < 1e-9
        assert mpl.rcParams["svg.hashsalt"] == "surveykit"
    assert dict(mpl.rcParams) == before
    with pytest.raises(ValueError, match="at least 8 pt, got 6"), report_theme(font_size=6):
        pass


def test_importing_plots_changes_no_rcparams():
    import importlib

    import surveykit.plots

    before = dict(mpl.rcParams)
    importlib.reload(surveykit.plots)
    assert dict(mpl.rcParams) == before


def test_footer_text_is_on_the_figure():
    fig = _figure()
    footer = [t for t in fig.texts if t.get_gid() == "footer"]
    assert footer and footer[0].get_text().endswith("Syntetiske data")
    assert footer[0].get_fontsize() >= 8
