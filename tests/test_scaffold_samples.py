"""Real exports of real tools (tests/data/samples, and the unlicensed ones from ../shared/samples
when present): `init` + `codebook draft` + `validate` + `build` with no edit exit 0, and the draft's
scales, multi-select options and processed counts equal what the raw file holds."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tests.test_scaffold_layouts import codebook, levels, nonsub, responses, run_study, variable

SAMPLES = Path(__file__).parent / "data" / "samples"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "samples"  # ../shared beside the checkout
GF = SAMPLES / "google-forms/rstudio-r-community-survey/2019 Spanish R Community Survey Responses"
QT = SAMPLES / "qualtrics/QualtricsTools"
SX = SAMPLES / "surveyxact/readSX"
EXPORTS = [
    SAMPLES / "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249.txt",
    SAMPLES / "nettskjema/nettskjemar-web-export-2018/data-82087-2018-09-03-1550-utf.txt",
    GF.with_suffix(".csv"),
    SAMPLES / "qualtrics/ropensci-qualtRics/sample.csv",
    SAMPLES / "qualtrics/ropensci-qualtRics/sample_legacy.csv",
    QT / "No_Basis_for_Evaluation (Insights).csv", QT / "No_Basis_for_Evaluation (Legacy).csv",
    QT / "Multiple_Answer_Matrix_Questions.csv", QT / "Multiple_Answer_Matrix_Questions (Insights).csv",
    SAMPLES / "surveymonkey/fivethirtyeight/StarWars.csv",
    SAMPLES / "surveymonkey/fivethirtyeight/steak-risk-survey.csv",
    SAMPLES / "surveymonkey/kubernetes/contribex-survey-2019.csv",
    SX / "ex_survey2.xlsx",
]
# the same answers exported in another format: drafted and validated, then compared with the
# built study of the first format (same codebook, same processed data), not built again
SAME_SURVEY = {
    GF.with_suffix(".xlsx"): GF.with_suffix(".csv"),   # numbers typed in text columns: 2014.0 is "2014"
    SX / "ex_survey2_tab_utf16/dataset.csv": SX / "ex_survey2.xlsx",
    SX / "ex_survey2_semicolon_ansi/dataset.csv": SX / "ex_survey2.xlsx",
    SAMPLES / "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249.xlsx":
        SAMPLES / "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249.txt",
}
SHARED_EXPORTS = [
    SHARED / "microsoft-forms/norway-yv-fritidsbruk-av-skjerm/data.xlsx",
    SHARED / "microsoft-forms/norway-yv-fritidsbruk-av-skjerm/data.csv",
    SHARED / "limesurvey/limonaid/survey_100001_R_data_file.csv",
    SHARED / "limesurvey/limonaid/survey_998192_R_data_file.csv",
    SHARED / "limesurvey/accent-recognition-limesurvey/results.csv",
]


def _study(tmp_path: Path, export: Path, build: bool = True) -> Path:
    """Copy the export with the files that travel with it (.sps, .qsf, the SurveyXact trio)."""
    if export.name.startswith("dataset"):
        extra = tuple(p for p in export.parent.iterdir() if p != export)
    else:
        extra = tuple(p for p in export.parent.iterdir()
                      if p.suffix in (".sps", ".qsf") or p.name.startswith("codebook-"))
    if not extra or not export.name.startswith("dataset"):
        return run_study(tmp_path, export, build=build, extra=extra)
    # a SurveyXact CSV trio is read from its folder
    folder = tmp_path / "trio"
    shutil.copytree(export.parent, folder)
    return run_study(tmp_path, folder / export.name, build=build, extra=extra)


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.fixture(scope="module")
def study_of(tmp_path_factory):
    """The study of an export, drafted, validated and built once per test module (the tests
    below read its codebook and processed data; every command exits 0 with no edit)."""
    made: dict[Path, Path] = {}

    def study(export: Path) -> Path:
        if not export.exists():
            pytest.skip(f"{export} not present (an unlicensed sample, kept outside the repository)")
        if export not in made:
            made[export] = _study(tmp_path_factory.mktemp("sample"), export)
        return made[export]

    return study


@pytest.mark.slow
@pytest.mark.parametrize("export", EXPORTS + SHARED_EXPORTS, ids=_id)
def test_draft_validates_and_builds_with_no_edit(export, study_of):
    study = study_of(export)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "# DRAFT codebook" in text
    assert (study / "reports" / "index.html").is_file()


def _without_sources(cb: dict) -> dict:
    return {**cb, "variables": [{k: v for k, v in var.items() if k != "sources"} for var in cb["variables"]]}


def _answers(study: Path) -> pd.DataFrame:
    """The processed responses without the pseudonymised ids (each study has its own key)."""
    ids = [v["name"] for v in codebook(study)["variables"] if v["type"] == "id"]
    return responses(study).drop(columns=ids)


@pytest.mark.parametrize("export", list(SAME_SURVEY), ids=_id)
def test_the_same_survey_in_another_format_gives_the_same_codebook_and_data(export, study_of, tmp_path):
    study = _study(tmp_path, export, build=False)
    first = study_of(SAME_SURVEY[export])
    assert _without_sources(codebook(study)) == _without_sources(codebook(first))
    got, want = _answers(study), _answers(first)
    # time stamps: a spreadsheet stores them as fractions of a day (Google Forms' xlsx to the
    # millisecond, off by a few from the CSV's whole seconds); everything else is equal
    stamps = [c for c in want if pd.api.types.is_datetime64_any_dtype(want[c])]
    for c in stamps:
        assert (got[c] - want[c]).abs().max() < pd.Timedelta(seconds=1), c
    pd.testing.assert_frame_equal(got.drop(columns=stamps), want.drop(columns=stamps))


def _rows(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline=""), delimiter=delimiter))


def test_kubernetes_surveymonkey(study_of):
    export = SAMPLES / "surveymonkey/kubernetes/contribex-survey-2019.csv"
    study = study_of(export)
    cb = codebook(study)
    top, sub, *body = _rows(export)
    cols = [(i, t) for i, t in enumerate(top) if t]
    def stem(word: str) -> int:
        return next(i for i, t in cols if t.startswith(word))
    agree, often, areas = stem("Do you agree"), stem("Of our various"), stem("What areas")
    a = variable(cb, f"{top[agree]} [{sub[agree]}]")
    f = variable(cb, f"{top[often]} [{sub[often]}]")
    assert levels(cb, a) == ["1: strongly disagree", "2", "3", "4", "5: strongly agree"]
    assert levels(cb, f) == ["1: never", "2", "3: several times a month", "4", "5: everyday"]
    assert a["scale"] != f["scale"]  # agreement and frequency are never one scale
    multi = variable(cb, f"{top[areas]} [{sub[areas]}]")
    assert list(multi["options"].values()) == sub[areas:areas + 10]  # "Other (please specify)" last
    data = responses(study)
    assert Counter(data[a["name"]].dropna().astype(str)) == Counter(r[agree] for r in body if r[agree])
    for k, (key, text) in enumerate(multi["options"].items()):
        chosen = [r[areas + k] for r in body]
        want = sum(bool(c) for c in chosen) if text.startswith("Other") else sum(c == text for c in chosen)
        assert int(data[f"{multi['name']}__{key}"].sum()) == want
    # the empty trailing columns are left out, the "Other (please specify)" answers kept as text
    assert sum(v["type"] == "text" and "other" in v["name"] for v in cb["variables"]) >= 3


def test_starwars_and_steak_surveymonkey(study_of):
    export = SAMPLES / "surveymonkey/fivethirtyeight/StarWars.csv"
    study = study_of(export)
    cb = codebook(study)
    top, sub, *body = _rows(export, encoding="cp1252")
    col = next(i for i, t in enumerate(top) if t.startswith("Please state whether you view"))
    item = variable(cb, f"{top[col]} [{sub[col]}]")
    assert levels(cb, item) == ["Very unfavorably", "Somewhat unfavorably",
                                "Neither favorably nor unfavorably (neutral)", "Somewhat favorably", "Very favorably"]
    assert nonsub(cb, item) == ["Unfamiliar (N/A)"]
    data = responses(study)
    assert Counter(data[item["name"]].dropna().astype(str)) == Counter(
        r[col] for r in body if r[col] and r[col] != "Unfamiliar (N/A)")
    seen = next(i for i, t in enumerate(top) if t.startswith("Which of the following Star Wars"))
    films = variable(cb, f"{top[seen]} [{sub[seen]}]")
    assert list(films["options"].values()) == sub[seen:seen + 6]
    income = variable(cb, "Household Income")  # one answer each: "$0 - $24,999" is one option, not two
    assert income["type"] == "single" and levels(cb, income) == [
        "$0 - $24,999", "$25,000 - $49,999", "$50,000 - $99,999", "$100,000 - $149,999", "$150,000+"]
    steak = SAMPLES / "surveymonkey/fivethirtyeight/steak-risk-survey.csv"
    cb2 = codebook(study_of(steak))
    smoke = variable(cb2, "Do you ever smoke cigarettes?")
    assert smoke["type"] == "single" and levels(cb2, smoke) == ["No", "Yes"]


def test_google_forms_spanish(study_of):
    export = GF.with_suffix(".csv")
    study = study_of(export)
    cb = codebook(study)
    header, *body = _rows(export)
    col = header.index("Cuando tienes problemas en R, ¿a quién recurres para pedir ayuda?")
    multi = variable(cb, header[col])
    option = "Redes sociales como blogs, R-bloggers, Twitter, Slack o contactos de GitHub"
    assert multi["type"] == "multi" and option in multi["options"].values()
    key = next(k for k, v in multi["options"].items() if v == option)
    data = responses(study)
    assert int(data[f"{multi['name']}__{key}"].sum()) == sum(option in r[col] for r in body)
    # a question asked twice (same header): both kept, each named by the header and its occurrence
    twice = [v for v in cb["variables"] if v["sources"]["1"].get("occurrence")]
    assert sorted(v["sources"]["1"]["occurrence"] for v in twice) == [1, 2]


def test_nettskjema_report_with_sps(study_of):
    export = SAMPLES / "nettskjema/nettskjemar-api-v3-2025/data-123823-2025-08-19-2249.txt"
    study = study_of(export)
    cb = codebook(study)
    header, *body = _rows(export, delimiter=";")
    grid = variable(cb, "radio_matrix.grants")
    assert nonsub(cb, grid) == ["not applicable"]
    multi = variable(cb, "checkbox.questionnaires")
    assert multi["type"] == "multi" and len(multi["options"]) == 3
    data = responses(study)
    i = header.index("checkbox.questionnaires")
    key = next(iter(multi["options"]))
    assert int(data[f"{multi['name']}__{key}"].sum()) == sum(r[i] == "1" for r in body)
    assert not any(v["sources"]["1"].get("column") == "$created" and v["type"] != "date" for v in cb["variables"])


def test_qualtrics_recoded_negative_codes_and_test_rows(study_of):
    export = QT / "No_Basis_for_Evaluation (Insights).csv"
    study = study_of(export)
    cb = codebook(study)
    like = variable(cb, "Q3_1")
    # the .qsf labels the codes 1 Like, 2 Neither, 3 Dislike: listed low -> high, recoded
    assert levels(cb, like) == ["Dislike", "Neither like nor dislike", "Like"]
    assert like["sources"]["1"]["recode"] == {1: 3, 2: 2, 3: 1}
    assert "No Opinion" in nonsub(cb, like)
    # every row of this file is a Qualtrics test response (Status 2): the rule is shown, switched off
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert "# test: {variable: status" in text and "REVIEW: this rule would reject every row" in text
    tags, _, _, *body = _rows(export)
    data = responses(study)
    assert len(data) == sum(r[tags.index("Finished")] == "1" for r in body)
    want = Counter(r[tags.index("Q3_1")] for r in body if r[tags.index("Q3_1")] in ("1", "2", "3"))
    got = Counter(data[like["name"]].dropna().astype(str))
    assert got == {"Like": want["1"], "Neither like nor dislike": want["2"], "Dislike": want["3"]}


def test_surveyxact_trio(study_of):
    import openpyxl

    export = SX / "ex_survey2.xlsx"
    study = study_of(export)
    cb = codebook(study)
    agree = [v for v in cb["variables"] if v.get("scale") and levels(cb, v) == ["Helt uenig", "Uenig", "Enig",
                                                                                "Helt enig"]]
    assert len(agree) >= 20 and {v["type"] for v in agree} == {"likert"}
    ends = [v for v in cb["variables"] if v.get("scale") and levels(cb, v)[0] == "I liten grad"]
    assert ends and levels(cb, ends[0]) == ["I liten grad", "2", "3", "I stor grad"]
    # questionnaires not completed (status "Gjennomført" not chosen) are screened
    wb = openpyxl.load_workbook(export, read_only=True)
    rows = list(wb["Dataset"].iter_rows(values_only=True))
    done = rows[0].index("stato_4")
    assert len(responses(study)) == sum(r[done] == 1 for r in rows[1:])


@pytest.mark.parametrize("name", ["data.xlsx", "data.csv"])
def test_microsoft_forms_norwegian_sample(study_of, name):
    export = SHARED / "microsoft-forms/norway-yv-fritidsbruk-av-skjerm" / name
    study = study_of(export)
    cb = codebook(study)
    hours = [v for v in cb["variables"] if v.get("scale") and levels(cb, v)[0] == "Mindre enn 2 timer per uke"]
    assert hours and levels(cb, hours[0]) == ["Mindre enn 2 timer per uke", "2-4 timer per uke", "4-6 timer per uke",
                                              "Mer enn 6 timer per uke"]
    data = responses(study)
    frame = pd.read_excel(export.with_suffix(".xlsx"), dtype=str)
    col = hours[0]["sources"]["1"]["column"]
    assert Counter(data[hours[0]["name"]].dropna().astype(str)) == Counter(frame[col].dropna())


def test_limesurvey_unsubmitted_rows_screened(study_of):
    export = SHARED / "limesurvey/accent-recognition-limesurvey/results.csv"
    study = study_of(export)
    header, *body = [r for r in _rows(export) if r]
    kept = [r for r in body if r[header.index("submitdate")]]
    assert len(responses(study)) == len(kept)
    cb = codebook(study)
    gender = variable(cb, "Geslacht")
    assert levels(cb, gender) == ["man", "vrouw"]
    data = responses(study)
    assert Counter(data[gender["name"]].dropna().astype(str)) == Counter(
        r[header.index("Geslacht")] for r in kept if r[header.index("Geslacht")])
