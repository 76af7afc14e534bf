"""Every table kind of the recipe is laid out on the page, not only linked as CSV.

A three-wave study with sites lists a `shares`, a `means` and a `change` table in
config/report.yaml (before, the page showed them only as links to their CSV files): each now has
an accessible table (caption, column and row headers) in the report's language and number
format, "–" where a number is suppressed with the footnote saying why, and its CSV link kept.
Every shown number is the published CSV's, formatted."""

from __future__ import annotations

import html
import re

import pandas as pd

from surveykit.report import build
from tests.browser import DESKTOP, PHONE, assert_fits, measure
from tests.test_report_studies import write_three_wave_study

TABLES = """\
  - {id: spread, kind: shares, items: [help], by: [site, wave], title: Spread}
  - {id: averages, kind: means, items: [help, visits], by: [wave], title: Averages}
  - {id: shift, kind: change, items: [help, welcome], by: [history], title: Shift}
"""


def _section(page: str, title: str) -> tuple[str, list[str], list[list[str]], list[str]]:
    """A section of the page by its heading: its caption, column headers, rows and footnotes."""
    part = page[page.index(f">{title}</h2>"):]
    part = part[:part.index("</section>")]
    assert '<div class="scroll" role="region" tabindex="0"' in part   # the table's own, keyboard-reachable box
    caption = html.unescape(re.search(r"<caption[^>]*>(.*?)</caption>", part).group(1))
    heads = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<th scope="col">(.*?)</th>', part)]
    rows = [[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
            for r in re.findall(r"<tbody>(.*?)</tbody>", part, re.S)[0].split("</tr>") if r]
    notes = [html.unescape(n) for n in re.findall(r'<p class="tnote">(.*?)</p>', part)]
    assert re.search(r'href="tables/[^"]+\.csv"', part)   # the CSV link is kept
    return caption, heads, rows, notes


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def test_shares_means_and_change_tables_are_on_the_page(tmp_path):
    root = write_three_wave_study(tmp_path)
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + TABLES, encoding="utf-8")
    build(root, jobs=1)
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    tables = root / "reports" / "tables"

    caption, heads, rows, notes = _section(page, "Spread")
    assert caption == "Distribution of answers by Site × Wave, with 95% confidence interval."
    assert heads[0] == "Question" and "North hall · Round A" in heads and len(heads) == 1 + 9
    csv = pd.read_csv(tables / "spread.csv", keep_default_na=False, na_values=[""])
    body = {r[0]: r[1:] for r in rows}
    assert rows[0][0] == "Easy to get help"
    assert list(body) == ["Easy to get help", "Disagree", "Rather disagree", "Rather agree", "Agree", "Cannot say"]
    for k, head in enumerate(heads[1:]):
        site, wave = head.split(" · ")
        code = {"North hall": "n", "Mill street": "m", "South corner": "s"}[site]
        part = csv[(csv["site"] == code) & (csv["wave"] == wave.removeprefix("Round ").lower())]
        for level, row in zip(part["level"], part.itertuples(), strict=True):
            shown = body[level][k]
            if row.suppressed:
                assert shown == "–"
            else:
                assert shown == f"{_pct(row.estimate)} [{100 * row.conf_low:.1f}, {100 * row.conf_high:.1f}]"
    assert ("Share of those who took a position (without “Cannot say”); “Cannot say”: share of all answers."
            in notes)
    if csv["suppressed"].any():
        assert any(n.startswith("–") and "Suppressed" in n for n in notes)

    caption, heads, rows, notes = _section(page, "Averages")
    assert caption == "Mean by Wave, with 95% confidence interval."
    assert heads == ["Question", "Round A", "Round B", "Round C"]
    means = pd.read_csv(tables / "averages.csv")
    visits = means[means["variable"] == "visits"].reset_index(drop=True)
    at = [r[0] for r in rows].index("Visits last year")
    assert rows[at][1:] == [f"n = {n}" for n in visits["n"]]
    assert rows[at + 1] == ["Mean", *(f"{e:.2f} [{lo:.2f}, {hi:.2f}]" for e, lo, hi in
                                      zip(visits["estimate"], visits["conf_low"], visits["conf_high"], strict=True))]
    assert "“Cannot say” is left out of the base." in notes

    caption, heads, rows, notes = _section(page, "Shift")
    assert caption == "Change from Round A to Round C by Building over the rounds, with 95% confidence interval."
    assert heads == ["Question", "Building over the rounds", "Round A", "Round C", "Change (Round C − Round A)",
                     "95% CI", "p-value"]
    change = pd.read_csv(tables / "shift_change.csv")
    first = change.iloc[0]
    shown = next(r for r in rows if r[0] == "Easy to get help" and r[1] == {
        "always_shared": "Shared throughout", "always_own": "Own throughout",
        "moved_in": "Moved in after round A"}[first["history"]])
    assert shown[4] == f"{first['estimate']:+.2f}".replace("-", "−")
    assert shown[5] == f"[{first['conf_low']:.2f}, {first['conf_high']:.2f}]".replace("-", "−")
    # wide tables scroll in their own boxes: nothing reaches past a phone's or a desktop's edge
    results = measure(root / "reports" / "index.html", (PHONE, DESKTOP))
    for width, result in results.items():
        assert_fits(result, width)


def test_the_tables_are_in_the_report_language(tmp_path):
    root = write_three_wave_study(tmp_path)
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + TABLES, encoding="utf-8")
    build(root, jobs=1, language="nb")
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    caption, heads, rows, _ = _section(page, "Averages")
    assert caption == "Gjennomsnitt etter Runde, med 95 % konfidensintervall."
    assert heads[0] == "Spørsmål" and rows[1][0] == "Gjennomsnitt"
    means = pd.read_csv(root / "reports" / "tables" / "averages.csv")
    first = means.iloc[0]
    assert rows[1][1] == (f"{first['estimate']:.2f} [{first['conf_low']:.2f}; {first['conf_high']:.2f}]"
                          .replace(".", ","))
    caption, heads, rows, _ = _section(page, "Shift")
    assert heads[-3:] == ["Endring (Round C − Round A)", "95 % KI", "p-verdi"]
