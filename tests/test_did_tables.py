"""The difference-in-differences table on the report page says "not asked" (in the report's
language) for a question a compared wave did not ask, as its figure does, not the suppressed dash."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest

from surveykit.errors import SurveykitWarning
from surveykit.report.build import build
from tests.test_unlike_studies_weighting import unasked_study

DID_REPORT = """\
figures:
  - {id: did_gender, kind: did, items: [help, welcome], title: {nb: Kvinner mot menn},
     options: {group: gender, groups: [Mann, Kvinne], waves: [a, b]}}
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, str, list[str]]:
    # three waves; `welcome` was not asked in wave a (no column, no source); a Norwegian report
    root = unasked_study(tmp_path_factory.mktemp("did") / "study")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: nb"), encoding="utf-8")
    (root / "config" / "report.yaml").write_text(DID_REPORT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_KEY", "k" * 16)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            build(root, formats=("svg",), jobs=1)
    said = [str(w.message) for w in caught if issubclass(w.category, SurveykitWarning)]
    return root, (root / "reports" / "index.html").read_text(encoding="utf-8"), said


def _cells(page: str, row: str) -> list[str]:
    table = re.search(r"<table>.*?</table>", page, flags=re.S).group(0)
    line = re.search(rf'<th scope="row">{row}</th>(.*?)</tr>', table).group(1)
    return [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", line)]


def test_the_did_table_says_not_asked_like_its_figure(page):
    root, text, _ = page
    assert _cells(text, "Velkommen") == ["ikke spurt"] * 4
    assert _cells(text, "Lett å få hjelp") == ["+0,03", "[\u22120,27; 0,34]", "0,825", "0,825"]
    # what the mark means, under the table, as the figure's legend says it
    assert "Ikke spurt: spørsmålet var ikke med i den runden" in html.unescape(text)
    svg = (root / "reports" / "figures" / "did_gender.svg").read_text(encoding="utf-8")
    assert "ikke spurt" in svg


def test_the_build_warns_once_of_the_question_not_asked_naming_the_entry_once(page):
    # the check at validate warned, then the did's computation warned again, its message
    # prefixed with the entry a second time ("report.yaml: `figures[0]` ('did_gender'): report.yaml: ...")
    *_, said = page
    [not_asked] = [m for m in said if "'welcome' was not asked in wave 'a'" in m]
    assert not_asked.count("('did_gender')") == 1 and not_asked.count("report.yaml") == 1
