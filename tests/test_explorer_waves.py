"""The explorer (reports/explorer.html) and its waves: a site renamed between waves shows the
name it had in each wave (config/sites.csv's label per period); the CSV download heads its first
column in the report's language; a study of one wave shows no wave chooser and no word of one."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from surveykit.report import build
from tests.browser import DESKTOP, Browser
from tests.study_fixture import SITES_CSV, SURVEYKIT_SITES_YAML, write_mini_study

REPORT = """\
figures: []
tables:
  - {id: explorer, kind: explorer}
"""
# Mjøndalen became co-located on 2022-09-01 and took a new name with it: wave 1 (2022-01-15)
# knew it as "Mjøndalen", wave 2 (2023-01-20) as "Mjøndalen bibliotek og innbyggertorg"
RENAMED = SITES_CSV.replace("m,Mjøndalen,Drammen,bibliotek og innbyggertorg,",
                            "m,Mjøndalen bibliotek og innbyggertorg,Drammen,bibliotek og innbyggertorg,")


def _built(root: Path, monkeypatch, **files: str) -> Path:
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_mini_study(root, **{"config/report.yaml": REPORT, "surveykit.yaml": SURVEYKIT_SITES_YAML, **files})
    build(root, jobs=1)
    return root


def _view(tab, breakdown: str, wave: int) -> dict:
    tab.eval(f"""(() => {{ const b = document.getElementById('b'), w = document.getElementById('w');
        b.value = [...b.options].findIndex((o) => o.textContent === {json.dumps(breakdown)});
        w.value = '{wave}'; b.dispatchEvent(new Event('change')); document.getElementById('download').click(); }})()""")
    rows = tab.eval("[...document.querySelectorAll('#view tbody th')].map((th) => th.textContent)")
    csv_text = tab.eval("window.__skCsv").lstrip("\ufeff")
    return {"rows": rows, "csv": [r for r in csv.reader(io.StringIO(csv_text), delimiter=";") if r]}


def test_a_renamed_site_keeps_its_name_of_each_wave(tmp_path, monkeypatch):
    root = _built(tmp_path, monkeypatch, **{"config/sites.csv": RENAMED})
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="sk-data">(.*?)</script>', page, re.S).group(1))
    site = next(b for b in data["b"] if b["id"] == "site")
    assert site["wave_groups"] == [["Askim", "Mjøndalen"], ["Askim", "Mjøndalen bibliotek og innbyggertorg"]]
    with Browser() as browser, browser.tab(root / "reports" / "explorer.html", DESKTOP) as tab:
        first, second = _view(tab, "site", 0), _view(tab, "site", 1)
        every = _view(tab, "Alle svar", 1)
    assert first["rows"] == ["Askim", "Mjøndalen"]
    assert second["rows"] == ["Askim", "Mjøndalen bibliotek og innbyggertorg"]
    assert [r[0] for r in first["csv"][2:4]] == ["Askim", "Mjøndalen"]   # the download as the page shows it
    # the first column of "all answers" is headed in the report's language (nb: "Gruppe")
    assert every["csv"][1][:2] == ["Gruppe", "n"] and every["csv"][2][0] == "Alle svar"


def test_a_study_of_one_wave_has_no_wave_to_choose(tmp_path, monkeypatch):
    from tests.test_report_studies import write_one_wave_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_one_wave_study(tmp_path / "one")          # one wave, no sites; here a Norwegian report
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: nb"), encoding="utf-8")
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    build(root, jobs=1)
    page = (root / "reports" / "explorer.html").read_text(encoding="utf-8")
    assert "<p>Velg et spørsmål og en inndeling. Tallene er beregnet på forhånd av rapporten: " in page
    assert '<div class="field" id="wave-field" hidden>' in page      # hidden before any script runs
    with Browser() as browser, browser.tab(root / "reports" / "explorer.html", DESKTOP) as tab:
        assert tab.eval("document.getElementById('wave-field').getBoundingClientRect().height") == 0
        shown = tab.eval("document.body.innerText")
    assert "Velg et spørsmål og en inndeling." in shown
    assert "runde" not in shown.lower(), shown               # no wave to choose, no word of one
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "Utforsk tallene selv: velg spørsmål og inndeling." in index and "og runde" not in index
