"""A study in English and one in Danish (tests/foreign_study.py: waves named '2021' and
'2023-01', sites named with '/', '&', quotes, an emoji and many words, a yes/no question, a 0-10
scale labelled at its ends, a multi-select question, raked by gender, every figure and table
kind) build a report with no Norwegian word in anything a reader sees: the page, the explorer
(its texts, its questions and breakdowns, the CSV download's header and notes), the workbook's
sheet names and cells, the tables, and every text drawn in the figures.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.foreign_study import WORDS, write_foreign_study

# words only Norwegian (bokmål) writes: the report's own words, each checked against the
# catalogue's Danish and English texts (a word Danish writes alike, "ikke", "tallene", is listed
# for English only)
NORWEGIAN = ["vektet", "vektede", "uvektet", "uvektede", "vekting", "utvalg", "utvalget", "spørsmål", "spørsmålet",
             "gjennomsnitt", "gjennomsnittet", "bølge", "vet ikke", "kjønn", "feilmargin", "feilmarginer",
             "konfidensintervall", "undersøkelse", "undersøkelsen", "personvern", "tabell", "inndeling", "utforsk",
             "velg", "skjermen", "grunnlaget", "antall", "etter", "gjennom", "kvinne", "mann", "endring",
             "endringen", "forskjell", "høyere", "hjelp", "innbyggertorg", "bibliotek", "stilt", "svarte", "spurt",
             "andeler", "andelen", "samlokalisert", "samlokaliserte", "vekter", "runder", "alder",
             "nedlasting", "last ned", "sidelengs", "rull", "enn", "noen", "ble", "bare", "hvert", "velkommen",
             "fordeling", "beregnet", "tallene er", "utenfor", "synlig", "kilde:", "datert"]
ALSO_DANISH = {"alder", "bare", "hvert", "velkommen", "fordeling", "beregnet", "tallene er", "kilde:"}
ENGLISH_ONLY = ["ikke", "og", "svar", "andel", "runde", "år", "figur", "enig", "uenig", "nei", "tall", "metode", "merk",
                "undertrykt", "alle", "viser", "eller"]


def _visible(page: str) -> str:
    page = re.sub(r'src="data:image/[^"]*"', "", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)))


def _explorer(root: Path) -> str:
    """The explorer's visible text, and the texts and labels its script shows and writes into the
    CSV download (its data's `t`, questions and breakdowns)."""
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="sk-data">(.*?)</script>', page, re.S).group(1))
    said = [str(t) for t in data["t"].values()]
    said += [str(x) for q in data["q"] for x in (q["label"], *q["levels"], q.get("dk") or "")]
    said += [str(x) for b in data["b"] for x in (b["label"], *b["groups"])]
    return "\n".join([_visible(page), *said])


def _workbook(root: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(root / "reports" / "tables.xlsx", read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    return "\n".join([*book.sheetnames, *cells])


@pytest.fixture(scope="module", params=["en", "da"])
def foreign(request, tmp_path_factory):
    import os

    from surveykit.report import build
    from surveykit.study import load_study
    from tests.test_report_studies import _figure_texts

    os.environ.setdefault("SURVEYKIT_KEY", "k" * 16)
    root = write_foreign_study(tmp_path_factory.mktemp(f"foreign_{request.param}"), request.param)
    with pytest.warns(Warning, match="cannot draw"):   # the site name's emoji: said, drawn as a box
        build(root, jobs=1, progress=lambda _: None)
    texts = {
        "index.html": _visible((root / "reports" / "index.html").read_text(encoding="utf-8")),
        "explorer.html": _explorer(root),
        "tables.xlsx": _workbook(root),
        "tables/*.csv": "\n".join(f.read_text(encoding="utf-8") for f in sorted((root / "reports" / "tables").glob("*"))),
        "figures": _figure_texts(load_study(root)),
    }
    return request.param, root, texts


def test_no_norwegian_word_in_any_output(foreign):
    language, _root, texts = foreign
    words = NORWEGIAN + ENGLISH_ONLY if language == "en" else [w for w in NORWEGIAN if w not in ALSO_DANISH]
    found = {}
    for where, text in texts.items():
        low = text.casefold()
        for word in words:
            hit = re.search(rf"(?<![\wæøå]){re.escape(word)}(?![\wæøå])", low)
            if hit:
                found[(where, word)] = text[max(0, hit.start() - 60):hit.end() + 60]
    assert not found, found


def test_the_study_s_own_words_and_names_are_shown(foreign):
    """The scan above reads real outputs: the study's labels, its waves' and sites' names are in them."""
    language, _root, texts = foreign
    w = WORDS[language]
    for where in ("index.html", "explorer.html", "tables.xlsx", "figures"):
        assert w["help"] in texts[where], where
    for where in ("index.html", "explorer.html", "figures"):
        assert "2023-01" in texts[where], where
    assert 'North/Øst "Hub" & Café' in texts["index.html"] and 'North/Øst "Hub" & Café' in texts["explorer.html"]
    mean = {"en": "Mean (0 = Not at all likely, 10 = Extremely likely)",
            "da": "Gennemsnit (0 = Slet ikke sandsynligt, 10 = Meget sandsynligt)"}[language]
    assert mean in texts["figures"].replace("\n", " ")


def test_no_word_of_the_library_project(foreign):
    """Nor a word of the embedded study's project (its sites, municipalities, co-location, years)."""
    from tests.test_report_studies import PROJECT_WORDS

    _language, _root, texts = foreign
    own = {"co_located", "did", "difference in differences", "forskel i ændring"}   # its own DiD figure and column
    words = (" ".join(texts.values())).casefold()
    assert not [w for w in PROJECT_WORDS if w not in own and re.search(rf"\b{re.escape(w)}\b", words)]
