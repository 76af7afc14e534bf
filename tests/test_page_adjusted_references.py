"""An adjusted comparison names the category each term is compared with.

A three-wave study with sites: the scores of "Easy to get help" regressed on the shared
building (true/false) adjusted for gender, site and wave. Each categorical term's coefficients
compare with one level that has no coefficient of its own (gender: Man, the first wave, the
first site among the answers; the building: No); before, neither the workbook sheet nor the page
said which, so a reader could not tell what "Gender: Woman +0.12" is compared with. Now the
sheet has a column "Compared with" and the page a table under the figure with that column and
a note listing every reference category, in the report's language."""

from __future__ import annotations

import html
import re

import pandas as pd
from openpyxl import load_workbook

from surveykit.report import build
from tests.test_report_studies import write_three_wave_study

ENTRY = ("  - {id: adj, kind: adjusted, items: [help], title: Adjusted,\n"
         "     options: {effect: co_located, covariates: [gender, site, wave]}}\n")


def test_the_reference_categories_are_named_on_the_sheet_and_the_page(tmp_path):
    root = write_three_wave_study(tmp_path)
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("tables:\n", ENTRY + "tables:\n"), encoding="utf-8")
    build(root, jobs=1)
    csv = pd.read_csv(root / "reports" / "tables" / "adj.csv")
    terms = set(csv["variable"])
    # the levels without a coefficient: the references the model compares with
    sites = {"n": "North hall", "m": "Mill street", "s": "South corner"}
    site_ref = [label for code, label in sites.items() if f"C(site)[T.{code}]" not in terms]
    assert len(site_ref) == 1 and "C(gender)[T.Woman]" in terms and "C(wave)[T.b]" in terms and "co_located" in terms
    expected = {"Gender": "Man", "Site": site_ref[0], "Wave": "Round A", "Shared building": "No"}

    wb = load_workbook(root / "reports" / "tables.xlsx")
    rows = list(wb["adj"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Outcome", "Term", "Compared with")
    shown = {term: ref for _, term, ref, *_ in rows[1:]}
    assert shown["Intercept"] is None
    assert shown["Shared building"] == "Shared building: No"
    assert shown["Gender: Woman"] == "Gender: Man"
    assert shown["Wave: Round B"] == shown["Wave: Round C"] == "Wave: Round A"
    site_rows = [t for t in shown if t.startswith("Site: ")]
    assert len(site_rows) == 2 and all(shown[t] == f"Site: {site_ref[0]}" for t in site_rows)
    assert f"Site: {site_ref[0]}" not in site_rows

    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    section = page[page.index(">Adjusted</h2>"):]
    section = section[:section.index("</section>")]
    heads = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<th scope="col">(.*?)</th>', section)]
    assert heads == ["Term", "Coefficient", "95% CI", "p-value", "Compared with"]
    cells = {html.unescape(m[0]): html.unescape(m[1]) for m in
             re.findall(r'<th scope="row">(.*?)</th>(?:<td>.*?</td>){3}<td>(.*?)</td>', section)}
    assert cells["Gender: Woman"] == "Man" and cells["Wave: Round C"] == "Round A"
    assert cells["Shared building"] == "No" and cells["Intercept"] == ""
    note = ("Each coefficient compares with its variable's reference category, adjusted for the other variables: "
            + "; ".join(f"{k}: {expected[k]}" for k in ("Shared building", "Gender", "Site", "Wave")) + ".")
    assert note in html.unescape(section)
    assert "Coefficients (scale points) with 95% confidence interval, from design-based regression. " \
           "Outcome: Easy to get help." in html.unescape(section)
