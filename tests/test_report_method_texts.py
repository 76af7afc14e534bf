"""The method texts of a built report (index.html's Method section, the workbook's method
sheets) in the study's own language and true to its design.

Small one-wave studies (tests/test_report_studies.py) are written in each language, weighted
or not, and built; what a reader sees is read back from the page and the workbook.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.labels import LANGUAGES
from surveykit.report import build
from tests.test_report_studies import write_one_wave_study

ONLY_TABLE = "tables:\n  - {id: agree, kind: topbox, items: [help, welcome], by: [gender]}\n"


def write_study(root: Path, language: str = "en", weighted: bool = False, report: str = ONLY_TABLE) -> Path:
    """The one-wave study in ``language``, raked to a population by gender when ``weighted``."""
    write_one_wave_study(root)
    config = root / "surveykit.yaml"
    text = config.read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    if weighted:
        text = text.replace("weighting: {method: none}", "weighting: {method: rake, population: config/population.csv, "
                            "margins: [[gender]]}")
        man, woman = ("Man", "Woman") if language == "en" else ("Mann", "Kvinne")  # the codebook's labels (nb fallback)
        (root / "config" / "population.csv").write_text(f"gender,population\n{man},5200\n{woman},4800\n",
                                                        encoding="utf-8")
    config.write_text(text, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(report, encoding="utf-8")
    return root


def add_replicates(root: Path, groups: int = 8, raked: bool = False) -> Path:
    """Give the study's export full-sample weights (finwt) and JK1 replicate weights (repwt1..),
    declared in the codebook and in surveykit.yaml's ``weighting.replicates``."""
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    rng = np.random.default_rng(5)
    frame["finwt"] = rng.uniform(20, 60, len(frame)).round(2)
    group = np.arange(len(frame)) % groups
    for r in range(groups):
        frame[f"repwt{r + 1}"] = np.where(group == r, 0.0, frame["finwt"] * groups / (groups - 1))
    frame.to_csv(export, index=False)
    declared = "".join(f"  - {{name: {c}, type: numeric, label: {{en: {label}, nb: {label}}}, "
                       f"sources: {{v24: {{column: {c}}}}}}}\n"
                       for c, label in [("finwt", "Final weight"), *((f"repwt{r + 1}", f"Replicate {r + 1}")
                                                                     for r in range(groups))])
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + declared, encoding="utf-8")
    config = root / "surveykit.yaml"
    replicates = "replicates: {weights: finwt, columns: '^repwt[0-9]+$', type: JK1, scale: 0.875, mse: true}"
    text = config.read_text(encoding="utf-8")
    text = (text.replace("margins: [[gender]]}", f"margins: [[gender]], {replicates}}}") if raked
            else text.replace("weighting: {method: none}", f"weighting: {{method: none, {replicates}}}"))
    config.write_text(text, encoding="utf-8")
    return root


def built(root: Path) -> tuple[Path, list[str]]:
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1)
    return root, messages


def method_section(root: Path) -> str:
    """The text of index.html's method section (after the last figure or table)."""
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    part = page[page.rfind("<h2"):] if "<h2" in page else page
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", part)))


def workbook(root: Path) -> dict[str, str]:
    """The workbook's sheets: name -> the text of its cells."""
    from openpyxl import load_workbook

    book = load_workbook(root / "reports" / "tables.xlsx", read_only=True)
    return {ws.title: " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
            for ws in book.worksheets}


# words of bokmål that the other language writes otherwise (the same word in both is not listed)
NOT_IN = {
    "nn": ["ikke", "hver", "hvert", "tall", "kommer", "fra", "vektet", "svarene", "undersøkelse", "bygger", "gjør",
           "skjules", "også", "tabeller", "figurer", "feilmarginer", "befolkningen", "marginene", "utvalg",
           "bølge", "vises", "uvektet"],
    "da": ["vektet", "vekting", "uvektet", "utvalg", "tall", "feilmargin", "feilmarginer", "standardfeil", "teller",
           "likt", "inntil", "undersøkelse", "om lag", "designbaserte", "hensyn", "usikkerhet", "vekt"],
    "sv": ["ikke", "vektet", "vekting", "svarene", "tall", "feilmarginer", "standardfeil", "undersøkelse", "teller",
           "hver", "også", "utvalg", "vekt", "fra"],
    "en": ["ikke", "vektet", "svarene", "tall", "og", "med", "feilmarginer", "undersøkelse", "vekt"],
}
OWN_WORDS = {"nn": ["ikkje", "vekta", "svara"], "da": ["vægtet", "stikprøve", "konfidensinterval"],
             "sv": ["viktade", "urval", "konfidensintervall"], "en": ["weighted", "sample", "confidence intervals"],
             "nb": ["vektet", "utvalg", "konfidensintervall"]}


@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "unweighted"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_method_section_and_sheet_are_in_the_studys_language(tmp_path, language, weighted):
    """A Danish or nynorsk study's Method section and method sheet are Danish or nynorsk, not
    bokmål (they were bokmål: nn and da took the nb texts)."""
    root, _ = built(write_study(tmp_path, language, weighted=weighted))
    section = method_section(root)
    method = [text for name, text in workbook(root).items() if name != "agree"]   # not the table's (nb) labels
    for text in (section, " ".join(method)):
        folded = text.casefold()
        for word in OWN_WORDS[language] if weighted else []:
            assert word in folded, (language, word, text[:400])
        for word in NOT_IN.get(language, []):
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded), (language, word, text[:600])


SHEETS = {"nb": ["Metode", "metode_feilmarginer", "metode_vektingsmarginer"],
          "nn": ["Metode", "metode_feilmarginar", "metode_vektingsmarginar"],
          "en": ["Method", "method_margins_of_error", "method_weighting_margins"],
          "sv": ["Metod", "metod_felmarginaler", "metod_viktningsmarginaler"],
          "da": ["Metode", "metode_fejlmarginer", "metode_vægtningsmarginer"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_method_sheets_are_named_in_the_studys_language(tmp_path, language):
    """The method sheets were `metode_feilmarginer` and `metode_vektingsmarginer` in every language."""
    root, _ = built(write_study(tmp_path, language, weighted=True))
    assert list(workbook(root)) == [*SHEETS[language], "agree"]
    unweighted, _ = built(write_study(tmp_path / "u", language))
    assert list(workbook(unweighted)) == [*SHEETS[language][:2], "agree"]


REPLICATE_WORDS = {
    "nb": ("vekter for hele utvalget (Final weight)", "8 replikatvekter (replikatmetode JK1)"),
    "nn": ("vektene for heile utvalet i dataa (Final weight)", "8 replikatvektene i dataa (replikatmetode JK1)"),
    "en": ("full-sample weights (Final weight)", "8 replicate weights (replicate method JK1)"),
    "sv": ("vikter för hela urvalet (Final weight)", "8 replikatvikter (replikatmetod JK1)"),
    "da": ("vægte for hele stikprøven (Final weight)", "8 replikatvægte (replikatmetode JK1)"),
}


@pytest.mark.parametrize("raked", [False, True], ids=["replicates", "raked_replicates"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_replicate_weights_are_named_in_the_method_texts(tmp_path, language, raked):
    """A study with `weighting.replicates` was described as unweighted and linearised ("every
    answer counts the same"), while its numbers use the full-sample and the replicate weights."""
    root, messages = built(add_replicates(write_study(tmp_path, language, weighted=raked), raked=raked))
    log = " ".join(messages)
    assert "every answer counts the same" not in log
    assert "full-sample weights finwt" in log and "8 replicate weights (JK1)" in log
    assert ("rake to the population margins gender" in log) == raked
    section = method_section(root)
    sheets = workbook(root)
    method = sheets[SHEETS[language][0]]
    for text in (section, method):
        for words in REPLICATE_WORDS[language]:
            assert words in text, (words, text[:500])
        assert "lineari" not in text.casefold() and "linjäri" not in text.casefold()
        assert not re.search(r"(?i)\b(unweighted|uvektet|uvekta|oviktat|uvægtet)\b", text)
    if not raked:  # the margin of error rests on the effective sample of the full-sample weights (Kish)
        w = pd.read_csv(root / "data" / "raw" / "export.csv")["finwt"]
        n_eff = round(w.sum() ** 2 / (w ** 2).sum())
        assert n_eff < 160 and f" {n_eff} " in section and " 160 " not in section


def page_text(root: Path) -> str:
    """The whole page as a reader sees it (no scripts, styles or images)."""
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>|<style.*?</style>|data:image/[^\"')]+", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


PUBLICATION = """\
tables:
  - {id: pub, kind: table, items: [help], by: [gender]}
  - {id: top, kind: table, items: [help], by: [gender], options: {stat: topbox}}
"""
FOOTNOTES = {  # (what the cells are, the design) of an unweighted one-stratum study
    "en": ("Unweighted percentages with 95% confidence intervals", "Unweighted percentage in the top box",
           "Design: 160 responses, 1 stratum, no clusters, 159 degrees of freedom; unweighted."),
    "da": ("Uvægtede andele i procent med 95 % konfidensintervaller", "Uvægtet andel i topboksen",
           "Design: 160 svar, 1 stratum, ingen klynger, 159 frihedsgrader; uvægtet."),
    "nn": ("Uvekta delar i prosent", "Uvekta del i toppboksen",
           "Design: 160 svar, 1 stratum, ingen klyngjer, 159 fridomsgrader; uvekta."),
}


@pytest.mark.parametrize("language", sorted(FOOTNOTES))
def test_an_unweighted_tables_footnote_says_so(tmp_path, language):
    """The footnote of an unweighted study's publication table said "Weighted percentages" and
    "1 strata ...; weights from the column base_weight" (an internal column of equal weights)."""
    root, _ = built(write_study(tmp_path, language, report=PUBLICATION))
    page = page_text(root)
    sheets = " ".join(workbook(root).values())
    for expected in FOOTNOTES[language]:
        assert expected in page, (expected, page[-2000:])
    for text in (page, sheets):
        assert "base_weight" not in text and "1 strata" not in text
        assert not re.search(r"(?<![Uu])(Weighted percent|Vægtede andele|Vægtet andel|Vekta del|weights from|vægte fra|"
                             r"vekter frå)", text), text[-2000:]


def test_a_replicate_tables_footnote_names_the_weights_by_their_label_and_the_replicates(tmp_path):
    root, _ = built(add_replicates(write_study(tmp_path, "en", report=PUBLICATION)))
    page = page_text(root)
    assert "Weighted percentages with 95% confidence intervals" in page
    assert "degrees of freedom; weights: Final weight; standard errors from 8 replicate weights (JK1)." in page
    assert "finwt" not in page and "strata" not in page


def test_the_explorers_default_questions_leave_out_the_designs_weights(tmp_path):
    """The explorer's default questions listed "Final weight" and "Replicate 1..8" (finwt and
    repwt* rows in tables/explorer.csv): the design's weights are no questions."""
    root, _ = built(add_replicates(write_study(tmp_path, "en", report="tables:\n  - {id: explorer, kind: explorer}\n")))
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    tables = "\n".join(x.read_text(encoding="utf-8") for x in (root / "reports" / "tables").glob("explorer*.csv"))
    assert "Visits last year" in page and "Easy to get help" in page
    assert "visits" in tables and "help" in tables
    for name in ("Final weight", "Replicate 1", "finwt", "repwt", "respondent_id"):
        assert name not in page and name not in tables, name


@pytest.mark.parametrize("language", ["en", "nb", "da"])
def test_the_explorer_counts_one_row_in_the_singular(tmp_path, language):
    """The status line said "(1 rows)" / "(1 rader)" for a number's single row."""
    from tests.browser import DESKTOP, Browser
    from tests.test_explorer import CLICK_THROUGH

    root, _ = built(write_study(tmp_path, language, report="tables:\n  - {id: explorer, kind: explorer}\n"))
    with Browser() as browser, browser.tab(root / "reports" / "explorer.html", DESKTOP) as tab:
        statuses = [v["status"] for v in tab.eval(CLICK_THROUGH)]
    one, many = {"en": ("row", "rows"), "nb": ("rad", "rader"), "da": ("række", "rækker")}[language]
    assert any(s.endswith(f"(1 {one})") for s in statuses), statuses
    assert any(re.search(rf"\(\d+ {many}\)$", s) for s in statuses), statuses
    assert not any(s.endswith(f"(1 {many})") for s in statuses), statuses


def test_a_figure_caption_ends_before_its_data_links(tmp_path):
    """A caption without a full stop ran on into the links: "Figure 1. Answers The numbers as CSV:"."""
    report = ("figures:\n  - {id: answers, kind: likert, items: [help], by: [gender], title: {en: Answers}}\n"
              "  - {id: means, kind: means, items: [help], by: [gender], title: Means, caption: Mean scores.}\n")
    root, _ = built(write_study(tmp_path, "en", report=report))
    page = page_text(root)
    # then the figure's files at full size (its image links the first), then its numbers
    assert "Figure 1. Answers. The figure at full size: PNG , SVG . The numbers as CSV: answers.csv ." in page
    assert "Figure 2. Mean scores. The figure at full size: PNG , SVG . The numbers as CSV: means.csv ." in page   # no second full stop


def test_an_entry_without_title_is_headed_by_its_question_not_its_id(tmp_path):
    """A figure without `title` (the draft writes multi-select figures so) was headed by its raw
    id ("which_services_have_you_used"); a publication table too."""
    root = write_study(tmp_path, "en", report=(
        "figures:\n  - {id: which_services_have_you_used, kind: multi, items: [services], by: [gender]}\n"
        "  - {id: help_by_gender, kind: likert, items: [help, welcome], by: [gender]}\n"
        "tables:\n  - {id: pub_help, kind: table, items: [help], by: [gender]}\n"))
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame["services"] = np.random.default_rng(3).choice(["Pool", "Hall;Pool", "Hall", "Park;Pool"], len(frame))
    frame.to_csv(export, index=False)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + (
        "  - {name: services, type: multi, label: {en: \"Which services have you used?\"}, options: {s0: Pool, s1: Hall, "
        "s2: Park}, sources: {v24: {column: services, separator: ';'}}}\n"), encoding="utf-8")
    built(root)
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    assert headings[:3] == ["Share choosing each option by Gender: Which services have you used?",
                            "Distribution of answers by Gender: Easy to get help; I feel welcome", "Easy to get help"]
    # the image's alt text
    assert "Figure 1: Share choosing each option by Gender: Which services have you used?" in html.unescape(page)
    for raw in ("which_services_have_you_used", "help_by_gender", "pub_help"):
        assert f">{raw}<" not in page


@pytest.mark.parametrize(("language", "method", "shown"), [("sv", "poststratify", "efterstratifiering"),
                                                           ("da", "poststratify", "poststratificering"),
                                                           ("en", "rake", "raking")])
def test_the_weighting_method_is_named_in_words_not_as_its_config_keyword(tmp_path, language, method, shown):
    """A Swedish study's Method section said "metod: poststratify", the keyword of surveykit.yaml."""
    root = write_study(tmp_path, language, weighted=True)
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("method: rake", f"method: {method}"), encoding="utf-8")
    built(root)
    section = method_section(root)
    sheets = workbook(root)
    assert f": {shown})" in section and f": {method})" not in section, section
    assert shown in sheets[SHEETS[language][2]] and method not in sheets[SHEETS[language][2]].replace(shown, "")


def test_a_weights_figure_without_title_is_headed_weighting(tmp_path):
    root = write_study(tmp_path, "sv", weighted=True, report="figures:\n  - {id: w, kind: weights}\n")
    config = root / "surveykit.yaml"   # the weights figure shows the composition per wave: margins with the wave
    config.write_text(config.read_text(encoding="utf-8").replace("[[gender]]", "[[wave, gender]]"), encoding="utf-8")
    (root / "config" / "population.csv").write_text("wave,gender,population\nv24,Mann,5200\nv24,Kvinne,4800\n",
                                                    encoding="utf-8")
    built(root)
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", page)[0] == "Viktning"


def test_a_weights_figure_with_margins_without_the_wave(tmp_path):
    # one population for every wave (margins: [[gender]]): the figure raised KeyError 'wave'
    root = write_study(tmp_path, "en", weighted=True, report="figures:\n  - {id: w, kind: weights}\n")
    built(root)
    comp = pd.read_csv(root / "reports" / "tables" / "w_composition.csv")
    population = comp[comp["source"] == "population"]
    assert sorted(population["share"].round(6)) == [0.48, 0.52]  # 4800 and 5200 of 10000
    weighted = comp[comp["source"] == "weighted"]
    assert sorted(weighted["share"].round(6)) == [0.48, 0.52]  # raked to those margins
