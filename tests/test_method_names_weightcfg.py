"""The workbook's sheet of weighting margins and the page's method note name the margins by
the variables' labels in the report's language ("Omgång × Kön", not "wave × gender") and
the weighting method in words of that language (not "raking" in a Swedish report)."""

from __future__ import annotations

import warnings

import pytest

from surveykit.report.build import build
from tests.test_report_method_texts import method_section
from tests.test_unweightable_weightcfg import write_study

TABLE_ONLY = "tables:\n  - {id: andel, kind: topbox, items: [nojd], by: [gender]}\n"

# language: the sheet, the margins as shown, the method's name
EXPECTED = {
    "sv": ("metod_viktningsmarginaler", ["Omgång × Kön", "Omgång × Åldersgrupp"],
           "iterativ proportionell anpassning"),
    "nb": ("metode_vektingsmarginer", ["Runde × Kjønn", "Runde × Aldersgruppe"],
           "iterativ proporsjonal tilpasning"),
    "nn": ("metode_vektingsmarginar", ["Runde × Kjønn", "Runde × Aldersgruppe"],
           "iterativ proporsjonal tilpassing"),
    "da": ("metode_vægtningsmarginer", ["Runde × Kjønn", "Runde × Aldersgruppe"],
           "iterativ proportional tilpasning"),
    "en": ("method_weighting_margins", ["Wave × Gender", "Wave × Age group"], "raking"),
}


@pytest.mark.parametrize("language", list(EXPECTED))
def test_margins_and_method_in_the_reports_language(tmp_path, language):
    from openpyxl import load_workbook

    root = write_study(tmp_path, others=0, blank=0, language=language, report=TABLE_ONLY)
    with warnings.catch_warnings():   # the codebook has no nn/da labels: they fall back to nb, with a warning
        warnings.simplefilter("ignore")
        build(root, jobs=1)
    sheet, margins, method = EXPECTED[language]
    book = load_workbook(root / "reports" / "tables.xlsx", read_only=True)
    rows = [r for r in book[sheet].iter_rows(values_only=True)][1:]
    assert [r[0] for r in rows] == margins
    assert [r[1] for r in rows] == [method, method]
    section = method_section(root)
    assert f": {method}) " in section, section
    assert "; ".join(margins) in section, section
    for internal in ("wave × gender", "age_group", "(metod: raking)", "(metode: raking)"):
        assert internal not in section
        assert all(internal not in str(cell) for r in rows for cell in r)

