"""SPSS files shaped like a real agency .sav: the General Social Survey 1991
(LinkedInLearning/learning-the-r-tidyverse-4377003, `03_04b/data/General Social Survey, 1991.SAV`,
1,517 x 765, every variable a labelled number). The draft crashed on it (two codes with one
label), drafted ages and hours as scales of 70 levels, and deriving age groups from such a
"scale" ended in an internal error. The files are written here with pyreadstat, with the GSS's
header layout (upper-case names, question texts cut at 255 characters) and kinds of labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from surveykit import cli
from surveykit.study import load_study
from tests.test_scaffold_layouts import codebook, variable

N = 160

# POLVIEWS and its recode I_POLITICS carry the same (cut) question text, as in the GSS file
POLITICS = ("We hear a lot of talk these days about liberals and conservatives. I'm going to show you a seven-point "
            "scale on which the political views that people might hold are arranged from extremely liberal - - "
            "point 1 - - to extremely conservative point 7. Where wo")
POLVIEWS = {1: "Extremely liberal", 2: "Liberal", 3: "Slightly liberal", 4: "Moderate, middle or the road",
            5: "Slightly conservative", 6: "Conservative", 7: "Extremely conservative", 8: "Don't know",
            9: "No answer"}
I_POLITICS = {1: "Liberal and extremely liberal", 2: "Slightly liberal", 3: "Moderate, middle or the road",
              4: "Slightly conservative", 5: "Conservative", 6: "Extremely conservative"}
HHTYPE = {1: "1 adult, no children", 2: "1 adult, 1+ children", 3: "2 adults, 1 married; no children",
          41: "3rd person related; no children", 43: "3rd person related, no children",
          51: "3rd person related, no children", 999: "No answer"}


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def gss_sav(folder: Path, name: str = "gss1991.sav") -> Path:
    """A small GSS-like file: ids, political views twice, household type, age, hours, happiness."""
    rng = np.random.default_rng(1991)
    polviews = rng.integers(1, 10, N).astype(float)
    frame = pd.DataFrame({
        "ID": np.arange(1, N + 1, dtype=float),
        "POLVIEWS": polviews,
        "I_POLITICS": np.where(polviews <= 2, 1, np.where(polviews >= 8, np.nan, polviews - 1)),
        "HHTYPE": rng.choice([1, 2, 3, 41, 43, 51], N).astype(float),
        "RELIG": rng.choice([1, 2, 3, 4, 5, 99], N).astype(float),
        "SPREL": rng.choice([1, 2, 3, 4, 5, 9], N).astype(float),
        "AGE": np.where(np.arange(N) % 53 == 7, 99, rng.integers(18, 90, N)).astype(float),
        "HRS1": np.where(np.arange(N) % 3 == 0, np.nan, np.where(np.arange(N) % 41 == 5, 98,
                                                                  rng.integers(0, 90, N))).astype(float),
        "HAPPY": rng.choice([1, 2, 3, 9], N).astype(float),
        "CONFINAN": rng.choice([1, 2, 3, 8, 9], N).astype(float),
        "RACE": rng.choice([1, 2, 3], N).astype(float),
        "LIKELY": rng.integers(0, 11, N).astype(float),
    })
    religion = {1: "Protestant", 2: "Catholic", 3: "Jewish", 4: "None", 5: "Other"}
    pyreadstat.write_sav(
        frame, str(folder / name),
        column_labels=["Respondent id number", POLITICS, POLITICS, "Household type",
                       "What is your religious preference?", "What is your (spouse's) religious preference?",
                       "Respondent's age",
                       "If working, full or part-time: How many hours did you work last week, at all jobs?",
                       "Taken all together, how would you say things are these days--would you say that you are "
                       "very happy, pretty happy, or not too happy?",
                       "I am going to name some institutions in this country. As far as the people running these "
                       "institutions are concerned, would you say you have a great deal of confidence, only some "
                       "confidence, or hardly any confidence at all in them? Banks and financial insti",
                       "What race do you consider yourself?",
                       "How likely is it that you would recommend the library to a friend?"],
        variable_value_labels={"POLVIEWS": POLVIEWS, "I_POLITICS": I_POLITICS, "HHTYPE": HHTYPE,
                               "RELIG": {**religion, 99: "No answer"}, "SPREL": {**religion, 9: "No answer"},
                               # the GSS labels each age and each number of hours with the number itself
                               "AGE": {**{a: str(a) for a in range(18, 89) if a != 86}, 89: "89 or older",
                                       99: "No answer"},
                               "LIKELY": {0: "Not at all likely", **{k: str(k) for k in range(1, 10)},
                                          10: "Extremely likely"},
                               "HRS1": {**{h: str(h) for h in range(90) if h % 7}, 98: "Don't know"},
                               "HAPPY": {1: "Very happy", 2: "Pretty happy", 3: "Not too happy", 9: "No answer"},
                               "CONFINAN": {1: "A great deal", 2: "Only some", 3: "Hardly any", 8: "Don't know",
                                            9: "No answer"},
                               "RACE": {1: "White", 2: "Black", 3: "Other"}},
        # the GSS file declares no measure level; a file that does is followed
        variable_measure={"CONFINAN": "ordinal", "RACE": "nominal"},
    )
    return folder / name


def draft(tmp_path: Path, export: Path) -> tuple[Path, int]:
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    shutil.copy(export, study / "data" / "raw" / export.name)
    rc = cli.main(["-q", "codebook", "draft", str(study / "data" / "raw" / export.name),
                   "-o", str(study / "config" / "codebook.yaml")])
    return study, rc


def scale_of(cb: dict, column: str) -> dict:
    return cb["scales"][variable(cb, column)["scale"]]


def test_two_codes_with_one_label_stay_two_levels_and_the_draft_validates(tmp_path):
    study, rc = draft(tmp_path, gss_sav(tmp_path))
    assert rc == 0
    cb = codebook(study)
    hh = {lv["code"]: lv["label"] for lv in scale_of(cb, "HHTYPE")["levels"]}
    assert hh[43] == "3rd person related, no children (code 43)"
    assert hh[51] == "3rd person related, no children (code 51)"
    assert hh[41] == "3rd person related; no children"  # its own label: untouched
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "# REVIEW: the file labels codes 43 and 51 alike ('3rd person related, no children')" in text
    # the two political-views columns keep their own labels: no code relabelled by the other's
    pol = scale_of(cb, "POLVIEWS")
    assert [lv["label"] for lv in pol["levels"]][:2] == ["Extremely liberal", "Liberal"]
    assert len(pol["levels"]) == 7
    ipol = scale_of(cb, "I_POLITICS")
    assert ipol["levels"][0]["label"] == "Liberal and extremely liberal"
    assert "their value labels differ (code 1 is 'Extremely liberal'" in text
    # one scale for both religion questions would drop SPREL's 9 = "No answer" into RELIG's 99; a "No answer"
    # is no answer: out of every base (`missing:`), not a non-substantive answer shown apart
    assert variable(cb, "SPREL")["type"] == "single"
    assert variable(cb, "SPREL")["missing"] == [9]
    assert not scale_of(cb, "SPREL").get("nonsubstantive")
    assert variable(cb, "RELIG")["missing"] == [99]
    responses = load_study(study).responses  # validates; 43 and 51 counted apart
    name = variable(cb, "HHTYPE")["name"]
    counts = responses[name].astype(str).value_counts()
    raw = pyreadstat.read_sav(str(study / "data" / "raw" / "gss1991.sav"))[0]["HHTYPE"]
    assert counts["3rd person related, no children (code 51)"] == (raw == 51).sum()
    assert counts["3rd person related, no children (code 43)"] == (raw == 43).sum()


def test_a_draft_its_own_check_refuses_is_named_as_the_drafts_fault(tmp_path, monkeypatch, capsys):
    from surveykit.scaffold import scales

    monkeypatch.setattr(scales, "_told_apart", lambda pairs: (pairs, []))  # the draft as it was
    study, rc = draft(tmp_path, gss_sav(tmp_path))
    assert rc == 2
    err = capsys.readouterr().err
    assert "fault of the draft, not of your export" in err
    assert "column 'HHTYPE' of gss1991.sav" in err
    assert "two levels are labelled '3rd person related, no children'; " in err
    assert "(codes 43 and 51)" in err
    assert "/tmp" not in err and "in language" not in err and "Traceback" not in err
    assert not (study / "config" / "codebook.yaml").read_text(encoding="utf-8").count("HHTYPE")


def _raw(study: Path, column: str) -> pd.Series:
    return pyreadstat.read_sav(str(study / "data" / "raw" / "gss1991.sav"))[0][column]


def test_numbers_whose_value_labels_are_the_numbers_are_drafted_as_numbers(tmp_path):
    study, rc = draft(tmp_path, gss_sav(tmp_path))
    assert rc == 0
    cb = codebook(study)
    age = variable(cb, "AGE")
    assert (age["type"], age["name"], age["missing"]) == ("numeric", "age", [99])
    hours = variable(cb, "HRS1")
    assert (hours["type"], hours["missing"]) == ("numeric", [98])
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("numbers: the file's value labels are the numbers themselves (18 = '18' ... 88 = '88'), so it is "
            "drafted as a number (means, not a scale of 71 levels); 89 = '89 or older' is kept as the number 89") in text
    assert "the codes 99 = 'No answer' are declared `missing`" in text
    assert "the codes 98 = \"Don't know\" are declared `missing`" in text
    # a 0-10 scale whose ends are words and the rest numbers stays a scale, with its distribution
    assert variable(cb, "LIKELY")["type"] == "likert"
    responses = load_study(study).responses
    raw = _raw(study, "AGE")
    assert responses["age"].mean() == pytest.approx(raw[raw != 99].mean())  # 99 is no age
    assert responses["age"].isna().sum() == (raw == 99).sum()
    raw = _raw(study, "HRS1")
    assert responses[hours["name"]].mean() == pytest.approx(raw[raw != 98].mean())


AGE_GROUP = """  - name: age_group
    type: single
    label: {nb: "Aldersgruppe", sv: "Åldersgrupp"}
    derive: {from: FROM, breaks: [16, 30, 45, 60, 75], labels: ["16-29", "30-44", "45-59", "60-74", "75+"]}
"""


def test_age_groups_derived_as_the_guide_says_from_a_labelled_spss_age(tmp_path):
    # docs/own-data.md step 5c on the GSS file ended in "internal error (TypeError: '<' not supported
    # between instances of 'float' and 'str')": the age was a scale of labels
    study, rc = draft(tmp_path, gss_sav(tmp_path))
    assert rc == 0
    path = study / "config" / "codebook.yaml"
    path.write_text(path.read_text(encoding="utf-8") + AGE_GROUP.replace("FROM", "age"), encoding="utf-8")
    responses = load_study(study).responses
    raw = _raw(study, "AGE")
    expected = pd.cut(raw[raw != 99], [16, 30, 45, 60, 75, np.inf], right=False,
                      labels=["16-29", "30-44", "45-59", "60-74", "75+"]).value_counts()
    assert responses["age_group"].value_counts().to_dict() == expected.to_dict()


def test_age_groups_derived_from_answer_labels_are_a_clear_error(tmp_path, capsys):
    study, rc = draft(tmp_path, gss_sav(tmp_path))
    assert rc == 0
    cb = codebook(study)
    single = variable(cb, "POLVIEWS")["name"]
    path = study / "config" / "codebook.yaml"
    path.write_text(path.read_text(encoding="utf-8") + AGE_GROUP.replace("FROM", single), encoding="utf-8")
    assert cli.main(["-q", "validate", "--no-write", "--study", str(study)]) == 2
    err = capsys.readouterr().err
    assert f"`variables.age_group.derive.from` names {single!r}, a variable of type 'single'" in err
    assert f"make {single!r} `type: numeric`" in err and "derive from a numeric variable: age" in err
    assert "internal error" not in err and "TypeError" not in err


def test_answers_the_file_numbers_in_a_row_get_a_note_when_left_unordered(tmp_path):
    study, rc = draft(tmp_path, gss_sav(tmp_path))
    assert rc == 0
    cb = codebook(study)
    happy = scale_of(cb, "HAPPY")
    assert happy["ordered"] is False and variable(cb, "HAPPY")["type"] == "single"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("# REVIEW: the file numbers these answers in a row (1 = 'Very happy', 2 = 'Pretty happy', 3 = 'Not too "
            "happy'): an order the draft did not take") in text
    assert ("(1 = 'A great deal', 2 = 'Only some', 3 = 'Hardly any') and declares them ordinal (SPSS measure): an "
            "order the draft did not take") in text
    assert "1 = 'White'" not in text  # declared nominal: no order to take
