"""The explorer (kind `explorer`, reports/explorer.html): its numbers are the published CSV
tables, shown as they are in headless Chromium (clicked through every choice), offline,
without microdata, accessible, fitting a phone and a desktop, fast at 200 sites."""

from __future__ import annotations

import dataclasses
import json
import re
import time

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from surveykit import load_study
from surveykit.errors import ConfigError
from surveykit.labels import format_interval, format_number, format_percent
from surveykit.presentation import Presentation
from surveykit.report import build
from surveykit.report.explorer import SHARE_UNIT, VALUE_UNIT, explorer_data, render_explorer
from surveykit.report.figures.explorer import ExplorerResult, Question
from surveykit.report.items import analysis_design
from tests.browser import DESKTOP, LAYOUT, PHONE, Browser, assert_fits
from tests.study_fixture import built_mini_study, write_mini_study

REPORT = """\
figures: []
tables:
  - {id: help_table, kind: table, items: [help, knows], by: [site_type], options: {panel: wave, dont_know: row}}
  - {id: explorer, kind: explorer}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    with built_mini_study(tmp_path_factory.mktemp("explorer"), REPORT) as root:
        yield root


# --- the result value ------------------------------------------------------------------------------

def test_explorer_tables_are_the_estimators_numbers(mini):
    study = load_study(mini)
    design = analysis_design(study)
    import surveykit as sk

    site = pd.read_csv(mini / "reports" / "tables" / "explorer_site.csv", dtype={"wave": str})
    ref = sk.mean(design, "help", by=["wave", "site"])
    got = site[(site["variable"] == "help") & site["level"].isin(["Uenig", "Nøytral", "Enig"])]
    means = site[(site["variable"] == "help") & site["level"].isna()]
    score = sk.mean(design, "help__score", by=["wave", "site"])
    for shown, estimated in ((got, ref), (means, score)):
        # a number the explorer shows is the estimator's; what it hides includes every cell the
        # estimator suppressed (the build's disclosure gate may hide more: complements)
        hidden = shown["suppressed"].to_numpy(bool)
        assert len(shown) == len(estimated) and hidden[estimated["suppressed"].to_numpy(bool)].all()
        np.testing.assert_allclose(shown["estimate"].to_numpy(float)[~hidden],
                                   estimated["estimate"].to_numpy(float)[~hidden])
        assert shown["estimate"][hidden].isna().all()
    # a multi question (kind multi by default): each option the weighted share choosing it among
    # those who answered the question, computed here by hand
    data, w = design.data, np.asarray(design.weights)
    checked = 0
    for part in ("explorer.csv", "explorer_municipality.csv"):
        table = pd.read_csv(mini / "reports" / "tables" / part, dtype={"wave": str})
        multi = table[table["variable"].isin(["aware__nav", "aware__tax"]) & ~table["suppressed"].astype(bool)]
        assert multi["level"].isna().all()
        for rec in multi.to_dict("records"):
            chosen = data[rec["variable"]].astype("Float64")
            rows = (data["wave"].astype(str) == rec["wave"]) & chosen.notna()
            if "municipality" in rec:
                rows &= data["municipality"].astype(str) == rec["municipality"]
            rows = rows.to_numpy() & (w > 0)
            want = np.sum(w[rows] * chosen[rows].astype(float)) / np.sum(w[rows])
            assert rec["estimate"] == pytest.approx(want, rel=1e-9) and rec["n"] == rows.sum()
            checked += 1
    assert checked >= 4
    # the default breakdowns: the site, its attributes and groupings (not the yes/no one), the weighting margins
    names = sorted(p.name for p in (mini / "reports" / "tables").glob("explorer*.csv"))
    assert names == ["explorer.csv", "explorer_age_group.csv", "explorer_colocation_path.csv", "explorer_gender.csv",
                     "explorer_municipality.csv", "explorer_site.csv", "explorer_site_type.csv"]


def test_a_column_with_one_value_or_read_by_the_screening_is_no_default_breakdown(mini):
    # a tester's study offered "Intervjustatus" (one value, "Fullført", after the screening)
    from surveykit.config.study import Rule
    from surveykit.report.figures.explorer import default_breakdowns

    study = load_study(mini)
    assert "gender" in default_breakdowns(study)
    gender = study.responses["gender"]
    study.responses["gender"] = gender.where(gender == gender.dropna().iloc[0], gender.dropna().iloc[0])
    assert "gender" not in default_breakdowns(study)
    study = load_study(mini)
    singles = [v.name for v in study.codebook.variables if v.type == "single" and v.name in default_breakdowns(study)
               and v.name not in [c for m in study.config.weighting.margins for c in m]]
    assert singles == ["age_group"]  # a single-choice question the screening reads is no breakdown either
    status = dataclasses.replace(study.config, screening=(Rule("incomplete", "age_group", values=("x",)),))
    assert "age_group" not in default_breakdowns(dataclasses.replace(study, config=status))


def test_the_explorer_tables_stay_out_of_the_workbook_and_the_page_links_the_explorer(mini):
    from openpyxl import load_workbook

    sheets = load_workbook(mini / "reports" / "tables.xlsx").sheetnames
    assert "help_table" in sheets and "help_table_tests" in sheets
    assert not any(s.startswith("explorer") for s in sheets)
    page = (mini / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="explorer.html"' in page
    assert "help_table" in page and "Rao–Scott" in page      # the table kind on the page, its footnote


def test_a_bad_explorer_entry_names_the_entry_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    for entry, message in [("{id: ex, kind: explorer, items: [comment]}", r"\('ex'\): item 'comment' is a text"),
                           ("{id: ex, kind: explorer, by: [nowhere]}", r"\('ex'\): `by` names \['nowhere'\]"),
                           ("{id: ex, kind: explorer, items: [help], by: [help]}", r"both questions .* and breakdowns"),
                           ("{id: ex, kind: explorer, options: {x: 1}}", r"takes no options")]:
        root = write_mini_study(tmp_path / str(abs(hash(entry))), **{"config/report.yaml": f"tables:\n  - {entry}\n"})
        with pytest.raises(ConfigError, match=message):
            build(root, jobs=1)


# --- in the browser: every choice, compared with the CSV tables ---------------------------------------

CLICK_THROUGH = r"""
(() => {
  const $ = (id) => document.getElementById(id);
  const set = (el, v) => { el.value = String(v); el.dispatchEvent(new Event("change", {bubbles: true})); };
  if (!$("ci").checked) $("ci").click();
  const views = [];
  for (let q = 0; q < $("q").options.length; q++) {
    set($("q"), q);
    for (let b = 0; b < $("b").options.length; b++) {
      set($("b"), b);
      const waves = $("wave-field").hidden ? [$("w").value] : [...$("w").options].map((o) => o.value);
      for (const w of waves) {
        set($("w"), w);
        const head = [...document.querySelectorAll("#view thead th")].map((th) => th.textContent);
        const rows = [...document.querySelectorAll("#view tbody tr")].map((tr) =>
          [tr.querySelector("th").textContent, ...[...tr.querySelectorAll("td[data-key]")].map((td) => td.textContent)]);
        views.push({q: $("q").selectedOptions[0].textContent, b: $("b").selectedOptions[0].textContent,
                    w: $("wave-field").hidden ? null : $("w").selectedOptions[0].textContent, head, rows,
                    status: $("status").textContent, hash: location.hash, caption: $("caption").textContent,
                    bars: [...document.querySelectorAll("#view tbody tr")].map((tr) =>
                      [...tr.querySelectorAll(".vis .bars span")].map((sp) => parseFloat(sp.style.width)))});
      }
    }
  }
  return views;
})()
"""


def _expected(frame: pd.DataFrame, item: str, levels: list, dk, has_mean: bool, lang: str,
              options: dict | None = None, not_asked: frozenset = frozenset()) -> list[str]:
    """The cells the page should show for one group and wave: n, shares with CI, dk, mean (as CSV says).
    ``options``: a multi question's option keys, whose shares are the rows of ``<item>__<key>``.
    A cell resting on no answer (n = 0) says "ikke spurt" where the wave did not ask the question
    (``not_asked``: (variable, wave)), else "ingen svar"."""
    if options:  # each option a variable of its own: shown as the levels of the question
        part = frame[frame["variable"].isin([f"{item}__{k}" for k in options])].copy()
        part["level"] = part["variable"].str.slice(len(item) + 2)
        levels = list(options)
    else:
        part = frame[frame["variable"] == item]
    lv = part[part["level"].notna()]
    mean = part[part["level"].isna()]
    shares = lv[lv["level"].isin(levels)]
    first = shares if len(shares) else mean
    n = first["n"].iloc[0] if len(first) else np.nan
    cells = ["–" if pd.isna(n) else format_number(float(n), lang, 0)]
    none = "–"
    if not pd.isna(n) and n == 0:
        none = "ikke spurt" if all((item, str(w)) in not_asked for w in first["wave"]) else "ingen svar"

    def share(rows):
        if not len(rows) or pd.isna(rows["estimate"].iloc[0]):
            return none
        r = rows.iloc[0]
        u = lambda x: round(float(x) * SHARE_UNIT) / SHARE_UNIT  # noqa: E731
        return f"{format_percent(u(r['estimate']), lang, 1)} {format_interval(u(r['conf_low']), u(r['conf_high']), lang, 1, percent=True)}"

    for level in levels:
        cells.append(share(lv[lv["level"] == level]))
    if dk is not None:
        cells.append(share(lv[lv["level"] == dk]))
    if has_mean:
        if not len(mean) or pd.isna(mean["estimate"].iloc[0]):
            cells.append(none)
        else:
            r = mean.iloc[0]
            u = lambda x: round(float(x) * VALUE_UNIT) / VALUE_UNIT  # noqa: E731
            cells.append(f"{format_number(u(r['estimate']), lang, 2)} {format_interval(u(r['conf_low']), u(r['conf_high']), lang, 2)}")
    return cells


def test_clicking_through_every_choice_shows_the_csv_numbers(mini):
    study = load_study(mini)
    p = study.presentation()
    with Browser() as browser, browser.tab(mini / "reports" / "explorer.html", DESKTOP) as tab:
        views = tab.eval(CLICK_THROUGH)
    tables = mini / "reports" / "tables"
    questions = {p.name(q): q for q in ["help", "knows", "age", "aware"]}
    options = {"nav": "NAV", "tax": "Skatt"}  # the multi question's options and their labels
    checked = 0
    multi_bars = 0
    for view in views:
        item = questions[view["q"]]
        q_levels = {"age": [], "aware": list(options.values())}.get(item, ["Uenig", "Nøytral", "Enig"])
        dk = "Vet ikke" if item in ("help", "knows") else None
        column = {p.name(c): c for c in ["site", "site_type", "colocation_path", "municipality", "gender",
                                         "age_group"]}.get(view["b"])
        frame = pd.read_csv(tables / (f"explorer_{column}.csv" if column else "explorer.csv"), dtype={"wave": str})
        if view["w"] is not None:
            frame = frame[frame["wave"] == {p.value("wave", w): w for w in ("1", "2")}[view["w"]]]
        assert view["head"][1] == "n" and view["head"][2:2 + len(q_levels)] == q_levels
        by_wave = view["b"] == p.name("wave")
        for row in view["rows"]:
            if by_wave:
                rows = frame[frame["wave"] == {p.value("wave", w): w for w in ("1", "2")}[row[0]]]
            elif column:
                rows = frame[[p.value(column, v) == row[0] for v in frame[column]]]
            else:
                rows = frame
            want = _expected(rows, item, q_levels, dk, item != "aware", "nb", options if item == "aware" else None,
                             p.not_asked)
            assert row[1:] == want, (view["q"], view["b"], view["w"], row)
            checked += 1
        if item == "aware":  # one bar per option, as long as its share (they need not add up to 100 %)
            assert view["caption"].endswith("(flere svar mulig, andelene summerer ikke til 100 %)")
            for bars, row in zip(view["bars"], view["rows"], strict=True):
                assert len(bars) == 2
                for width, cell in zip(bars, row[2:4], strict=True):
                    if cell != "–":
                        share = float(cell.split()[0].replace("\u00a0", "").replace(",", "."))
                        assert width == pytest.approx(share, abs=0.051)
                        multi_bars += 1
        assert view["status"].startswith("Viser: " + view["q"])
        assert f"#q={item}" in view["hash"]
    assert checked > 80 and len(views) == 4 * (2 * 7 + 1)   # 7 breakdowns by wave, and the waves side by side
    assert multi_bars > 5   # shown cells (the small mini study hides most by group)


def test_the_page_makes_no_request_and_holds_no_microdata(mini):
    page = mini / "reports" / "explorer.html"
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"https?://", text) and "<link" not in text and " src=" not in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    with Browser() as browser, browser.tab(page, DESKTOP) as tab:
        tab.eval("document.getElementById('b').value = '1'; document.getElementById('b').dispatchEvent(new Event('change')); "
                 "document.getElementById('download').click(); 1")
        assert tab.requests() == [page.resolve().as_uri()]
        csv = tab.eval("window.__skCsv")
        # the download lands in the browser's temporary folder, never in the user's ~/Downloads
        deadline = time.monotonic() + 20
        while not [f for f in browser.downloads.glob("*.csv")] and time.monotonic() < deadline:
            time.sleep(0.1)
        saved = list(browser.downloads.glob("*.csv"))
        assert len(saved) == 1, list(browser.downloads.iterdir())
        assert saved[0].read_text(encoding="utf-8").splitlines() == csv.splitlines()
    assert csv.splitlines()[2].startswith("Askim;")       # the CSV download of what is shown (nb: ";")
    responses = pd.read_parquet(mini / "data" / "processed" / "responses.parquet")
    for rid in responses["respondent_id"].astype(str):
        assert rid not in text
    data = json.loads(re.search(r'<script type="application/json" id="sk-data">(.*?)</script>', text).group(1))
    min_cell = load_study(mini).config.min_cell
    ns = [row[2] for part in data["d"] for q in part for row in q]
    # small groups are suppressed; a question not asked in a wave rests on no one (n = 0)
    assert all(n is None or n == 0 or n >= min_cell for n in ns) and None in ns
    assert max(n for n in ns if n is not None) <= len(responses)
    for comment in responses["comment"].dropna().astype(str):
        assert comment not in text


def test_keyboard_changes_the_view_and_the_status_says_so(mini):
    with Browser() as browser, browser.tab(mini / "reports" / "explorer.html", DESKTOP) as tab:
        before = tab.eval("document.getElementById('status').textContent")
        tab.eval("document.getElementById('q').focus(); 1")
        tab.key("ArrowDown", key_code=40)
        after = tab.eval("document.getElementById('status').textContent")
        assert after != before and tab.eval("document.getElementById('q').value") == "1"
        tab.key("Tab", key_code=9)
        assert tab.eval("document.activeElement.id") == "b"
        labels = tab.eval("[...document.querySelectorAll('select,input')].map((e) => e.labels.length)")
        assert labels == [1, 1, 1, 1]
        live = tab.eval("document.getElementById('status').getAttribute('aria-live')")
        assert live == "polite"
        assert tab.eval("document.documentElement.lang") == "nb"
        assert tab.eval("[...document.querySelectorAll('#view thead th')].every((th) => th.scope === 'col')")
        assert tab.eval("[...document.querySelectorAll('#view tbody th')].every((th) => th.scope === 'row')")


def test_a_link_opens_its_view_and_a_malformed_link_the_default_view(mini):
    page = mini / "reports" / "explorer.html"
    with Browser() as browser:
        with browser.tab(page, DESKTOP, fragment="#q=knows&b=gender&w=1") as tab:
            assert tab.eval("window.__skReady") is True
            assert tab.eval("document.getElementById('q').value") == "1"       # knows: the second question
            assert tab.eval("document.querySelectorAll('#view tbody tr').length") >= 2
        # a stray % (decodeURIComponent throws): before, the page stayed blank
        with browser.tab(page, DESKTOP, fragment="#q=%E0%A4&b=%&w=1") as tab:
            assert tab.eval("window.__skReady") is True
            assert tab.eval("document.getElementById('q').value") == "0"
            assert tab.eval("document.querySelectorAll('#view tbody tr').length") >= 1


def test_screenshots_fit_a_phone_and_a_desktop(mini, tmp_path):
    page = mini / "reports" / "explorer.html"
    with Browser() as browser:
        for width in (PHONE, DESKTOP):
            with browser.tab(page, width) as tab:
                tab.eval("document.getElementById('b').value = '1'; "
                         "document.getElementById('b').dispatchEvent(new Event('change')); "
                         "document.getElementById('ci').click(); 1")
                assert_fits(tab.eval(LAYOUT), width)
                shot = tab.screenshot(tmp_path / f"explorer_{width}.png")
                with Image.open(shot) as image:
                    assert image.width == width and 400 < image.height < 4000
                    colours = image.convert("RGB").getcolors(1 << 20)
                    assert len(colours) > 20          # not a blank page: text, controls, bars
                visible = tab.eval("[...document.querySelectorAll('#view tbody td[data-key]')]"
                                   ".every((td) => td.getBoundingClientRect().width > 0)")
                assert visible


@pytest.mark.parametrize("study", ["one_wave", "three_waves"])
def test_other_studies_one_wave_without_sites_or_three_waves_with_sites(tmp_path, monkeypatch, study):
    from tests.test_report_studies import write_one_wave_study, write_three_wave_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = (write_one_wave_study if study == "one_wave" else write_three_wave_study)(tmp_path / study)
    (root / "config" / "report.yaml").write_text("tables:\n  - {id: explorer, kind: explorer}\n", encoding="utf-8")
    build(root, jobs=1)
    page = root / "reports" / "explorer.html"
    with Browser() as browser, browser.tab(page, PHONE) as tab:
        assert tab.eval("window.__skReady") is True
        hidden = tab.eval("document.getElementById('wave-field').hidden")
        shown = tab.eval("document.getElementById('wave-field').getBoundingClientRect().height > 0")
        assert shown is not hidden          # hidden means not displayed (the field's own display style)
        assert tab.eval("document.documentElement.lang") == "en"
        options = tab.eval("[...document.getElementById('b').options].map((o) => o.textContent)")
        questions = tab.eval("[...document.getElementById('q').options].map((o) => o.textContent)")
        assert_fits(tab.eval(LAYOUT), PHONE)
        views = tab.eval(CLICK_THROUGH)
    assert questions == ["Easy to get help", "I feel welcome", "Visits last year"]
    assert all(v["rows"] for v in views) and all("–" not in v["rows"][0][1] for v in views if v["b"] == "All responses")
    if study == "one_wave":
        assert hidden is True and options == ["All responses", "Gender"]
    else:
        assert hidden is False and options == ["All responses", "Site", "District", "Building", "Building over the rounds",
                                               "Gender", "Wave"]
        by_round = next(v for v in views if v["b"] == "Wave")
        assert [r[0] for r in by_round["rows"]] == ["Round A", "Round B", "Round C"]


# --- at scale: 200 sites × 50 questions × 3 waves ----------------------------------------------------

def _big_result(sites: int = 200, questions: int = 50, waves: int = 3, seed: int = 1) -> ExplorerResult:
    rng = np.random.default_rng(seed)
    levels = ("Helt uenig", "Litt uenig", "Nøytral", "Litt enig", "Helt enig")
    qs = tuple(Question(f"q{i:02d}", "scale", levels, "Vet ikke", True) for i in range(questions))
    wave_ids = [str(w + 1) for w in range(waves)]

    def frame(column: str, groups: list[str]) -> pd.DataFrame:
        keys = [(w, g) for w in wave_ids for g in groups]
        rows = []
        for q in qs:
            shares = rng.dirichlet(np.ones(5), len(keys))
            for k, (w, g) in enumerate(keys):
                n = int(rng.integers(5, 400))
                hide = n < 10
                for j, lv in enumerate([*levels, "Vet ikke", None]):
                    est = shares[k, j] if j < 5 else (rng.uniform(0, .2) if j == 5 else rng.uniform(1, 5))
                    rows.append((w, g, q.id, lv, np.nan if hide else est, np.nan if hide else est * .9,
                                 np.nan if hide else est * 1.1 + .001, pd.NA if hide else n, hide))
        cols = ["wave", column or "_", "variable", "level", "estimate", "conf_low", "conf_high", "n", "suppressed"]
        out = pd.DataFrame(rows, columns=cols)
        return out.drop(columns="_") if not column else out

    frames = (("", frame("", ["__all"])), ("site", frame("site", [f"s{i:03d}" for i in range(sites)])),
              ("gender", frame("gender", ["Mann", "Kvinne"])))
    return ExplorerResult(qs, ("site", "gender"), tuple(wave_ids), frames)


def test_two_hundred_sites_fifty_questions_three_waves_load_fast(tmp_path):
    result = _big_result()
    p = Presentation("nb", values={"site": {f"s{i:03d}": f"Sted nummer {i}" for i in range(200)}}, min_cell=10)
    start = time.perf_counter()
    page = render_explorer(explorer_data(result, dict(result.frames), p), p, title="Stor studie")
    build_seconds = time.perf_counter() - start
    path = tmp_path / "explorer.html"
    path.write_text(page, encoding="utf-8")
    size = path.stat().st_size
    assert size < 6_000_000, size          # compact JSON: integers, no repeated keys
    with Browser() as browser, browser.tab(path, DESKTOP) as tab:
        first = tab.eval("performance.getEntriesByType('navigation')[0].loadEventEnd")
        switch = tab.eval("(() => { const t = performance.now(); const b = document.getElementById('b'); b.value = '1'; "
                          "b.dispatchEvent(new Event('change')); return performance.now() - t; })()")
        rows = tab.eval("document.querySelectorAll('#view tbody tr').length")
    assert rows == 200
    assert first < 3000 and switch < 1000, (first, switch)
    (tmp_path / "timings.json").write_text(json.dumps({"bytes": size, "python_seconds": build_seconds,
                                                       "load_ms": first, "switch_to_200_sites_ms": switch}), encoding="utf-8")
    print(f"explorer at 200 sites x 50 questions x 3 waves: {size / 1e6:.2f} MB, built in {build_seconds:.2f} s, "
          f"loaded and rendered in {first:.0f} ms, 200 sites shown in {switch:.0f} ms")


def test_the_same_tables_give_the_same_page():
    result = _big_result(sites=3, questions=2, waves=2)
    p = Presentation("en")
    one = render_explorer(explorer_data(result, dict(result.frames), p), p, title="T")
    two = render_explorer(explorer_data(result, dict(result.frames), p), p, title="T")
    assert one == two and '<html lang="en">' in one



def test_labels_that_look_like_markup_stay_text(tmp_path):
    result = _big_result(sites=3, questions=2, waves=1)
    evil = "</script><script>window.__pwned = 1</script><!-- x"
    p = Presentation("en", names={"q00": evil}, values={"site": {"s000": "<b>Site</b> & co"}})
    path = tmp_path / "explorer.html"
    path.write_text(render_explorer(explorer_data(result, dict(result.frames), p), p, title="<i>T</i>"),
                    encoding="utf-8")
    with Browser() as browser, browser.tab(path, DESKTOP) as tab:
        assert tab.eval("window.__skReady") is True and tab.eval("window.__pwned === undefined")
        assert tab.eval("document.getElementById('q').options[0].textContent") == evil
        tab.eval("document.getElementById('b').value = '1'; document.getElementById('b').dispatchEvent(new Event('change')); 1")
        assert tab.eval("document.querySelector('#view tbody th').textContent") == "<b>Site</b> & co"


@pytest.mark.parametrize(("language", "title"), [("sv", "Utforska siffrorna"), ("da", "Udforsk tallene"),
                                                 ("nn", "Utforsk tala")])
def test_the_page_speaks_the_language_of_the_build(mini, tmp_path, language, title):
    import shutil

    root = tmp_path / "study"
    shutil.copytree(mini, root, ignore=shutil.ignore_patterns("reports", "processed"))
    build(root, jobs=1, language=language)
    page = root / "reports" / "explorer.html"
    with Browser() as browser, browser.tab(page, PHONE) as tab:
        assert tab.eval("document.documentElement.lang") == language
        assert tab.eval("document.querySelector('h1').textContent").startswith(title)
        assert tab.eval("window.__skReady") is True
        decimal = tab.eval("document.querySelector('#view tbody td[data-key=\"mean\"]').textContent")
    assert "," in decimal and "." not in decimal


def test_a_study_of_single_choice_questions_only_explores_them(tmp_path, monkeypatch):
    """No likert item and no number: the single-choice questions are the questions (before,
    the build stopped: 'no likert or numeric questions to explore')."""
    from tests.test_report_studies import write_one_wave_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_one_wave_study(tmp_path / "singles")
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8").replace("type: likert", "type: single")
    codebook.write_text(text.replace("type: numeric", "type: text").replace(", valid: [0, 400]", ""), encoding="utf-8")
    (root / "config" / "report.yaml").write_text("tables:\n  - {id: explorer, kind: explorer}\n", encoding="utf-8")
    build(root, jobs=1)
    table = pd.read_csv(root / "reports" / "tables" / "explorer.csv")
    assert sorted(table["variable"].unique()) == ["gender", "help", "welcome"]
    raw = pd.read_csv(root / "data" / "raw" / "export.csv")["help"]
    labels = {1: "Disagree", 2: "Rather disagree", 3: "Rather agree", 4: "Agree"}   # code 9: cannot say
    answered = raw[raw.isin(list(labels))]
    shares = table[(table["variable"] == "help") & table["level"].isin(list(labels.values()))]
    # unweighted: each share is the answer's count among those who answered
    assert len(shares) == 4
    for code, label in labels.items():
        got = shares.loc[shares["level"] == label, "estimate"].item()
        assert got == pytest.approx((answered == code).mean(), abs=1e-12)
    assert not list((root / "reports" / "tables").glob("explorer_*.csv"))   # no breakdown left
