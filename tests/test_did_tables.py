"""The difference-in-differences table on the report page says "not asked" (in the report's
language) for a question a compared wave did not ask, as its figure does, not the suppressed dash."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from surveykit.report.build import build
from tests.test_unlike_studies_weighting import unasked_study

DID_REPORT = """\
figures:
  - {id: did_gender, kind: did, items: [help, welcome], title: {nb: Kvinner mot menn},
     options: {group: gender, groups: [Mann, Kvinne], waves: [a, b]}}
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, str]:
    # three waves; `welcome` was not asked in wave a (no column, no source); a Norwegian report
    root = unasked_study(tmp_path_factory.mktemp("did") / "study")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: nb"), encoding="utf-8")
    (root / "config" / "report.yaml").write_text(DID_REPORT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_KEY", "k" * 16)
        build(root, formats=("svg",), jobs=1)
    return root, (root / "reports" / "index.html").read_text(encoding="utf-8")


def _cells(page: str, row: str) -> list[str]:
    table = re.search(r"<table>.*?</table>", page, flags=re.S).group(0)
    line = re.search(rf'<th scope="row">{row}</th>(.*?)</tr>', table).group(1)
    return [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", line)]


def test_the_did_table_says_not_asked_like_its_figure(page):
    root, text = page
    assert _cells(text, "Velkommen") == ["ikke spurt"] * 4
    assert _cells(text, "Lett å få hjelp") == ["+0,03", "[\u22120,27; 0,34]", "0,825", "0,825"]
    # what the mark means, under the table, as the figure's legend says it
    assert "Ikke spurt: spørsmålet var ikke med i den runden" in html.unescape(text)
    svg = (root / "reports" / "figures" / "did_gender.svg").read_text(encoding="utf-8")
    assert "ikke spurt" in svg
