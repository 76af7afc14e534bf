"""The report's figures drawn from real estimator output on the embedded (synthetic) study.

Each test computes a figure's numbers the way `surveykit build` does (report.compute), writes
its table as the build does, draws it (report.draw) and checks the Axes against the table:
points and bar widths equal the published numbers, labels follow the language, suppressed
cells carry no number, the footer fits the figure.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from surveykit.errors import ConfigError
from surveykit.labels import footer_text
from surveykit.plots import add_footer, report_theme, save_figure
from surveykit.report.build import draw_context, site_short_labels
from surveykit.report.compute import analysis_design, compute
from surveykit.report.draw import draw
from surveykit.report.html import did_table, topbox_table
from surveykit.report.spec import load_recipe
from surveykit.report.tables import write_tables
from surveykit.study import load_study

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def study():
    return load_study(ROOT)


@pytest.fixture(scope="module")
def design(study):
    return analysis_design(study)


@pytest.fixture(scope="module")
def specs(study):
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    return {s.id: s for s in (*recipe.figures, *recipe.tables)}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _drawn(spec, results, ctx):
    with report_theme():
        fig = draw(spec, results, ctx)
        fig.canvas.draw()
    return fig


def _published(results, tmp_path) -> dict[str, pd.DataFrame]:
    """The results as the build writes them (CSV), read back."""
    paths = write_tables(results, tmp_path)
    return {p.stem: pd.read_csv(p, dtype={"wave": str}) for p in paths}


def test_means_figure_points_equal_the_means_table(study, design, specs, tmp_path):
    spec = specs["means_by_site_type"]
    results = compute(study, design, spec)
    table = _published(results, tmp_path)[spec.id]
    fig = _drawn(spec, results, draw_context(study))
    ax = fig.axes[0]
    checked = 0
    for key, part in table.groupby(["site_type", "wave"]):
        points = [c for c in ax.collections if c.get_gid() == f"points|{key[0]}|{key[1]}"]
        whiskers = [c for c in ax.collections if c.get_gid() == f"ci|{key[0]}|{key[1]}"]
        assert len(points) == 1 and len(whiskers) == 1
        xs = points[0].get_offsets()[:, 0]
        expected = part.set_index("variable").loc[list(spec.items), "estimate"].to_numpy()
        np.testing.assert_allclose(xs, expected, rtol=1e-12)
        segments = whiskers[0].get_segments()
        lows = part.set_index("variable").loc[list(spec.items), "conf_low"].to_numpy()
        highs = part.set_index("variable").loc[list(spec.items), "conf_high"].to_numpy()
        np.testing.assert_allclose([s[0][0] for s in segments], lows, rtol=1e-12)
        np.testing.assert_allclose([s[1][0] for s in segments], highs, rtol=1e-12)
        checked += 1
    assert checked == 4


def test_likert_bar_widths_equal_the_shares_in_its_table(study, design, specs, tmp_path):
    spec = specs["likert_by_site_type"]
    results = compute(study, design, spec)
    table = _published(results, tmp_path)[spec.id]
    fig = _drawn(spec, results, draw_context(study))
    bars = {p.get_gid(): p.get_width() for ax in fig.axes for p in ax.patches
            if str(p.get_gid()).startswith("likert|")}
    assert len(bars) == len(table)  # every share (incl. "Vet ikke") is one segment
    for row in table.itertuples(index=False):
        gid = f"likert|{row.variable}|{row.site_type}|{row.wave}|{row.level}"
        assert bars[gid] == pytest.approx(row.estimate, rel=1e-12), gid


def test_labels_follow_the_language(study, design, specs):
    spec = specs["likert_by_site_type"]
    results = compute(study, design, spec)
    fig = _drawn(spec, results, draw_context(study, "en"))
    ax = fig.axes[0]
    ticks = {t.get_text() for t in ax.get_yticklabels()}
    assert {"Co-located · Year 1", "Separate · Year 2"} <= ticks
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "Strongly disagree" and "Don't know" in legend
    headers = [t.get_text() for t in ax.texts if t.get_gid() == "item_header"]
    assert headers[0] == study.labels("en")["welcome"]
    assert fig.get_suptitle() == spec.title["en"]
    sv = _drawn(spec, results, draw_context(study, "sv"))
    assert "Samlokaliserad · År 1" in {t.get_text() for t in sv.axes[0].get_yticklabels()}
    assert "Helt oenig" in [t.get_text() for t in sv.axes[0].get_legend().get_texts()]


def test_heatmap_suppressed_cells_show_no_number_when_min_cell_is_raised(study, design, specs):
    spec = specs["heatmap_by_site"]
    strict = design.with_min_cell(200)  # a stricter rule than the study's 10
    results = compute(study, strict, spec)
    hidden = int(results[spec.id]["suppressed"].sum())
    assert 0 < hidden < len(results[spec.id])
    ctx = dataclasses.replace(draw_context(study), min_cell=200)
    fig = _drawn(spec, results, ctx)
    values = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "value"]
    marks = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "suppressed"]
    assert len(values) == len(results[spec.id]) - hidden
    assert len(marks) == hidden and not any(re.search(r"\d", t.get_text()) for t in marks)
    shown = sorted(t.get_text() for t in values)
    expected = sorted(f"{x:.1f}".replace(".", ",") for x in
                      results[spec.id].loc[~results[spec.id]["suppressed"], "estimate"])
    assert shown == expected
    legend = fig.axes[-1].get_legend()
    assert any("færre enn 200" in t.get_text() for t in legend.get_texts())


def test_likert_suppressed_bars_are_not_drawn(study, design, specs):
    spec = specs["likert_by_site_type"]
    results = compute(study, design.with_min_cell(500), spec)
    fig = _drawn(spec, results, dataclasses.replace(draw_context(study), min_cell=500))
    gids = {p.get_gid() for ax in fig.axes for p in ax.patches}
    assert not [g for g in gids if str(g).startswith("likert|welcome|separate|2|")]  # n ≈ 350 < 500
    marks = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "suppressed"]
    assert marks and not any(re.search(r"\d", m) for m in marks)


def test_heatmap_layout_items_as_rows_and_short_site_names(study, design, specs):
    spec = specs["heatmap_by_site"]
    fig = _drawn(spec, compute(study, design, spec), draw_context(study))
    ax = fig.axes[0]
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert rows == [study.labels()[i] for i in spec.items]
    columns = [t.get_text().lstrip("● ") for t in ax.get_xticklabels()]
    assert "Askim" in columns and "Drammensbiblioteket" in columns
    assert all(len(c) <= 20 for c in columns)
    assert {t.get_text() for t in ax.texts if t.get_gid() == "municipality"} == {"Drammen", "Indre Østfold"}


def test_site_short_labels_drop_the_kind():
    table = pd.DataFrame({"site_id": ["a", "b", "c"], "label": ["Askim innbyggertorg og bibliotek",
                                                              "Drammensbiblioteket", "Fjell bibliotek"],
                          "kind": ["innbyggertorg og bibliotek", "bibliotek", "bibliotek"]})
    assert site_short_labels(table) == {"a": "Askim", "b": "Drammensbiblioteket", "c": "Fjell"}


def test_footer_is_wrapped_inside_the_figure(study, design, specs, tmp_path):
    spec = specs["means_by_site_type"]
    footer = footer_text("nb", source=study.config.source, waves=["1", "2"], n=2400, synthetic=True)
    with report_theme():
        fig = draw(spec, compute(study, design, spec), draw_context(study))
        add_footer(fig, footer)
        save_figure(fig, tmp_path / "f", ["png"])
        text = next(t for t in fig.texts if t.get_gid() == "footer")
        box = text.get_window_extent(fig.canvas.get_renderer())
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width
        assert text.get_text().replace("\n", " ").replace("  ", " ").endswith("Syntetiske data")
        axes_bottom = min(ax.get_tightbbox(fig.canvas.get_renderer()).y0 for ax in fig.axes)
        assert box.y1 <= axes_bottom + 1


def test_recipe_output_formats(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text("output: {formats: [png, pdf]}\nfigures: []\n", encoding="utf-8")
    assert load_recipe(path).formats == ("png", "pdf")
    path.write_text("output: {formats: [png, tiff]}\nfigures: []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"output.formats.*unknown figure format.*tiff.*png, svg, pdf"):
        load_recipe(path)
    path.write_text("figures: []\n", encoding="utf-8")
    assert load_recipe(path).formats is None


def test_key_tables_are_formatted_for_reading(study, design, specs):
    top = compute(study, design, specs["topbox_by_site_type"])["topbox_by_site_type"]
    nb = topbox_table(top, ["site_type", "wave"], "nb", draw_context(study).labels)
    assert list(nb.columns) == ["Spørsmål", "Samlokalisert · År 1", "Samlokalisert · År 2",
                                "Separat · År 1", "Separat · År 2"]
    assert nb.iloc[0, 0] == study.labels()["welcome"]
    assert re.fullmatch(r"\d+,\d\xa0% \[\d+,\d; \d+,\d\]", nb.iloc[0, 1])
    en = topbox_table(top, ["site_type", "wave"], "en", draw_context(study, "en").labels)
    assert re.fullmatch(r"\d+\.\d% \[\d+\.\d, \d+\.\d\]", en.iloc[0, 1]) and "Co-located · Year 1" in en.columns
    first = top.iloc[0]
    assert en.iloc[0, 1].startswith(f"{100 * first['estimate']:.1f}%")
    suppressed = top.assign(suppressed=True)
    assert set(topbox_table(suppressed, ["site_type", "wave"], "nb").iloc[:, 1:].stack()) == {"–"}
    did = compute(study, design, specs["did_help_ease"])["did_help_ease_did"]
    table = did_table(did, "nb", draw_context(study).labels)
    assert table.columns[1] == "Forskjell i endring (skalapoeng)"
    assert table.iloc[0, 1] == ("+" if did.iloc[0]["estimate"] > 0 else "−") + f"{abs(did.iloc[0]['estimate']):.2f}".replace(".", ",")


def test_heatmap_with_dozens_of_sites_names_none_and_points_to_the_table(study, design, specs):
    spec = specs["heatmap_by_site"]
    frame = compute(study, design, spec)[spec.id]
    many = pd.concat([frame.assign(site=frame["site"].astype(str) + f"_{k}") for k in range(8)], ignore_index=True)
    ctx = draw_context(study)
    ctx = dataclasses.replace(ctx, site_group={f"{s}_{k}": g for s, g in ctx.site_group.items() for k in range(8)})
    fig = _drawn(spec, {spec.id: many}, ctx)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == 2 and all(not ax.get_xticklabels() for ax in panels)
    assert all(ax.get_title(loc="right") == "72 steder, for mange til å navngi: se heatmap_by_site.csv" for ax in panels)
    assert not [t for ax in panels for t in ax.texts if t.get_gid() == "value"]  # colours only
    assert len(fig.axes) == 4  # two panels, two colour bars
    # a municipality's sites stay together under its bracket
    assert {t.get_text() for ax in panels for t in ax.texts if t.get_gid() == "municipality"} == {
        "Drammen", "Indre Østfold"}
