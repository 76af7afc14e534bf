"""Inputs as users and their tools write them, which surveykit once read wrong without a word:
a population table with a row left out, rows of only spaces, a password-protected workbook,
`codebook draft` edge cases."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.cli import main
from surveykit.config.population import check_complete
from surveykit.errors import ConfigError
from surveykit.study import load_study
from tests.test_unweightable_weightcfg import POPULATION, write_study


def test_a_row_missing_from_the_population_cross_table_is_refused_naming_the_cell(tmp_path, capsys):
    # the row Man × 50+ deleted: both margins (gender, age group) lose 2200 alike and still agree,
    # so raking ran and every weight changed
    root = write_study(tmp_path, others=0, blank=0)
    (root / "config" / "population.csv").write_text(POPULATION.replace("1,Man,50+,2200\n", ""), encoding="utf-8")
    assert main(["validate", "--study", str(root), "--no-write"]) == 2
    err = capsys.readouterr().err
    for part in ("population.csv: no row for the cell wave=1, gender=Man, age_group=50+ (1 missing)",
                 "Add a row for each with its count in `population` (0 if there truly is no one"):
        assert part in err, err
    # the whole table is accepted
    (root / "config" / "population.csv").write_text(POPULATION, encoding="utf-8")
    assert main(["validate", "--study", str(root), "--no-write"]) == 0


def test_a_column_nested_in_another_is_not_crossed_with_it():
    # districts belong to one region each: no row "Nord × Sentrum" is wanted
    table = pd.DataFrame({"wave": ["1"] * 8, "region": ["Nord"] * 4 + ["Sør"] * 4,
                          "district": ["Elv", "Elv", "Berg", "Berg", "Sentrum", "Sentrum", "Havn", "Havn"],
                          "gender": ["Mann", "Kvinne"] * 4, "population": [1.0] * 8})
    check_complete(table, ["wave", "region", "district", "gender"], by=["wave"], path="population.csv")
    with pytest.raises(ConfigError, match=r"wave=1, region=Sør, district=Havn, gender=Kvinne \(1 missing\)"):
        check_complete(table.iloc[:-1], ["wave", "region", "district", "gender"], by=["wave"], path="population.csv")


def test_a_municipality_short_of_an_age_group_the_other_has_is_refused():
    # both rows of Askim × 75+ left out: each margin still agrees, and Askim's population is short
    rows = [("1", m, g, a) for m in ("Drammen", "Askim") for g in ("Mann", "Kvinne") for a in ("20-74", "75+")]
    table = pd.DataFrame(rows, columns=["wave", "municipality", "gender", "age_group"]).assign(population=100.0)
    table = table[~((table["municipality"] == "Askim") & (table["age_group"] == "75+"))]
    with pytest.raises(ConfigError) as caught:
        check_complete(table, ["wave", "municipality", "gender", "age_group"], by=["wave"], path="population.csv")
    assert ("no row for the cell wave=1, municipality=Askim, gender=Mann, age_group=75+; wave=1, municipality=Askim, "
            "gender=Kvinne, age_group=75+ (2 missing)") in str(caught.value)


FULL_CROSS = ("- [wave, gender]\n    - [wave, age_group]", "- [wave, gender, age_group]")


@pytest.mark.parametrize("choice", [None, "drop"])
def test_a_left_out_cell_of_a_margin_with_respondents_is_refused_naming_them(tmp_path, choice):
    # the margin is the whole cross table: its cell Man × 50+ has no row. It was left to the
    # weighting, and `unweightable: drop` then rejected its 40 respondents with no other sign (a
    # tester's study lost all men 75+ of a wave to one deleted line); the file has both levels,
    # so the gap is in the file, whatever `unweightable` says
    root = write_study(tmp_path, others=0, blank=0, unweightable=choice)
    config = root / "surveykit.yaml"
    assert FULL_CROSS[0] in config.read_text(encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(*FULL_CROSS), encoding="utf-8")
    (root / "config" / "population.csv").write_text(POPULATION.replace("1,Man,50+,2200\n", ""), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no row for the cell wave=1, gender=Man, age_group=50\+ \(1 missing\)"
                                          r".* 40 respondents are in it; `weighting.unweightable: drop` does not"):
        load_study(root)


def test_a_left_out_cell_of_a_margin_without_respondents_is_refused(tmp_path):
    # nobody to name: the cell is missing from the table and only its row can say how many live there
    root = write_study(tmp_path, others=0, blank=0, unweightable="drop")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(*FULL_CROSS), encoding="utf-8")
    (root / "config" / "population.csv").write_text(POPULATION.replace("1,Man,50+,2200\n", ""), encoding="utf-8")
    raw = root / "data" / "raw" / "svar.csv"
    frame = pd.read_csv(raw, dtype=str)
    frame[~((frame["Kön"] == "Man") & (frame["Ålder"].astype(int) >= 50))].to_csv(raw, index=False)
    with pytest.raises(ConfigError, match=r"population.csv: no row for the cell wave=1, gender=Man, age_group=50\+ "
                                          r"\(1 missing\)"):
        load_study(root)


def test_respondents_in_a_left_out_cell_do_not_excuse_it_when_no_margin_is_that_cell():
    # margins gender and age group: the 50 respondents of Man × 50+ are in a cell of each, so no
    # weighting would name them: the left-out row is refused whoever answered
    table = pd.DataFrame({"wave": ["1"] * 3, "gender": ["Kvinne", "Kvinne", "Mann"], "age_group": ["16-49", "50+", "16-49"],
                          "population": [1.0, 2.0, 3.0]})
    respondents = pd.DataFrame({"wave": ["1"] * 50, "gender": ["Mann"] * 50, "age_group": ["50+"] * 50})
    columns = ["wave", "gender", "age_group"]
    with pytest.raises(ConfigError, match=r"wave=1, gender=Mann, age_group=50\+ \(1 missing\)"):
        check_complete(table, columns, by=["wave"], path="population.csv", respondents=respondents,
                       margins=[["wave", "gender"], ["wave", "age_group"]])
    with pytest.raises(ConfigError, match=r"\(1 missing\).* 50 respondents are in it"):  # that margin's own cell too
        check_complete(table, columns, by=["wave"], path="population.csv", respondents=respondents,
                       margins=[["wave", "gender", "age_group"]])


def _with_export(root, name: str, write) -> None:
    """The study's wave read from data/raw/``name`` (written by ``write(path, frame)``)."""
    from tests.test_unweightable_weightcfg import export
    (root / "data" / "raw" / "svar.csv").unlink()
    write(root / "data" / "raw" / name, export(0, 0))
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("data/raw/svar.csv", f"data/raw/{name}"),
                      encoding="utf-8")


def test_a_row_of_only_spaces_is_an_empty_row_in_a_csv(tmp_path):
    from surveykit.study import load_study
    root = write_study(tmp_path, others=0, blank=0)
    export = root / "data" / "raw" / "svar.csv"
    export.write_bytes(export.read_bytes() + b" ,,,\r\n  , ,\t,\r\n")   # as an editor or a script leaves them
    study = load_study(root)
    assert len(study.responses) == 120 and len(study.rejects) == 0
    assert any("2 empty row(s) skipped (rows [122, 123]" in w for w in study.quality["1"]["warnings"]), \
        study.quality["1"]["warnings"]


def test_rows_of_only_spaces_in_a_workbook_are_empty_rows_not_a_respondent_and_duplicates(tmp_path):
    from openpyxl import Workbook

    from surveykit.study import load_study

    def write(path, frame):
        book = Workbook()
        sheet = book.active
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append(list(row))
        for _ in range(5):
            sheet.append([" ", " ", " ", " "])
        book.save(path)

    root = write_study(tmp_path, others=0, blank=0)
    _with_export(root, "svar.xlsx", write)
    study = load_study(root)
    assert len(study.responses) == 120 and len(study.rejects) == 0, study.rejects


def test_a_blank_respondent_id_is_no_id_not_one_shared_by_every_blank(tmp_path):
    from surveykit.study import load_study
    root = write_study(tmp_path, others=0, blank=0)
    export = root / "data" / "raw" / "svar.csv"
    export.write_bytes(export.read_bytes() + b" ,Man,40,Ganska n\xc3\xb6jd\r\n  ,Kvinna,41,Mycket n\xc3\xb6jd\r\n")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "screening:\n", "screening:\n  duplicate: {variable: respondent_id}\n"), encoding="utf-8")
    study = load_study(root)
    assert len(study.responses) == 122 and len(study.rejects) == 0, study.rejects
    assert study.responses["respondent_id"].isna().sum() == 2


def test_a_case_without_any_value_in_an_spss_file_is_an_empty_row(tmp_path):
    import numpy as np
    import pyreadstat

    from surveykit.study import load_study

    def write(path, frame):
        frame = frame.copy()
        frame.loc[len(frame)] = ["", "", np.nan, ""]
        frame["Ålder"] = frame["Ålder"].astype(float)
        pyreadstat.write_sav(frame.rename(columns={"Kön": "Kon", "Ålder": "Alder", "Nöjd": "Nojd"}), str(path))

    root = write_study(tmp_path, others=0, blank=0)
    _with_export(root, "svar.sav", write)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace("column: Kön", "column: Kon")
                        .replace("column: Ålder", "column: Alder").replace("column: Nöjd", "column: Nojd"),
                        encoding="utf-8")
    study = load_study(root)
    assert len(study.responses) == 120 and len(study.rejects) == 0, study.rejects


# an OLE2 container as Excel writes a workbook with a password to open: its directory names the
# streams in UTF-16 (a real one holds the encrypted package after them)
ENCRYPTED = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100
             + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000)


@pytest.mark.parametrize("format", [None, "xlsx"])
def test_a_password_protected_workbook_is_named_as_such(tmp_path, format):
    from surveykit.errors import ReadError
    from surveykit.io import read_export
    path = tmp_path / "svar.xlsx"
    path.write_bytes(ENCRYPTED)
    with pytest.raises(ReadError) as caught:
        read_export(path, format=format)
    message = str(caught.value)
    assert "svar.xlsx: is password-protected" in message and "save it without one" in message, message
    assert "97-2003" not in message


@pytest.mark.parametrize("format", [None, "xlsx"])
def test_a_csv_named_xlsx_is_told_to_be_renamed(tmp_path, format):
    from surveykit.errors import ReadError
    from surveykit.io import read_export
    from tests.test_unweightable_weightcfg import export
    path = tmp_path / "svar.xlsx"
    export(0, 0).to_csv(path, sep=";", index=False, encoding="cp1252")   # Excel's "CSV (semikolondelt)"
    with pytest.raises(ReadError) as caught:
        read_export(path, format=format)
    message = str(caught.value)
    assert "svar.xlsx: the extension says .xlsx but the content is text (it starts with 'ID;Kön;Ålder;Nöjd')" in message
    assert "Rename it to .csv" in message and "corrupt" not in message, message


def test_a_password_protected_export_stops_validate_with_the_reason(tmp_path, capsys):
    root = write_study(tmp_path, others=0, blank=0)
    _with_export(root, "svar.xlsx", lambda path, frame: path.write_bytes(ENCRYPTED))
    assert main(["validate", "--study", str(root), "--no-write"]) == 2
    assert "svar.xlsx: is password-protected" in capsys.readouterr().err


@pytest.fixture
def drafting(tmp_path, monkeypatch):
    """A study made by `surveykit init` with an export in data/raw/ and one outside it, the
    current folder the study's (as the guide runs `codebook draft`)."""
    from tests.test_unweightable_weightcfg import export
    study = tmp_path / "studie"
    assert main(["-q", "init", str(study)]) == 0
    export(0, 0).to_csv(study / "data" / "raw" / "svar.csv", sep=";", index=False)
    export(0, 0).to_csv(tmp_path / "nedlastet.csv", sep=";", index=False)
    monkeypatch.chdir(study)
    return study


@pytest.mark.parametrize("args, said", [
    (["data/raw/svar.csv", "data/raw/svar.csv"],
     "data/raw/svar.csv: the same file is given twice to `surveykit codebook draft`: every file is one wave"),
    (["data/raw/svar.csv", "data/../data/raw/svar.csv"],
     "data/../data/raw/svar.csv: the same file is given twice to `surveykit codebook draft` (also as "
     "'data/raw/svar.csv')"),
    (["../nedlastet.csv"], "../nedlastet.csv: is outside the study folder"),
    (["data/raw/sv.csv"], "data/raw/sv.csv: no such file (given to `surveykit codebook draft`; a relative path is "
                          "taken from the current folder"),
    (["--sheet", "Svar", "data/raw/svar.csv"], "--sheet 'Svar': names a sheet of an .xlsx export, and svar.csv has "
                                               "no sheets"),
])
def test_codebook_draft_refuses_what_would_not_validate(drafting, capsys, args, said):
    blank = (drafting / "surveykit.yaml").read_text(encoding="utf-8")
    assert main(["-q", "codebook", "draft", *args]) == 2
    err = capsys.readouterr().err
    assert said in err and "Check the path in surveykit.yaml" not in err, err
    assert (drafting / "surveykit.yaml").read_text(encoding="utf-8") == blank   # nothing drafted


def test_codebook_draft_outside_a_study_says_to_init_one(drafting, capsys, monkeypatch):
    monkeypatch.chdir(drafting.parent)
    assert main(["-q", "codebook", "draft", "nedlastet.csv"]) == 2
    err = capsys.readouterr().err
    assert f"no surveykit.yaml in {drafting.parent}" in err and "`surveykit init <folder>` first" in err, err
    assert not (drafting.parent / "config").exists()


def test_the_draft_of_an_export_in_the_study_validates(drafting):
    assert main(["-q", "codebook", "draft", "data/raw/svar.csv"]) == 0
    assert main(["-q", "validate", "--no-write"]) == 0
