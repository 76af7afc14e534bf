"""Reports of studies unlike the demo: unweighted, one wave, without sites, in other languages,
with scales that have no "don't know" answer. What a reader sees (the explorer page, the
index page, the workbook) is read back from the built files.

The studies are the one-wave study of tests/test_report_method_texts.py (``write_study``),
with a question on a scale without a non-substantive answer added (``rating``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_report_method_texts import add_replicates, built, write_study

RATING_SCALE = """\
  rate4:
    levels:
      - {code: 1, label: {en: Poor, nb: Dårlig, sv: Dålig, da: Dårlig, nn: Dårleg}}
      - {code: 2, label: {en: Fair, nb: Middels, sv: Medel, da: Middel, nn: Middels}}
      - {code: 3, label: {en: Good, nb: God, sv: Bra, da: God, nn: God}}
      - {code: 4, label: {en: Very good, nb: Svært god, sv: Mycket bra, da: Meget god, nn: Svært god}}
    top_box: [3, 4]
"""
RATING = ("  - {name: rating, type: likert, scale: rate4, label: {en: Rating of the service, nb: Vurdering av "
          "tjenesten}, sources: {v24: {column: rating}}}\n")


def with_rating(root: Path) -> Path:
    """Add ``rating``: a question on a four-point scale with no "don't know" answer."""
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8").replace("scales:\n", "scales:\n" + RATING_SCALE, 1)
    codebook.write_text(text + RATING, encoding="utf-8")
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame["rating"] = np.random.default_rng(3).choice([1, 2, 3, 4], len(frame), p=[0.1, 0.2, 0.4, 0.3])
    frame.to_csv(export, index=False)
    return root


def page_text(path: Path) -> str:
    """The visible text of a built page (scripts and styles left out)."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


EXPLORER = "tables:\n  - {id: explorer, kind: explorer, items: [help, welcome], by: [gender]}\n"
INTRO = {  # what the explorer's introduction says the numbers are
    ("sv", "unweighted"): "oviktade andelar och medelvärden (varje svar räknas lika) med 95 % konfidensintervall",
    ("en", "unweighted"): "unweighted shares and means (every answer counts the same) with 95% confidence intervals",
    ("nb", "weighted"): "vektede andeler og gjennomsnitt med 95 % konfidensintervall.",
    ("da", "replicates"): "vægtede andele og gennemsnit med 95 % konfidensintervaller beregnet ud fra replikatvægtene",
}


@pytest.mark.parametrize(("language", "weighting"), list(INTRO))
def test_explorer_says_how_its_numbers_are_weighted(tmp_path, language, weighting):
    """The explorer said "viktade andelar" / "weighted shares" in an unweighted study (the index
    page said unweighted); it says what is true of the study."""
    root = write_study(tmp_path, language, weighted=weighting == "weighted", report=EXPLORER)
    if weighting == "replicates":
        add_replicates(root)
    built(root)
    text = page_text(root / "reports" / "explorer.html")
    assert INTRO[language, weighting] in text, text[:600]
    if weighting == "unweighted":
        assert not re.search(r"(?<![a-zæøå])(viktade|weighted)", text), text[:600]


class _Tables(HTMLParser):
    """The tables of a page: each a list of rows, each row the text of its cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(root: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed((root / "reports" / "index.html").read_text(encoding="utf-8"))
    return [t for t in parser.tables if t]


def table_with(root: Path, cell: str) -> list[list[str]]:
    """The page's table whose header row holds ``cell``."""
    return next(t for t in page_tables(root) if cell in t[0])


TOPBOX = "tables:\n  - {id: agree, kind: topbox, items: [rating, help], by: [gender]}\n"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_topbox_dont_know_cells_of_a_scale_without_dont_know_are_blank(tmp_path, language):
    """A top-box table with a question whose scale has no "don't know" printed `nan` in every
    "Vet inte · ..." cell of its row; and the don't-know shares were matched to the questions by
    position, so with that question first the other question's shares stood in its row."""
    root, _ = built(with_rating(write_study(tmp_path, language, report=TOPBOX)))
    dk = {"sv": "Vet ikke", "en": "Cannot say"}[language]   # the codebook's label (sv falls back to nb)
    groups = ("Man", "Woman") if language == "en" else ("Mann", "Kvinne")
    table = table_with(root, f"{dk} · {groups[0]}")
    header, rows = table[0], {row[0]: row for row in table[1:]}
    rating = rows[{"sv": "Vurdering av tjenesten", "en": "Rating of the service"}[language]]
    help_ = rows[{"sv": "Lett å få hjelp", "en": "Easy to get help"}[language]]
    csv = pd.read_csv(root / "reports" / "tables" / "agree.csv")
    for group in groups:
        column = header.index(f"{dk} · {group}")
        assert rating[column] == "", (group, rating)
        share = csv[(csv["variable"] == "help") & (csv["level"] == dk) & (csv["gender"] == group)]["estimate"].item()
        shown = f"{share * 100:.1f}".replace(".", "," if language != "en" else ".")
        assert help_[column].startswith(shown), (group, help_[column], share)
    assert "nan" not in " ".join(" ".join(row) for row in table)


SHARE_TABLE = ("tables:\n  - {id: tab, kind: table, items: [rating, help], by: [gender], "
               "options: {dont_know: row}}\n")


def test_table_dont_know_row_only_for_scales_with_that_answer(tmp_path):
    """`kind: table` with `dont_know: row` invented a "Vet inte 0,0 % [0,0; 0,0]" row for a
    question whose scale has no don't-know answer."""
    root, _ = built(with_rating(write_study(tmp_path, "sv", report=SHARE_TABLE)))
    csv = pd.read_csv(root / "reports" / "tables" / "tab.csv")
    assert set(csv[csv["variable"] == "rating"]["level"]) == {"Dålig", "Medel", "Bra", "Mycket bra"}
    assert "Vet ikke" in set(csv[csv["variable"] == "help"]["level"])
    table = table_with(root, "Mann")
    labels = [row[0] for row in table]
    start = labels.index("Vurdering av tjenesten")
    end = labels.index("Lett å få hjelp")
    assert "Vet ikke" not in labels[start:end], labels
    assert "Vet ikke" in labels[end:], labels
    assert not any("0,0 % [0,0; 0,0]" in " ".join(row) for row in table), table


UNTITLED = """\
figures:
  - {id: dist, kind: likert, items: [help, welcome], by: [gender]}
  - {id: avg, kind: means, items: [help, welcome], by: [gender]}
  - {id: grid, kind: heatmap, items: [help, welcome], by: [gender]}
  - {id: avg_all, kind: means, items: [help, welcome]}
"""
UNTITLED_SHOWN = {  # what each untitled figure shows, before its questions' labels
    "da": ["Fordeling af svar efter Kjønn", "Gennemsnit efter Kjønn", "Varmekort over gennemsnit efter Kjønn",
           "Gennemsnit"],
    "en": ["Distribution of answers by Gender", "Mean by Gender", "Heat map of means by Gender", "Mean"],
}


@pytest.mark.parametrize("language", list(UNTITLED_SHOWN))
def test_untitled_figures_say_what_each_shows(tmp_path, language):
    """Figures without `title:` (distribution, means, heat map of the same questions) were all
    headed, captioned and described (alt text) by the questions' labels alone, alike."""
    root, _ = built(write_study(tmp_path, language, report=UNTITLED))
    page = html.unescape((root / "reports" / "index.html").read_text(encoding="utf-8"))
    alts = re.findall(r'<img alt="([^"]*)"', page)
    captions = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.S)]
    items = "Easy to get help; I feel welcome" if language == "en" else "Lett å få hjelp; Velkommen"
    figure = {"da": "Figur", "en": "Figure"}[language]
    assert alts == [f"{figure} {k}: {what}: {items}" for k, what in enumerate(UNTITLED_SHOWN[language], start=1)]
    for k, what in enumerate(UNTITLED_SHOWN[language], start=1):
        assert captions[k - 1].startswith(f"{figure} {k}. {what}: {items}."), captions[k - 1]
    assert len(set(alts)) == len(alts)


def sheet_rows(root: Path, name: str) -> list[dict[str, object]]:
    """A workbook sheet's rows, each a dict header -> cell."""
    from openpyxl import load_workbook

    ws = load_workbook(root / "reports" / "tables.xlsx", read_only=True)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


THREE_WAVE_COMPARISONS = """\
figures:
  - {id: change, kind: change, items: [help], by: [history], title: Change}
  - {id: moved, kind: did, items: [help], title: Moved in, options: {group: history, groups: [always_own, moved_in]}}
  - {id: adj, kind: adjusted, items: [help], title: Adjusted, options: {effect: building, covariates: [wave]}}
tables:
  - {id: tab, kind: table, items: [help], by: [building]}
"""


def test_workbook_names_comparisons_terms_in_the_reports_words(tmp_path):
    """The workbook's comparison column held `wave: c - a` and `(history=moved_in: wave c - a) -
    (history=always_own: wave c - a)`, a test sheet `help x building`, a model sheet `Intercept`:
    the estimators' codes and variable names. They are shown by their labels (the tidy CSVs keep
    the codes)."""
    from tests.test_report_studies import write_three_wave_study

    root = write_three_wave_study(tmp_path)
    (root / "config" / "report.yaml").write_text(THREE_WAVE_COMPARISONS, encoding="utf-8")
    built(root)
    change = sheet_rows(root, "change_change")
    assert {r["Comparison"] for r in change} == {"Wave: Round C − Round A"}
    did = sheet_rows(root, "moved_did")
    assert {r["Comparison"] for r in did} == {
        "(Moved in after round A: Round C − Round A) − (Own throughout: Round C − Round A)"}
    tests = sheet_rows(root, "tab_tests")
    assert {r["Comparison"] for r in tests} == {"Easy to get help × Building"}
    terms = [r["Term"] for r in sheet_rows(root, "adj")]
    assert terms[0] == "Intercept" and all(" x " not in str(t) for t in terms), terms
    csv = pd.read_csv(root / "reports" / "tables" / "change_change.csv")
    assert set(csv["contrast"]) == {"wave: c - a"}   # the machine-readable form stays in the CSV


@pytest.mark.parametrize(("language", "intercept"), [("nb", "Konstantledd"), ("da", "Konstant"), ("sv", "Konstant")])
def test_workbook_intercept_and_composition_sources_in_the_reports_language(tmp_path, language, intercept):
    """A model sheet's `Intercept` row and the weights composition's source column
    (`sample`/`population`/`weighted`) were English codes in every language."""
    report = ("figures:\n  - {id: w, kind: weights}\n"
              "  - {id: adj, kind: adjusted, items: [help], title: Adj, options: {effect: gender, covariates: []}}\n")
    root = write_study(tmp_path, language, weighted=True, report=report)
    built(root)
    terms = sheet_rows(root, "adj")
    term_column = next(k for k in terms[0] if k in ("Forklaringsvariabel", "Forklarende variabel",
                                                   "Förklaringsvariabel"))
    assert terms[0][term_column] == intercept
    sources = {"nb": {"Utvalg, uvektet", "Utvalg, vektet", "Befolkning"},
               "da": {"Stikprøve, uvægtet", "Stikprøve, vægtet", "Befolkning"},
               "sv": {"Urval, oviktat", "Urval, viktat", "Befolkning"}}[language]
    composition = sheet_rows(root, "w_composition")
    source_column = {"nb": "Kilde", "da": "Kilde", "sv": "Källa"}[language]
    assert {r[source_column] for r in composition} == sources


def test_build_and_validate_warn_once_of_texts_missing_in_the_reports_language(tmp_path, capsys):
    """A study in Danish whose codebook has only nb/en labels was built in bokmål without a word:
    figure titles, question labels, "Vet ikke", notes. validate and build now say, once, how many
    of the study's texts have no `da` entry, with examples."""
    from surveykit.cli import main
    from surveykit.errors import SurveykitWarning

    report = ("figures:\n  - {id: answers, kind: likert, items: [help], by: [gender], title: {nb: Svar, en: Answers}}\n"
              "notes:\n  - {title: {nb: Merk, en: Note}, text: Plain text for every language.}\n")
    root = write_study(tmp_path, "da", report=report)
    with pytest.warns(SurveykitWarning) as caught:
        built(root)
    said = [str(w.message) for w in caught if "no `da` entry" in str(w.message)]
    # the wave's label, four variable labels, the scales' seven levels; the figure's title and the
    # note's title (its text is plain text, meant for every language)
    assert len(said) == 1, said
    assert said[0].startswith("14 texts of the study have no `da` entry and are shown in another language "
                              "(surveykit.yaml: 1, config/codebook.yaml: 11, config/report.yaml: 2)"), said[0]
    assert "config/codebook.yaml variables.gender: label ('Kjønn')" in said[0]
    assert "config/report.yaml figures.answers: title ('Svar')" in said[0]
    from surveykit.config.translations import study_texts, untranslated
    from surveykit.study import load_study

    study = load_study(root)
    places = [where for _, where, _ in untranslated(study_texts(study.config, study.codebook), "da")]
    assert "scales.agree4: level 9" in places and "scales.gender: level 1" in places, places   # as the codebook writes them
    capsys.readouterr()
    assert main(["validate", "--no-write", "--study", str(root)]) == 0
    err = capsys.readouterr().err
    assert err.count("no `da` entry") == 1 and "14 texts of the study" in err, err


def test_no_warning_when_every_text_has_the_language(tmp_path):
    import warnings

    root = write_study(tmp_path, "en")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built(root)
    assert not [w for w in caught if "entry and" in str(w.message)]


def _explorer_csv(root: Path, breakdowns: list[int]) -> list[str]:
    """The CSV the explorer's download button writes, for each breakdown (its place in the list)."""
    from tests.browser import DESKTOP, Browser

    out = []
    with Browser() as browser, browser.tab(root / "reports" / "explorer.html", DESKTOP) as tab:
        for breakdown in breakdowns:
            tab.eval(f"document.getElementById('b').value = '{breakdown}'; "
                     "document.getElementById('b').dispatchEvent(new Event('change')); "
                     "document.getElementById('download').click(); 1")
            out.append(tab.eval("window.__skCsv"))
    return out


def _few_women(root: Path, women: int = 8) -> Path:
    """Give the study's export only ``women`` women and a min_cell of 20: their numbers are suppressed."""
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame["gender"] = ["Woman" if k < women else "Man" for k in range(len(frame))]
    frame.to_csv(export, index=False)
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("min_cell: 5", "min_cell: 20"), encoding="utf-8")
    return root


@pytest.mark.parametrize("language", ["sv", "en"])
def test_explorer_csv_download_reads_in_the_readers_spreadsheet(tmp_path, language):
    """The explorer's CSV download was comma-separated with decimal points in every language,
    its share columns did not say they are percentages, and a suppressed number was an empty
    cell. Nordic languages: ";" and decimal commas (as Nordic Excel reads a CSV file)."""
    import csv
    import io

    from tests.browser import chromium

    if chromium() is None:
        pytest.skip("no Chromium")
    root, _ = built(_few_women(write_study(tmp_path, language, report=EXPLORER)))
    sep = ";" if language == "sv" else ","
    every, by_gender = ([row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep) if row]
                        for text in _explorer_csv(root, [0, 1]))   # all answers; by gender
    header = every[1]
    agree = "Agree" if language == "en" else "Enig"   # the codebook's label (sv falls back to nb)
    assert header[:3] == [{"en": "Group", "sv": "Grupp"}[language], "n", {
        "en": "Disagree (%)", "sv": "Uenig (%)"}[language]], header
    published = pd.read_csv(root / "reports" / "tables" / "explorer.csv")
    share = published[(published["variable"] == "help") & (published["level"] == agree)]["estimate"].item()
    shown = f"{share * 100:.1f}"
    assert every[2][header.index(f"{agree} (%)")] == (shown.replace(".", ",") if language == "sv" else shown)
    mean = published[(published["variable"] == "help") & published["level"].isna()]["estimate"].item()
    column = header.index({"en": "Mean", "sv": "Medelvärde"}[language])
    assert every[2][column] == (f"{mean:.2f}".replace(".", ",") if language == "sv" else f"{mean:.2f}")
    # eight women: their numbers (and the men's, which would give them away) are suppressed
    rows = [row for row in by_gender[2:] if len(row) > 2]
    assert len(rows) == 2 and all(set(row[1:]) == {"–"} for row in rows), rows   # the page's mark, not empty
    assert by_gender[-1][0].startswith("–  "), by_gender[-1]   # and what the mark means

