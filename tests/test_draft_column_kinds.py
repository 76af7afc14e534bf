"""What kind of question a drafted column is, on exports a tester drafted (a Qualtrics export of an
inflation study, a Qualtrics quiz of famous faces, a Swedish library survey): the gender question
is the one whose answers are genders (not a consent text that mentions "gender, age"), closed
questions worded "Ange ..." or "Which of the following best describe ..." stay closed, Qualtrics'
"Other (please specify) - Text" columns are masked free text of their own question, a typed-in
number (an age) is a number, and one row per respondent is no table of results.

The exports are written here the way the tools write them (Qualtrics: three header rows, the
column ids Q3, Q4_4_TEXT, the question texts "... - Selected Choice", "... - Other - Text").
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

import pandas as pd
import yaml

from surveykit.scaffold.drafts import draft_codebook
from surveykit.scaffold.results_table import results_table_hint
from tests.test_draft_valid_ranges import seen

SYSTEM = [("StartDate", "Start Date", "startDate"), ("EndDate", "End Date", "endDate"),
          ("Status", "Response Type", "status"), ("Progress", "Progress", "progress"),
          ("Finished", "Finished", "finished"), ("RecordedDate", "Recorded Date", "recordedDate"),
          ("ResponseId", "Response ID", "_recordId")]

CONSENT = ("Welcome! Please read the following participant information. During this study, we will collect "
           "certain data from you without any identifiable personal information, which may include: gender, "
           "age, educational level and financial literacy data. Statement of consent: I confirm that I have "
           "read and understood the information provided in this consent form.")


def spread(counts: dict[str, int]) -> list[str]:
    """Answers given ``counts`` times each, interleaved (not sorted by answer)."""
    out = [a for a, k in counts.items() for _ in range(k)]
    return [out[(i * 7) % len(out)] for i in range(len(out))] if len(out) % 7 else out


def qualtrics(path: Path, questions: list[tuple[str, str, list[str]]]) -> Path:
    """A Qualtrics CSV (2017+ layout): the column ids, the question texts, the ImportIds; the tool's
    columns first, then ``questions`` as (column id, question text, answers), one row a respondent."""
    n = len(questions[0][2])
    assert all(len(q[2]) == n for q in questions)
    rows = [[t for t, _, _ in SYSTEM] + [q[0] for q in questions],
            [x for _, x, _ in SYSTEM] + [q[1] for q in questions],
            [json.dumps({"ImportId": i}) for _, _, i in SYSTEM]
            + [json.dumps({"ImportId": "QID" + q[0][1:]}) for q in questions]]
    for i in range(n):
        day = 1 + i % 20
        rows.append([f"2024-03-{day:02d} 10:{i % 60:02d}:00", f"2024-03-{day:02d} 10:{i % 60:02d}:40",
                     "IP Address", "100", "True", f"2024-03-{day:02d} 10:{i % 60:02d}:40", f"R_{i:05d}abc"]
                    + [q[2][i] for q in questions])
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def draft(tmp_path: Path, export: Path) -> tuple[dict, str]:
    out = draft_codebook([export], tmp_path / "out" / "codebook.yaml", report=False, sites=False)
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def by_column(cb: dict, column: str) -> dict:
    return next(v for v in cb["variables"] if any(s.get("column") == column for s in v["sources"].values()))


def block(text: str, column: str) -> str:
    """The drafted lines of the variable reading ``column`` (its REVIEW comments too)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if f'{{column: "{column}"' in line)
    start = max(i for i in range(at) if lines[i].startswith("  - name:"))
    return "\n".join(lines[start:at + 1])


def levels(cb: dict, var: dict) -> list[str]:
    return [lv["label"] for lv in cb["scales"][var["scale"]]["levels"]]


# -- 1. the gender question --------------------------------------------------------------------------------

def test_gender_is_the_question_with_gender_answers_not_a_consent_text_mentioning_gender(tmp_path):
    n = 60
    export = qualtrics(tmp_path / "inflation.csv", [
        ("Q1.1", CONSENT, spread({"I consent to participate.": 59, "I do not consent to participate.": 1})),
        ("Q3.2", "What is your age? (Please only use numbers)", [str(20 + i % 45) for i in range(n)]),
        ("Q3.3", "What is your gender identity?",
         spread({"Female": 30, "Male": 27, "Non-binary / third gender": 2, "Prefer not to say": 1})),
    ])
    cb, _ = draft(tmp_path, export)
    consent, gender = by_column(cb, "Q1.1"), by_column(cb, "Q3.3")
    assert gender["name"] == "gender" and gender["type"] == "single"
    assert levels(cb, gender) == ["Female", "Male", "Non-binary / third gender"]
    assert [lv["label"] for lv in cb["scales"][gender["scale"]]["nonsubstantive"]] == ["Prefer not to say"]
    assert consent["name"] != "gender" and consent["scale"] != "gender" and "gender" not in consent["name"]
    assert levels(cb, consent) == ["I consent to participate.", "I do not consent to participate."]
    assert "gender" in cb["scales"] and levels(cb, {"scale": "gender"})[0] == "Female"


def test_a_consent_text_mentioning_gender_is_never_named_gender_without_a_gender_question(tmp_path):
    export = qualtrics(tmp_path / "consent.csv", [
        ("Q1.1", CONSENT, spread({"I consent to participate.": 38, "I do not consent to participate.": 2})),
        ("Q2", "How satisfied are you with the library?",
         spread({"Very satisfied": 15, "Satisfied": 15, "Dissatisfied": 10})),
    ])
    cb, _ = draft(tmp_path, export)
    assert "gender" not in {v["name"] for v in cb["variables"]}
    assert "gender" not in cb["scales"]
    assert by_column(cb, "Q1.1")["type"] == "single"


def test_a_short_gender_question_with_unknown_answers_gets_a_review_note_not_the_name(tmp_path):
    export = qualtrics(tmp_path / "kjonn.csv", [
        ("Q1", "Kjønn", spread({"Alternativ A": 20, "Alternativ B": 20})),
        ("Q2", "Hvor fornøyd er du med biblioteket?",
         spread({"Svært fornøyd": 15, "Fornøyd": 15, "Misfornøyd": 10})),
    ])
    cb, text = draft(tmp_path, export)
    var = by_column(cb, "Q1")
    assert var["name"] != "gender" and var["type"] == "single"
    assert "# REVIEW: its text asks for gender but its answers ('Alternativ A', 'Alternativ B') are not" \
        in block(text, "Q1")


def test_gender_answers_in_the_scandinavian_languages_name_the_gender_question(tmp_path):
    export = qualtrics(tmp_path / "sv.csv", [
        ("Q1", "Om du vill delta, ge ditt samtycke. Vi samlar in uppgifter om kön, ålder och utbildning.",
         spread({"Jag godkänner villkoren": 38, "Jag avböjer": 2})),
        ("Q2", "Vilket kön har du?", spread({"Kvinna": 20, "Man": 16, "Annat": 2, "Vill inte svara": 2})),
    ])
    cb, _ = draft(tmp_path, export)
    assert by_column(cb, "Q2")["name"] == "gender"
    assert by_column(cb, "Q1")["name"] != "gender"


# -- 2. closed questions worded like free text --------------------------------------------------------------

def test_closed_questions_worded_ange_or_best_describe_stay_closed(tmp_path):
    """'Ange hur nöjd du är ...' (Swedish 'state how satisfied you are') with the five answers of a
    satisfaction scale, one given once, was free text while its sibling was likert; 'Which of the
    following best describe your current field of occupation?' with an answer given twice too."""
    n = 80
    utbud = spread({"Mycket nöjd": 34, "Ganska nöjd": 26, "Varken nöjd eller missnöjd": 14, "Ganska missnöjd": 5,
                    "Mycket missnöjd": 1})
    path = tmp_path / "bibliotek-2019.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID", "Starttid", "Ange hur nöjd du är med bibliotekets utbud",
                    "Hur nöjd är du med personalens bemötande?",
                    "Which of the following best describe your current field of occupation?"])
        field = spread({"Humanities": 40, "Science and Technology": 28, "Other": 10, "Arts": 2})
        bemotande = spread({"Mycket nöjd": 30, "Ganska nöjd": 30, "Varken nöjd eller missnöjd": 20})
        for i in range(n):
            w.writerow([i + 1, f"2019-09-{1 + i % 28:02d} 08:{i % 60:02d}:00", utbud[i], bemotande[i], field[i]])
    cb, _ = draft(tmp_path, path)
    utbud_var = by_column(cb, "Ange hur nöjd du är med bibliotekets utbud")
    sibling = by_column(cb, "Hur nöjd är du med personalens bemötande?")
    assert utbud_var["type"] == "likert" and utbud_var["scale"] == sibling["scale"]
    assert levels(cb, utbud_var) == ["Mycket missnöjd", "Ganska missnöjd", "Varken nöjd eller missnöjd",
                                     "Ganska nöjd", "Mycket nöjd"]
    occupation = by_column(cb, "Which of the following best describe your current field of occupation?")
    assert occupation["type"] == "single"
    assert sorted(levels(cb, occupation)) == ["Arts", "Humanities", "Other", "Science and Technology"]


def test_a_question_made_text_for_its_words_whose_answers_look_chosen_gets_a_review_note(tmp_path):
    answers = spread({"Sales": 30, "IT": 12, "HR": 3, "Finance": 1})
    export = qualtrics(tmp_path / "dept.csv", [
        ("Q1", "Please specify your department", answers),
        ("Q2", "Any comments?", [f"My own comment number {i}" if i % 3 else "" for i in range(len(answers))]),
        ("Q3", "Please describe how satisfied you are with the opening hours",
         spread({"Very satisfied": 20, "Satisfied": 15, "Neither satisfied nor dissatisfied": 7, "Dissatisfied": 3,
                 "Very dissatisfied": 1})),
    ])
    cb, text = draft(tmp_path, export)
    dept = by_column(cb, "Q1")
    assert dept["type"] == "text"
    assert ("# REVIEW: drafted as free text for the words of its question ('specify'), but its 46 answers are 4 "
            "short ones given again and again ('Sales' (30), 'IT' (12), 'HR' (3), 'Finance' (1)): if they are the "
            "options of a closed question, make it `type: single`") in block(text, "Q1")
    comments = by_column(cb, "Q2")
    assert comments["type"] == "text" and "REVIEW" not in block(text, "Q2")
    hours = by_column(cb, "Q3")   # the levels of a known scale: a scale whatever the words
    assert hours["type"] == "likert"
    assert levels(cb, hours) == ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied",
                                 "Satisfied", "Very satisfied"]
    assert "# REVIEW: the question reads like free text ('describe') but its answers are the levels of an ordered " \
        "scale: drafted as one" in block(text, "Q3")


# -- 3. Qualtrics' "Other (please specify) - Text" boxes ----------------------------------------------------

WHY = "Why do you think that the forecast is more or less uncertain? (Select all that apply)"
REASONS = ["The forecast is for a time far in the future.", "I believe the economic conditions are unpredictable.",
           "The forecast seems reasonable to me.", "Other (Please specify)"]
TYPED = ["I don't consider the information given on inflation in general to be truthful",
         "Political climate in the USA is quite unpredictable these days",
         "The forecast should cover more scenarios than the chart shows"]


def test_qualtrics_other_text_boxes_are_masked_free_text_of_their_own_question(tmp_path):
    n = 40
    picks = [",".join(REASONS[j] for j in range(4) if (i >> j) % 2) or REASONS[0] for i in range(n)]
    boxes = [TYPED[i % 3] if "Other (Please specify)" in p and i < 30 else "" for i, p in enumerate(picks)]
    export = qualtrics(tmp_path / "inflation.csv", [
        ("Q4.28", f"{WHY} - Selected Choice", picks),
        ("Q4.28_20_TEXT", f"{WHY} - Other (Please specify) - Text", [b if i % 2 else "" for i, b in enumerate(boxes)]),
        ("Q4.29", "How satisfied are you with the survey?", spread({"Very satisfied": 20, "Satisfied": 20})),
        ("Q6.28", f"{WHY} - Selected Choice", picks[::-1]),
        ("Q6.28_10_TEXT", f"{WHY} - Other (Please specify) - Text", [b if i % 2 == 0 else "" for i, b in
                                                                      enumerate(boxes)]),
    ])
    report = tmp_path / "out" / "report.yaml"
    out = draft_codebook([export], tmp_path / "out" / "codebook.yaml", report=report, sites=False)
    text = out.read_text(encoding="utf-8")
    cb = yaml.safe_load(text)
    for box, owner in [("Q4.28_20_TEXT", "Q4.28"), ("Q6.28_10_TEXT", "Q6.28")]:
        var = by_column(cb, box)
        assert var["type"] == "text" and "scale" not in var, var
        assert var["label"].endswith("(other, typed in)") and var["label"].startswith("Why do you think")
        assert f"# typed-in answers to '{by_column(cb, owner)['name']}'" in block(text, box)
    for typed in TYPED:   # no typed sentence is a level, a label or a report row
        assert typed not in text and typed not in report.read_text(encoding="utf-8")
    assert all(lv["label"] not in TYPED for s in cb["scales"].values() for lv in s["levels"])


def test_answers_that_are_distinct_sentences_each_given_once_are_free_text(tmp_path):
    path = tmp_path / "answers.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Respondent ID", "Your thoughts on the new opening hours", "How satisfied are you?"])
        for i in range(30):
            w.writerow([i + 1, TYPED[i] if i < 3 else "", ["Satisfied", "Dissatisfied"][i % 2]])
    cb, text = draft(tmp_path, path)
    var = by_column(cb, "Your thoughts on the new opening hours")
    assert var["type"] == "text" and "scale" not in var
    assert all(t not in text for t in TYPED)


# -- 4. Qualtrics text entries belong to their own question id ---------------------------------------------

def test_a_qualtrics_text_entry_belongs_to_its_own_question_and_a_typed_age_is_a_number(tmp_path):
    """Q4_4_TEXT is choice 4 ('Please write your answer below:') of Q4 and holds ages: a number named
    age. Q111, a question of its own whose words say "other ... write", is no "other" box of Q109."""
    n = 40
    chose = ["Prefer not to say" if i == 7 else "Please write your answer below:" for i in range(n)]
    ages = ["" if i == 7 else str(18 + (i * 5) % 20) for i in range(n)]
    suggestions = [f"Add more singers from the eighties, number {i}" if i % 4 == 0 else "" for i in range(n)]
    export = qualtrics(tmp_path / "faces.csv", [
        ("Q4", "How old are you? - Selected Choice", chose),
        ("Q4_4_TEXT", "How old are you? - Please write your answer below: - Text", ages),
        ("Q5", "What is your gender? - Selected Choice", spread({"Female": 25, "Male": 15})),
        ("Q109", "Do you feel like these medications are influencing your memory performance?",
         spread({"No": 30, "Yes": 8, "Prefer not to say": 2})),
        ("Q111", "If you have any suggestions on how to improve this survey, such as other celebrities you would "
                 "like to add, feel free to write a message to us below:", suggestions),
    ])
    cb, text = draft(tmp_path, export)
    age = by_column(cb, "Q4_4_TEXT")
    assert age["name"] == "age" and age["type"] == "numeric" and "other_of" not in age
    assert seen(text, "Q4_4_TEXT") == [18, 33]   # the ages typed in: 18, 23, 28, 33
    assert ("# REVIEW: the number typed in under choice 4 ('Please write your answer below:') of 'Q4' ('How old are "
            "you?'): drafted as a number") in block(text, "Q4_4_TEXT")
    assert "(other, typed in)" not in age["label"]
    own = by_column(cb, "Q111")
    assert own["type"] == "text" and "other_of" not in own
    assert own["name"] == "if_you_have_any_suggestions" and own["label"].startswith("If you have any suggestions")
    assert "typed-in answers to" not in block(text, "Q111")
    assert by_column(cb, "Q5")["name"] == "gender"


# -- 5. one row per respondent is no table of results ------------------------------------------------------

PROBABILITIES = {"50%": 12, "60%": 14, "70%": 10, "80%": 16, "I will always choose an inflation-protected bond.": 8}


def test_a_qualtrics_export_of_probabilities_asked_is_no_table_of_results(tmp_path, caplog):
    low, high = spread(PROBABILITIES), spread(PROBABILITIES)[::-1]
    export = qualtrics(tmp_path / "inflation.csv", [
        ("Q5.6", "If the probability of inflation being low is greater than the following percentage, I would "
                 "choose an inflation-protected bond", low),
        ("Q5.7", "If the probability of inflation being high is greater than the following percentage, I would "
                 "choose a nominal bond", high),
    ])
    with caplog.at_level(logging.WARNING, logger="surveykit.scaffold"):
        cb, text = draft(tmp_path, export)
    head = text.split("\nscales:")[0]
    assert "table of results" not in head
    assert not any("table of results" in r.getMessage() for r in caplog.records)
    assert by_column(cb, "Q5.6")["type"] in ("single", "likert")
    assert {"50%", "60%", "70%", "80%"} <= set(levels(cb, by_column(cb, "Q5.6")))


def test_many_rows_of_chosen_percentages_without_an_id_are_no_table_of_results(tmp_path):
    frame = pd.DataFrame({"Share of time reading": spread({"0%": 10, "25%": 20, "50%": 20, "75%": 10}),
                          "Share of time online": spread({"0%": 5, "25%": 25, "50%": 20, "100%": 10})})
    assert results_table_hint(frame) is None
    assert results_table_hint(frame.head(8)) is not None   # eight rows of percentages: still a table
