"""Layouts met in real exports nobody here had seen (issue 16's hidden check), written here the
way the tool writes them: `init` + `codebook draft` + `validate` + `build` with no edit, and
every processed count and published share equal to the count taken directly from the raw file."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit import cli
from tests.test_draft_valid_ranges import seen
from tests.test_scaffold_layouts import (
    codebook,
    levels,
    report_table,
    responses,
    rows_of,
    run_study,
    variable,
)


def _write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------------ SurveyMonkey
AGES = ["10 or younger", *map(str, range(11, 21)), "21 or older"]


def surveymonkey_numbers_as_answers(folder: Path, n: int = 300, seed: int = 11) -> Path:
    """SurveyMonkey, one header row per question + "Response" row: a single choice whose answers
    are numbers between two worded ends ("10 or younger", "11" ... "20", "21 or older")."""
    rng = np.random.default_rng(seed)
    top = ["RespondentID", "What's the age cutoff at your kids' table?", "Gender"]
    sub = ["", "Response", "Response"]
    rows = [top, sub]
    for i in range(n):
        rows.append([str(4337954960 + i), "" if i % 17 == 0 else str(rng.choice(AGES)),
                     str(rng.choice(["Female", "Male"]))])
    return _write_csv(folder / "kids-table.csv", rows)


def test_answer_that_is_one_level_label_and_another_level_code_counts_as_its_label(tmp_path):
    # the draft codes "10 or younger" 1, "11" 2, ... "21 or older" 12: the answer "12" is the label
    # of code 3 and the code of "21 or older"; it was counted as "21 or older" (82 answers moved)
    export = surveymonkey_numbers_as_answers(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    body = rows_of(export)[2:]
    var = variable(cb, rows_of(export)[0][1])
    assert levels(cb, var) == AGES
    raw = Counter(r[1] for r in body if r[1])
    assert Counter(responses(study)[var["name"]].dropna().astype(str)) == raw
    table = report_table(study, "answers").query("variable == @var['name']").set_index("level")
    for label, count in raw.items():
        assert table.loc[label, "estimate"] == pytest.approx(count / sum(raw.values()))


# ------------------------------------------------------------------------------------------ Google Forms
USE_PY = ["Daily -- Once or more per day", "Weekly -- Between once a day and once a week",
          "Monthly -- between once a week and once a month", "Occasionally -- less than once a month"]
TIDY = ["Never", "Rarely", "Occasionally", "Usually"]
NIGHTS = ["Never", "Once a year or less", "Once a month or less", "A few times per month", "A few times per week",
          "Every night"]
USE_R = ["Less than once a month", "Between once a week and once a month", "Between once a day and once a week",
         "More than once a day"]
COMFORT = ["Not at all comfortable", "Not so comfortable", "Somewhat comfortably", "Very comfortable",
           "Extremely comfortable"]


def googleforms_frequency_scales(folder: Path, n: int = 240, seed: int = 12) -> Path:
    """A Google Forms CSV (Timestamp first, one column per question) whose frequency answers carry
    explanations ("Weekly -- between ..."), say "between ... and ...", "Every night", and sit next to
    an answer that steps out of the scale ("I don't use Python"); and a comfort scale with a typo."""
    rng = np.random.default_rng(seed)
    head = ["Timestamp", "Do you currently use Python?", "Do you use tidyverse packages?",
            "How often do you sleep in separate beds?", "How often do you use R today?",
            "How comfortable do you feel praying in public?"]
    rows = [head]
    for i in range(n):
        rows.append([f"2019/12/{1 + i % 28:02d} {1 + i % 11}:0{i % 10}:00 PM GMT+1",
                     str(rng.choice([*USE_PY, "I don't use Python"])),
                     str(rng.choice([*TIDY, "I don't know what tidyverse is"])),
                     str(rng.choice(NIGHTS)), str(rng.choice([*USE_R, "I don't use R any more"])),
                     str(rng.choice([*COMFORT, "I don't do this"]))])
    return _write_csv(folder / "R Community Survey Responses.csv", rows)


def test_frequency_scales_with_explanations_and_opt_outs_are_ordered(tmp_path):
    # all five were drafted as unordered, alphabetical single choices with no REVIEW note
    export = googleforms_frequency_scales(tmp_path)
    with warnings.catch_warnings():  # answer levels of 30-50 characters: the legend fits the figure
        warnings.filterwarnings("error", message="constrained_layout not applied")
        study = run_study(tmp_path, export)
    cb = codebook(study)
    rows = rows_of(export)
    head, body = rows[0], rows[1:]
    data = responses(study)
    for col, expected, out in ((1, USE_PY[::-1], "I don't use Python"), (2, TIDY, "I don't know what tidyverse is"),
                               (3, NIGHTS, None), (4, USE_R, "I don't use R any more")):
        var = variable(cb, head[col])
        scale = cb["scales"][var["scale"]]
        assert levels(cb, var) == expected and scale.get("ordered", True) is True
        assert [lv["label"] for lv in scale.get("nonsubstantive", [])] == ([out] if out else [])
        raw = Counter(r[col] for r in body)
        assert Counter(data[var["name"]].dropna().astype(str)) == {k: c for k, c in raw.items() if k != out}
        if out:
            assert int(data[f"{var['name']}__dk"].sum()) == raw[out]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "\"I don't use Python\" is not an answer on this scale" in text
    # one wording off ("comfortably"): not ordered, but never silently: flagged for review
    comfort = variable(cb, head[5])
    assert cb["scales"][comfort["scale"]]["ordered"] is False
    block = text.split(f"  {comfort['scale']}:", 1)[1].split("levels:", 1)[0]
    assert "REVIEW: these answers look like an ordinal scale" in block


@pytest.mark.parametrize(("answers", "expected", "apart"), [
    (["Intermediate", "None", "Expert", "Beginner"], ["None", "Beginner", "Intermediate", "Expert"], []),
    (["Advanced", "Novice", "Expert", "Intermediate"], ["Novice", "Intermediate", "Advanced", "Expert"], []),
    (["Years", "Days", "I don't feel proficient in R yet.", "Weeks", "Months"], ["Days", "Weeks", "Months", "Years"],
     ["I don't feel proficient in R yet."]),
    (["Some", "A lot", "Not at all", "Not much"], ["Not at all", "Not much", "Some", "A lot"], []),
])
def test_proficiency_duration_and_amount_answers_are_ordered(answers, expected, apart):
    # Google Forms and SurveyMonkey surveys: drafted as unordered alphabetical single choices, no note
    from surveykit.scaffold.scales import from_text

    scale = from_text(pd.Series(answers * 3))
    assert scale.ordered and [lv.labels[0] for lv in scale.levels] == expected
    assert [lv.labels[0] for lv in scale.nonsub] == apart


@pytest.mark.parametrize("answers", [
    ["Never", "Rarely", "Some of the time", "Most of the time", "Always"],
    ["None of the time", "A little of the time", "Some of the time", "Most of the time", "All of the time"],
])
def test_how_much_of_the_time_answers_are_ordered(answers):
    # a Qualtrics choice-text export (attention question "Some of the time"): unordered, alphabetical
    from surveykit.scaffold.scales import from_text

    scale = from_text(pd.Series(sorted(answers) * 2))
    assert scale.ordered and [lv.labels[0] for lv in scale.levels] == answers


# ------------------------------------------------------------------------------------------ dates and 0-10 scales
NPS = ["0 - Not at all likely", *map(str, range(1, 10)), "10 - Extremely likely"]


def export_with_typed_dates_and_labelled_0_10(folder: Path, n: int = 260, seed: int = 13) -> Path:
    """A CSV whose date question holds dates typed as SPSS writes them ("23-OCT-2016"), and a
    0-10 recommendation question whose ends only are labelled (the cells hold "0 - Not at all
    likely", "1" ... "9", "10 - Extremely likely")."""
    rng = np.random.default_rng(seed)
    months = ["AUG", "SEP", "OCT", "NOV"]
    rows = [["Respondent", "Q1. Please enter today's date (mm/dd/yy)", "How likely are you to recommend us?"]]
    for i in range(n):
        rows.append([str(1000 + i), f"{rng.integers(1, 29):02d}-{rng.choice(months)}-2016", str(rng.choice(NPS))])
    return _write_csv(folder / "store-survey.csv", rows)


def test_typed_dates_are_dates_and_a_0_10_scale_with_labelled_ends_is_a_scale(tmp_path):
    # the dates were one 31-level likert scale whose levels merged different days ("01-AUG-2016" and
    # "01-NOV-2016": a leading code 1), and build crashed drawing it; the 0-10 question was numbers
    # 1-9 with both labelled ends declared missing
    export = export_with_typed_dates_and_labelled_0_10(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    head, body = rows_of(export)[0], rows_of(export)[1:]
    assert variable(cb, head[1])["type"] == "date"
    dates = responses(study)[variable(cb, head[1])["name"]]
    assert dates.dt.strftime("%d-%b-%Y").str.upper().tolist() == [r[1] for r in body]
    nps = variable(cb, head[2])
    assert nps["type"] == "likert" and levels(cb, nps) == NPS
    raw = Counter(r[2] for r in body)
    assert Counter(responses(study)[nps["name"]].dropna().astype(str)) == raw
    table = report_table(study, f"likert_{nps['scale']}").set_index("level")
    for label, count in raw.items():
        assert table.loc[label, "estimate"] == pytest.approx(count / len(body))


# ------------------------------------------------------------------------------------------ Qualtrics legacy
LIKE = ["Dislike", "Neither like nor dislike", "Like"]


def qualtrics_legacy_numeric_with_html_choices(folder: Path, n: int = 90, seed: int = 14) -> tuple[Path, Path]:
    """A legacy Qualtrics export (numeric codes; third row "{'ImportId': 'QID1'}") and its .qsf,
    whose choice texts carry the editor's HTML ("<span style=...>Neither</span> like nor <em>dislike</em>")."""
    rng = np.random.default_rng(seed)
    tags = ["ResponseID", "ResponseSet", "StartDate", "EndDate", "Finished", "Q1", "Q2"]
    texts = ["ResponseID", "ResponseSet", "StartDate", "EndDate", "Finished", "How do you like oranges?",
             "Which fruit do you prefer?"]
    ids = [str({"ImportId": t}) for t in ["responseId", "responseSetId", "startDate", "endDate", "finished",
                                           "QID1", "QID2"]]
    rows = [tags, texts, ids]
    for i in range(n):
        rows.append([f"R_{i:05d}", "Default Response Set", f"2016-05-13 12:{i % 60:02d}:41",
                     f"2016-05-13 12:{i % 60:02d}:59", "1", str(rng.integers(1, 4)), str(rng.integers(1, 4))])
    export = _write_csv(folder / "Sample_Survey.csv", rows)
    like = {"1": {"Display": "<strong>Dislike</strong>"},
            "2": {"Display": '<span style="font-size:22px;">Neither</span> like nor <em>dislike</em>'},
            "3": {"Display": "Like"}}
    fruit = {"1": {"Display": "<em>Strawberries</em>"}, "2": {"Display": "Oranges"}, "3": {"Display": "Blueberries"}}
    survey = {"SurveyEntry": {"SurveyName": "Sample"}, "SurveyElements": [
        {"Element": "SQ", "Payload": {"QuestionID": "QID1", "DataExportTag": "Q1", "QuestionType": "MC",
                                      "Selector": "SAVR", "Choices": like}},
        {"Element": "SQ", "Payload": {"QuestionID": "QID2", "DataExportTag": "Q2", "QuestionType": "MC",
                                      "Selector": "SAVR", "Choices": fruit}}]}
    qsf = folder / "Sample_Survey.qsf"
    qsf.write_text(json.dumps(survey), encoding="utf-8")
    return export, qsf


def test_qualtrics_choice_texts_from_the_survey_definition_lose_their_html(tmp_path):
    # the levels were "<strong>Dislike</strong>", "<span style=...>Neither</span> like nor <em>dislike</em>"
    # (in every table and figure, and the scale not recognised)
    export, qsf = qualtrics_legacy_numeric_with_html_choices(tmp_path)
    study = run_study(tmp_path, export, extra=(qsf,))
    cb = codebook(study)
    body = rows_of(export)[3:]
    like, fruit = variable(cb, "Q1"), variable(cb, "Q2")
    assert levels(cb, like) == LIKE and levels(cb, fruit) == ["Strawberries", "Oranges", "Blueberries"]
    data = responses(study)
    for var, col, texts in ((like, 5, LIKE), (fruit, 6, ["Strawberries", "Oranges", "Blueberries"])):
        raw = Counter(texts[int(r[col]) - 1] for r in body)
        assert Counter(data[var["name"]].dropna().astype(str)) == raw


# ------------------------------------------------------------------------------------------ coded option columns
HOW = ["Read their body language", "Ask for a verbal confirmation of consent", "Every situation is different"]


def coded_option_columns(folder: Path, n: int = 200, seed: int = 15) -> Path:
    """A SurveyMonkey export as published with coded headers (q0020_0001, q0020_0002, ...): each
    option's column holds the option's text or "Not selected"."""
    rng = np.random.default_rng(seed)
    rows = [["", "StartDate", "EndDate", "q0001", "q0020_0001", "q0020_0002", "q0020_0003"]]
    for i in range(n):
        picks = [o if rng.random() < 0.4 else "Not selected" for o in HOW]
        rows.append([str(i + 1), f"5/10/18 {4 + i % 8}:01", f"5/10/18 {4 + i % 8}:06",
                     str(rng.choice(["Somewhat masculine", "Very masculine", "Not very masculine"])), *picks])
    return _write_csv(folder / "raw-responses.csv", rows)


def test_option_columns_under_coded_headers_are_one_multi_select(tmp_path):
    # each option column was drafted as its own two-level single choice ("Not selected" / the option)
    export = coded_option_columns(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    body = rows_of(export)[1:]
    multi = variable(cb, "q0020_0001")
    assert multi["type"] == "multi" and list(multi["options"].values()) == HOW
    data = responses(study)
    for i, option in enumerate(HOW):
        key = next(k for k, v in multi["options"].items() if v == option)
        assert int(data[f"{multi['name']}__{key}"].sum()) == sum(r[4 + i] == option for r in body)


# ------------------------------------------------------------------------------------------ shared intros
def google_forms_questions_sharing_an_intro(folder: Path, n: int = 120, seed: int = 21) -> Path:
    """Google Forms' own download (Timestamp first, written 2023/01/10 10:00:00 AM GMT+1; the
    question texts as headers): questions that open with
    the same sentence, and two that differ only after 90 characters (as the 2019 Spanish R
    Community Survey asks 'how hard do you expect R to be' and 'how hard was R', compared with
    other technical subjects), and one question asked twice (the header gets '.1' on reading)."""
    rng = np.random.default_rng(seed)
    intro = "Think of the last time you visited the library or the service centre."
    long_stem = ("Compared with other technical subjects you learnt at school or at work, on a scale "
                 "from 1 to 5, ")
    header = ["Timestamp", f"{intro} Were the staff helpful?", f"{intro} Were the opening hours right?",
              long_stem + "how hard do you expect learning R to be?", long_stem + "how hard was learning R?",
              "Which option best describes why you learnt R?", "Which option best describes why you learnt R?"]
    rows = [header]
    for i in range(n):
        rows.append([f"2023/01/{10 + i % 20} 10:{i % 60:02d}:00 AM GMT+1",
                     *(str(rng.choice(["Yes", "No"])) for _ in range(2)),
                     *(str(rng.integers(1, 6)) for _ in range(2)),
                     *(str(rng.choice(["Work", "Study", "Fun"])) for _ in range(2))])
    return _write_csv(folder / "Form responses 1.csv", rows)


def test_questions_sharing_an_intro_get_labels_that_tell_them_apart(tmp_path):
    # they were all labelled by their first sentence (or first 90 characters): two figures and
    # two table rows titled alike for different questions
    export = google_forms_questions_sharing_an_intro(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    header = rows_of(export)[0]
    label = {c: variable(cb, c)["label"] for c in header[1:6]}
    assert label[header[1]] == "Were the staff helpful?"
    assert label[header[2]] == "Were the opening hours right?"
    assert label[header[3]] == header[3] and label[header[4]] == header[4]  # whole: they differ at the end
    assert len({v["label"] for v in cb["variables"] if v["sources"]["1"].get("column") in header[1:5]}) == 4
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    # the question asked twice keeps its text with its number among them (a report refuses items of one
    # entry sharing a label), and both copies say why
    assert text.count("REVIEW: the question text is the same as that of the question(s) in column(s)") == 2
    assert text.count("so the draft added its number among them to the label") == 2
    sheet = pd.read_excel(study / "reports" / "tables.xlsx", sheet_name="answers")
    # "Which option best describes ..." answered Work/Study/Fun is a single choice (its word "describes" no
    # longer makes it free text: tests/test_scaffold_identifiers_real.py)
    assert set(sheet["Question"]) == {"Were the staff helpful?", "Were the opening hours right?", f"{header[5]} (1)",
                                      f"{header[6]} (2)"}
    means = pd.read_excel(study / "reports" / "tables.xlsx", sheet_name="numbers")
    assert set(means["Question"]) == {header[3], header[4]}
    # Google Forms' own time stamps (2023/01/10 10:00:00 AM GMT+1) are dates: the wave is 2023
    assert variable(cb, "Timestamp")["type"] == "date"
    assert set(sheet["Wave"].astype(str)) == {"2023"}


# ------------------------------------------------------------------------------------------ thousands commas
def surveymonkey_amounts_with_thousands_commas(folder: Path, n: int = 90, seed: int = 23) -> Path:
    """SurveyMonkey, English locale: amounts typed with a thousands comma ("1,500", "45,000"),
    beside a question whose answers have a decimal point ("7.5") and one with no decimals."""
    rng = np.random.default_rng(seed)
    rows = [["RespondentID", "How much did you spend on books last year (NOK)?", "Hours a week reading",
             "How many books do you own?"], ["", "Open-Ended Response", "Open-Ended Response", "Open-Ended Response"]]
    for i in range(n):
        rows.append([str(1000 + i), str(rng.choice(["1,500", "2,300", "12,000", "800", "45,000", "950"])),
                     str(rng.choice(["7.5", "2", "10.25", "3"])), str(rng.choice(["1,200", "350", "2,500.5", "90"]))])
    return _write_csv(folder / "amounts.csv", rows)


def test_a_thousands_comma_is_asked_about_not_read_as_a_decimal(tmp_path):
    # "45,000" was read as 45.0: every amount a thousand times too small, within its drafted range
    export = surveymonkey_amounts_with_thousands_commas(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    header = rows_of(export)[0]
    spend, hours, books = (variable(cb, c) for c in header[1:4])
    assert spend["type"] == "text"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "make it `type: numeric` with `decimal: point` (1,500 = 1500) or `decimal: comma` (1.500 = 1500)" in text
    assert hours["type"] == "numeric" and seen(text, header[2]) == [2, 10.25]
    assert books["type"] == "numeric" and seen(text, header[3]) == [90, 2500.5]  # "2,500.5": the comma groups thousands
    path = study / "config" / "codebook.yaml"
    path.write_text(text.replace(f'  - name: {spend["name"]}\n    type: text\n',
                                 f'  - name: {spend["name"]}\n    type: numeric\n    decimal: point\n', 1),
                    encoding="utf-8")
    from surveykit import cli

    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    data = responses(study)
    raw = [float(r[1].replace(",", "")) for r in rows_of(export)[2:]]
    assert data[spend["name"]].astype(float).tolist() == raw
    assert data[books["name"]].astype(float).max() == 2500.5


def test_a_minus_sign_and_no_break_spaces_are_read_as_excel_writes_them(tmp_path):
    # "−3" (U+2212, as Excel and Word write a minus in Nordic locales) was declared `missing`
    # and became NaN; "1 500" with a narrow no-break space (U+202F) was not a number either
    values = ["\u22123", "-4", "5", "6", "1\u202f500", "7", "8", "\u221210", "2", "12"]
    rows = [["Respondent", "Endring i antall besøk", "Kjønn"]]
    rows += [[f"R{i}", values[i % 10], ["Kvinne", "Mann"][i % 2]] for i in range(30)]
    export = _write_csv(tmp_path / "svar.csv", rows)
    study = run_study(tmp_path, export, build=False)
    change = variable(codebook(study), "Endring i antall besøk")
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert change["type"] == "numeric" and seen(text, "Endring i antall besøk") == [-10, 1500]
    assert not change.get("missing")
    from surveykit import cli

    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    expected = [-3.0, -4.0, 5.0, 6.0, 1500.0, 7.0, 8.0, -10.0, 2.0, 12.0] * 3
    assert responses(study)[change["name"]].astype(float).tolist() == expected


def test_digits_with_leading_zeros_are_codes_not_numbers(tmp_path):
    # "0150" became 150.0 in a numeric variable (and "0001" 1.0) without a note
    posts = ["0150", "0001", "1811", "3050", "0580", "1850", "0010", "3015"]
    rows = [["Respondent", "Hva er postnummeret ditt?", "Antall besøk"]]
    rows += [[f"R{i}", posts[i % 8], str(i % 7)] for i in range(40)]
    export = _write_csv(tmp_path / "svar.csv", rows)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    post, visits = variable(cb, "Hva er postnummeret ditt?"), variable(cb, "Antall besøk")
    assert post["type"] in ("single", "text") and visits["type"] == "numeric"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "digits with leading zeros (e.g. '0001', '0010', '0150')" in text
    from surveykit import cli

    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    from surveykit.processed import read_responses

    data = read_responses(study / "data" / "processed" / "responses.parquet", language="nb")
    assert data[post["name"]].astype(str).tolist() == [r[1] for r in rows[1:]]


def test_a_row_index_written_with_the_data_is_left_out_with_a_note(tmp_path):
    # pandas' to_excel writes its index by default: an unnamed first column 0, 1, 2 ... was
    # drafted as a numeric question `column_1`
    frame = pd.DataFrame({"Respondent": [f"R{i}" for i in range(30)],
                          "Alder": [20 + i for i in range(30)],
                          "Hvor fornøyd er du?": [["Fornøyd", "Misfornøyd", "Svært fornøyd"][i % 3] for i in range(30)]})
    export = tmp_path / "svar.xlsx"
    frame.to_excel(export)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    assert "column_1" not in {s["1"]["column"] for s in (v["sources"] for v in cb["variables"])}
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: wave 1: 'column_1' has no header and numbers the rows (0, 1, 2 ...)" in text
    assert variable(cb, "Alder")["type"] == "numeric"


def test_a_row_index_from_any_start_is_left_out_in_every_wave(tmp_path):
    # a file split in two and saved by pandas (a tester's Nettskjema export): the second half's index
    # runs 304, 305 ... and was drafted as a numeric question, valid [304, 607], its mean published
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    paths = []
    for wave, start in enumerate((0, 304)):
        frame = pd.DataFrame({"Tidspunkt": [f"{2021 + wave}-03-{1 + i % 28:02d} 10:00" for i in range(30)],
                              "Alder": [20 + (i * 7) % 50 for i in range(30)],
                              "Hvor fornøyd er du?": [["Fornøyd", "Misfornøyd", "Svært fornøyd"][i % 3]
                                                      for i in range(30)]},
                             index=range(start, start + 30))
        paths.append(root / "data" / "raw" / f"svar_{2021 + wave}.tsv")
        frame.to_csv(paths[-1], sep="\t")
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(root / "config" / "codebook.yaml")]) == 0
    cb = codebook(root)
    assert "column_1" not in {s.get("column") for v in cb["variables"] for s in v["sources"].values()}
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: wave 2: 'column_1' has no header and numbers the rows (304, 305, 306 ...)" in text


def test_amounts_with_decimal_commas_are_no_multi_select(tmp_path):
    # "1,5" was split on its comma into the options "1" and "5" of a multi-select
    values = ["1 200", "1,5", "−3", "N/A", "12 345,50", "0,5", "7", "3,0", "1,25", "2,75"]
    rows = [["Respondent", "Beløp brukt (kr)"]] + [[f"R{i}", values[i % 10]] for i in range(40)]
    study = run_study(tmp_path, _write_csv(tmp_path / "svar.csv", rows), build=False)
    amount = variable(codebook(study), "Beløp brukt (kr)")
    assert amount["type"] in ("numeric", "text") and "options" not in amount
