"""A single choice with an 'Other' box, exported by Google Forms: the typed-in answers land in the
choice's own column ('Naboen min fortalte det' beside 'Facebook'), and the draft made each a
level, to be printed as an answer label in every table. Now the draft says so under REVIEW (and
keeps them: which answers were typed cannot be read from the file), and a column whose rare
answers are a few of many does not get the note."""

from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from tests.test_sav_unseen import _study as _draft

OPTIONS = ["Facebook", "Avisen", "Venner eller familie", "Kommunens nettside"]
TYPED = ["Naboen min fortalte det", "Plakat på butikken", "Hørte det på radio", "Fra legen", "Skolen til barna"]
QUESTION = "Hvor fikk du vite om tilbudet?"


def _export(path, typed: list[str], n: int = 120):
    rng = np.random.default_rng(2)
    answers = list(rng.choice(OPTIONS, n))
    for i, text in enumerate(typed):
        answers[i * 7] = text
    pd.DataFrame({"Tidsmerke": pd.date_range("2024-03-01", periods=n, freq="h").strftime("%Y/%m/%d %I:%M:%S %p GMT+1"),
                  QUESTION: answers,
                  "Hvor fornøyd er du?": rng.choice(["Svært fornøyd", "Fornøyd", "Misfornøyd", "Svært misfornøyd"], n),
                  }).to_csv(path, index=False)
    return path


def _block(study, name: str) -> str:
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f'label: "{QUESTION}"' in line)
    return "\n".join(lines[max(0, start - 8):start + 4])


def test_answers_given_once_beside_chosen_options_are_said_to_look_typed_in(tmp_path):
    study = _draft(tmp_path, _export(tmp_path / "svar.csv", TYPED))
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "5 of its 9 answers were each given by one respondent ('Fra legen', 'Hørte det på radio', 'Naboen min fortalte det', ...)" in text
    assert "look typed in to an 'Other' box" in text and "# REVIEW:" in text
    for answer in [*OPTIONS, *TYPED]:   # kept: which were typed is not the draft's to decide
        assert f'label: "{answer}"' in text


def test_the_drafted_report_leaves_out_a_choice_of_mostly_typed_in_answers(tmp_path):
    # a tester's 'MemberSiteOther': 8 of 10 answers each given once ('2018-02-27 Stanford', 'Johanessburg,South
    # Africa , 6 -7 September 2018' ...) drafted a single choice, and the drafted report.yaml printed them in a table
    study = _draft(tmp_path, _export(tmp_path / "svar.csv", TYPED))
    report = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    name = next(v["name"] for v in cb["variables"] if v.get("label") == QUESTION)
    tabled = {item for spec in [*report["figures"], *report["tables"]] for item in spec["items"]}
    assert name not in tabled and tabled   # the other questions are there
    text = (study / "config" / "report.yaml").read_text(encoding="utf-8")
    assert (f"# REVIEW: {name} is left out: 5 of its 9 different answers in wave 1 were each given by one "
            "respondent") in text


def test_the_drafted_report_keeps_a_choice_of_numbered_options_chosen_once(tmp_path):
    # Kobo's labels ("4. Being hosted for free") in two waves, joined as one unordered scale: a form's
    # options, however few chose them
    from surveykit import cli

    options = ["1. Ownership", "2. Rental (with written contract)", "3. Rental (with verbal agreement)",
               "4. Being hosted for free", "5. Squatting", "6. Housing provided by public authority"]
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    paths = []
    for year, last in ((2021, options[-1]), (2022, "6. Other")):
        answers = [options[0]] * 60 + [options[1]] * 30 + [*options[2:-1], last]
        paths.append(root / "data" / "raw" / f"msna_{year}.csv")
        pd.DataFrame({"today": pd.date_range(f"{year}-03-01", periods=len(answers), freq="h").strftime("%Y-%m-%d"),
                      "occupancy_type": answers}).to_csv(paths[-1], index=False)
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(root / "config" / "codebook.yaml")]) == 0
    book = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    # '6. Other' (wave 2) is not '6. Housing provided by public authority' (wave 1): a level of its own, said so
    assert '{code: 6, label: "6. Housing provided by public authority"}' in book and 'label: "6. Other"}' in book
    assert "the answers differ between waves" in book
    text = (root / "config" / "report.yaml").read_text(encoding="utf-8")
    assert "is left out" not in text and "occupancy_type" in text


def _site_other(path, typed: list[str]):
    answers = ["Feb 26-27 Stanford"] * 8 + ["Aug 18-19 Online"] * 4 + typed
    pd.DataFrame({"Date": [f"2018-03-{1 + i % 28:02d}" for i in range(len(answers))],
                  "MemberSiteOther": answers}).to_csv(path, index=False)
    return path


def test_an_other_box_of_mostly_one_respondents_texts_is_free_text(tmp_path):
    # a tester's 'MemberSiteOther' (SurveyMonkey-derived, clean headers): 8 of its 10 answers each from one
    # respondent, drafted a single choice whose levels were those texts
    typed = ["2018-02-27 Stanford", "Johanessburg,South Africa , 6 -7 September 2018", "training the trainer",
             "2018-07-19-erdc", "May 21-22 (University of Washington, eScience Institute)", "2018-08-18-ttt-LatinAmerica",
             "Stanford Instructor Training 2-26-2018", "2018-05-21-ttt-UW_eScience"]
    study = _draft(tmp_path, _site_other(tmp_path / "post.csv", typed))
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    var = next(v for v in cb["variables"] if v["sources"]["1"]["column"] == "MemberSiteOther")
    assert var["type"] == "text" and not cb["scales"]
    assert "its header names an 'Other' box and 8 of its 10 answers were each given by one respondent" in (
        study / "config" / "codebook.yaml").read_text(encoding="utf-8")


def test_an_other_box_of_answers_given_again_stays_a_choice(tmp_path):
    study = _draft(tmp_path, _site_other(tmp_path / "post.csv", ["Oct 27-28 Online"] * 3 + ["NIST"] * 2))
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    assert next(v for v in cb["variables"] if v["sources"]["1"]["column"] == "MemberSiteOther")["type"] == "single"


def test_a_choice_with_only_a_rare_option_gets_no_typed_in_note(tmp_path):
    study = _draft(tmp_path, _export(tmp_path / "svar.csv", TYPED[:1]))
    assert "look typed in" not in (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    report = (study / "config" / "report.yaml").read_text(encoding="utf-8")
    assert "is left out" not in report


def test_a_qualtrics_choice_with_options_chosen_once_gets_no_typed_in_note(tmp_path):
    # Qualtrics writes an "Other" box's text into a column of its own (Q7_5_TEXT): a choice's
    # options chosen by one respondent are options, not typed answers
    from tests.test_draft_column_kinds import draft, qualtrics

    rng = np.random.default_rng(4)
    answers = list(rng.choice(OPTIONS, 120))
    for i, text in enumerate(TYPED):
        answers[i * 7] = text
    _, text = draft(tmp_path, qualtrics(tmp_path / "q.csv", [("Q7", QUESTION, answers)]))
    assert "look typed in" not in text
    assert all(f'label: "{a}"' in text for a in TYPED)
