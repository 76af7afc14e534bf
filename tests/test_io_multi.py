"""Multi-select option inference and splitting."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.errors import DataError
from surveykit.io import infer_options, read_export, split_answers, split_multi

OPT = "Redes sociales como blogs, R-bloggers, Twitter"


def test_options_containing_the_separator_are_rebuilt():
    s = pd.Series([f"Libros, {OPT}", OPT, "Libros", f"Google, {OPT}", "Google, Libros", None])
    assert infer_options(s) == ["Libros", OPT, "Google"]


def test_lower_case_continuation_glued_when_it_never_starts_an_answer():
    s = pd.Series(["Algunos cursos, sin título", "Formación, sin título", "Máster",
                   "Algunos cursos, sin título", "Formación, sin título"])
    assert infer_options(s) == ["Algunos cursos, sin título", "Formación, sin título", "Máster"]


def test_split_answers_known_options_and_other():
    s = pd.Series([f"Libros, {OPT}, mi abuela", None, "Libros"], index=[2, 3, 4])
    out = split_answers(s, ", ", ["Libros", OPT])
    assert out.index.tolist() == [2, 3, 4]
    assert out.loc[2].tolist() == [True, True, True]
    assert out.loc[3].isna().all()
    assert out.loc[4].tolist() == [True, False, False]


def test_msforms_semicolon_with_trailing_separator(tmp_path):
    path = tmp_path / "forms.csv"
    path.write_text("ID,Start time,Completion time,Email,Name,Hva bruker du?\n"
                    "1,1/1/23 10:00,1/1/23 10:05,anonymous,,Bibliotek;Innbyggertorg;\n"
                    "2,1/1/23 11:00,1/1/23 11:05,a@b.no,Kari,Bibliotek;\n", encoding="utf-8")
    raw = read_export(path)
    assert raw.format == "msforms"
    assert raw.meta["multi"] == {"Hva bruker du?": {"separator": ";"}}
    assert raw.meta["identifier_columns"] == ["Email", "Name"]
    out = split_multi(raw, "Hva bruker du?")
    assert out[["Bibliotek", "Innbyggertorg"]].sum().tolist() == [2, 1]


def test_split_multi_unknown_key(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    raw = read_export(path)
    with pytest.raises(DataError, match=r"w\.csv: 'q9' is not a multi-select question"):
        split_multi(raw, "q9")


def test_google_forms_grid_and_checkbox(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text(
        "Tidsmerke,E-postadresse,Hvor fornøyd er du? [Biblioteket],Hvor fornøyd er du? "
        "[Innbyggertorget],Hva brukte du? (velg alle som passer)\n"
        '2023/01/10 10:00:00,kari@example.no,Svært fornøyd,Vet ikke,"Lån, lesesal, Wi-Fi"\n'
        '2023/01/10 11:00:00,ola@example.no,Litt fornøyd,Litt fornøyd,Wi-Fi\n',
        encoding="utf-8")
    raw = read_export(path)
    assert raw.format == "googleforms"
    assert raw.meta["identifier_columns"] == ["E-postadresse"]
    grid = raw.meta["matrix"]["Hvor fornøyd er du?"]
    assert grid["rows"] == ["Biblioteket", "Innbyggertorget"]
    used = "Hva brukte du? (velg alle som passer)"
    assert split_multi(raw, used)["Wi-Fi"].tolist() == [True, True]


def test_limesurvey_code_headings_multi(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(
        '"id","submitdate","lastpage","startlanguage","ipaddr","Q1[SQ001]","Q1[SQ002]",'
        '"Q1[other]","Q2[A1]","Q2[A2]"\n'
        '"1","2023-01-01 10:00:00","3","nb","10.0.0.1","Y","","Kafé","Enig","Vet ikke"\n'
        '"2","","1","nb","10.0.0.2","","Y","","Uenig","Enig"\n', encoding="utf-8")
    raw = read_export(path)
    assert raw.format == "limesurvey"
    assert raw.meta["multi"]["Q1"]["columns"] == ["Q1[SQ001]", "Q1[SQ002]"]
    assert raw.meta["multi"]["Q1"]["other"] == ["Q1[other]"]
    assert raw.meta["matrix"]["Q2"]["rows"] == ["A1", "A2"]
    assert raw.meta["identifier_columns"] == ["ipaddr"]
    assert raw.data.loc[2, "Q1[other]"] == "Kafé"
