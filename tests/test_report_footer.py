"""A figure's footer states the waves and the n its numbers rest on: a change or a did of two
of three waves names those two and their respondents, not every wave of the study; the
explorer's footer follows the wave it shows."""

from __future__ import annotations

import html
import json
import re

from surveykit.report import build
from tests.test_report_studies import write_three_wave_study


def _footer(svg: str) -> str:
    """The footer line of a figure drawn as SVG (its text kept as text)."""
    texts = [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg)]
    return next(t for t in texts if t.startswith("Source: "))


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
    assert footers["answers"] == "Source: Round survey · Round A, Round B and Round C · n = 450"
    assert footers["change"] == "Source: Round survey · Round A and Round C · n = 300"   # first and last wave
    assert footers["moved"] == "Source: Round survey · Round A and Round C · n = 300"    # the did
    assert footers["later"] == "Source: Round survey · Round B and Round C · n = 300"
    assert footers["asked"] == "Source: Round survey · Round A and Round B · n = 300"   # where it was asked
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="sk-data">(.*?)</script>', page, re.S)[1])
    assert data["footer"] == footers["answers"]
    assert data["footers"] == [f"Source: Round survey · Round {w} · n = 150" for w in "ABC"]
    assert '<p class="note" id="footer">' in page and "D.footers[v.wave]" in page
