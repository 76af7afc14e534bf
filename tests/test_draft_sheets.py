"""`codebook draft` on several workbook exports whose answers are on differently named sheets (a
tester's Netigate-like exports: 2023 on "Svar", 2024 on "Data", each after an "Info" cover sheet).
Was: `--sheet Svar` failed on the 2024 workbook with "Set `sheet:`" (there is no `sheet:` at draft
time), and --sheet took one name for all files. Now: --sheet FILE=SHEET per workbook, a plain
--sheet SHEET for the workbooks that have it, and a workbook whose first sheet is a cover sheet is
read from its one sheet of answers, with a note and `sheet:` in surveykit.yaml; when it cannot
tell, the error names the sheets and --sheet FILE=SHEET."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from surveykit import cli
from surveykit.errors import ConfigError
from surveykit.scaffold.sheets import choose_sheets

HEADER = ["Respondent-ID", "Kön", "Hur nöjd är du med biblioteket?"]
NOJD = ["Mycket missnöjd", "Ganska missnöjd", "Varken nöjd eller missnöjd", "Ganska nöjd", "Mycket nöjd"]


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _book(path: Path, sheet: str, *, year: int, second_data: str | None = None) -> Path:
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Info"
    for line in ("Rapport", f"Medborgarundersökning {year}", "Exporterad från Netigate"):
        info.append([line])
    for name in filter(None, (sheet, second_data)):
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        for i in range(40):
            ws.append([f"{year}-{i:05d}", ["Kvinna", "Man"][i % 2], NOJD[i % 5]])
    wb.save(path)
    return path


def _study(tmp_path: Path) -> tuple[Path, Path, Path]:
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    raw = study / "data" / "raw"
    return study, _book(raw / "svar_2023.xlsx", "Svar", year=2023), _book(raw / "svar_2024.xlsx", "Data", year=2024)


def _draft(study: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "surveykit", "codebook", "draft", *args], capture_output=True,
                          encoding="utf-8", cwd=study)


def _sheets(study: Path) -> list:
    config = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))
    return [w.get("sheet") for w in config["waves"]]


@pytest.mark.parametrize("given", [
    ["--sheet", "svar_2023.xlsx=Svar", "--sheet", "data/raw/svar_2024.xlsx=Data"],   # one per file
    ["--sheet", "Svar"],   # a plain name for the workbook that has it; the other's one sheet of answers
    [],                    # each workbook's one sheet of answers after its cover sheet
])
def test_two_workbooks_with_differently_named_answer_sheets_draft_and_validate(tmp_path, given):
    study, _, _ = _study(tmp_path)
    done = _draft(study, "data/raw/svar_2023.xlsx", "data/raw/svar_2024.xlsx", *given)
    assert done.returncode == 0, done.stderr
    assert _sheets(study) == ["Svar", "Data"]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    picked = "svar_2024.xlsx: the answers are read from its sheet 'Data', the only one that looks like respondent data"
    assert (picked in text) == (len(given) != 4)   # named per file: nothing to pick
    assert "Mycket nöjd" in text
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0


def test_a_wrong_sheet_names_the_sheets_and_the_option_not_sheet_key(tmp_path):
    study, _, _ = _study(tmp_path)
    files = ["data/raw/svar_2023.xlsx", "data/raw/svar_2024.xlsx"]
    for given, said in ((["--sheet", "svar_2024.xlsx=Svar"],
                         "svar_2024.xlsx: no sheet named 'Svar' (given as --sheet svar_2024.xlsx=Svar). The "
                         "workbook has: 'Info', 'Data'. Give one of these: --sheet svar_2024.xlsx=SHEET."),
                        (["--sheet", "Blad1"], "--sheet 'Blad1': no workbook given has a sheet of that name "
                                               "(svar_2023.xlsx: 'Info', 'Svar'; svar_2024.xlsx: 'Info', 'Data')"),
                        (["--sheet", "other.xlsx=Data"], "'other.xlsx' is none of the exports given")):
        done = _draft(study, *files, *given)
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert said in done.stderr
        assert "`sheet:`" not in done.stderr


def test_a_cover_sheet_before_two_sheets_of_answers_is_an_error_naming_the_form(tmp_path):
    book = _book(tmp_path / "two.xlsx", "Svar", year=2023, second_data="Svar (kopia)")
    with pytest.raises(ConfigError, match=r"two\.xlsx: its first sheet 'Info' is no table of answers and several "
                                          r"sheets look like respondent data \('Svar', 'Svar \(kopia\)'; .*--sheet "
                                          r"two\.xlsx=SHEET"):
        choose_sheets([book], None)
    assert choose_sheets([book], ["two.xlsx=Svar (kopia)"]) == (["Svar (kopia)"], [])


def test_a_sheet_for_a_file_name_two_exports_share_is_refused_and_a_path_picks_one(tmp_path):
    # two waves exported to the same file name in their own folders: 'export.xlsx=Data' set the
    # sheet of both (and the header of the draft named both waves 'export.xlsx')
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
    a = _book(tmp_path / "2023" / "export.xlsx", "Svar", year=2023)
    b = _book(tmp_path / "2024" / "export.xlsx", "Data", year=2024)
    with pytest.raises(ConfigError, match=r"--sheet export.xlsx=\.\.\.: 2 exports are named export.xlsx \("):
        choose_sheets([a, b], ["export.xlsx=Data"])
    chosen, _ = choose_sheets([a, b], [f"{b}=Data", f"{a}=Svar"])
    assert chosen == ["Svar", "Data"]


def test_the_draft_header_names_exports_of_the_same_name_by_their_paths():
    from surveykit.scaffold.render import render

    text = render([], [], [], [Path("2023/export.csv"), Path("2024/export.csv"), Path("other.csv")])
    assert "#   wave 1: 2023/export.csv\n#   wave 2: 2024/export.csv\n#   wave 3: other.csv\n" in text
