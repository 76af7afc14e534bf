"""Other studies than the embedded one build a report in only their own words.

A one-wave, unweighted study without sites (English) and a three-wave study with sites and
co-location paths over three waves are written here from scratch, built, and every text a
reader sees (figure texts, the page, the workbook, the tables) is checked: no words of the
library project, no "Year 1" for waves labelled otherwise, no weighting text when unweighted.
"""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from surveykit.plots import report_theme
from surveykit.report import build
from surveykit.report.build import check_recipe
from surveykit.report.figures import FIGURES, draw
from surveykit.report.items import analysis_design
from surveykit.report.spec import load_recipe
from surveykit.study import load_study

CODEBOOK = """\
scales:
  agree4:
    levels:
      - {code: 1, label: {en: Disagree, nb: Uenig}}
      - {code: 2, label: {en: Rather disagree, nb: Litt uenig}}
      - {code: 3, label: {en: Rather agree, nb: Litt enig}}
      - {code: 4, label: {en: Agree, nb: Enig}}
    nonsubstantive:
      - {code: 9, label: {en: Cannot say, nb: Vet ikke}}
    top_box: [3, 4]
  gender:
    ordered: false
    levels:
      - {code: 1, label: {en: Man, nb: Mann}}
      - {code: 2, label: {en: Woman, nb: Kvinne}}
variables:
  - {name: respondent_id, type: id, sources: {%(ids)s}}
  - {name: gender, type: single, scale: gender, label: {en: Gender, nb: Kjønn}, sources: {%(gender)s}}
  - {name: help, type: likert, scale: agree4, label: {en: Easy to get help, nb: Lett å få hjelp}, sources: {%(help)s}}
  - {name: welcome, type: likert, scale: agree4, label: {en: I feel welcome, nb: Velkommen}, sources: {%(welcome)s}}
  - {name: visits, type: numeric, label: {en: Visits last year, nb: Besøk}, valid: [0, 400], sources: {%(visits)s}}
%(site)s"""

ONE_WAVE_REPORT = """\
figures:
  - {id: answers, kind: likert, items: [help, welcome], by: [gender], title: {en: Answers}}
  - {id: means, kind: means, items: [help, welcome, visits], by: [gender], title: {en: Means}}
  - {id: grid, kind: heatmap, items: [help, welcome, visits], by: [gender], title: {en: Grid}}
tables:
  - {id: agree, kind: topbox, items: [help, welcome], by: [gender]}
"""


def _export(rng: np.random.Generator, n: int, site_values: list[str] | None, shift: float = 0.0) -> pd.DataFrame:
    answers = np.array([1, 2, 3, 4, 9])
    frame = pd.DataFrame({
        "id": [f"r{rng.integers(10**6)}_{i}" for i in range(n)],
        "gender": rng.choice(["Man", "Woman"], n),
        "help": rng.choice(answers, n, p=[0.1, 0.15, 0.3 - shift, 0.35 + shift, 0.1]),
        "welcome": rng.choice(answers, n, p=[0.05, 0.1, 0.35, 0.45, 0.05]),
        "visits": rng.integers(0, 60, n),
    })
    if site_values:
        frame["site"] = rng.choice(site_values, n)
    return frame


def _sources(key: str, waves: list[str]) -> str:
    return ", ".join(f'"{w}": {{column: {key}}}' for w in waves)


def write_one_wave_study(root: Path, n: int = 160) -> Path:
    """A one-wave, unweighted study without sites, in English."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "data" / "raw").mkdir(parents=True, exist_ok=True)
    (root / "surveykit.yaml").write_text(textwrap.dedent("""\
        study: {name: "Citizen panel North", language: en, source: "Citizen panel North 2024"}
        waves:
          - {id: v24, label: {en: "Spring 2024", nb: "Våren 2024"}, file: data/raw/export.csv, field_date: 2024-03-01}
        screening:
          duplicate: {variable: respondent_id}
        weighting: {method: none}
        privacy: {min_cell: 5}
        """), encoding="utf-8")
    fields = {k: _sources(k if k != "ids" else "id", ["v24"]) for k in ("ids", "gender", "help", "welcome", "visits")}
    (root / "config" / "codebook.yaml").write_text(CODEBOOK % {**fields, "site": ""}, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(ONE_WAVE_REPORT, encoding="utf-8")
    _export(np.random.default_rng(11), n, None).to_csv(root / "data" / "raw" / "export.csv", index=False)
    return root


THREE_WAVE_SITES = """\
site_id,label,district,aliases,co_located,valid_from,valid_to
n,North hall,East,,true,,
m,Mill street,West,,false,,2022-12-31
m,Mill street,West,,true,2023-01-01,
s,South corner,West,,false,,
"""

THREE_WAVE_YAML = """\
study: {name: "Three rounds", language: en, source: "Round survey"}
waves:
  - {id: a, label: "Round A", file: data/raw/a.csv, field_date: 2022-05-01}
  - {id: b, label: "Round B", file: data/raw/b.csv, field_date: 2023-05-01}
  - {id: c, label: "Round C", file: data/raw/c.csv, field_date: 2024-05-01}
weighting: {method: none}
privacy: {min_cell: 5}
sites:
  columns:
    district: {label: District}
    co_located: {type: boolean, label: Shared building}
  groupings:
    building:
      from: co_located
      label: Building
      levels:
        shared: {when: true, label: Shared}
        own: {when: false, label: Own}
    history:
      from: building
      label: Building over the rounds
      levels:
        always_shared: {path: [shared, shared, shared], label: Shared throughout}
        always_own: {path: [own, own, own], label: Own throughout}
        moved_in: {path: [own, shared, shared], label: Moved in after round A}
"""

THREE_WAVE_REPORT = """\
figures:
  - {id: answers, kind: likert, items: [help], by: [building, wave], title: Answers}
  - {id: change, kind: change, items: [help, welcome], by: [history], title: Change}
  - {id: moved, kind: did, items: [help], title: Moved in, options: {group: history, groups: [always_own, moved_in]}}
  - {id: grid, kind: heatmap, items: [help, welcome], by: [site, wave], title: Grid,
     options: {columns_by: district, mark: co_located}}
tables:
  - {id: agree, kind: topbox, items: [help], by: [building, wave]}
"""


def write_three_wave_study(root: Path, n: int = 150) -> Path:
    """Three waves, three sites, one of which moved into a shared building after the first."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    (root / "data" / "raw").mkdir(parents=True, exist_ok=True)
    (root / "surveykit.yaml").write_text(THREE_WAVE_YAML, encoding="utf-8")
    waves = ["a", "b", "c"]
    fields = {k: _sources(k if k != "ids" else "id", waves) for k in ("ids", "gender", "help", "welcome", "visits")}
    site = f"  - {{name: site, type: site, label: Site, sources: {{{_sources('site', waves)}}}}}\n"
    (root / "config" / "codebook.yaml").write_text(CODEBOOK % {**fields, "site": site}, encoding="utf-8")
    (root / "config" / "sites.csv").write_text(THREE_WAVE_SITES, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(THREE_WAVE_REPORT, encoding="utf-8")
    rng = np.random.default_rng(12)
    for k, wave in enumerate(waves):
        _export(rng, n, ["North hall", "Mill street", "South corner"], shift=0.05 * k).to_csv(
            root / "data" / "raw" / f"{wave}.csv", index=False)
    return root


def _figure_texts(study) -> str:
    """Every text of every recipe figure as drawn (titles, ticks, legends, notes, footer)."""
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    design = analysis_design(study)
    p = study.presentation()
    texts = [p.footer]
    with report_theme():
        for spec in recipe.figures:
            fig = draw(spec.kind, FIGURES[spec.kind].compute(study, design, spec), p, spec.text(p.language))
            texts += [t.get_text() for t in fig.findobj(Text)]
            plt.close(fig)
    return "\n".join(texts)


def _reader_texts(root: Path) -> str:
    """The page (without its images), the workbook's cells and the tables, as text."""
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r'src="data:image/png;base64,[^"]*"', "", page)
    with zipfile.ZipFile(root / "reports" / "tables.xlsx") as z:
        book = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    tables = "\n".join(x.read_text(encoding="utf-8") for x in sorted((root / "reports" / "tables").glob("*.csv")))
    return "\n".join([page, book, tables])


PROJECT_WORDS = ["co-located", "co_located", "samlokali", "separate", "site type", "organisering", "colocation",
                 "difference in differences", "forskjell i endring", "did", "year 1", "year 2", "år 1", "år 2",
                 "innbyggertorg", "bibliotek", "drammen", "østfold", "synthetic", "syntetisk"]
WEIGHTING_WORDS = ["rake", "raking", "weighting", "population", "on the margins", "n_eff / max weight"]


@pytest.fixture(scope="module")
def one_wave(tmp_path_factory):
    root = write_one_wave_study(tmp_path_factory.mktemp("one"))
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1)
    return root, messages


@pytest.fixture(scope="module")
def three_waves(tmp_path_factory):
    root = write_three_wave_study(tmp_path_factory.mktemp("three"))
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1)
    return root, messages


def test_one_wave_unweighted_study_speaks_only_of_what_it_has(one_wave):
    root, messages = one_wave
    study = load_study(root)
    drawn = _figure_texts(study)
    read = _reader_texts(root)
    words = (drawn + "\n" + read).casefold()
    for word in PROJECT_WORDS + WEIGHTING_WORDS:
        assert not re.search(rf"\b{re.escape(word)}", words), word
    # no wave or site words in what is drawn or on the page (table columns are data: a `wave` column stays)
    page = re.sub(r"<table.*?</table>", "", (root / "reports" / "index.html").read_text(encoding="utf-8"), flags=re.S)
    for word in ["wave", "bølge", "survey", "site", "sted"]:
        assert not re.search(rf"\b{word}", (drawn + page).casefold()), word
    assert "Spring 2024" in drawn  # the wave's own label, in the footer
    assert "The answers are not weighted" in read and "Share of those who took a position" in read
    assert "Margins of error" in read and "With 160 answers the margin of error" in read
    progress = " ".join(messages)
    assert "no weighting (weighting.method: none)" in progress and "rake" not in progress
    assert {p.name for p in (root / "reports" / "figures").glob("*.png")} == {"answers.png", "means.png", "grid.png"}


def test_one_wave_unweighted_tables_have_n_eff_n_and_deff_1(one_wave):
    """Equal weights: no design effect (R's deff='replace'). In a domain of n_d of the study's
    N respondents R's value is (n_d − 1)/n_d · N/(N − 1), the two variances' n − 1 — within a
    percent of 1 here, and 1 for the whole sample; never the 0.0 and inf shown before."""
    root, _ = one_wave
    big_n = 160
    for name in ("answers", "means", "agree"):
        table = pd.read_csv(root / "reports" / "tables" / f"{name}.csv")
        shown = table[~table["suppressed"]]
        expected = (shown["n"] - 1) / shown["n"] * big_n / (big_n - 1)
        np.testing.assert_allclose(shown["deff"], expected, rtol=1e-9)
        np.testing.assert_allclose(shown["n_eff"], shown["n"] / expected, rtol=1e-9)
        assert shown["deff"].between(0.98, 1.0).all()


def test_three_wave_study_builds_with_its_own_words(three_waves):
    root, _ = three_waves
    study = load_study(root)
    drawn = _figure_texts(study)
    words = (drawn + "\n" + _reader_texts(root)).casefold()
    own = ("co_located", "did", "difference in differences")  # its own DiD figure and boolean column
    for word in [w for w in PROJECT_WORDS if w not in own] + WEIGHTING_WORDS:
        assert not re.search(rf"\b{re.escape(word)}", words), word
    for label in ("Round A", "Round B", "Round C", "Shared throughout", "Own throughout", "Moved in after round A",
                  "Shared building", "Mill street", "West"):
        assert label in drawn, label
    # paths over three waves, from the site periods
    paths = study.responses.groupby("site", observed=True)["history"].first().astype(str).to_dict()
    assert paths == {"n": "always_shared", "m": "moved_in", "s": "always_own"}
    # the change compares the first and the last round by default (the round between is drawn on the
    # line, its means in the table: tests/test_figures_change_waves.py); the DiD the configured groups
    change = pd.read_csv(root / "reports" / "tables" / "change_means.csv", dtype={"wave": str})
    assert set(change["wave"]) == {"a", "b", "c"}
    contrasts = pd.read_csv(root / "reports" / "tables" / "change_change.csv")
    assert set(contrasts["contrast"]) == {"wave: c - a"}
    did = pd.read_csv(root / "reports" / "tables" / "moved_means.csv", dtype={"wave": str})   # the round between drawn too
    assert set(did["history"]) == {"always_own", "moved_in"} and set(did["wave"]) == {"a", "b", "c"}
    contrasts = pd.read_csv(root / "reports" / "tables" / "moved_did.csv", dtype={"contrast_from": str, "contrast_to": str})
    assert set(zip(contrasts["contrast_from"], contrasts["contrast_to"], strict=True)) == {("a", "c")}


def test_three_wave_paths_must_give_one_value_per_wave(tmp_path):
    from surveykit.errors import ConfigError

    root = write_three_wave_study(tmp_path)
    text = (root / "surveykit.yaml").read_text(encoding="utf-8").replace("[own, shared, shared]", "[own, shared]")
    (root / "surveykit.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"levels.moved_in.path`: gives 2 value\(s\) but the study has 3 wave\(s\)"):
        load_study(root)


def test_a_recipe_that_does_not_fit_the_study_is_an_error_before_anything_is_drawn(tmp_path):
    from surveykit.errors import ConfigError

    root = write_one_wave_study(tmp_path)
    report = root / "config" / "report.yaml"
    report.write_text(ONE_WAVE_REPORT.replace("tables:", "  - {id: w, kind: weights}\n  - {id: h, kind: heatmap, "
                                              "items: [help]}\ntables:"), encoding="utf-8")
    study = load_study(root)
    recipe = load_recipe(report, known_variables=set(study.codebook.names()))
    with pytest.raises(ConfigError, match=r"report.yaml: `figures\[3\]` \('w'\): a weights figure .* not weighted"):
        check_recipe(recipe, study)
    with pytest.raises(ConfigError, match=r"not weighted"):
        build(root, jobs=1)
    assert not (root / "reports" / "figures").exists()  # nothing half-built
