"""A Danish municipality's citizen survey in three waves from three tools (a tester adopting
surveykit from README and docs only): an SPSS file of 2021 whose 0-10 recommendation question
labels its ends with their codes ("0 Slet ikke sandsynligt", 1 ... 9, "10 Meget sandsynligt",
99 = "Ved ikke" declared missing), a workbook of 2023 with a cover sheet and a CSV (cp1252,
semicolons) of 2025 holding the same question's answers as plain numbers 0 ... 10 and "Ved ikke".

The draft made the SPSS question an ordered scale "shares only: no means" (the code before each
end label hid the words that tell the order, also in English: "0 Not at all likely"), and the
later waves' numbers a second variable of the same words, under a note asking to label the two
apart, as if the waves had asked two questions. Now the end labels order the scale (means), and
the numbers of the later waves are read as its codes: one question, with a REVIEW note."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import surveykit as sk
from surveykit import cli
from surveykit.processed import read_responses
from surveykit.scaffold.scales import from_codes

Q = "Hvor sandsynligt er det, at du vil anbefale kommunen som bosted?"
AGREE = ["Meget uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Meget enig"]


@pytest.mark.parametrize(("low", "high"), [("0 Slet ikke sandsynligt", "10 Meget sandsynligt"),
                                           ("0 Not at all likely", "10 Extremely likely")])
def test_end_labels_led_by_their_code_order_the_scale(low: str, high: str) -> None:
    scale = from_codes({0: low, 10: high, 99: "Ved ikke"}, set(range(11)) | {99}, {99})
    assert scale.ordered and scale.likert
    assert [lv.code for lv in scale.levels] == list(range(11))
    assert scale.levels[0].labels == [low]   # the file's label, as it gives it


def _write(root: Path) -> list[Path]:
    import openpyxl
    import pyreadstat

    rng = np.random.default_rng(3)
    raw = root / "data" / "raw"
    n = 60
    w1 = pd.DataFrame({"respid": np.arange(1, n + 1), "koen": rng.choice([1, 2], n), "alder": rng.integers(18, 90, n),
                       "q1": rng.integers(1, 6, n).astype(float), "q4": rng.integers(0, 11, n).astype(float)})
    w1.loc[:4, "q4"] = 99
    pyreadstat.write_sav(w1, str(raw / "borger2021.sav"), column_labels=["Id", "Køn", "Alder", "Kommunen er god at bo i", Q],
                         variable_value_labels={"koen": {1: "Mand", 2: "Kvinde"},
                                                "q1": {i + 1: t for i, t in enumerate(AGREE)},
                                                "q4": {0: "0 Slet ikke sandsynligt", 10: "10 Meget sandsynligt",
                                                       99: "Ved ikke"}},
                         missing_ranges={"q4": [99]})
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Forside"
    cover["A1"] = "Borgerundersøgelse 2023"
    sheet = wb.create_sheet("Besvarelser")
    sheet.append(["Respondent-id", "Køn", "Alder", "Kommunen er god at bo i", Q])
    for i in range(n):
        sheet.append([100 + i, ["Kvinde", "Mand"][i % 2], 18 + (i * 7) % 70, AGREE[i % 5], "Ved ikke" if i % 13 == 0 else i % 11])
    wb.save(raw / "borger2023.xlsx")
    w3 = pd.DataFrame({"Id": range(200, 200 + n), "Køn": [["Mand", "Kvinde"][i % 2] for i in range(n)],
                       "Alder": [20 + (i * 11) % 65 for i in range(n)],
                       "Kommunen er god at bo i": [AGREE[(i * 3) % 5] for i in range(n)],
                       Q: [(i * 7) % 11 for i in range(n)]})
    w3.to_csv(raw / "borger2025.csv", sep=";", index=False, encoding="cp1252")
    return [raw / "borger2021.sav", raw / "borger2023.xlsx", raw / "borger2025.csv"]


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("dk") / "borger"
    assert cli.main(["-q", "init", str(root)]) == 0
    paths = _write(root)
    here = os.getcwd()
    os.chdir(root)
    try:
        assert cli.main(["-q", "codebook", "draft", *map(str, paths)]) == 0
    finally:
        os.chdir(here)
    return root, yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))


def test_numbers_of_later_waves_join_the_scale_of_the_first(study, monkeypatch) -> None:
    root, cb = study
    asked = [v for v in cb["variables"] if (v.get("question") or v["label"]).startswith(Q[:30])]
    assert len(asked) == 1, [v["name"] for v in asked]
    var = asked[0]
    assert var["type"] == "likert" and set(var["sources"]) == {"1", "2", "3"}
    scale = cb["scales"][var["scale"]]
    assert [lv["code"] for lv in scale["levels"]] == list(range(11))
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "plain numbers" in text and "label that says what tells them apart" not in text
    monkeypatch.chdir(root)
    assert cli.main(["-q", "validate"]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="da")
    wave3 = data[data["wave"] == "3"][var["name"]]
    assert wave3.notna().all() and wave3.cat.codes.ge(0).all()


def test_population_of_a_statistics_office_in_its_own_words(study, monkeypatch, capsys) -> None:
    """FOLK1A counts men and women as 'Mænd' and 'Kvinder': the error names the cell and says to
    write the level or add the word to the level's aliases; with the aliases the weights rake to
    the table's margins (checked against raking by hand)."""
    root, cb = study
    monkeypatch.chdir(root)
    gender = next(v for v in cb["variables"] if v["name"] == "gender")
    ages = ["18-44", "45-64", "65+"]
    folk1a = pd.DataFrame([{"wave": w, "gender": g, "age_group": a, "antal": 1000 + 300 * i + 170 * j + 50 * int(w)}
                           for w in "123" for i, g in enumerate(["Mænd", "Kvinder"]) for j, a in enumerate(ages)])
    folk1a.to_csv(root / "config" / "population.csv", sep=";", index=False, encoding="cp1252")
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    text += ("  - name: age_group\n    type: single\n    label: Aldersgruppe\n"
             "    derive: {from: age, breaks: [18, 45, 65], labels: [\"18-44\", \"45-64\", \"65+\"]}\n")
    (root / "config" / "codebook.yaml").write_text(text, encoding="utf-8")
    conf = yaml.safe_load((root / "surveykit.yaml").read_text(encoding="utf-8"))
    conf["weighting"] = {"method": "rake", "population": "config/population.csv", "count": "antal",
                         "strata": ["wave"], "margins": [["wave", "gender"], ["wave", "age_group"]]}
    (root / "surveykit.yaml").write_text(yaml.safe_dump(conf, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["-q", "validate"]) != 0
    err = capsys.readouterr().err
    assert "'Mænd' matches no level" in err and "aliases" in err and "Traceback" not in err
    scale = gender["scale"]
    text = text.replace('{code: 1, label: "Mand"}', '{code: 1, label: "Mand", aliases: ["Mænd"]}')
    text = text.replace('{code: 2, label: "Kvinde"}', '{code: 2, label: "Kvinde", aliases: ["Kvinder"]}')
    assert f"  {scale}:" in text and "Mænd" in text
    (root / "config" / "codebook.yaml").write_text(text, encoding="utf-8")
    assert cli.main(["-q", "validate"]) == 0
    design = sk.load_study(root).design()
    shares = sk.proportion(design, "age_group", by="wave")
    for wave, target in folk1a.groupby("wave"):
        expected = target.groupby("age_group")["antal"].sum() / target["antal"].sum()
        got = shares[shares["wave"] == wave].set_index("level")["estimate"]
        assert got.reindex(expected.index).round(6).tolist() == expected.round(6).tolist()


@pytest.mark.parametrize("labels", [{1: "Kvinde", 2: "Mand", 3: "Andet"}, {1: "Kvinne", 2: "Mann", 3: "Annet"},
                                    {1: "Female", 2: "Male", 3: "Other"}])
def test_an_spss_gender_question_gets_no_note_about_an_order(labels: dict) -> None:
    """SPSS numbers the answers of a gender question 1, 2, 3 as it numbers any: the draft said
    they might be an ordinal scale to put low -> high; a gender question has no order."""
    scale = from_codes(labels, {1, 2, 3})
    assert not scale.ordered and not scale.notes


def test_an_unknown_scale_numbered_in_a_row_still_gets_the_note() -> None:
    scale = from_codes({1: "Very happy", 2: "Pretty happy", 3: "Not too happy"}, {1, 2, 3})
    assert any("numbers these answers in a row" in n for n in scale.notes)


def test_amounts_grouped_by_two_dots_are_numbers(tmp_path, monkeypatch) -> None:
    """A Danish CSV writes incomes as '450.000' and '1.200.000': two dots in one number group its
    thousands, so the column is read as numbers (1200000), not kept as text under a note that no
    answer tells the decimal mark; nor asked whether 300000 ... 1200000 are answer codes. Distances
    '12.000', '8.500' alone stay text, and the note says the file writes decimal commas elsewhere."""
    root = tmp_path / "dk"
    assert cli.main(["-q", "init", str(root)]) == 0
    n = 40
    incomes = ["450.000", "1.200.000", "300.000", "650.000"]
    pd.DataFrame({"ID": range(1, n + 1), "Køn": [["Kvinde", "Mand"][i % 2] for i in range(n)],
                  "Husstandens indkomst": [incomes[i % 4] for i in range(n)],
                  "Kommunen er god at bo i": [AGREE[i % 5] for i in range(n)],
                  "Hvor mange kilometer kører du om året?": ["Ved ikke" if i % 10 == 3 else "12.000" if i == 0
                                                             else f"{1 + (i * 7) % 30}.{(i * 137) % 1000:03d}"
                                                             for i in range(n)],
                  "Timer om ugen": [["1,5", "2", "0,5", "10"][i % 4] for i in range(n)]}).to_csv(
        root / "data" / "raw" / "svar_2025.csv", sep=";", index=False, encoding="cp1252")
    monkeypatch.chdir(root)
    assert cli.main(["-q", "codebook", "draft", "data/raw/svar_2025.csv"]) == 0
    cb = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    income = next(v for v in cb["variables"] if v["label"] == "Husstandens indkomst")
    assert income["type"] == "numeric"
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "few whole numbers" not in text
    # "12.000" alone cannot tell; the note names the file's decimal-comma column as a hint, not a decision
    km = next(v for v in cb["variables"] if v["label"].startswith("Hvor mange kilometer"))
    assert km["type"] == "text"
    note = next(line for line in text.splitlines() if "by the decimal mark" in line)
    assert "12.000" in note and "['Timer om ugen'] write decimal commas" in note and "Husstandens" not in note
    assert cli.main(["-q", "validate"]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="da")
    assert sorted(data[income["name"]].unique()) == [300000, 450000, 650000, 1200000]


def test_one_question_in_other_forms_in_other_waves_is_not_told_to_be_labelled_apart(tmp_path, monkeypatch) -> None:
    """The same question text in two waves' files, drafted as two variables (free text in the SPSS
    file of 2021, a choice in the CSV of 2023): the note said to give each a label telling them
    apart, as for one question asked twice in one form; now it says they are likely one question."""
    import pyreadstat

    root = tmp_path / "dk"
    assert cli.main(["-q", "init", str(root)]) == 0
    n = 40
    question = "Hvor bor du i kommunen?"
    w1 = pd.DataFrame({"respid": range(1, n + 1), "q5": [f"Vej nr. {i} i byen {i * 7}" for i in range(n)]})
    pyreadstat.write_sav(w1, str(root / "data" / "raw" / "borger2021.sav"), column_labels=["Id", question])
    w2 = pd.DataFrame({"Id": range(100, 100 + n), question: [["Roskilde", "Viby", "Gundsø"][i % 3] for i in range(n)]})
    w2.to_csv(root / "data" / "raw" / "borger2023.csv", sep=";", index=False, encoding="cp1252")
    monkeypatch.chdir(root)
    assert cli.main(["-q", "codebook", "draft", "data/raw/borger2021.sav", "data/raw/borger2023.csv"]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if "the question text is the same as" in line]
    assert len(notes) == 2, notes
    assert all("likely one question" in line and "asked in other waves" in line for line in notes)
    assert cli.main(["-q", "validate"]) == 0


def test_a_danish_answer_date_is_the_tools_time_stamp(tmp_path, monkeypatch) -> None:
    """'Besvarelsesdato' (the date answered) was drafted as a date question; it is the export's
    time stamp (a `submitted` column that dates the wave and offers a field-period window)."""
    root = tmp_path / "dk"
    assert cli.main(["-q", "init", str(root)]) == 0
    n = 30
    pd.DataFrame({"ID": range(1, n + 1), "Besvarelsesdato": [f"2025-02-{1 + i % 20:02d}" for i in range(n)],
                  "Kommunen er god at bo i": [AGREE[i % 5] for i in range(n)]}).to_csv(
        root / "data" / "raw" / "svar.csv", sep=";", index=False)
    monkeypatch.chdir(root)
    assert cli.main(["-q", "codebook", "draft", "data/raw/svar.csv"]) == 0
    cb = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    stamp = next(v for v in cb["variables"] if v["sources"]["1"]["column"] == "Besvarelsesdato")
    assert stamp["name"] == "submitted"
    assert "window: {variable: submitted" in (root / "surveykit.yaml").read_text(encoding="utf-8")
