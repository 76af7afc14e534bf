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
    path.write_text("a\n1\n")
    raw = read_export(path)
    with pytest.raises(DataError, match=r"w\.csv: 'q9' is not a multi-select question"):
        split_multi(raw, "q9")
