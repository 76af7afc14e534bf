"""A figure's footer states the waves and the n its numbers rest on: a change or a did of two
of three waves names those two and the n of its estimates, not every wave of the study; the
explorer's footer follows the wave it shows."""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from surveykit.report import build
from tests.test_report_studies import write_three_wave_study


def _footer(svg: str) -> str:
    """The footer line of a figure drawn as SVG (its text kept as text)."""
    texts = [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg)]
    return next(t for t in texts if t.startswith("Source: "))


def _n(table: pd.DataFrame) -> str:
    shown = table[~table["suppressed"].astype(bool) & table["estimate"].notna() & (table["n"] > 0)]
    low, high = int(shown["n"].min()), int(shown["n"].max())
    return f"n = {low}" if low == high else f"n = {low}–{high} per estimate"


def test_a_figure_of_two_of_three_waves_says_which_and_their_n(tmp_path):
    root = write_three_wave_study(tmp_path, n=150)
    report = root / "config" / "report.yaml"
    recipe = report.read_text(encoding="utf-8").replace(
        "figures:\n", "figures:\n  - {id: later, kind: change, items: [help], by: [gender], options: {waves: [b, c]}}\n")
    recipe = recipe.replace("figures:\n", "figures:\n  - {id: asked, kind: means, items: [welcome]}\n")
    report.write_text(recipe + "  - {id: explore, kind: explorer, items: [help], by: [gender]}\n", encoding="utf-8")
    codebook = root / "config" / "codebook.yaml"   # `welcome` was not asked in round C
    text = codebook.read_text(encoding="utf-8")
    assert ', "c": {column: welcome}' in text
    codebook.write_text(text.replace(', "c": {column: welcome}', ""), encoding="utf-8")
    build(root, progress=lambda _m: None, jobs=1, formats=("svg",))
    figures = root / "reports" / "figures"
    footers = {name: _footer((figures / f"{name}.svg").read_text(encoding="utf-8"))
               for name in ("answers", "change", "moved", "later", "asked")}
    # the n is that of the estimates drawn (tests/test_figures_footer_n.py), read from the published tables
    tables = root / "reports" / "tables"
    n = {name: _n(pd.read_csv(tables / f"{table}.csv"))
         for name, table in [("answers", "answers"), ("change", "change_means"), ("moved", "moved_means"),
                             ("later", "later_means"), ("asked", "asked")]}
    assert footers["answers"] == f"Source: Round survey · Round A, Round B and Round C · {n['answers']}"
    # first and last wave, and the one between them drawn on the line (tests/test_figures_change_waves.py)
    assert footers["change"] == f"Source: Round survey · Round A, Round B and Round C · {n['change']}"
    # the did compares A and C and draws B between them (tests/test_figures_did_axes.py)
    assert footers["moved"] == f"Source: Round survey · Round A, Round B and Round C · {n['moved']}"
    assert footers["later"] == f"Source: Round survey · Round B and Round C · {n['later']}"
    assert footers["asked"] == f"Source: Round survey · Round A and Round B · {n['asked']}"   # where it was asked
    assert n["asked"] == "n = " + str(int(pd.read_csv(tables / "asked.csv")["n"].iloc[0]))   # one estimate
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="sk-data">(.*?)</script>', page, re.S)[1])
    # the n (None) is the page's to give: that of the rows it shows (tests/test_report_ux_phone_links.py)
    assert data["footer"] == ["Source: Round survey", "Round A, Round B and Round C", None]
    assert data["footers"] == [["Source: Round survey", f"Round {w}", None] for w in "ABC"]
    assert '<p class="note" id="footer">' in page and "D.footers[v.wave]" in page
