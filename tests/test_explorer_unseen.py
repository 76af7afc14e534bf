"""The explorer (reports/explorer.html) on studies unlike the demo, opened in headless Chromium
as a reader opens it: every question × breakdown × wave clicked through, every cell compared with
the build's published tables (tables/explorer*.csv, the result schema), no console error, and the
page's colours checked against WCAG's contrast ratios (text 4.5:1, the focus ring 3:1).

The studies are tests/foreign_study.py's (English or Danish from scratch) changed so: Swedish
labels, unweighted, question texts with quotes, '<', '&', an emoji, right-to-left text and a very
long text, level labels that are numbers, an option label that looks like a formula, a question a
wave did not ask; a study of multi-select questions only (Danish); a study whose site breakdown is
suppressed in every cell.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

from surveykit import load_study
from surveykit.report import build
from tests.browser import DESKTOP, PHONE, Browser
from tests.foreign_study import write_foreign_study
from tests.test_explorer import CLICK_THROUGH, _expected

EXPLORER = "tables:\n  - {id: explorer, kind: explorer}\n"
LONG = ("How satisfied are you, all things considered and thinking of every visit you made over the last twelve "
        "months, with the opening hours, the staff's help and the rooms of the library & citizen service centre?")
HOSTILE = 'Is it <easy> to get help & "advice"? 😀 </script>'
RTL = "أشعر بالترحيب (I feel welcome) שלום"


def write_hostile(root: Path) -> Path:
    """Swedish, unweighted; hostile question texts; agreement levels labelled 1-5; an option label
    like a formula; 'welcome' not asked in the second wave."""
    write_foreign_study(root, "en")
    config = root / "surveykit.yaml"
    text = config.read_text(encoding="utf-8").replace("language: en", "language: sv")
    config.write_text(re.sub(r"weighting: \{.*\}", "weighting: {method: none}", text), encoding="utf-8")
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    for k, label in enumerate(["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]):
        text = text.replace(f'label: "{label}"', f'label: "{k + 1}"')
    text = text.replace('"It is easy to get help"', '"' + HOSTILE.replace('"', '\\"') + '"')
    text = text.replace('"I feel welcome"', f'"{RTL}"')
    text = text.replace('"How likely are you to recommend the service?"', f'"{LONG}"')
    text = text.replace(', "w23": {column: welcome}', "")
    text = text.replace('o3: "Nothing of these"', 'o3: "=SUM(A1) <b>none</b> & \\"x\\""')
    codebook.write_text(text, encoding="utf-8")
    (root / "config" / "report.yaml").write_text(EXPLORER, encoding="utf-8")
    return root


def write_multi_only(root: Path, language: str = "da") -> Path:
    """Danish; the multi-select question is the study's only question (besides site and gender)."""
    write_foreign_study(root, language)
    codebook = root / "config" / "codebook.yaml"
    lines = [line for line in codebook.read_text(encoding="utf-8").splitlines()
             if not re.search(r"name: (age|help|welcome|staff|recommend),", line)]
    codebook.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "config" / "report.yaml").write_text(EXPLORER, encoding="utf-8")
    return root


def write_all_suppressed(root: Path) -> Path:
    """English; min_cell 50 over about 40 answers per site and wave: the site breakdown is all '–'."""
    write_foreign_study(root, "en", n=120)
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("min_cell: 5", "min_cell: 50"), encoding="utf-8")
    (root / "config" / "report.yaml").write_text(EXPLORER, encoding="utf-8")
    return root


def write_weighted_en(root: Path) -> Path:
    """tests/foreign_study.py as it is (English, raked by gender, sites with groupings), the explorer only."""
    write_foreign_study(root, "en")
    (root / "config" / "report.yaml").write_text(EXPLORER, encoding="utf-8")
    return root


def write_three_waves(root: Path) -> Path:
    """tests/test_report_studies.py's three rounds (unweighted, English), 'welcome' not asked in the middle one."""
    from tests.test_report_studies import write_three_wave_study

    write_three_wave_study(root)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    assert ', "b": {column: welcome}' in text
    codebook.write_text(text.replace(', "b": {column: welcome}', ""), encoding="utf-8")
    (root / "config" / "report.yaml").write_text(EXPLORER, encoding="utf-8")
    return root


STUDIES = {"hostile_sv": write_hostile, "multi_only_da": write_multi_only, "all_suppressed_en": write_all_suppressed,
           "weighted_en": write_weighted_en, "three_waves_en": write_three_waves}


@pytest.fixture(scope="module", params=sorted(STUDIES))
def study(request, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SURVEYKIT_KEY", "k" * 16)
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    try:
        root = STUDIES[request.param](tmp_path_factory.mktemp(request.param))
        build(root, jobs=1)
        yield request.param, root
    finally:
        mp.undo()


def _hash(view: dict) -> dict[str, str]:
    return {k: unquote(v) for k, _, v in (part.partition("=") for part in view["hash"].lstrip("#").split("&"))}


def _check_view(view: dict, root: Path, p, study) -> int:
    """The cells of one view against the published CSV table of its breakdown; the number of rows checked."""
    ids = _hash(view)
    item, column, wave = ids["q"], ids["b"], ids["w"]
    by_wave = column == p.wave
    tables = root / "reports" / "tables"
    frame = pd.read_csv(tables / (f"explorer_{column}.csv" if column and not by_wave else "explorer.csv"),
                        dtype={"wave": str, **({column: str} if column and not by_wave else {})})
    var = study.codebook.variable(item)
    options = dict(var.options) if var.type == "multi" else None
    if options:
        part = frame[frame["variable"].isin([f"{item}__{k}" for k in options])]
        levels, labels = list(options), [p.name(f"{item}__{k}") for k in options]
    else:
        part = frame[frame["variable"] == item]
        levels = labels = list(dict.fromkeys(part["level"].dropna()))
    has_mean = options is None and part["level"].isna().any()
    assert view["head"][2:] == [*labels, *([p.text("mean")] if has_mean else [])], (item, view["head"])
    if not by_wave:
        frame = frame[frame["wave"] == wave]
    for row in view["rows"]:
        if by_wave:
            rows = frame[[p.value(p.wave, w) == row[0] for w in frame["wave"]]]
        elif column:
            rows = frame[[p.value_in(column, g, wave) == row[0] for g in frame[column]]]
        else:
            rows = frame
        assert len(rows), (item, column, row)
        want = _expected(rows, item, levels, None, has_mean, p.language, options, p.not_asked)
        words = {"ikke spurt": p.text("not_asked"), "ingen svar": p.text("no_answers")}   # the helper's are nb
        want = [words.get(cell, cell) for cell in want]
        assert row[1:] == want, (item, column, wave, row, want)
    return len(view["rows"])


def test_every_view_shows_the_published_numbers_without_a_console_error(study):
    name, root = study
    s = load_study(root)
    p = s.presentation()
    page = root / "reports" / "explorer.html"
    with Browser() as browser:
        for width in (DESKTOP, PHONE):
            with browser.tab(page, width) as tab:
                views = tab.eval(CLICK_THROUGH)
                tab.eval("document.getElementById('download').click(); 1")
                assert tab.eval("window.__skReady") is True
                assert tab.errors() == [], (name, width)
                assert tab.requests() == [page.resolve().as_uri()]
            if width == DESKTOP:
                checked = sum(_check_view(view, root, p, s) for view in views)
    assert checked >= len(views)
    questions = {view["q"] for view in views}
    if name == "hostile_sv":
        assert {HOSTILE, RTL, LONG} <= questions
        assert any("inte ställd" in row for view in views for row in view["rows"])   # welcome in the second wave
    if name == "multi_only_da":
        assert questions == {"Hvad brugte du servicen til?"}


def test_the_console_check_sees_an_error(tmp_path):
    """Tab.errors sees what the test above asserts absent: an uncaught exception, console.error,
    and a request the Content Security Policy refuses."""
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" '
                    "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                    '<img src="https://example.org/x.png" alt="x"><script>console.error("said"); '
                    "null.x;</script></body></html>", encoding="utf-8")
    with Browser() as browser, browser.tab(page, DESKTOP) as tab:
        errors = tab.errors()
    assert any(e.startswith("exception: TypeError") for e in errors), errors
    assert "console: said" in errors and any(e.startswith("log: ") and "Content Security Policy" in e for e in errors)


# WCAG 2.x relative luminance and contrast of every text's colour on the background behind it, and
# of the focus ring on the background around each control (1.4.11: 3:1 for what shows the focus)
CONTRAST = r"""
(() => {
  const rgb = (s) => { const p = s.match(/rgba?\(([^)]+)\)/)[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
                       return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const behind = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                           if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const text = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) || !el.getClientRects().length) continue;
    const st = getComputedStyle(el), size = parseFloat(st.fontSize);
    const large = size >= 24 || (+st.fontWeight >= 700 && size >= 18.66);
    text.push({what: el.tagName + "#" + el.id + "." + el.className + " " + el.textContent.trim().slice(0, 20),
               ratio: ratio(rgb(st.color), behind(el)), need: large ? 3 : 4.5});
  }
  const focus = [];
  for (const el of document.querySelectorAll("select, button, input, [tabindex]")) {
    if (!el.getClientRects().length) continue;   // not shown (the wave chooser beside the waves as rows)
    el.focus({focusVisible: true});
    const st = getComputedStyle(el);
    focus.push({what: el.id || el.className, style: st.outlineStyle, width: parseFloat(st.outlineWidth),
                ratio: ratio(rgb(st.outlineColor), behind(el.parentElement))});
  }
  return {text, focus};
})()
"""


def test_the_colours_have_wcag_contrast(tmp_path, monkeypatch):
    """Every text 4.5:1 (3:1 large) on its background; the focus ring 3:1 on the background around
    the control. The ring was #e69f00 (Okabe-Ito orange): 2.1:1 on the form's #f4f6f8, 2.2:1 on white."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_hostile(tmp_path / "study")
    (root / "surveykit.yaml").write_text((root / "surveykit.yaml").read_text(encoding="utf-8") .replace(
        "min_cell: 5", "min_cell: 70"), encoding="utf-8")   # some sites hidden: the grey '–' cells
    build(root, jobs=1)
    page, shown = root / "reports" / "explorer.html", {"text": [], "focus": []}
    with Browser() as browser:
        # a view with suppressed cells ('–', grey) and one with a wave that did not ask (italic grey)
        for fragment, cells in (("#q=help&b=site&w=w21", "td.sup"), ("#q=welcome&b=wave&w=w21", "td.na")):
            with browser.tab(page, DESKTOP, fragment=fragment) as tab:
                tab.eval("document.getElementById('ci').click(); 1")
                assert tab.eval(f"document.querySelectorAll('{cells}').length") > 0
                for key, found in tab.eval(CONTRAST).items():
                    shown[key] += found
    assert len(shown["text"]) > 20 and len(shown["focus"]) == 11
    low = [t for t in shown["text"] if t["ratio"] < t["need"]]
    assert low == [], low
    for ring in shown["focus"]:
        assert ring["style"] == "solid" and ring["width"] >= 2 and ring["ratio"] >= 3, ring


def test_a_view_whose_every_number_is_hidden_says_so_and_why(tmp_path, monkeypatch):
    """min_cell 50 over about 40 answers a site: the site breakdown is '–' in every cell. Before,
    the status line said only 'Showing: … (3 rows)' and the note under the table '– Suppressed
    (privacy)', though the page stands alone (the method notes that give the threshold are on
    index.html): now the status says every number is hidden and why, with the threshold, and the
    note and the CSV download give the threshold too."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_all_suppressed(tmp_path / "study")
    build(root, jobs=1)
    site = pd.read_csv(root / "reports" / "tables" / "explorer_site.csv")
    assert site["suppressed"].all() and site["estimate"].isna().all()       # as the build published it
    why = "Suppressed (fewer than 50 responses, or to protect such a group)"
    page = root / "reports" / "explorer.html"
    with Browser() as browser:
        with browser.tab(page, DESKTOP, fragment="#q=help&b=site&w=w21") as tab:
            status = tab.eval("document.getElementById('status').textContent")
            notes = tab.eval("[...document.querySelectorAll('.note')].map((p) => p.textContent).join(' | ')")
            tab.eval("document.getElementById('download').click(); 1")
            csv = tab.eval("window.__skCsv").splitlines()
            assert tab.errors() == []
        with browser.tab(page, DESKTOP, fragment="#q=help&b=&w=w21") as tab:   # all answers: numbers shown
            shown = tab.eval("document.getElementById('status').textContent")
    assert status == f"Showing: It is easy to get help · Site · 2021 (3 rows). Every number of this choice is hidden: {why}."
    assert f"– {why}" in notes.replace("\u00a0", " ").replace("  ", " ")
    assert csv[-1] == f'"–  {why}"'   # quoted: it holds the separator (en: ",")
    assert shown == "Showing: It is easy to get help · All responses · 2021 (1 row)"


def test_a_page_opens_on_the_last_wave_that_asked_its_question(tmp_path, monkeypatch):
    """The only question (multi-select) was asked in the first of two waves. The page opened on
    the last wave, every row 'not asked'; now, with no wave in the link, on the last wave that
    asked the question shown first. A link naming a wave keeps it."""
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_multi_only(tmp_path / "study", "en")
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(
        ', "w23": {columns: {o0: use_0, o1: use_1, o2: use_2, o3: use_3}}', ""), encoding="utf-8")
    build(root, jobs=1)
    table = pd.read_csv(root / "reports" / "tables" / "explorer.csv")
    first = table[(table["wave"] == "w21") & (table["variable"] == "use__o0")].iloc[0]
    cells = "[...document.querySelectorAll('#view tbody td[data-key]')].map((td) => td.textContent)"
    page = root / "reports" / "explorer.html"
    with Browser() as browser:
        with browser.tab(page, DESKTOP) as tab:
            opened = tab.eval("document.getElementById('w').selectedOptions[0].textContent"), tab.eval(cells)
            assert tab.eval("location.hash") == "#q=use&b=&w=w21" and tab.errors() == []
        with browser.tab(page, DESKTOP, fragment="#q=use&b=&w=w23") as tab:
            linked = tab.eval(cells)
            # the download is named by the wave shown too (both waves' were use_all.csv)
            tab.eval("document.getElementById('download').click(); 1")
            tab.eval("location.hash = '#q=use&b=wave'; 1")
            tab.eval("new Promise((ok) => setTimeout(() => { document.getElementById('download').click(); ok(1); }, 50))")
            tab.eval("location.hash = '#q=use&b=&w=w21'; 1")
            tab.eval("new Promise((ok) => setTimeout(() => { document.getElementById('download').click(); ok(1); }, 50))")
            deadline = time.monotonic() + 20
            while len(list(browser.downloads.glob("*.csv"))) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)
            names = sorted(f.name for f in browser.downloads.glob("*.csv"))
    assert opened[0] == "2021" and opened[1][:2] == [str(first["n"]), f"{first['estimate'] * 100:.1f}%"]
    assert linked == ["0", "not asked", "not asked", "not asked", "not asked"]
    assert names == ["use_all_w21.csv", "use_all_w23.csv", "use_wave.csv"], names
