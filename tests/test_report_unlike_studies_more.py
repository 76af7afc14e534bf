"""Reports of studies configured unlike the demo (a Danish study with 40 sites whose second
wave asked only half the questions, ...): what their reader sees, read back from the figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import surveykit as sk
from surveykit.plots.theme import report_theme
from surveykit.presentation import Presentation
from surveykit.report.figures.heatmap import HeatmapResult, draw_heatmap
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)

AGREE = ["Meget uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Meget enig"]


def _forty_sites_second_wave_asks_half(sites: int = 40) -> pd.DataFrame:
    """Means of ``velkommen`` (asked in both waves) and ``aabning`` (only in 2023) by site × wave."""
    rng = np.random.default_rng(5)
    n = 3200
    frame = pd.DataFrame({
        "velkommen": pd.Categorical(rng.choice(AGREE, n), AGREE, ordered=True),
        "aabning": pd.Categorical(rng.choice(AGREE, n), AGREE, ordered=True),
        "site": [f"s{i:02d}" for i in rng.integers(0, sites, n)],
        "wave": pd.Categorical(np.repeat(["2023", "2025"], n // 2), ["2023", "2025"], ordered=True),
        "w": 1.0,
    })
    frame.loc[frame["wave"] == "2025", "aabning"] = None
    return sk.score(sk.Design(frame, weights="w"), ["velkommen", "aabning"], by=["site", "wave"])


def _legend_entries(fig) -> dict:
    """The figure's legend entries: label -> handle."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return {t.get_text(): h for legend in legends for t, h in zip(legend.get_texts(), legend.legend_handles,
                                                                     strict=True)}


def test_heatmap_of_many_sites_says_what_its_empty_frames_of_a_question_not_asked_mean():
    """With 40 sites the cells show colour only; the 2025 cells of a question only 2023 asked were
    drawn as 80 empty white frames and nothing in the figure said what they were (the legend entry
    "Ikke stillet: ..." was added only when the words "ikke stillet" were written in the cells)."""
    means = _forty_sites_second_wave_asks_half()
    p = Presentation("da", names={"velkommen": "Jeg føler mig velkommen", "aabning": "Åbningstiderne passer mig"},
                     scales={"velkommen": (1, 5, AGREE[0], AGREE[-1]), "aabning": (1, 5, AGREE[0], AGREE[-1])},
                     not_asked=frozenset({("aabning", "2025")}))
    with report_theme():
        fig = draw_heatmap(HeatmapResult(means, ("velkommen", "aabning"), "site", "wave"), p)
    frames = [a for ax in fig.axes for a in ax.patches if a.get_gid() == "not_asked_cell"]
    assert len(frames) == 40                      # every site of 2025, framed, without words
    assert not [t for ax in fig.axes for t in ax.texts if t.get_gid() == "not_asked"]
    entries = _legend_entries(fig)
    symbol = entries["Ikke stillet: spørgsmålet var ikke med i den runde"]
    # the entry's symbol is the frame drawn in the cells
    assert to_rgba(symbol.get_edgecolor()) == to_rgba(frames[0].get_edgecolor())
    assert to_rgba(symbol.get_facecolor()) == to_rgba(frames[0].get_facecolor())


def _explorer_download(root, views: list[tuple[str, str, int]]) -> list[list[list[str]]]:
    """The explorer's CSV download (rows of cells) of each view: (question, breakdown, wave index)."""
    import csv
    import io
    import json

    from tests.browser import DESKTOP, Browser

    out = []
    with Browser() as browser, browser.tab(root / "reports" / "explorer.html", DESKTOP) as tab:
        for question, breakdown, wave in views:
            tab.eval(f"""(() => {{ const pick = (id, text) => {{ const s = document.getElementById(id);
                s.value = [...s.options].find((o) => o.textContent === text).value;
                s.dispatchEvent(new Event('change')); }};
                pick('q', {json.dumps(question)}); pick('b', {json.dumps(breakdown)});
                const w = document.getElementById('w'); w.value = '{wave}'; w.dispatchEvent(new Event('change'));
                document.getElementById('download').click(); }})()""")
            text = tab.eval("window.__skCsv").lstrip("\ufeff")
            out.append([row for row in csv.reader(io.StringIO(text)) if row])
    return out


def test_explorer_download_says_not_asked_where_the_page_does_not_suppressed(tmp_path, monkeypatch):
    """A view of a question its wave did not ask showed "not asked" in every cell on the page, but
    its CSV download held "–" in every cell and ended "–  Suppressed (privacy)": the reader's
    spreadsheet said the numbers were hidden for privacy. Viewed by wave, the note saying what
    "not asked" means was missing from the download too."""
    from surveykit.report import build
    from tests.test_unlike_studies_weighting import unasked_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = unasked_study(tmp_path / "study")     # three waves (2022, 2023, 2024); "I feel welcome" not in 2022
    (root / "config" / "report.yaml").write_text(
        "tables:\n  - {id: explorer, kind: explorer, items: [help, welcome], by: [gender]}\n", encoding="utf-8")
    build(root, jobs=1)
    by_gender, by_wave = _explorer_download(root, [("I feel welcome", "Gender", 0), ("I feel welcome", "Wave", 0)])
    note = "Not asked: the question was not part of that wave"
    header, rows = by_gender[1], by_gender[2:4]
    assert [row[:2] for row in rows] == [["Man", "0"], ["Woman", "0"]]
    for row in rows:
        assert "–" not in row, row
        estimates = [row[i] for i, name in enumerate(header) if i > 1 and ": " not in name]
        assert estimates and set(estimates) == {"not asked"}, row
    assert not [line for line in by_gender if line[0].startswith("–")], by_gender   # nothing was suppressed
    assert any(note in line[0] for line in by_gender[4:]), by_gender
    # by wave: 2022 not asked, 2023 and 2024 with their numbers; the note said once under the rows
    assert by_wave[2][:2] == ["2022", "0"] and by_wave[2][2] == "not asked"
    assert by_wave[3][2].replace(".", "").isdigit() and by_wave[4][2].replace(".", "").isdigit()
    assert [line[0] for line in by_wave[5:]].count(note) == 1, by_wave


def test_weights_figure_lists_a_derived_groups_cells_in_the_codebooks_order(tmp_path, monkeypatch):
    """A study raked by gender and by a derived group labelled "Under 10", "10-29", "30+" drew the
    group's cells in the weights figure as sorted words: "10-29", "30+", "Under 10" (and "Woman"
    before "Man" where the codebook says Man, Woman); every other figure keeps the codebook's order."""
    import matplotlib.pyplot as plt

    from surveykit.report.figures import FIGURES, draw
    from surveykit.report.items import analysis_design
    from surveykit.report.spec import load_recipe
    from surveykit.study import load_study
    from tests.test_report_method_texts import write_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_study(tmp_path, "en", weighted=True, report="figures:\n  - {id: w, kind: weights}\n")
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8").replace("{en: Man, nb: Mann}}", "{en: Zeta man, nb: Mann}, aliases: [Man]}")
    codebook.write_text(text + "  - {name: visit_group, type: single, label: {en: Visits}, derive: {from: visits, "
                        "breaks: [0, 10, 30], labels: [Under 10, 10-29, 30+]}}\n", encoding="utf-8")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("margins: [[gender]]",
                                                                 "margins: [[gender], [visit_group]]"), encoding="utf-8")
    rows = [f"{g},{v},{n}" for g in ("Zeta man", "Woman") for v, n in (("Under 10", 800), ("10-29", 1500), ("30+", 2600))]
    (root / "config" / "population.csv").write_text("gender,visit_group,population\n" + "\n".join(rows) + "\n",
                                                    encoding="utf-8")
    study = load_study(root)
    [spec] = load_recipe(study.config.report_path, known_variables=set(study.codebook.names())).figures
    p = study.presentation()
    with report_theme():
        fig = draw("weights", FIGURES["weights"].compute(study, analysis_design(study), spec), p)
    ticks = [[t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes if ax.get_yticklabels()]
    plt.close(fig)
    assert ["Zeta man", "Woman"] in ticks and ["Under 10", "10-29", "30+"] in ticks, ticks


@pytest.mark.parametrize(("options", "message"), [
    ("{effect: gender, covariates: [wave]}",
     r"`figures\[0\]` \('adj'\): `options.covariates` names 'wave', and the study has one wave \('v24' in "
     r"surveykit.yaml\): a model cannot compare its values. Remove 'wave' from `options.covariates`."),
    ("{effect: wave, covariates: [gender]}",
     r"`figures\[0\]` \('adj'\): `options.effect` names 'wave', and the study has one wave .* Remove 'wave' from "
     r"`options.effect`, or the entry."),
])
def test_an_adjusted_figure_of_a_one_wave_study_is_refused_at_validate(tmp_path, monkeypatch, options, message):
    """An adjusted figure with the wave among its covariates (as the demo's) in a one-wave study
    passed `surveykit validate` and failed only at `build`, in the regression ("C(wave) ... has
    only 'v24' ... no contrast"): validate names the entry, the column and what to do."""
    from surveykit.errors import ConfigError
    from surveykit.report.build import check_recipe
    from surveykit.report.spec import load_recipe
    from surveykit.study import load_study
    from tests.test_report_method_texts import write_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_study(tmp_path, "en", report=f"figures:\n  - {{id: adj, kind: adjusted, items: [help], "
                                              f"options: {options}}}\n")
    study = load_study(root)
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    with pytest.raises(ConfigError, match=message):
        check_recipe(recipe, study)


def test_dashes_of_two_suppressed_neighbouring_groups_both_stay_at_the_left_edge():
    """A means figure by age group × wave whose youngest group was suppressed in both waves (a
    high `privacy.min_cell`): the second dash, a tenth of a row under the first, was taken as
    covered by it (the boxes of two lines of text overlap), moved right, past the next group's
    interval, and stood at x = 5 on a 0-10 axis, where it read as that group's estimate."""
    import matplotlib.pyplot as plt

    ages = ["Under 30", "30-59", "60+"]
    rows = [{"variable": item, "level": None, "age": age, "wave": wave, "n": 30 if age == ages[0] else 120,
             "estimate": np.nan if age == ages[0] else 4.5, "suppressed": age == ages[0]}
            for item in ("a", "b", "c") for age in ages for wave in ("2024", "2025")]
    frame = pd.DataFrame(rows).assign(conf_low=lambda f: f["estimate"] - 0.6, conf_high=lambda f: f["estimate"] + 0.6)
    p = Presentation("nn", scales={item: (0, 10, "0", "10") for item in "abc"})
    with report_theme():
        fig, ax = plt.subplots(figsize=(17 / 2.54, 12 / 2.54), dpi=200)   # the report's width and resolution
        sk.plot_estimates(frame, group=["age", "wave"], presentation=p, ax=ax, group_order={"age": ages})
        fig.canvas.draw()
    dashes = [t for t in ax.texts if t.get_gid() == "suppressed"]
    plt.close(fig)
    assert len(dashes) == 6 and {t.get_position()[0] for t in dashes} == {0.01}, [t.get_position() for t in dashes]


MULTI_CODEBOOK = """\
scales:
  sex:
    ordered: false
    levels:
      - {code: 1, label: {en: Male}}
      - {code: 2, label: {en: Female}}
variables:
  - {name: respondent_id, type: id, sources: {w1: {column: rid}}}
  - {name: gender, type: single, scale: sex, label: {en: Gender}, sources: {w1: {column: gender}}}
  - name: use
    type: multi
    label: {en: What do you use the library for}
    options: {books: {en: Borrow books}, study: {en: Study}, none: {en: Nothing}}
    sources: {w1: {columns: {books: use_0, study: use_1, none: use_2}}}
  - name: barriers
    type: multi
    label: {en: What keeps you from visiting more}
    options: {hours: {en: Opening hours}, parking: {en: Parking}, none: {en: Nothing}}
    sources: {w1: {columns: {hours: barriers_0, parking: barriers_1, none: barriers_2}}}
"""


def _multi_study(root):
    """A one-wave study whose questions are all multi-select (checkbox columns holding the option's
    text or nothing, as a survey tool's "one column per option" export); both end in "Nothing"."""
    (root / "config").mkdir(parents=True)
    (root / "data" / "raw").mkdir(parents=True)
    (root / "surveykit.yaml").write_text(
        "study: {name: Library check, synthetic: true, language: en}\n"
        "waves:\n  - {id: w1, label: '2025', file: data/raw/export.csv, field_date: 2025-02-01}\n"
        "weighting: {method: none}\nprivacy: {min_cell: 10}\n", encoding="utf-8")
    (root / "config" / "codebook.yaml").write_text(MULTI_CODEBOOK, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(
        "figures:\n  - {id: both, kind: multi, items: [barriers, use], by: [gender]}\n", encoding="utf-8")
    rng = np.random.default_rng(9)
    n = 200
    frame = pd.DataFrame({"rid": range(n), "gender": rng.choice(["Male", "Female"], n)})
    for item, options in (("use", ["Borrow books", "Study", "Nothing"]),
                          ("barriers", ["Opening hours", "Parking", "Nothing"])):
        for k, option in enumerate(options):
            frame[f"{item}_{k}"] = np.where(rng.random(n) < (0.6, 0.3, 0.15)[k], option, "")
    frame.to_csv(root / "data" / "raw" / "export.csv", index=False)
    return root


def test_multi_figure_of_two_questions_says_which_question_each_option_answers(tmp_path, monkeypatch):
    """A `multi` figure of two questions listed all their options as one list of bars: which
    question an option answered was nowhere said, and both questions' "Nothing" stood in it as two
    unnamed rows. Each question gets its panel, headed by it, on one x scale, one legend."""
    import matplotlib.pyplot as plt

    from surveykit.report.figures import FIGURES, draw
    from surveykit.report.items import analysis_design
    from surveykit.report.spec import load_recipe
    from surveykit.study import load_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    study = load_study(_multi_study(tmp_path / "study"))
    [spec] = load_recipe(study.config.report_path, known_variables=set(study.codebook.names())).figures
    p = study.presentation()
    with report_theme():
        fig = draw("multi", FIGURES["multi"].compute(study, analysis_design(study), spec), p)
    panels = [ax for ax in fig.axes if ax.get_yticklabels()]
    shown = [(ax.get_title(loc="left"), [t.get_text() for t in ax.get_yticklabels()]) for ax in panels]
    limits = {ax.get_xlim() for ax in panels}
    legends = [[t.get_text() for t in ax.get_legend().get_texts()] for ax in panels if ax.get_legend()]
    plt.close(fig)
    assert shown == [("What keeps you from visiting more", ["Opening hours", "Parking", "Nothing"]),
                     ("What do you use the library for", ["Borrow books", "Study", "Nothing"])], shown
    assert len(limits) == 1                       # one x scale: equal bars are equal shares
    assert legends == [["Male", "Female"]]        # one legend, under the last panel


def test_workbook_and_page_tables_name_a_renamed_site_as_each_wave_named_it(tmp_path, monkeypatch):
    """A site renamed between waves (config/sites.csv: a label per period) is named in each wave's
    panel of the heat map, in the figures' groups and in the explorer as that wave named it; the
    workbook's rows and the page's table columns of the first wave gave it the later name, one the
    first wave's readers never saw."""
    from openpyxl import load_workbook

    from tests.test_explorer_waves import RENAMED, _built
    from tests.test_report_unlike_studies import page_text

    report = ("tables:\n  - {id: top, kind: topbox, items: [help], by: [site, wave]}\n"
              "  - {id: tab, kind: table, items: [help], by: [site], options: {panel: wave}}\n")
    root = _built(tmp_path, monkeypatch, **{"config/sites.csv": RENAMED, "config/report.yaml": report})
    page = page_text(root / "reports" / "index.html")
    assert "Mjøndalen · År 1" in page and "Mjøndalen bibliotek og innbyggertorg · År 2" in page    # topbox
    assert "År 1 · Mjøndalen " in page and "År 2 · Mjøndalen bibliotek og innbyggertorg" in page   # table
    assert "innbyggertorg · År 1" not in page and "År 1 · Mjøndalen bibliotek" not in page
    sheet = load_workbook(root / "reports" / "tables.xlsx", read_only=True)["top"]
    rows = list(sheet.iter_rows(values_only=True))
    site, wave = rows[0].index("site"), rows[0].index("Runde")   # the mini codebook gives site no label
    names = {(row[wave], row[site]) for row in rows[1:] if row[site] not in ("Askim", None)}
    assert names == {("År 1", "Mjøndalen"), ("År 2", "Mjøndalen bibliotek og innbyggertorg")}, rows


def test_one_sided_distribution_with_every_row_suppressed_keeps_its_axis_and_marks():
    """A `likert` figure of a frequency scale (`diverging: false`) in a study whose
    `privacy.min_cell` hides every row: its axis shrank to 0-0 %, the rows' "– too few" marks (at
    50 %) fell outside it, and the figure's layout collapsed (matplotlib: "constrained_layout not
    applied because axes sizes collapsed to zero"; the legend cut off under the footer)."""
    import warnings

    import matplotlib.pyplot as plt

    often = ["Never", "Yearly", "Monthly", "Weekly"]
    shares = pd.DataFrame([{"variable": "visits", "age": age, "level": level, "estimate": np.nan, "conf_low": np.nan,
                            "conf_high": np.nan, "n": 120, "suppressed": True}
                           for age in ("Under 35", "35+") for level in often])
    with report_theme(), warnings.catch_warnings():
        warnings.simplefilter("error")            # a collapsed layout warns
        fig, ax = plt.subplots(figsize=(17 / 2.54, 6 / 2.54), layout="constrained")
        sk.plot_likert(shares, order=often, group="age", ax=ax, presentation=Presentation("en", min_cell=200),
                       diverging=False)
        fig.draw_without_rendering()
    low, high = ax.get_xlim()
    marks = [t for t in ax.texts if t.get_gid() == "suppressed"]
    plt.close(fig)
    assert low < 0 and high >= 1.0, (low, high)   # 0-100 %, as when the bars are drawn
    assert len(marks) == 2 and all(low < t.get_position()[0] < high for t in marks)


def test_a_topbox_table_with_suppressed_cells_says_what_its_dashes_mean(tmp_path, monkeypatch):
    """A study with few women and a `privacy.min_cell` above their number: the page's top-box table
    showed "–" in their cells (and the men's, which would give them away) and nothing under it said
    what "–" means; the other page tables say it in their footnote."""
    from tests.test_report_method_texts import built, write_study
    from tests.test_report_unlike_studies import _few_women, page_text

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = _few_women(write_study(tmp_path, "en", report="tables:\n  - {id: agree, kind: topbox, items: [help, welcome], "
                                                         "by: [gender]}\n"))
    built(root)
    text = page_text(root / "reports" / "index.html")
    table = text[text.index("Easy to get help"):text.index("The numbers as CSV: agree.csv")]
    assert "–" in table
    assert table.rstrip().endswith("– Suppressed (fewer than 20 responses, or to protect such a group)"), table


def test_heatmap_columns_by_a_value_that_changes_within_a_column_is_refused_at_validate(tmp_path, monkeypatch):
    """`columns_by: municipality` over sites one of which changed municipality between the waves
    (a merger: config/sites.csv gives it one per period) bracketed the site under the municipality
    of its first row in every wave's panel, without a word; so did a columns_by that is a
    person's answer (age group under gender). validate names the column and its values."""
    from surveykit.errors import ConfigError
    from surveykit.report.build import check_recipe
    from surveykit.report.spec import load_recipe
    from surveykit.study import load_study
    from tests.study_fixture import SITES_CSV, SURVEYKIT_SITES_YAML, write_mini_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    merged = SITES_CSV.replace("m,Mjøndalen,Drammen,bibliotek og innbyggertorg,", "m,Mjøndalen,Lier,bibliotek og innbyggertorg,")
    assert merged != SITES_CSV
    report = "figures:\n  - {id: h, kind: heatmap, items: [help], by: [site, wave], options: {columns_by: municipality}}\n"
    root = write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_SITES_YAML, "config/sites.csv": merged,
                                         "config/report.yaml": report})
    study = load_study(root)
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    with pytest.raises(ConfigError, match=r"`figures\[0\]` \('h'\): `options.columns_by` names 'municipality', which "
                                          r"has several values for one column of 'site': 'm' has 'Drammen', 'Lier'"):
        check_recipe(recipe, study)
    (root / "config" / "sites.csv").write_text(SITES_CSV, encoding="utf-8")    # fixed per site: drawn as before
    study = load_study(root)
    check_recipe(load_recipe(study.config.report_path, known_variables=set(study.codebook.names())), study)
