"""What a tester found on the explorer and the report page (a Växjö study, read on a phone).

The explorer's footer gave the wave's respondents ("n = 575") under a table whose n was that of
the question's answers (538); at 390 px its table scrolled sideways without a cue, the mean off
screen; a link changed after the page was open (Back, a link within the page) did not change
the view. The report page's figures were 1338 px images shrunk to a phone's width, with no way
to open them at full size. The note on small cells spoke of "numbers resting on fewer than 10
answers" while a share one respondent chose is shown (its base counts). And a drafted
report.yaml left multi-select figures untitled (the build then named the variable) and gave the
two figures of a grid split 12 + 2 the same title."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from surveykit.labels import LANGUAGES, text
from surveykit.report.notes import _NOTES
from surveykit.scaffold.report import draft_report
from tests.browser import DESKTOP, PHONE, Browser
from tests.study_fixture import built_mini_study

REPORT = """\
figures:
  - {id: likert_help, kind: likert, items: [help], by: [wave]}
tables:
  - {id: explorer, kind: explorer}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    with built_mini_study(tmp_path_factory.mktemp("ux"), REPORT) as root:
        yield root


def _choose(tab, q: int, b: int, w: int | None = None) -> None:
    tab.eval(f"(() => {{ const $ = (id) => document.getElementById(id); $('q').value = '{q}'; $('b').value = '{b}'; "
             + (f"$('w').value = '{w}'; " if w is not None else "")
             + "$('q').dispatchEvent(new Event('change')); return 1; })()")


def _number(s: str) -> int:
    return int(s.replace("\u00a0", "").replace(" ", ""))


# --- 1. the footer's n is the n of the rows shown ---------------------------------------------------

def test_the_explorers_footer_gives_the_n_of_the_rows_shown_not_the_waves_respondents(mini):
    import pandas as pd

    waves = pd.read_parquet(next((mini / "data" / "processed").glob("*.parquet")))["wave"].astype(str)
    respondents = waves.value_counts().to_dict()
    differs = 0
    with Browser() as browser, browser.tab(mini / "reports" / "explorer.html", DESKTOP) as tab:
        questions = tab.eval("document.getElementById('q').options.length")
        breakdowns = tab.eval("[...document.getElementById('b').options].map(o => o.textContent)")
        for q in range(questions):
            for b in range(len(breakdowns)):
                for w in (0, 1):
                    _choose(tab, q, b, w)
                    ns = [_number(c) for c in tab.eval(
                        "[...document.querySelectorAll('#view tbody td[data-key=n]')].map(td => td.textContent)")
                        if c.strip() not in ("–", "0")]
                    footer = tab.eval("document.getElementById('footer').textContent")
                    said = re.search(r"n = ([\d\u00a0]+)(?:–([\d\u00a0]+) per estimat)?", footer)
                    if not ns:   # nothing shown: no n
                        assert said is None, (q, b, w, footer)
                        continue
                    assert said, (q, b, w, footer)
                    low, high = _number(said.group(1)), _number(said.group(2) or said.group(1))
                    assert (low, high) == (min(ns), max(ns)), (q, breakdowns[b], w, footer, ns)
                    every_wave = breakdowns[b] == "Runde"
                    differs += not every_wave and high != respondents[str(w + 1)]
    assert differs > 0   # the question's answers, not the wave's respondents (who include "Vet ikke" and blanks)


# --- 2. the phone: a visible cue, the mean in view ----------------------------------------------------

def test_at_390_px_the_table_says_it_scrolls_and_shows_the_mean_without_scrolling(mini, tmp_path):
    from PIL import Image

    page = mini / "reports" / "explorer.html"
    with Browser() as browser:
        with browser.tab(page, PHONE) as tab:
            _choose(tab, 0, 0, 1)   # help (a scale with a mean and "Vet ikke"), all answers, the last wave
            box = tab.eval("(() => { const s = document.querySelector('#view').parentElement; "
                           "return [s.scrollWidth, s.clientWidth, s.getBoundingClientRect().right]; })()")
            assert box[0] > box[1]   # wider than the phone: it scrolls
            hint = tab.eval("(() => { const h = document.getElementById('scroll-hint'); const r = h.getBoundingClientRect(); "
                            "return {hidden: h.hidden, height: r.height, text: h.textContent, "
                            "above: r.bottom <= document.getElementById('view').getBoundingClientRect().top}; })()")
            assert not hint["hidden"] and hint["height"] > 0 and hint["above"], hint
            assert hint["text"] == text("explorer_scroll_hint", "nb") and "→" in hint["text"]
            fade = tab.eval("(() => { const w = document.getElementById('wrap'); const a = getComputedStyle(w, '::after'); "
                            "return {more: w.classList.contains('more'), content: a.content, width: a.width, bg: a.backgroundImage}; })()")
            assert fade["more"] and fade["content"] != "none" and "gradient" in fade["bg"], fade
            # the mean in view without scrolling, right after n
            head = tab.eval("[...document.querySelectorAll('#view thead th')].map(th => [th.textContent, th.getBoundingClientRect().right])")
            assert [h[0] for h in head[:3]] == ["Gruppe", "n", "Gjennomsnitt"]
            assert head[2][1] <= box[2]
            # the fade shows in the screenshot: the right edge of the table's rows darker than their middle
            rows = tab.eval("(() => { const r = document.querySelector('#view tbody tr').getBoundingClientRect(); "
                            "return [r.top + window.scrollY, r.bottom + window.scrollY]; })()")
            shot = tab.screenshot(tmp_path / "phone.png")
            with Image.open(shot) as image:
                grey = image.convert("L")
                y = int((rows[0] + rows[1]) / 2)
                edge = grey.getpixel((int(box[2]) - 3, y))
                assert edge < 225, edge   # a white cell made grey at the edge
            # scrolled to its end: no fade, the first column still there (sticky)
            end = tab.eval("(() => { const s = document.querySelector('.scroll'); s.scrollLeft = s.scrollWidth; "
                           "s.dispatchEvent(new Event('scroll')); const th = document.querySelector('#view tbody th'); "
                           "return [document.getElementById('wrap').classList.contains('more'), th.getBoundingClientRect().left]; })()")
            assert end[0] is False and end[1] >= 0
            # the CSV download keeps the order of the page on a desktop (shares, then the mean)
            cols = tab.eval("window.__skView.cols.map(c => c.key)")
            assert cols[-1] == "mean"
        with browser.tab(page, DESKTOP) as tab:   # a table that fits: no hint, no fade; the mean last
            _choose(tab, 0, 0, 1)
            assert tab.eval("document.getElementById('scroll-hint').hidden") is True
            assert tab.eval("document.getElementById('wrap').classList.contains('more')") is False
            assert tab.eval("[...document.querySelectorAll('#view thead th')].map(th => th.textContent)")[-1] == "Gjennomsnitt"


# --- 4. a link changed after load -------------------------------------------------------------------

HASH = """(async () => {
  const changed = new Promise((r) => window.addEventListener('hashchange', () => setTimeout(r, 0), {once: true}));
  location.hash = %s;
  await changed;
  return {q: document.getElementById('q').value, b: document.getElementById('b').value,
          w: document.getElementById('w').value, caption: document.getElementById('caption').textContent,
          rows: document.querySelectorAll('#view tbody tr').length, hash: location.hash};
})()"""


def test_a_link_changed_after_the_page_opened_changes_the_view(mini):
    with Browser() as browser, browser.tab(mini / "reports" / "explorer.html", DESKTOP) as tab:
        before = tab.eval("document.getElementById('caption').textContent")
        ids = tab.eval("JSON.parse(document.getElementById('sk-data').textContent).b.map(b => b.id)")
        gender = ids.index("gender")
        view = tab.eval(HASH % '"#q=knows&b=gender&w=1"')
        assert (view["q"], view["b"], view["w"]) == ("1", str(gender), "0"), view
        assert view["caption"] != before and view["caption"].startswith("knows · ") and view["rows"] >= 2
        # an in-page link to a view, then Back: the view of the link before
        view = tab.eval(HASH % '"#q=help&b=&w=2"')
        assert (view["q"], view["b"], view["w"]) == ("0", "0", "1") and view["rows"] == 1
        back = tab.eval("""(async () => {
          const changed = new Promise((r) => window.addEventListener('hashchange', () => setTimeout(r, 0), {once: true}));
          history.back(); await changed;
          return [document.getElementById('q').value, document.getElementById('b').value, location.hash]; })()""")
        assert back[:2] == ["1", str(gender)], back


# --- 3. the report page: every figure opens at full size ---------------------------------------------

def test_every_figure_of_the_page_links_its_full_size_files(mini):
    reports = mini / "reports"
    page = (reports / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r"<figure>(.*?)</figure>", page, re.S)
    assert figures
    for figure in figures:
        image = re.match(r'<a class="full" href="([^"]+)"><img ', figure)
        assert image, figure[:200]   # the image itself is the link
        assert (reports / image.group(1)).is_file() and image.group(1).endswith(".png")
        files = re.findall(r'<a href="(figures/[^"]+)">(PNG|SVG|PDF)</a>', figure)
        assert {kind for _, kind in files} == {"PNG", "SVG"}
        for href, kind in files:
            assert (reports / href).is_file() and href.endswith("." + kind.lower())
        assert text("figure_files", "nb") in figure
    with Browser() as browser, browser.tab(reports / "index.html", PHONE) as tab:   # as the phone's browser resolves it
        links = tab.eval("[...document.querySelectorAll('figure a')].map(a => a.href)")
        visible = tab.eval("[...document.querySelectorAll('figure figcaption a')].every(a => a.getBoundingClientRect().width > 0)")
    assert len(links) >= 3 and visible
    for href in links:
        if "/figures/" in href:
            assert Path(unquote(urlparse(href).path)).is_file(), href


# --- 5. the small-cell rule, as the rule is ----------------------------------------------------------

BASE = {"nb": "grunnlag", "nn": "grunnlag", "en": "base", "sv": "bas", "da": "grundlag"}
SHARES = {"nb": "Andeler og gjennomsnitt", "nn": "Delar og gjennomsnitt", "en": "Shares and means",
          "sv": "Andelar och medelvärden", "da": "Andele og gennemsnit"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_small_cell_sentences_say_the_base_counts(language):
    _head, body = _NOTES.get(language, _NOTES["en"])["small"]
    said = body.format(min_cell=10)
    assert said.startswith(SHARES[language]) and f" {BASE[language]}" in said and "10" in said
    for key in ("explorer_intro", "explorer_intro_one_wave"):
        intro = text(key, language, numbers="x", What=text("explorer_what_shares_means", language).capitalize())
        assert SHARES[language] in intro and re.search(rf"\((the )?{BASE[language]}", intro), intro


# --- 6. drafted titles -------------------------------------------------------------------------------

def test_a_drafted_multi_figure_is_titled_by_its_question_and_split_grids_are_numbered():
    grid = [{"name": f"q{i}", "type": "likert", "scale": "agree5", "label": f"Påstand {i}",
             "question": f"Hvor enig er du i følgende? - Påstand {i}"} for i in range(14)]
    numbers = [{"name": f"n{i}", "type": "numeric", "label": f"Tall {i}"} for i in range(13)]
    cb = {"variables": [*grid, *numbers,
                        {"name": "funksjonsnedsettelse_type_kode", "type": "multi",
                         "label": "Hvilken type funksjonsnedsettelse har du?", "options": {"a": "Syn", "b": "Hørsel"}}],
          "scales": {"agree5": {}}}
    draft = draft_report(cb)
    multi = draft.split("- id: funksjonsnedsettelse_type_kode")[1].split("  - id:")[0]
    assert 'nb: "Andel som valgte hvert alternativ: Hvilken type funksjonsnedsettelse har du?"' in multi
    assert 'sv: "Andel som valde varje alternativ: Hvilken type funksjonsnedsettelse har du?"' in multi
    titles = re.findall(r"- id: (likert_agree5_\d|means_agree5_\d|numbers_\d)\n.*?title: \{nb: \"([^\"]+)\", .*?en: \"([^\"]+)\"",
                        draft, re.S)
    got = {ident: (nb, en) for ident, nb, en in titles}
    assert got["likert_agree5_1"] == ("Svarfordeling: Hvor enig er du i følgende? (1 av 2)",
                                      "Answers: Hvor enig er du i følgende? (1 of 2)")
    assert got["likert_agree5_2"][0].endswith("(2 av 2)") and got["means_agree5_2"][1].endswith("(2 of 2)")
    assert got["numbers_1"][0] == "Tall (1 av 2)" and got["numbers_2"][0] == "Tall (2 av 2)"
    one = draft_report({"variables": grid[:3], "scales": {"agree5": {}}})
    assert "(1 av 1)" not in one and "av 2)" not in one   # one figure: no number
