"""Every vendor sample: format detected, respondents and questions counted independently,
multi-select and matrix groups split, non-ASCII intact, non-substantive answers found."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import warnings
from pathlib import Path

import openpyxl
import pytest

from surveykit.io import detect_format, read_export, split_multi
from surveykit.nonsubstantive import is_nonsubstantive

HERE = Path(__file__).parent / "data" / "samples"
SHARED = Path("/work/shared/samples")


def shipped(rel: str) -> Path:
    """A sample shipped in tests/data/samples (licence allows it)."""
    return HERE / rel


def shared(rel: str) -> Path:
    """A sample we may not ship (no licence / GPL): read from the shared folder or skip."""
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"{rel} is not redistributable (no licence or GPL) and "
                    f"{SHARED} is absent on this machine")
    return path


def csv_records(path: Path, encoding: str, delimiter: str = ",") -> list[list[str]]:
    """Independent count: the stdlib csv module on the decoded text."""
    text = path.read_bytes().decode(encoding)
    return [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]


def xlsx_rows(path: Path, sheet: str | None = None) -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(path)  # full (not read-only) mode: own dimension logic
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [r for r in ws.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]


GF = "google-forms/rstudio-r-community-survey/2019 Spanish R Community Survey Responses"
NS_NEW = "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249"
NS_OLD = "nettskjema/nettskjemar-web-export-2018/data-82087-2018-09-03-1550-utf.txt"
QT = "qualtrics/QualtricsTools/"
SX = "surveyxact/readSX/"
MS = "microsoft-forms/norway-yv-fritidsbruk-av-skjerm/"
LS = "limesurvey/"


# ---------------------------------------------------------------- Google Forms
def test_google_forms_csv():
    path = shipped(GF + ".csv")
    records = csv_records(path, "utf-8")
    assert detect_format(path) == "googleforms"
    raw = read_export(path)
    assert raw.n_rows == len(records) - 1 == 338
    assert raw.data.shape[1] == len(records[0]) == 52
    assert raw.data.columns.is_unique
    # the duplicated header (same question in two branches) is kept twice, made unique
    dup = "¿Qué opción refleja mejor la razón principal por la que aprendiste R?"
    assert [c for c in raw.data.columns if c.startswith(dup)] == [dup, dup + ".1"]
    assert raw.meta["system_columns"] == ["Timestamp"]
    assert raw.data.loc[2, "Timestamp"] == "12/13/2019 12:02:32"
    assert raw.data.index[0] == 2 and raw.data.index.name == "row"
    assert "¿Cómo calificarías tu nivel de experiencia usando R?" in raw.data.columns


def test_google_forms_multiselect_options_with_separator_inside():
    raw = read_export(shipped(GF + ".csv"))
    key = "Cuando tienes problemas en R, ¿a quién recurres para pedir ayuda?"
    spec = raw.meta["multi"][key]
    assert spec["separator"] == ", "
    option = "Redes sociales como blogs, R-bloggers, Twitter, Slack o contactos de GitHub"
    assert option in spec["options"]
    assert "Twitter" not in spec["options"]
    split = split_multi(raw, key)
    # independent count: cells containing the full option text
    expected = raw.data[key].dropna().str.contains(option, regex=False).sum()
    assert split[option].sum() == expected > 100
    # a single-choice question whose options contain ", " is not taken for multi-select
    assert "¿Cuál es el nivel educativo más alto que has completado? Si eres estudiante, " \
           "utiliza el nivel más alto que ya hayas completado." not in raw.meta["multi"]


def test_google_forms_xlsx_matches_csv():
    path = shipped(GF + ".xlsx")
    rows = xlsx_rows(path)
    assert detect_format(path) == "googleforms"
    raw = read_export(path)
    assert raw.sheet == "Form Responses 1"
    assert raw.n_rows == len(rows) - 1 == 338
    assert raw.data.shape[1] == len(rows[0]) == 52
    assert raw.data["Timestamp"].iloc[0].year == 2019  # a real datetime in the workbook


# ---------------------------------------------------------------- Nettskjema
def test_nettskjema_csv_report():
    path = shipped(NS_NEW + ".txt")
    records = csv_records(path, "utf-8", ";")
    assert detect_format(path) == "nettskjema"
    raw = read_export(path)
    assert raw.n_rows == len(records) - 1 == 3
    assert raw.data.shape[1] == len(records[0]) == 30
    assert raw.meta["delimiter"] == ";"
    assert raw.meta["system_columns"] == ["$submission_id", "$created", "$answer_time_ms"]
    multi = raw.meta["multi"]
    assert multi["checkbox"]["columns"] == [
        "checkbox.questionnaires", "checkbox.events", "checkbox.logs"]
    assert split_multi(raw, "checkbox").sum().to_dict() == {
        "questionnaires": 2, "events": 2, "logs": 2}
    assert raw.meta["matrix"]["radio_matrix"]["rows"] == ["grants", "lecture", "email"]
    assert raw.meta["matrix"]["checkbox_matrix"]["rows"] == ["1", "2"]
    assert len(raw.meta["matrix"]["checkbox_matrix"]["columns"]) == 10
    assert raw.data["attachment_1"].iloc[0] == "sølvi.png"
    assert raw.data["number_decimal"].tolist() == [4.5, 2.2, 10.0]
    # question texts and value labels come from the .sps next to the file
    assert raw.questions["radio"] == "How happy are we with Nettskjema?"
    assert raw.value_labels["radio"][-1] == "Very unhappy!"
    assert is_nonsubstantive(raw.value_labels["radio_matrix.grants"][3])  # not applicable


def test_nettskjema_xlsx_report():
    path = shipped(NS_NEW + ".xlsx")
    rows = xlsx_rows(path)
    assert detect_format(path) == "nettskjema"
    raw = read_export(path)
    assert raw.sheet == "API test form"
    assert raw.n_rows == len(rows) - 1 == 3
    assert raw.data.shape[1] == 30
    text = read_export(shipped(NS_NEW + ".txt"))
    assert raw.meta["multi"] == text.meta["multi"]
    assert raw.meta["matrix"] == text.meta["matrix"]


def test_nettskjema_old_web_export():
    path = shipped(NS_OLD)
    records = csv_records(path, "utf-8", "\t")
    assert detect_format(path) == "nettskjema"
    raw = read_export(path)
    assert raw.n_rows == len(records) - 1 == 3
    assert raw.data.shape[1] == len(records[0]) == 17
    assert raw.meta["system_columns"] == ["NR", "E-post", "Opprettet", "Endret", "Svartid"]
    for col in ("E-post", "Epost", "Fornavn", "Etternavn", "Telefon", "Adresse"):
        assert col in raw.meta["identifier_columns"]
    assert raw.data.loc[4, "Adresse"] == "Champs-Elyssé 400"
    assert raw.questions["Bursdag"] == "Fødselsdato"  # from the codebook file
    assert raw.questions["Inklusjon_1"].startswith("Jeg har lest om prosjektet")
    assert raw.meta["multi"]["Inklusjon"] == {"columns": ["Inklusjon_1"]}


# ---------------------------------------------------------------- Microsoft Forms
@pytest.mark.parametrize("name", ["data.xlsx", "data.csv"])
def test_msforms(name):
    path = shared(MS + name)
    rows = csv_records(path, "utf-8-sig") if name == "data.csv" else xlsx_rows(path)
    n = len(rows) - 1
    assert detect_format(path) == "msforms"
    raw = read_export(path)
    assert raw.n_rows == n == 59
    assert raw.data.shape[1] == 16
    assert raw.meta["identifier_columns"] == ["E-postadresse", "Navn"]
    assert raw.meta["system_columns"][:3] == ["ID", "Starttidspunkt", "Fullføringstidspunkt"]
    assert raw.data.loc[2, "Hvor mener du at du bor (omtrentlig)?"] == "Bærum"
    assert raw.data.loc[2, "Hvor gammel er du?"] == "13-15 år"


# ---------------------------------------------------------------- SurveyXact
@pytest.mark.parametrize("rel", [
    "ex_survey2.xlsx", "ex_survey2_semicolon_ansi", "ex_survey2_semicolon_ansi/dataset.csv",
    "ex_survey2_tab_utf16/dataset.csv"])
def test_surveyxact_trio(rel):
    path = shipped(SX + rel)
    if rel.endswith(".xlsx"):
        n = len(xlsx_rows(path, "Dataset")) - 1
    elif "utf16" in rel:
        n = len(csv_records(path, "utf-16", "\t")) - 1
    else:
        n = len(csv_records(shipped(SX + "ex_survey2_semicolon_ansi/dataset.csv"), "cp1252",
                            ";")) - 1
    assert detect_format(path) == "surveyxact"
    raw = read_export(path)
    assert raw.n_rows == n == 999
    assert raw.data.shape[1] == 242
    assert raw.data.index[-1] == 1000  # the last data row of the sheet/file
    assert raw.value_labels["s_6"][6] == "Vet ikke"
    assert is_nonsubstantive(raw.value_labels["s_6"][6])
    assert is_nonsubstantive(raw.value_labels["b_2"][6])  # "Ikke relevant/ vet ikke"
    assert raw.questions["s_2"] == "Hvilket studieforberedende utdanningsprogram går du på?"
    v1 = raw.meta["multi"]["v_1"]
    assert v1["columns"] == [f"v_1_{i}" for i in range(1, 17)]
    assert v1["options"][3] == "Natur, miljø og friluftsliv"
    assert raw.meta["system_columns"] == [f"stato_{i}" for i in range(1, 6)]
    assert len(raw.meta["matrix"]["i"]["columns"]) == 18
    assert raw.meta["matrix"]["i"]["rows"][0] == "Lærere"
    chosen = split_multi(raw, "v_1")["Natur, miljø og friluftsliv"].sum()
    assert chosen == (raw.data["v_1_4"] == 1).sum()


def test_surveyxact_variants_agree():
    a = read_export(shipped(SX + "ex_survey2.xlsx"))
    b = read_export(shipped(SX + "ex_survey2_semicolon_ansi"))
    c = read_export(shipped(SX + "ex_survey2_tab_utf16/dataset.csv"))
    assert b.meta["encoding"] == "cp1252" and c.meta["encoding"] == "utf-16"
    numeric = [col for col in a.data.columns if a.data[col].dtype.kind in "if"]
    assert (a.data[numeric].fillna(-99).to_numpy() == b.data[numeric].fillna(-99).to_numpy()).all()
    assert b.value_labels == c.value_labels
    assert b.meta["matrix"] == a.meta["matrix"]


# ---------------------------------------------------------------- Qualtrics
@pytest.mark.parametrize(("rel", "header_rows", "layout"), [
    ("qualtrics/ropensci-qualtRics/sample.csv", 3, "2017"),
    ("qualtrics/ropensci-qualtRics/sample_legacy.csv", 2, "legacy"),
    (QT + "No_Basis_for_Evaluation (Insights).csv", 3, "2016 insights"),
    (QT + "No_Basis_for_Evaluation (Legacy).csv", 2, "legacy"),
    (QT + "Multiple_Answer_Matrix_Questions (Insights).csv", 3, "2016 insights"),
    (QT + "Multiple_Answer_Matrix_Questions.csv", 2, "legacy"),
])
def test_qualtrics_layouts(rel, header_rows, layout):
    path = shipped(rel)
    records = csv_records(path, "utf-8-sig")
    assert detect_format(path) == "qualtrics"
    raw = read_export(path)
    assert raw.meta["layout"] == layout
    assert raw.n_rows == len(records) - header_rows
    assert raw.data.index[0] == header_rows + 1
    # legacy exports end every line with a comma: that empty column is dropped
    n_cols = len(records[0]) - (1 if records[0][-1] == "" else 0)
    assert raw.data.shape[1] == n_cols
    assert "ResponseID" in raw.data.columns or "ResponseId" in raw.data.columns
    assert "IPAddress" in raw.meta["identifier_columns"]


def test_qualtrics_sample_question_texts():
    raw = read_export(shipped("qualtrics/ropensci-qualtRics/sample.csv"))
    assert raw.n_rows == 1
    assert raw.questions["Q1"] == "This is a multiple choice question."
    assert raw.meta["import_ids"]["Q1"] == "QID1"
    assert raw.data.loc[4, "Q2"] == "Hello World!"
    legacy = read_export(shipped("qualtrics/ropensci-qualtRics/sample_legacy.csv"))
    assert legacy.meta["renamed"]["V1"] == "ResponseID"
    assert legacy.data.loc[3, "ResponseID"] == raw.data.loc[4, "ResponseId"]


@pytest.mark.parametrize("variant", ["Insights", "Legacy"])
def test_qualtrics_no_basis_codes(variant):
    raw = read_export(shipped(QT + f"No_Basis_for_Evaluation ({variant}).csv"))
    assert raw.n_rows == 15
    q2 = raw.meta["multi"]["Q2"]
    assert q2["options"][3] == "No basis for evaluation"
    assert is_nonsubstantive(q2["options"][3])
    assert raw.meta["matrix"]["Q3"]["rows"] == ["Squash", "Cucumbers", "Zucchini", "Green beans"]
    assert raw.meta["matrix"]["Q5"]["multi"] is True
    # -1/-2 stay numbers; the .qsf next to the export labels them
    assert -1 in set(raw.data["Q1"].dropna())
    assert raw.value_labels["Q1"][-1] == "No opinion"
    assert is_nonsubstantive(raw.value_labels["Q1"][-1])
    assert raw.value_labels["Q4_1"][-2] == "Never tried it"
    assert "Q3_1" in raw.meta["negative_code_columns"]


def test_qualtrics_multi_answer_matrix():
    raw = read_export(shipped(QT + "Multiple_Answer_Matrix_Questions (Insights).csv"))
    q2 = raw.meta["matrix"]["Q2"]
    assert q2["multi"] is True
    assert q2["columns"] == [f"Q2_{r}_{c}" for r in (1, 2, 3) for c in (1, 2, 3, 4)]
    assert raw.meta["matrix"]["Q4"]["columns"][0] == "Q4_1_10"


# ---------------------------------------------------------------- SurveyMonkey
def test_surveymonkey_starwars_cp1252():
    path = shipped("surveymonkey/fivethirtyeight/StarWars.csv")
    records = csv_records(path, "cp1252")
    assert detect_format(path) == "surveymonkey"
    raw = read_export(path)
    assert raw.meta["encoding"] == "cp1252"
    assert raw.n_rows == len(records) - 2 == 1186
    assert raw.data.shape[1] == len(records[0]) == 38
    assert raw.data.index[0] == 3
    seen = "Which of the following Star Wars films have you seen? Please select all that apply."
    spec = raw.meta["multi"][seen]
    assert len(spec["columns"]) == 6
    assert spec["options"][0] == "Star Wars: Episode I  The Phantom Menace"
    counts = split_multi(raw, seen).sum()
    # independent: non-empty cells in the 4th csv column (Episode I)
    assert counts.iloc[0] == sum(1 for r in records[2:] if r[3] != "")
    rank = raw.meta["matrix"]["Please rank the Star Wars films in order of preference with 1 "
                              "being your favorite film in the franchise and 6 being your "
                              "least favorite film."]
    assert rank["kind"] == "ranking" and len(rank["columns"]) == 6
    fav = next(v for k, v in raw.meta["matrix"].items() if k.startswith("Please state"))
    assert len(fav["columns"]) == 14 and fav["rows"][0] == "Han Solo"
    col = fav["columns"][7]  # Lando Calrissian
    values = set(raw.data[col].dropna())
    assert "Unfamiliar (N/A)" in values
    assert {v for v in values if is_nonsubstantive(v)} == {"Unfamiliar (N/A)"}
    # the stray bytes 0x8C 0xE6 decode as cp1252, nothing replaced
    assert any(c.endswith("Universe?Œæ") for c in raw.data.columns)


def test_surveymonkey_steak():
    path = shipped("surveymonkey/fivethirtyeight/steak-risk-survey.csv")
    records = csv_records(path, "utf-8")
    raw = read_export(path)
    assert raw.format == "surveymonkey"
    assert raw.n_rows == len(records) - 2 == 550
    assert raw.data.shape[1] == 15
    q = raw.data.columns[1]
    assert "<br>" in q and "<br>" not in raw.questions[q]
    assert raw.meta["multi"] == {} and raw.meta["matrix"] == {}


# ---------------------------------------------------------------- LimeSurvey
def test_limesurvey_code_headings():
    path = shared(LS + "accent-recognition-limesurvey/results.csv")
    records = csv_records(path, "utf-8")
    assert detect_format(path) == "limesurvey"
    raw = read_export(path)
    assert raw.meta["heading"] == "code"
    assert raw.n_rows == len(records) - 1 == 65
    assert raw.data.shape[1] == 27
    assert raw.meta["system_columns"] == ["id", "submitdate", "lastpage", "startlanguage"]


@pytest.mark.parametrize(("name", "n", "width"), [
    ("survey_998192_R_data_file.csv", 7, 71), ("survey_100001_R_data_file.csv", 3, 646)])
def test_limesurvey_full_text_headings(name, n, width):
    path = shared(LS + "limonaid/" + name)
    records = csv_records(path, "utf-8-sig")
    assert detect_format(path) == "limesurvey"
    raw = read_export(path)
    assert raw.meta["encoding"] == "utf-8-sig"
    assert raw.n_rows == len(records) - 1 == n
    assert raw.data.shape[1] == len(records[0]) == width
    assert raw.data.columns[0] == "Response ID"  # BOM stripped


def test_limesurvey_multi_and_matrix():
    raw = read_export(shared(LS + "limonaid/survey_100001_R_data_file.csv"))
    stay = raw.meta["multi"]["Where are you planning to stay?"]
    assert stay["options"][:3] == ["Hotel", "Hostel", "Airbnb apartment"]
    assert stay["other"] == ["Where are you planning to stay? [Other]"]
    assert "I don’t know" in stay["options"][-1]
    assert is_nonsubstantive(stay["options"][-1])
    assert "Total time" in raw.meta["system_columns"]
    other = read_export(shared(LS + "limonaid/survey_998192_R_data_file.csv"))
    assert other.meta["matrix"]["Describe yourselves"]["rows"][0] == "Openness"
    assert "&amp;" not in "".join(other.questions.values())


# ---------------------------------------------------------------- read-only
def test_reading_never_changes_the_file(tmp_path):
    for rel in (GF + ".csv", GF + ".xlsx", NS_NEW + ".txt", SX + "ex_survey2.xlsx"):
        src = shipped(rel)
        copy = tmp_path / src.name
        copy.write_bytes(src.read_bytes())
        os.chmod(copy, 0o444)  # a read-only file must be readable
        before = (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns)
        read_export(copy)
        detect_format(copy)
        assert (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns) == before


def test_google_forms_row_numbers_are_spreadsheet_rows():
    path = shipped(GF + ".csv")
    # lines as an editor counts them: CRLF ends a record, bare LF breaks inside answers
    text = path.read_bytes().decode("utf-8")
    lines = re.split(r"\r\n|\r|\n", text)
    # the rows a spreadsheet shows: one per record, an empty one per blank line
    shown = list(csv.reader(io.StringIO(text, newline="")))
    raw = read_export(path)
    assert len(lines) - 1 > raw.n_rows + 1  # some answers hold line breaks
    for row, stamp in raw.data["Timestamp"].items():
        assert shown[row - 1][0] == stamp  # the record is on that spreadsheet row
    assert raw.data.index[-1] == raw.n_rows + 1  # no blank lines: header + one row each
