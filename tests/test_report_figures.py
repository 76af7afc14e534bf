"""The report's figure kinds on the embedded (synthetic) study: each result value on its own,
then its drawing against it.

Each kind's ``compute_<kind>`` gives a frozen result value whose numbers are checked against
independent estimates; ``draw_<kind>`` is checked against the value: points and bar widths
equal the published numbers, labels follow the presentation, suppressed cells carry no number.
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

import surveykit as sk
from surveykit.errors import ConfigError
from surveykit.plots import add_footer, report_theme, save_figure
from surveykit.report.figures import FIGURES, TABLES, draw
from surveykit.report.figures.adjusted import AdjustedResult
from surveykit.report.figures.change import ChangeResult
from surveykit.report.figures.did import DidResult
from surveykit.report.figures.heatmap import HeatmapResult
from surveykit.report.figures.likert import LikertResult
from surveykit.report.figures.weights import WeightsResult
from surveykit.report.items import analysis_design
from surveykit.report.spec import load_recipe
from surveykit.report.tables import write_tables
from surveykit.study import load_study
from tests.repo_study import repo_study

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def study():
    return repo_study()


@pytest.fixture(scope="module")
def design(study):
    return analysis_design(study)


@pytest.fixture(scope="module")
def specs(study):
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    return {s.id: s for s in (*recipe.figures, *recipe.tables)}


@pytest.fixture(scope="module")
def p(study):
    return study.presentation()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _compute(study, design, spec):
    return (FIGURES.get(spec.kind) or TABLES[spec.kind]).compute(study, design, spec)


def _drawn(spec, result, p):
    with report_theme():
        fig = draw(spec.kind, result, p, spec.text(p.language))
        fig.canvas.draw()
    return fig


def _published(spec, result, tmp_path) -> dict[str, pd.DataFrame]:
    """The result's tables as the build writes them (CSV), read back."""
    named = {spec.id if not part else f"{spec.id}_{part}": frame for part, frame in result.tables().items()}
    return {x.stem: pd.read_csv(x, dtype={"wave": str}) for x in write_tables(named, tmp_path)}


# -- result values ------------------------------------------------------------------------------

def test_result_values_are_frozen_and_typed(study, design, specs):
    result = _compute(study, design, specs["likert_by_site_type"])
    assert isinstance(result, LikertResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.by = ()
    assert isinstance(_compute(study, design, specs["change_by_site_type"]), ChangeResult)
    assert isinstance(_compute(study, design, specs["did_help_ease"]), DidResult)
    assert isinstance(_compute(study, design, specs["heatmap_by_site"]), HeatmapResult)
    assert isinstance(_compute(study, design, specs["weights"]), WeightsResult)
    assert isinstance(_compute(study, design, specs["adjusted_help_ease"]), AdjustedResult)


def test_likert_value_has_one_base_per_kind_of_share(study, design, specs):
    """Issue 13: the substantive levels are shares of those who took a position (as the top-box
    table), "Vet ikke" its share of all answers; each row's n is its base."""
    spec = specs["likert_by_site_type"]
    shares = _compute(study, design, spec).shares
    dk = shares["level"] == "Vet ikke"
    sums = shares[~dk].groupby(["site_type", "wave", "variable"], observed=True)["estimate"].sum()
    np.testing.assert_allclose(sums, 1.0, atol=1e-12)
    top = _compute(study, design, specs["topbox_by_site_type"])
    top_rows = top.topbox.set_index(["site_type", "wave", "variable"])["estimate"]
    agree = shares[shares["level"].isin(["Litt enig", "Helt enig"])].groupby(
        ["site_type", "wave", "variable"], observed=True)["estimate"].sum()
    for key, value in agree.items():
        assert value == pytest.approx(top_rows[key], abs=1e-12)  # the same number in figure and table
    # the don't-know share: of every answer (substantive or "Vet ikke"), the same in both
    r, w = study.responses, design.weights
    for (site_type, wave), part in r.groupby(["site_type", "wave"], observed=True):
        answered = part["help_ease"].notna() | part["help_ease__dk"].astype(bool)
        ww = pd.Series(w, index=r.index)[part.index]
        expected = ww[part["help_ease__dk"].astype(bool)].sum() / ww[answered].sum()
        row = shares[dk & (shares.site_type == site_type) & (shares.wave == wave) & (shares.variable == "help_ease")]
        assert row["estimate"].iloc[0] == pytest.approx(expected, rel=1e-12)
        assert row["n"].iloc[0] == answered.sum()
        table = top.dont_know.set_index(["site_type", "wave", "variable"])
        assert table.loc[(site_type, wave, "help_ease"), "estimate"] == pytest.approx(expected, rel=1e-12)


def test_change_value_compares_like_with_like(study, design, specs):
    """Issue 13: the change compares each site's co-location path with itself, so sites that
    switched type are not mixed into "co-located"; each row equals sk.change on those sites."""
    spec = specs["change_by_site_type"]
    result = _compute(study, design, spec)
    assert result.by == ("colocation_path",) and result.waves == ("1", "2")
    assert set(result.change["colocation_path"]) == {"always_co_located", "always_separate", "became_co_located"}
    stable = design.subset((design.data["colocation_path"] == "always_co_located").to_numpy())
    alone = sk.change(stable, ["discretion__score"], wave="wave")
    row = result.change[(result.change.colocation_path == "always_co_located") & (result.change.variable == "discretion")]
    assert row["estimate"].iloc[0] == pytest.approx(alone["estimate"].iloc[0], rel=1e-9)
    assert row["std_error"].iloc[0] == pytest.approx(alone["std_error"].iloc[0], rel=1e-9)
    # the sites of a path are the same in both waves
    sites = study.responses.groupby(["colocation_path", "wave"], observed=True)["site"].agg(lambda s: tuple(sorted(set(s))))
    for path in ("always_co_located", "always_separate", "became_co_located"):
        assert sites[(path, "1")] == sites[(path, "2")]


def test_did_value_compares_the_configured_groups(study, design, specs):
    spec = specs["did_help_ease"]
    result = _compute(study, design, spec)
    assert (result.group, result.groups) == ("colocation_path", ("always_separate", "became_co_located"))
    assert set(result.means["colocation_path"].astype(str)) == set(result.groups)
    other = dataclasses.replace(spec, options={"group": "colocation_path",
                                               "groups": ["always_co_located", "became_co_located"]})
    swapped = _compute(study, design, other)
    assert set(swapped.means["colocation_path"].astype(str)) == {"always_co_located", "became_co_located"}
    assert not np.allclose(swapped.did["estimate"], result.did["estimate"])


def test_adjusted_value_includes_the_configured_covariates(study, design, specs):
    """Issue 13: where the page warns that co-location is confounded with municipality, the
    adjusted model includes municipality and wave (as the embedded recipe configures)."""
    result = _compute(study, design, specs["adjusted_help_ease"])
    assert result.terms == ("co_located", "C(age_group)", "C(gender)", "C(recency)", "C(municipality)", "C(wave)")
    terms = set(result.coefficients["variable"])
    assert {"C(municipality)[T.Indre Østfold]", "C(wave)[T.2]", "co_located"} <= terms
    fit = sk.regress(design.with_columns(co_located=design.data["co_located"].astype("Float64").astype(float)),
                     "help_ease__score ~ co_located + C(age_group) + C(gender) + C(recency) + C(municipality) + C(wave)")
    mine = result.coefficients[result.coefficients.outcome == "help_ease"].set_index("variable")["estimate"]
    np.testing.assert_allclose(mine[fit["variable"]], fit["estimate"], rtol=1e-12)


def test_weights_value_names_its_cells(study, design, specs):
    result = _compute(study, design, specs["weights"])
    assert result.cells == ("municipality", "gender", "age_group")
    assert list(result.summary.columns) == ["wave", "n", "sum", "mean", "min", "max", "n_eff", "deff_weights"]
    w = design.weights[(study.responses["wave"] == "1").to_numpy()]
    assert result.summary.set_index("wave").loc["1", "n_eff"] == pytest.approx(sk.kish_n_eff(w), rel=1e-12)
    assert set(result.tables()) == {"composition", "summary"}  # one weight per respondent is not published


def test_weights_composition_is_per_margin_where_raking_matches_the_population(study, design, specs, p):
    """Raking on municipality × gender and municipality × age group matches those two tables,
    not their joint cells: the figure shows each margin as raked (weighted on the population's
    shares), where a joint table drew the weighted dots off the population bars."""
    result = _compute(study, design, specs["weights"])
    assert result.margins == (("municipality", "gender"), ("municipality", "age_group"))
    pop = study.population
    for margin in result.margins:
        rows = result.margin_rows(margin)
        assert len(rows) and rows[[c for c in result.cells if c not in margin]].isna().all().all()
        for wave, part in rows.groupby("wave"):
            wide = part.pivot_table(index=list(margin), columns="source", values="share", aggfunc="sum")
            shown = wide["weighted"].notna()  # suppressed cells are emptied
            np.testing.assert_allclose(wide.loc[shown, "weighted"], wide.loc[shown, "population"], atol=1e-7)
            # the population's shares straight from config/population.csv
            counts = pop[pop["wave"].astype(str) == wave].groupby(list(margin))["population"].sum()
            want = (counts / counts.sum()).rename(index=str)
            np.testing.assert_allclose(wide["population"].to_numpy(), want.loc[wide.index].to_numpy(), rtol=1e-12)
            assert not np.allclose(wide.loc[shown, "sample"], wide.loc[shown, "population"], atol=1e-3)
    # the joint cells (municipality × gender × age group) are not raked to: not published
    assert not result.composition[list(result.cells)].notna().all(axis=1).any()
    fig = _drawn(specs["weights"], result, p)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    waves = sorted(set(result.composition["wave"]))
    assert sum("×" in t for t in titles) == 2  # one block per margin, headed once across the waves
    assert [t for t in titles if "×" not in t and t] == [p.value("wave", w) for w in waves]   # each wave heads its column


def test_weights_titles_of_many_waves_and_long_margin_names_stay_apart_and_inside(study, design, specs, p):
    """Four waves' columns each titled "2021\nKøn × Aldersgruppe" ran into each other ("Køn ×
    AldersgruppeKøn × Aldersgruppe") and the last was cut at the figure's edge: each margin is now
    named once across the columns, and a wave's long label is wrapped to its column."""
    result = _compute(study, design, specs["weights"])
    comp, summary = result.composition, result.summary
    four = dataclasses.replace(result, composition=pd.concat([comp, comp.assign(wave=comp["wave"] + "b")]),
                               summary=pd.concat([summary, summary.assign(wave=summary["wave"] + "b")]))
    shown = p.with_labels(names={"municipality": "Kommunen der du bor", "age_group": "Aldersgruppe (år)"},
                          values={"wave": {"1": "Innbyggerundersøkelsen høsten 2021", "2": "2023", "1b": "2024",
                                           "2b": "Våren 2025 (nettskjema)"}})
    fig = _drawn(specs["weights"], four, shown)
    renderer = fig.canvas.get_renderer()
    titles = [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    assert len(titles) == 2 + 4
    boxes = [t.get_window_extent(renderer) for t in titles]
    for i in range(len(boxes)):
        assert boxes[i].x0 >= 0 and boxes[i].x1 <= fig.bbox.width, titles[i].get_text()
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (titles[i].get_text(), titles[j].get_text())


def test_heatmap_with_a_long_site_name_keeps_its_layout(study, design, specs, p):
    """A site named like "Northbridge Customer Service Centre and Citizens' Advice Office" stood
    7 cm tall above the cells: constrained layout gave up, the title ran over the names and the
    item labels were cut. Column names now take at most two lines of about 20 characters."""
    import warnings

    from surveykit.report.figures.heatmap import _column_label

    spec = specs["heatmap_by_site"]
    result = _compute(study, design, spec)
    long_name = "Northbridge Customer Service Centre and Citizens' Advice Office"
    sites = list(dict.fromkeys(result.means["site"].astype(str)))
    shown = p.with_labels(values={"site": {sites[0]: long_name}}).replace(short={})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "constrained_layout not applied" is a warning
        fig = _drawn(spec, result, shown)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    mine = next(t for t in labels if t.startswith("Northbridge") or t.startswith("\u25cf Northbridge"))
    assert mine.count("\n") == 1 and mine.endswith("…") and all(len(x) <= 22 for x in mine.split("\n"))
    assert _column_label("Harbour Street") == "Harbour Street"


def test_heatmap_value_groups_and_marks_from_the_configuration(study, design, specs):
    result = _compute(study, design, specs["heatmap_by_site"])
    assert (result.columns, result.panels, result.columns_by, result.mark) == ("site", "wave", "municipality",
                                                                                  "co_located")
    table = study.sites.table
    assert dict(result.column_groups) == dict(zip(table["site_id"], table["municipality"], strict=True))
    expected = {(site, wave.id) for wave in study.config.waves
                for site, flag in study.sites.at(wave.field_date)["co_located"].items() if flag}
    assert result.marked == expected  # the sites co-located at each wave's field date
    means = sk.mean(design, ["welcome__score"], by=["site", "wave"])
    mine = result.means[result.means.variable == "welcome"].set_index(["site", "wave"])["estimate"]
    np.testing.assert_allclose(mine[means.set_index(["site", "wave"]).index], means["estimate"], rtol=1e-12)


def test_means_and_multi_values_are_the_estimators(study, design, specs):
    means = _compute(study, design, specs["means_by_site_type"])
    direct = sk.mean(design, ["satisfaction__score"], by=["site_type", "wave"])
    mine = means.means[means.means.variable == "satisfaction"]
    np.testing.assert_allclose(mine["estimate"].to_numpy(), direct["estimate"].to_numpy(), rtol=1e-12)
    assert means.by == ("site_type", "wave") and means.items == tuple(specs["means_by_site_type"].items)
    multi = _compute(study, design, specs["services_aware"])
    options = study.codebook.variable("services_aware").options
    assert list(dict.fromkeys(multi.shares["variable"])) == [f"services_aware__{k}" for k in options]
    assert multi.shares["estimate"].between(0, 1).all()


# -- drawings -----------------------------------------------------------------------------------

def test_means_figure_points_equal_the_means_table(study, design, specs, p, tmp_path):
    spec = specs["means_by_site_type"]
    result = _compute(study, design, spec)
    table = _published(spec, result, tmp_path)[spec.id]
    # agreement items and satisfaction are on two scales: a panel each, the items in recipe order
    panels = _drawn(spec, result, p).axes
    assert len(panels) == 2
    checked = 0
    for key, part in table.groupby(["site_type", "wave"]):
        points = [c for ax in panels for c in ax.collections if c.get_gid() == f"points|{key[0]}|{key[1]}"]
        whiskers = [c for ax in panels for c in ax.collections if c.get_gid() == f"ci|{key[0]}|{key[1]}"]
        assert len(points) == 2 and len(whiskers) == 2
        xs = np.concatenate([c.get_offsets()[:, 0] for c in points])
        rows = part.set_index("variable").loc[list(spec.items)]
        np.testing.assert_allclose(xs, rows["estimate"].to_numpy(), rtol=1e-12)
        segments = [s for c in whiskers for s in c.get_segments()]
        np.testing.assert_allclose([s[0][0] for s in segments], rows["conf_low"].to_numpy(), rtol=1e-12)
        np.testing.assert_allclose([s[1][0] for s in segments], rows["conf_high"].to_numpy(), rtol=1e-12)
        checked += 1
    assert checked == 4
    # issue 13: the whiskers are named ("95 % KI")
    assert panels[-1].get_legend().get_texts()[-1].get_text() == "95 % KI"


def test_means_figure_keeps_many_series_apart(study, design, specs, p):
    """Ten series (region × wave) were piled into a 1 cm strip per item: the figure now grows
    with the series, each dot at least a marker's width from the next in its item's row."""
    spec = dataclasses.replace(specs["means_by_site_type"], by=("site", "wave"))
    result = _compute(study, design, spec)
    series = result.means[list(spec.by)].drop_duplicates().shape[0]
    assert series >= 8
    fig = _drawn(spec, result, p)
    ax = fig.axes[0]
    points = [c for c in ax.collections if str(c.get_gid()).startswith("points|")]
    ys = np.array([ax.transData.transform(off)[1] for c in points for off in c.get_offsets()])
    gaps = np.diff(np.sort(ys))
    gaps = gaps[gaps > 0.5]  # dots of one series in other items are far apart; the smallest gaps are neighbours
    marker = 72 / fig.dpi  # points per pixel
    assert gaps.min() * marker >= 6.0, gaps.min() * marker   # at least 6 pt between neighbouring dots


def test_likert_bar_widths_equal_the_shares_in_its_table(study, design, specs, p, tmp_path):
    spec = specs["likert_by_site_type"]
    result = _compute(study, design, spec)
    table = _published(spec, result, tmp_path)[spec.id]
    fig = _drawn(spec, result, p)
    bars = {x.get_gid(): x.get_width() for ax in fig.axes for x in ax.patches if str(x.get_gid()).startswith("likert|")}
    assert len(bars) == len(table)  # every share (incl. "Vet ikke") is one segment
    for row in table.itertuples(index=False):
        gid = f"likert|{row.variable}|{row.site_type}|{row.wave}|{row.level}"
        assert bars[gid] == pytest.approx(row.estimate, rel=1e-12), gid
    # the figure says its bases
    assert fig.axes[-1].get_xlabel() == ("Andel av dem som tok stilling (uten «Vet ikke») · "
                                         "«Vet ikke»: andel av alle svar")


def _in_language(study, language: str):
    """The study opened in ``language`` (its answers labelled from their codes) and its design."""
    other = study.in_language(language)
    return other, analysis_design(other)


def test_labels_follow_the_language_and_the_configuration(study, specs):
    spec = specs["likert_by_site_type"]
    english, design = _in_language(study, "en")
    result = _compute(english, design, spec)
    assert "Strongly disagree" in set(result.shares["level"])  # the answers are labelled when opened
    en = english.presentation()
    assert en.language == "en"
    ax = _drawn(spec, result, en).axes[0]
    ticks = {t.get_text() for t in ax.get_yticklabels()}
    wave1 = study.config.waves[0].text("en")
    assert {f"Co-located · {wave1}", f"Separate · {study.config.waves[1].text('en')}"} <= ticks
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "Strongly disagree" and "Don't know" in legend
    headers = [t.get_text() for t in ax.texts if t.get_gid() == "item_header"]
    assert headers[0] == study.labels("en")["welcome"]
    assert ax.figure.get_suptitle() == spec.title["en"]
    swedish, design = _in_language(study, "sv")
    sv = _drawn(spec, _compute(swedish, design, spec), swedish.presentation()).axes[0]
    assert f"Samlokaliserad · {study.config.waves[0].text('sv')}" in {t.get_text() for t in sv.get_yticklabels()}
    assert "Helt oenig" in [t.get_text() for t in sv.get_legend().get_texts()]


def test_heatmap_suppressed_cells_show_no_number_when_min_cell_is_raised(study, design, specs, p):
    spec = specs["heatmap_by_site"]
    result = _compute(study, design.with_min_cell(200), spec)  # a stricter rule than the study's 10
    means = result.means
    hidden = int(means["suppressed"].sum())
    assert 0 < hidden < len(means)
    fig = _drawn(spec, result, p.replace(min_cell=200))
    values = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "value"]
    marks = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "suppressed"]
    assert len(values) == len(means) - hidden
    assert len(marks) == hidden and not any(re.search(r"\d", t.get_text()) for t in marks)
    expected = sorted(f"{x:.1f}".replace(".", ",") for x in means.loc[~means["suppressed"], "estimate"])
    assert sorted(t.get_text() for t in values) == expected
    legend = next(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)
    assert any("færre enn 200" in t.get_text() for t in legend.get_texts())


def test_likert_suppressed_bars_are_not_drawn(study, design, specs, p):
    spec = specs["likert_by_site_type"]
    result = _compute(study, design.with_min_cell(500), spec)
    fig = _drawn(spec, result, p.replace(min_cell=500))
    gids = {x.get_gid() for ax in fig.axes for x in ax.patches}
    assert not [g for g in gids if str(g).startswith("likert|welcome|separate|2|")]  # n ≈ 350 < 500
    marks = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "suppressed"]
    assert marks and not any(re.search(r"\d", m) for m in marks)


def test_heatmap_layout_colour_scale_and_detail(study, design, specs, p):
    spec = specs["heatmap_by_site"]
    result = _compute(study, design, spec)
    fig = _drawn(spec, result, p)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    ax = panels[0]
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert rows == [study.labels()[i] for i in spec.items]
    columns = [t.get_text().lstrip("● ") for t in ax.get_xticklabels()]
    assert "Askim" in columns and "Drammensbiblioteket" in columns
    assert all(len(c) <= 20 for c in columns)
    assert {t.get_text() for t in ax.texts if t.get_gid() == "column_group"} == {"Drammen", "Indre Østfold"}
    # issue 13: a colour scale per panel, and n and the intervals' range
    assert all(len(ax.child_axes) == 1 for ax in panels)
    wave1 = result.means[(result.means.wave == "1") & ~result.means.suppressed]
    assert ax.get_title(loc="right").startswith(f"n per celle {wave1.n.min()}–{wave1.n.max()}; 95 % KI ±")
    # the marked cells are the co-located sites of each wave, with the column's label in the legend
    marked = [t.get_text() for t in panels[1].get_xticklabels() if t.get_text().startswith("●")]
    assert {m.lstrip("● ") for m in marked} == {"Mjøndalen", "Svelvik", "Askim", "Mysen", "Skjønhaug", "Spydeberg",
                                                 "Tomter"}
    legend = next(a.get_legend() for a in panels if a.get_legend() is not None)
    assert [t.get_text() for t in legend.get_texts()] == ["Samlokalisert"]


def test_weights_rows_carry_only_cell_values(study, design, specs, p):
    """Issue 13: no leaked columns ("Kvinne · 20-29 · 20 · False") in the rows."""
    spec = specs["weights"]
    result = _compute(study, design, spec)
    fig = _drawn(spec, result, p)
    waves = len(set(result.composition["wave"]))
    municipalities = {"Drammen", "Indre Østfold"}
    # one block per margin and wave: municipality × gender, then municipality × age group
    for ax, rows in ((fig.axes[0], {"Kvinne", "Mann"}), (fig.axes[waves], {"20-29", "30-44", "45-59", "60-74", "75+"})):
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert set(labels) == municipalities | rows, labels


def test_did_legend_names_the_configured_groups(study, design, specs, p):
    """Issue 13: the control group is labelled from configuration; with other groups the legend
    follows (issue 15: it used to say "Ikke endret" for both)."""
    spec = specs["did_help_ease"]
    fig = _drawn(spec, _compute(study, design, spec), p)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Ble samlokalisert", "Separat begge år"]
    other = dataclasses.replace(spec, options={"group": "colocation_path",
                                               "groups": ["always_co_located", "became_co_located"]})
    fig = _drawn(other, _compute(study, design, other), p)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Ble samlokalisert",
                                                                            "Samlokalisert begge år"]


def test_adjusted_figure_shows_readable_terms(study, design, specs, p):
    spec = specs["adjusted_help_ease"]
    fig = _drawn(spec, _compute(study, design, spec), p)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "Samlokalisert" and "Kommune: Indre Østfold" in labels
    assert f"Runde: {study.config.waves[1].text('nb')}" in labels and "Aldersgruppe: 30-44" in labels
    assert not [label for label in labels if "[T." in label or "C(" in label]


def test_change_figure_rows_are_the_paths(study, design, specs, p):
    spec = specs["change_by_site_type"]
    ax = _drawn(spec, _compute(study, design, spec), p).axes[0]
    rows = {t.get_text() for t in ax.get_yticklabels()}
    assert {"Samlokalisert begge år", "Separat begge år", "Ble samlokalisert"} <= rows


def test_footer_is_wrapped_inside_the_figure(study, design, specs, p, tmp_path):
    spec = specs["means_by_site_type"]
    with report_theme():
        fig = draw(spec.kind, _compute(study, design, spec), p, spec.text("nb"))
        add_footer(fig, p.footer)
        save_figure(fig, tmp_path / "f", ["png"])
        text = next(t for t in fig.texts if t.get_gid() == "footer")
        box = text.get_window_extent(fig.canvas.get_renderer())
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width
        flat = text.get_text().replace("\n", " ").replace("  ", " ")
        assert flat.endswith("Syntetiske data")
        assert "År 1 (2021/22) og År 2 (2023)" in flat  # the waves' configured labels
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


def test_key_tables_are_formatted_for_reading(study, design, specs, p):
    spec = specs["topbox_by_site_type"]
    result = _compute(study, design, spec)
    page = TABLES["topbox"].page(result, spec, p)
    w1, w2 = (w.text("nb") for w in study.config.waves)
    assert list(page.frame.columns) == ["Spørsmål", f"Samlokalisert · {w1}", f"Vet ikke · Samlokalisert · {w1}",
                                        f"Samlokalisert · {w2}", f"Vet ikke · Samlokalisert · {w2}",
                                        f"Separat · {w1}", f"Vet ikke · Separat · {w1}",
                                        f"Separat · {w2}", f"Vet ikke · Separat · {w2}"]
    assert page.frame.iloc[0, 0] == study.labels()["welcome"]
    assert re.fullmatch(r"\d+,\d\xa0% \[\d+,\d; \d+,\d\]", page.frame.iloc[0, 1])
    assert re.fullmatch(r"\d+,\d\xa0%", page.frame.iloc[0, 2])
    # issue 13: the table says its bases
    assert "Andel av dem som tok stilling (uten «Vet ikke»)" in page.caption
    assert "«Vet ikke»: andel av alle svar" in page.caption
    assert "Organisering × Runde" in page.caption
    english, english_design = _in_language(study, "en")
    en = TABLES["topbox"].page(_compute(english, english_design, spec), spec, english.presentation())
    assert re.fullmatch(r"\d+\.\d% \[\d+\.\d, \d+\.\d\]", en.frame.iloc[0, 1])
    assert f"Co-located · {study.config.waves[0].text('en')}" in en.frame.columns
    first = result.topbox.iloc[0]
    assert en.frame.iloc[0, 1].startswith(f"{100 * first['estimate']:.1f}%")
    did_spec = specs["did_help_ease"]
    did = FIGURES["did"].page(_compute(study, design, did_spec), did_spec, p)
    assert did.frame.columns[1] == "Forskjell i endring (skalapoeng)"
    estimate = _compute(study, design, did_spec).did.iloc[0]["estimate"]
    assert did.frame.iloc[0, 1] == ("+" if estimate > 0 else "−") + f"{abs(estimate):.2f}".replace(".", ",")
    assert did.caption == (f"Forskjell i endring fra {w1} til {w2}: Ble samlokalisert mot Separat begge år")


def test_heatmap_with_dozens_of_sites_names_none_and_points_to_the_table(study, design, specs, p):
    spec = specs["heatmap_by_site"]
    result = _compute(study, design, spec)
    means = result.means
    many = pd.concat([means.assign(site=means["site"].astype(str) + f"_{k}") for k in range(8)], ignore_index=True)
    groups = tuple((f"{s}_{k}", g) for s, g in result.column_groups for k in range(8))
    marked = frozenset((f"{s}_{k}", v) for s, v in result.marked for k in range(8))
    assert result.mark and marked
    fig = _drawn(spec, dataclasses.replace(result, means=many, column_groups=groups, marked=marked), p)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    # the marks need no names: a ● over each marked column, and the legend says what it marks
    per_panel = [len([t for t in ax.texts if t.get_gid() == "mark"]) for ax in panels]
    waves = [ax.get_title(loc="left") for ax in panels]
    assert sum(per_panel) == len(marked) and all(per_panel), (per_panel, waves)
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()] if fig.axes[-1].get_legend() else \
        [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert p.name(result.mark) in legend
    assert len(panels) == 2 and all(not ax.get_xticklabels() for ax in panels)
    assert all(ax.get_title(loc="right").startswith("72 steder, for mange til å navngi: se heatmap_by_site.csv")
               for ax in panels)
    assert not [t for ax in panels for t in ax.texts if t.get_gid() == "value"]  # colours only
    assert len(fig.axes) == 2 and all(len(ax.child_axes) == 1 for ax in panels)  # two panels, a colour bar each
    # a municipality's sites stay together under its bracket
    assert {t.get_text() for ax in panels for t in ax.texts if t.get_gid() == "column_group"} == {
        "Drammen", "Indre Østfold"}


# -- no traceback from any recipe ----------------------------------------------------------------

@pytest.mark.parametrize(("kind", "changes", "message"), [
    ("heatmap", {"by": ()}, r"heatmap needs `by`.*by: \[site, wave\]"),
    ("heatmap", {"by": ("site", "wave", "gender")}, r"at most 2 grouping column"),
    ("heatmap", {"options": {"mark": "municipality"}}, r"`options.mark` names 'municipality', which is not a true/false"),
    ("likert", {"by": ("site_kind", "wave")}, r"`by` names \['site_kind'\], which the study's responses do not have"),
    ("likert", {"items": ("age",)}, r"item 'age' is a numeric variable; kind `likert` needs items on a scale"),
    ("likert", {"items": ("age_group",)}, r"item 'age_group' is a single variable.*use a table of `kind: table`"),
    ("did", {"options": {"groups": ["always_separate", "became_co_located"]}}, r"a did needs `options.group`"),
    ("did", {"options": {"group": "colocation_path", "groups": ["always_separate", "never"]}},
     r"`options.groups` names \['never'\], which no respondent has in 'colocation_path'.*values in the data"),
    ("did", {"options": {"group": "colocation_path", "groups": ["always_separate"]}}, r"must list two values"),
    ("change", {"options": {"waves": ["1", "3"]}}, r"`options.waves` must name two different waves"),
    ("change", {"options": {"waves": ["2", "1"]}},  # was the negative of the change, unannounced
     r"`options.waves` lists '2' before '1', but '2' is the later wave .*write `waves: \['1', '2'\]`"),
    ("did", {"options": {"group": "colocation_path", "groups": ["always_separate", "became_co_located"],
                         "waves": ["2", "1"]}}, r"`options.waves` lists '2' before '1'"),
    ("change", {"options": {"wave": ["1", "2"]}}, r"unknown option\(s\) \['wave'\]"),
    ("adjusted", {"options": {"covariates": ["age_group"]}}, r"needs `options.effect`"),
    ("adjusted", {"options": {"effect": "co_located", "covariates": ["income"]}}, r"`options.covariates` names \['income'\]"),
    ("multi", {"items": ("help_ease",)}, r"item 'help_ease' is a likert variable; kind `multi` needs items of type multi"),
    ("weights", {"by": ("wave", "municipality")}, r"kind `weights` takes no `by` .*remove `by: \['wave', 'municipality'\]`"),
    ("did", {"by": ("site_type", "wave")}, r"kind `did` takes no `by`"),
    ("adjusted", {"by": ("site_type",)}, r"kind `adjusted` takes no `by` \(one model"),
])
def test_recipe_entries_are_checked_against_the_study(study, specs, kind, changes, message):
    spec = next(s for s in specs.values() if s.kind == kind)
    bad = dataclasses.replace(spec, **changes)
    with pytest.raises(ConfigError, match=message) as err:
        FIGURES[kind].check(bad, study)
    assert str(err.value).startswith(f"{study.config.report_path}: `figures[")  # names the entry to change


def test_a_study_without_weighting_has_no_weights_figure(tmp_path, specs):
    from tests.test_report_studies import write_one_wave_study

    study = load_study(write_one_wave_study(tmp_path))
    with pytest.raises(ConfigError, match=r"not weighted \(surveykit.yaml `weighting.method: none`\)"):
        FIGURES["weights"].check(specs["weights"], study)
    with pytest.raises(ConfigError, match=r"compares waves, and the study has one \('v24'"):
        FIGURES["change"].check(dataclasses.replace(specs["change_by_site_type"], items=("help",), by=()), study)
