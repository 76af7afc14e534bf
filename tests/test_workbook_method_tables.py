"""The workbook's method sheet (Metode): numbers written into its text cells in the report
language's format (decimal comma in nb, whole counts without decimals), numeric cells still numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveykit.report import build
from surveykit.scaffold import init_study

REPORT = "figures: []\ntables:\n  - {id: agree, kind: topbox, items: [help_ease], by: [wave]}\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    # the embedded demo study (two raked waves of 1 200), with a report of one table to keep it quick
    root = tmp_path_factory.mktemp("method") / "demo"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_KEY", "k" * 16)
        init_study(root, example=True)
        (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
        build(root, jobs=1)
    return root


def _rows(root: Path, sheet: str) -> list[tuple]:
    return list(load_workbook(root / "reports" / "tables.xlsx", read_only=True)[sheet].iter_rows(values_only=True))


def test_the_method_sheet_writes_numbers_as_norwegian_text(demo):
    weights = {topic: note for topic, note in _rows(demo, "Metode") if topic.endswith("n / n_eff / største vekt")}
    assert weights == {"År 1 (2021/22): n / n_eff / største vekt": "1\u00a0200 / 950,4 / 275,17",
                       "År 2 (2023): n / n_eff / største vekt": "1\u00a0200 / 963,5 / 233,29"}
    # the numbers themselves stay numbers on their own sheet
    head, first, second = _rows(demo, "metode_feilmarginer")
    assert head[:3] == ("Runde", "Antall svar (n)", "Effektivt utvalg")
    assert first[:2] == ("År 1 (2021/22)", 1200) and isinstance(first[2], float) and round(first[2], 1) == 950.4
    assert second[1] == 1200 and round(second[2], 1) == 963.5


def test_in_english_the_point_stays(demo, tmp_path):
    # built again in a copy: the module's study stays the nb build the test above reads (run after
    # this one, it found no sheet Metode)
    root = shutil.copytree(demo, tmp_path / "demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_KEY", "k" * 16)
        build(root, jobs=1, language="en")
    weights = [note for topic, note in _rows(root, "Method") if topic.endswith("n / n_eff / max weight")]
    assert weights == ["1,200 / 950.4 / 275.17", "1,200 / 963.5 / 233.29"]
