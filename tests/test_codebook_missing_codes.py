"""Codes for no answer in single-choice, Likert and multi-select questions of a hand-written
codebook (`missing:` of the variable, or a source's `recode` to null): the answer is missing (out
of the base of shares and means, not a "Vet ikke"), and quality.json counts them
(`items.<var>.missing_codes`).

Before, `missing:` was refused on anything but a number, so a user had only wrong ways out: a
"Vet ikke" or "N/A" added to `levels` (a level in every share's base), a no-answer code put under
a scale's `nonsubstantive` (counted as "Vet ikke"), `other:` on a multi-select (an "N/A" counted
as the "other" option), and a multi-select exported one column per option counted Survey
Solutions' -999999999 (asked, not answered) as the option chosen.

The exports are small files written here in the shapes the tools write: Survey Solutions'
-999999999 for a question asked and not answered, and its multi-select as one column per option
(`q__1`, `q__2`) holding 1/0 (the shapes documented in surveykit's own reader,
src/surveykit/io/surveysolutions.py, and World Bank's Survey Solutions export documentation);
"N/A", "-" and 99 "Vet ikke" as spreadsheets and SPSS files hold them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit import cli
from surveykit.errors import ConfigError, ValidationError
from surveykit.study import load_study

SAT = ["Svært misfornøyd", "Misfornøyd", "Verken eller", "Fornøyd", "Svært fornøyd"]

STUDY = """study: {name: "Test", synthetic: true, language: nb, source: "Test"}
waves:
  - {id: "1", label: "2023", file: data/raw/w1.csv, field_date: 2023-01-15}
  - {id: "2", label: "2024", file: data/raw/w2.csv, field_date: 2024-01-15}
screening:
  duplicate: {variable: respondent_id}
weighting: {method: none}
privacy: {min_cell: 5}
"""

SCALE = """scales:
  sat5:
    levels:
""" + "".join(f"      - {{code: {i}, label: \"{t}\"}}\n" for i, t in enumerate(SAT, 1)) + """    nonsubstantive:
      - {code: 9, label: "Vet ikke"}
    top_box: [4, 5]
"""


def _study(root: Path, variables: str, w1: pd.DataFrame, w2: pd.DataFrame) -> Path:
    (root / "config").mkdir(parents=True)
    (root / "data" / "raw").mkdir(parents=True)
    (root / "surveykit.yaml").write_text(STUDY, encoding="utf-8")
    (root / "config" / "codebook.yaml").write_text(
        SCALE + "variables:\n  - {name: respondent_id, type: id, sources: {\"1\": {column: id}, \"2\": {column: id}}}\n"
        + variables, encoding="utf-8")
    (root / "config" / "sites.csv").write_text("site_id,label,kind,aliases,valid_from,valid_to\n", encoding="utf-8")
    for name, frame in (("w1", w1.copy()), ("w2", w2.copy())):
        frame.insert(0, "id", [f"{name}-{i}" for i in range(len(frame))])
        frame.to_csv(root / "data" / "raw" / f"{name}.csv", index=False)
    return root


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 24)


GENDER = ["Mann"] * 30 + ["Kvinne"] * 50 + ["Vet ikke"] * 12 + ["N/A"] * 8


def test_single_choice_missing_codes_are_out_of_the_shares_base_and_counted(tmp_path):
    w1 = pd.DataFrame({"kjonn": GENDER})
    w2 = pd.DataFrame({"kjonn": ["Mann"] * 40 + ["Kvinne"] * 40 + ["99"] * 20})
    root = _study(tmp_path / "s", """  - name: kjonn
    type: single
    levels: [Mann, Kvinne]
    missing: ["Vet ikke", "N/A", 99]
    sources: {"1": {column: kjonn}, "2": {column: kjonn}}
""", w1, w2)
    study = load_study(root)
    import surveykit as sk

    shares = sk.proportion(study.design(weighted=False), "kjonn", by="wave")
    first = shares[shares["wave"].astype(str) == "1"].set_index("level")
    assert first.loc["Mann", "estimate"] == pytest.approx(30 / 80)     # of the 80 who answered, not of 100
    assert first.loc["Kvinne", "n"] == 80
    assert list(study.responses["kjonn"].cat.categories) == ["Mann", "Kvinne"]
    assert study.quality["1"]["items"]["kjonn"] == {"answered": 80, "nonsubstantive": 0, "missing": 20,
                                                    "missing_codes": 20}
    assert study.quality["2"]["items"]["kjonn"]["missing_codes"] == 20


def test_likert_missing_code_is_no_dont_know_and_out_of_the_mean(tmp_path):
    # Survey Solutions' -999999999 (asked, not answered) beside a real "Vet ikke" (9); -1 recoded to null
    answers = [1, 2, 3, 4, 5] * 12 + [9] * 6 + [-999999999] * 10 + [-1] * 4
    w = pd.DataFrame({"q1": answers})
    root = _study(tmp_path / "s", """  - name: q1
    type: likert
    scale: sat5
    missing: [-999999999]
    sources: {"1": {column: q1, recode: {-1: null}}, "2": {column: q1}}
""", w, w.drop(index=range(76, 80)))
    study = load_study(root)
    r = study.responses[study.responses["wave"].astype(str) == "1"]
    assert r["q1"].notna().sum() == 60
    assert r["q1__dk"].sum() == 6            # only the real "Vet ikke": the no-answer codes are no "don't know"
    assert study.quality["1"]["items"]["q1"] == {"answered": 60, "nonsubstantive": 6, "missing": 14,
                                                 "missing_codes": 14}
    assert study.quality["2"]["items"]["q1"]["missing_codes"] == 10   # wave 2 holds no -1
    import surveykit as sk

    mean = sk.score(study.design(weighted=False), "q1", by="wave")
    assert mean["estimate"].tolist() == pytest.approx([3.0, 3.0])   # 12 answers of each level, 1 to 5
    assert mean["n"].tolist() == [60, 60]


def test_multi_select_one_column_per_option_never_counts_a_no_answer_code_as_chosen(tmp_path):
    # Survey Solutions: one column per option, 1 chosen, 0 not, -999999999 asked and not answered
    books = [1] * 20 + [0] * 30 + [-999999999] * 50
    cafe = [0] * 20 + [1] * 30 + [-999999999] * 50
    w = pd.DataFrame({"bruk__1": books, "bruk__2": cafe})
    variable = """  - name: bruk
    type: multi
    options: {{"1": "Bøker", "2": "Kafé"}}
{missing}    sources: {{"1": {{columns: {{"1": bruk__1, "2": bruk__2}}}}, "2": {{columns: {{"1": bruk__1, "2": bruk__2}}}}}}
"""
    root = _study(tmp_path / "a", variable.format(missing=""), w, w.copy())
    with pytest.raises(ValidationError) as err:   # was: bruk__1 chosen by 70 % (20 + the 50 who did not answer)
        load_study(root)
    assert "no_answer_code" in str(err.value) and "-999999999" in str(err.value)
    assert "variables.bruk.missing" in str(err.value)
    root = _study(tmp_path / "b", variable.format(missing="    missing: [-999999999]\n"), w.copy(), w.copy())
    study = load_study(root)
    r = study.responses[study.responses["wave"].astype(str) == "1"]
    assert r["bruk__1"].isna().sum() == 50
    assert r["bruk__1"].mean() == pytest.approx(20 / 50)
    assert study.quality["1"]["items"]["bruk"] == {"missing_codes": 50}


def test_multi_select_joined_no_answer_is_no_typed_in_other(tmp_path):
    w = pd.DataFrame({"bruk": ["Bøker;Kafé"] * 10 + ["Bøker"] * 10 + ["Strikking"] * 5 + ["N/A"] * 25})
    variable = """  - name: bruk
    type: multi
    options: {{bok: "Bøker", kafe: "Kafé", annet: "Annet"}}
    other: annet
{missing}    sources: {{"1": {{column: bruk, separator: ";"}}, "2": {{column: bruk, separator: ";"}}}}
"""
    root = _study(tmp_path / "a", variable.format(missing=""), w, w.copy())
    with pytest.raises(ValidationError) as err:   # was: "N/A" counted as "Annet", chosen by 60 %
        load_study(root)
    assert "'N/A' ×25" in str(err.value) and "variables.bruk.missing" in str(err.value)
    root = _study(tmp_path / "b", variable.format(missing="    missing: [\"N/A\"]\n"), w.copy(), w.copy())
    r = load_study(root).responses
    r = r[r["wave"].astype(str) == "1"]
    assert r["bruk__annet"].mean() == pytest.approx(5 / 25)
    assert r["bruk__bok"].notna().sum() == 25


def test_a_missing_code_that_is_also_an_answer_is_refused(tmp_path):
    w = pd.DataFrame({"q1": [1, 2, 3, 9]})
    root = _study(tmp_path / "s", """  - name: q1
    type: likert
    scale: sat5
    missing: [9]
    sources: {"1": {column: q1}, "2": {column: q1}}
""", w, w.copy())
    with pytest.raises(ConfigError, match=r"9 is listed as no answer, but it is the non-substantive answer 9 = 'Vet ikke'"):
        load_study(root)


def test_cli_names_the_undeclared_no_answer_code_and_validates_once_declared(tmp_path, capsys):
    w = pd.DataFrame({"kjonn": GENDER})
    variable = """  - name: kjonn
    type: single
    levels: [Mann, Kvinne]
{missing}    sources: {{"1": {{column: kjonn}}, "2": {{column: kjonn}}}}
"""
    root = _study(tmp_path / "s", variable.format(missing=""), w, w.copy())
    assert cli.main(["validate", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "'N/A' ×8" in err and "`variables.kjonn.missing`" in err
    book = root / "config" / "codebook.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("    sources: {\"1\"",
                                                             "    missing: [\"Vet ikke\", \"N/A\"]\n    sources: {\"1\"",
                                                             1), encoding="utf-8")
    assert cli.main(["validate", "--study", str(root)]) == 0
    quality = json.loads((root / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert quality["1"]["items"]["kjonn"]["missing_codes"] == 20
    assert np.isclose(quality["1"]["items"]["kjonn"]["answered"], 80)



def _survey_solutions_sav(path: Path) -> dict[str, np.ndarray]:
    """A Survey Solutions questionnaire exported to SPSS: -999999999 for a question asked and not
    answered, declared missing and labelled "Missing" on the satisfaction item, unlabelled on the
    yes/no check boxes (its multi-select as one 0/1 column per option, `bruk__1`, `bruk__2`); a
    "Vil ikke svare" (prefer not to say) of its own on gender. Returns the answers written."""
    import pyreadstat

    rng = np.random.default_rng(2)
    n = 120
    asked = rng.random(n) >= 0.3
    books = np.where(asked, rng.choice([0.0, 1.0], n), -999999999.0)
    cafe = np.where(asked, rng.choice([0.0, 1.0], n), -999999999.0)
    sat = np.where(rng.random(n) < 0.1, -999999999.0, rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], n))
    gender = rng.choice([1.0, 2.0, 99.0], n)
    frame = pd.DataFrame({"interview__key": [f"{i:02d}-{i:02d}-{i:02d}-{i:02d}" for i in range(n)],
                          "bruk__1": books, "bruk__2": cafe, "sat": sat, "kjonn": gender})
    pyreadstat.write_sav(
        frame, str(path),
        column_labels={"bruk__1": "Hva brukte du: Bøker", "bruk__2": "Hva brukte du: Kafé", "sat": "Hvor fornøyd er du?",
                       "kjonn": "Kjønn"},
        variable_value_labels={"sat": {**{float(i): t for i, t in enumerate(SAT, 1)}, -999999999.0: "Missing"},
                               "kjonn": {1.0: "Mann", 2.0: "Kvinne", 99.0: "Vil ikke svare"},
                               "bruk__1": {0.0: "No", 1.0: "Yes"}, "bruk__2": {0.0: "No", 1.0: "Yes"}},
        missing_ranges={"sat": [-999999999.0]})
    return {"books": books, "sat": sat}


def test_draft_validate_build_put_a_tools_no_answer_code_under_missing(tmp_path):
    """End to end: the draft writes Survey Solutions' -999999999 under each item's `missing:` (it
    wrote it as a non-substantive answer, shown and counted as a "Vet ikke" labelled "Missing" or
    "-999999999": 30 % "don't know" on each check box); validate counts it in quality.json; the
    build's tables leave it out of every base and show no such answer."""
    import yaml

    root = tmp_path / "s"
    assert cli.main(["-q", "init", str(root)]) == 0
    written = _survey_solutions_sav(root / "data" / "raw" / "w1.sav")
    assert cli.main(["-q", "codebook", "draft", str(root / "data" / "raw" / "w1.sav"), "-o",
                     str(root / "config" / "codebook.yaml"), "--force"]) == 0
    book = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    by_name = {v["name"]: v for v in book["variables"]}
    assert by_name["boker"]["missing"] == [-999999999]
    assert by_name["hvor_fornoyd_er_du"]["missing"] == [-999999999]
    assert "missing" not in by_name["gender"]           # "Vil ikke svare" is an answer kept apart
    codes = {lv["code"] for sc in book["scales"].values() for lv in sc.get("nonsubstantive", [])}
    assert -999999999 not in codes and 99 in codes
    assert cli.main(["-q", "build", "--study", str(root)]) == 0
    quality = json.loads((root / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    items = quality["1"]["items"]
    assert items["boker"] == {"answered": int((written["books"] >= 0).sum()), "nonsubstantive": 0,
                              "missing": int((written["books"] < 0).sum()),
                              "missing_codes": int((written["books"] < 0).sum())}
    assert items["hvor_fornoyd_er_du"]["missing_codes"] == int((written["sat"] < 0).sum())
    shares = pd.read_csv(root / "reports" / "tables" / "answers.csv")
    books = shares[(shares["variable"] == "boker")]
    assert set(books["level"]) == {"No", "Yes"}          # no "-999999999" share
    yes = books.set_index("level").loc["Yes"]
    answered = written["books"][written["books"] >= 0]
    assert yes["n"] == len(answered)
    assert yes["estimate"] == pytest.approx(answered.mean())
    topbox = pd.read_csv(root / "reports" / "tables" / "topbox_satisfied5.csv")
    assert topbox["n"].iloc[0] == int((written["sat"] > 0).sum())
