"""Sites are listed in the order of config/sites.csv (North hall, Mill street, South corner), in
the responses and so in every figure and table: they came sorted by their ids (m, n, s), which
looks random to a reader."""

from __future__ import annotations

import pandas as pd

from surveykit.report import build
from tests.test_report_studies import write_three_wave_study

REPORT = """\
figures:
  - {id: by_site, kind: means, items: [help], by: [site], title: Means}
tables:
  - {id: site_table, kind: means, items: [help], by: [site, wave]}
"""


def test_sites_follow_the_order_of_sites_csv(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_three_wave_study(tmp_path / "s", n=150)
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    build(root, jobs=1, formats=("svg",))
    from surveykit.processed import read_responses

    responses = read_responses(root / "data" / "processed" / "responses.parquet", language="en")
    assert list(responses["site"].cat.categories) == ["n", "m", "s"]
    table = pd.read_csv(root / "reports" / "tables" / "site_table.csv", dtype=str)
    assert list(dict.fromkeys(table["site"])) == ["n", "m", "s"]
    svg = (root / "reports" / "figures" / "by_site.svg").read_text(encoding="utf-8")
    at = [svg.index(name) for name in ("North hall", "Mill street", "South corner")]
    assert at == sorted(at)   # the legend in the file's order
