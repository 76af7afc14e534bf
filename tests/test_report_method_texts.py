"""The method texts of a built report (index.html's Method section, the workbook's method
sheets) in the study's own language and true to its design.

Small one-wave studies (tests/test_report_studies.py) are written in each language, weighted
or not, and built; what a reader sees is read back from the page and the workbook.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

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
