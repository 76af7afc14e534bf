"""The draft on exports of KoboToolbox, REDCap and Typeform, written here the way each tool writes
them: a select_multiple / checkbox question is one multi-select variable whose counts are the
tool's own, a typed-in answer spelled two ways is one option, and markup in a question text is
not a label."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.scaffold.multi import joined
from tests.test_scaffold_layouts import codebook, responses, run_study, variable


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ Typeform "Other"
OTHER_ANSWERS = ["Panic Disorder", "Tourette's", "Autism Spectrum Disorder", "Depression, Anxiety, Developmental Trauma",
                 "Depression", "Panic disorder", "Depression", "Autism", "Gender Dysphoria", "Depression "]


def test_an_option_typed_in_two_spellings_is_one_option():
    """Fewer than 20 answers: every inferred option counts as common, also "Panic disorder",
    which the cleaning matches to "Panic Disorder" (was a KeyError)."""
    found = joined(pd.Series([*OTHER_ANSWERS, None, None]), "Other")
    assert found is not None and found.separator == ","
    assert [o for o in found.options if o.casefold() == "panic disorder"] == ["Panic Disorder"]
    assert {"Depression", "Anxiety", "Developmental Trauma", "Autism"} <= set(found.options)
    # named by the spelling written most
    found = joined(pd.Series(["R, SQL", "Python, Sql", "Sql, R", "Python, sql", "R, Python"] * 3), "Which do you use?")
    assert found is not None and sorted(found.options) == ["Python", "R", "Sql"] and found.other == []


def test_typeform_other_column_drafts_and_counts_both_spellings(tmp_path):
    ids = [f"{i:032x}" for i in range(40)]
    cells = OTHER_ANSWERS + [""] * 30
    export = _write_csv(tmp_path / "typeform.csv", ["#", "Other"], [[i, c] for i, c in zip(ids, cells, strict=True)])
    study = run_study(tmp_path, export, build=False)
    other = variable(codebook(study), "Other")
    assert other["type"] == "multi"
    key = next(k for k, v in other["options"].items() if v.casefold() == "panic disorder")
    assert sum(v.casefold() == "panic disorder" for v in other["options"].values()) == 1
    data = responses(study)
    assert int(data[f"{other['name']}__{key}"].sum()) == 2
    depression = next(k for k, v in other["options"].items() if v == "Depression")
    assert int(data[f"{other['name']}__{depression}"].sum()) == 4


# ------------------------------------------------------------------------------------------ KoboToolbox
MEALS = ["Solids", "Fluids (porridge, milk)", "Fruits", "Others"]
PLACES = ["Permanent Classrooms", "Under tree shade", "In an open space"]


def _kobo_answers(n: int, seed: int) -> list[dict]:
    """Per row: the meals and places chosen (None: the question was not shown), a count, a yes/no."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        hot = rng.random() < 0.8
        meals = [m for m in MEALS if rng.random() < 0.5] or [MEALS[1]] if hot else None
        places = [p for p in PLACES if rng.random() < 0.4] or [PLACES[0]]
        rows.append({"hot": "Yes" if hot else "No", "meals": meals, "places": places,
                     "children": int(rng.integers(0, 40))})
    return rows


def _marks(chosen: list[str] | None, options: list[str]) -> list[object]:
    return [None] * len(options) if chosen is None else [int(o in chosen) for o in options]


def kobo_labels_xlsx(folder: Path, n: int = 60, seed: int = 11) -> Path:
    """Kobo's xlsx export with labels: a select_multiple is its label's column of the chosen labels
    joined by spaces, then one 0/1 column "<label>/<option label>" per option."""
    import openpyxl

    meal_q, place_q = "What type of hot mid-day meal is provided?", "Where are the daily lessons held?"
    header = ["start", "end", "Number of children", place_q, *[f"{place_q}/{p}" for p in PLACES],
              "Does the centre provide hot meals?", meal_q, *[f"{meal_q}/{m}" for m in MEALS],
              "_id", "_uuid", "_submission_time", "_index"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for i, r in enumerate(_kobo_answers(n, seed)):
        stamp = f"2025-11-{10 + i % 15:02d} 09:{i % 60:02d}:00"
        ws.append([stamp, stamp, r["children"], " ".join(r["places"]), *_marks(r["places"], PLACES), r["hot"],
                   None if r["meals"] is None else " ".join(r["meals"]), *_marks(r["meals"], MEALS),
                   700000 + i, f"uuid-{i:04d}", stamp, i + 1])
    path = folder / "ecd_labels.xlsx"
    wb.save(path)
    return path


def kobo_xml_names_csv(folder: Path, n: int = 60, seed: int = 12) -> Path:
    """Kobo's CSV export (';'-separated) with xml names: "group/question" holds the chosen names
    joined by spaces, "group/question/option_name" one 0/1 column per option."""
    names = ["solids", "fluids", "fruits", "other"]
    header = ["start", "end", "feeding/children", "feeding/hot", "feeding/meal_type",
              *[f"feeding/meal_type/{x}" for x in names], "_id", "_uuid", "_index"]
    rows = []
    for i, r in enumerate(_kobo_answers(n, seed)):
        meals = None if r["meals"] is None else [names[MEALS.index(m)] for m in r["meals"]]
        stamp = f"2025-11-{10 + i % 15:02d}T09:{i % 60:02d}:00.000+03:00"
        rows.append([stamp, stamp, r["children"], r["hot"].lower(), "" if meals is None else " ".join(meals),
                     *["" if m is None else m for m in _marks(meals, names)], 800000 + i, f"uuid-{i:04d}", i + 1])
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = folder / "ecd_xml.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _check_kobo(study: Path, stem: str, options: list[str], joined_col: str, frame: pd.DataFrame) -> None:
    cb = codebook(study)
    multi = variable(cb, f"{stem}/{options[0]}")
    assert multi["type"] == "multi" and list(multi["options"].values()) == options
    assert multi["label"] == stem
    # the joined column is the same question: no variable of its own, named in the header
    assert not any(v["sources"]["1"].get("column") == joined_col for v in cb["variables"])
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert f"# wave 1: left out {joined_col!r}: the options chosen, joined by spaces" in text
    assert "it holds the same answers" in text
    pieces = {"Fluids (porridge", "milk)", "milk) Solids"}  # a label cut at its comma or joined to the next
    assert not pieces & {o for v in cb["variables"] for o in (v.get("options") or {}).values()}
    data = responses(study)
    for key, label in multi["options"].items():
        column = frame[f"{stem}/{label}"]
        assert int(data[f"{multi['name']}__{key}"].sum()) == int((column == 1).sum())
        assert int(data[f"{multi['name']}__{key}"].notna().sum()) == int(column.notna().sum())


def test_kobo_select_multiple_labels_export_is_one_multi_select(tmp_path):
    export = kobo_labels_xlsx(tmp_path)
    study = run_study(tmp_path, export, build=False)
    frame = pd.read_excel(export)
    meal_q = "What type of hot mid-day meal is provided?"
    _check_kobo(study, meal_q, MEALS, meal_q, frame)
    place_q = "Where are the daily lessons held?"
    _check_kobo(study, place_q, PLACES, place_q, frame)
    cb = codebook(study)
    assert variable(cb, "Number of children")["type"] == "numeric"
    assert sum(v["type"] == "multi" for v in cb["variables"]) == 2


def test_kobo_select_multiple_xml_names_export(tmp_path):
    export = kobo_xml_names_csv(tmp_path)
    study = run_study(tmp_path, export, build=False)
    frame = pd.read_csv(export, sep=";")
    _check_kobo(study, "feeding/meal_type", ["solids", "fluids", "fruits", "other"], "feeding/meal_type", frame)
    assert variable(codebook(study), "feeding/children")["type"] == "numeric"


# ------------------------------------------------------------------------------------------ REDCap
def redcap_raw_csv(folder: Path, n: int = 50, seed: int = 13) -> Path:
    """REDCap's "raw" CSV: a checkbox field is one 0/1 column "field___code" per choice (0 also when
    the field was not shown); record_id, survey timestamp and the form's _complete status."""
    rng = np.random.default_rng(seed)
    header = ["record_id", "redcap_survey_identifier", "survey_timestamp", "has_diabetes", "symptoms___1",
              "symptoms___2", "symptoms___3", "symptoms___99", "transport___a", "transport___b", "survey_complete"]
    rows = []
    for i in range(n):
        marks = [int(rng.random() < p) for p in (0.5, 0.3, 0.2, 0.05)]
        rows.append([i + 1, "", f"2024-05-{1 + i % 28:02d} 10:00:00", int(rng.random() < 0.2), *marks,
                     int(rng.random() < 0.6), int(rng.random() < 0.5), 2])
    return _write_csv(folder / "redcap_raw.csv", header, rows)


def redcap_labels_csv(folder: Path, n: int = 50, seed: int = 14) -> Path:
    """REDCap's "labels" CSV: headers are the field labels, a checkbox "Label (choice=Choice)" per
    choice holding "Checked"/"Unchecked"."""
    rng = np.random.default_rng(seed)
    choices = ["Headache", "Fever, chills", "Cough"]
    header = ["Record ID", "Survey Timestamp", *[f"Which symptoms did you have? (choice={c})" for c in choices],
              "Complete?"]
    rows = [[i + 1, f"2024-05-{1 + i % 28:02d} 10:00:00",
             *["Checked" if rng.random() < p else "Unchecked" for p in (0.5, 0.3, 0.2)], "Complete"]
            for i in range(n)]
    return _write_csv(folder / "redcap_labels.csv", header, rows)


def _drafted(tmp_path: Path, export: Path, column: str) -> tuple[Path, dict, pd.DataFrame, dict]:
    """The validated study, its codebook, the export as a frame and the variable of ``column``."""
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    return study, cb, pd.read_csv(export), variable(cb, column)


def test_redcap_checkboxes_raw_export_are_one_multi_select_per_field(tmp_path):
    study, cb, frame, symptoms = _drafted(tmp_path, redcap_raw_csv(tmp_path), "symptoms___1")
    assert symptoms["type"] == "multi" and list(symptoms["options"].values()) == ["1", "2", "3", "99"]
    assert list(symptoms["sources"]["1"]["columns"].values()) == [f"symptoms___{c}" for c in (1, 2, 3, 99)]
    transport = variable(cb, "transport___a")
    assert transport["type"] == "multi" and list(transport["options"].values()) == ["a", "b"]
    assert transport["name"] != symptoms["name"]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "their labels are in the REDCap data dictionary (field 'symptoms'" in text
    data = responses(study)
    for key, code in symptoms["options"].items():
        assert int(data[f"{symptoms['name']}__{key}"].sum()) == int(frame[f"symptoms___{code}"].sum())
        assert int(data[f"{symptoms['name']}__{key}"].notna().sum()) == len(frame)  # 0 written: none chosen


def test_redcap_checkboxes_labels_export(tmp_path):
    study, _, frame, multi = _drafted(tmp_path, redcap_labels_csv(tmp_path),
                                      "Which symptoms did you have? (choice=Headache)")
    assert multi["type"] == "multi" and multi["label"] == "Which symptoms did you have?"
    assert list(multi["options"].values()) == ["Headache", "Fever, chills", "Cough"]
    data = responses(study)
    for key, label in multi["options"].items():
        column = frame[f"Which symptoms did you have? (choice={label})"]
        assert int(data[f"{multi['name']}__{key}"].sum()) == int((column == "Checked").sum())


# ------------------------------------------------------------------------------------------ Typeform
DISORDERS = ["Anxiety Disorder (Generalized, Social, Phobia, etc)", "Mood Disorder (Depression, Bipolar Disorder, etc)",
             "Eating Disorder (Anorexia, Bulimia, etc)"]
INTERFERES = "How often does it interfere with your work <strong>when <em>NOT</em> being treated?</strong>"


def typeform_csv(folder: Path, n: int = 80, seed: int = 15) -> Path:
    """Typeform's CSV: "#" (the response token), question texts with their markup (<strong>,
    Markdown *emphasis*), a checkbox question as one column per option headed by the option's
    text and holding it or nothing, then "Other" with the typed-in text (the question's own text
    is not in the export; a second checkbox question with the same options repeats the headers),
    and the start/submit dates and network id."""
    rng = np.random.default_rng(seed)
    header = ["#", "<strong>Are you self-employed?</strong>", "Do you *currently* have a mental health disorder?",
              "What country do you <strong>live</strong> in?", INTERFERES, "Have you ever been diagnosed?",
              *DISORDERS, "Other", *DISORDERS, "Other", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    rows = []
    for i in range(n):
        diagnosed = rng.random() < 0.5
        first = [d if diagnosed and rng.random() < 0.5 else "" for d in DISORDERS]
        second = [d if not diagnosed and rng.random() < 0.4 else "" for d in DISORDERS]
        typed = ["Panic attacks", "ADHD", "Burnout"][i % 3] if rng.random() < 0.1 else ""
        rows.append([f"{i:032x}", int(rng.random() < 0.3), rng.choice(["Yes", "No", "Maybe"]),
                     rng.choice(["Norway", "Canada", "Kenya"]), rng.choice(["Never", "Rarely", "Sometimes", "Often"]),
                     "Yes" if diagnosed else "No",
                     *first, typed if diagnosed else "", *second, "", f"5/{1 + i % 28}/2018 12:{i % 60:02d}",
                     f"5/{1 + i % 28}/2018 12:{i % 60:02d}", f"{i:010x}"])
    return _write_csv(folder / "typeform.csv", header, rows)


def test_typeform_markup_and_checkbox_columns(tmp_path):
    export = typeform_csv(tmp_path)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    records = list(csv.reader(io.StringIO(export.read_text(encoding="utf-8"))))
    body = records[1:]
    # (a) markup is no label and no name; the source column is the export's header
    employed = variable(cb, "<strong>Are you self-employed?</strong>")
    assert employed["label"] == "Are you self-employed?" and employed["name"] == "are_you_self_employed"
    assert variable(cb, "What country do you <strong>live</strong> in?")["label"] == "What country do you live in?"
    assert variable(cb, "Do you *currently* have a mental health disorder?")["label"] == \
        "Do you currently have a mental health disorder?"
    assert not any("<strong>" in v["label"] or "*" in v["label"] or v["name"].startswith("strong")
                   for v in cb["variables"])
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: wave 1: the question text of 4 column(s) holds markup" in text
    often = variable(cb, INTERFERES)
    assert often["type"] == "likert" and often["label"] == "How often does it interfere with your work when NOT being treated?"
    page = (study / "reports" / "index.html").read_text(encoding="utf-8")  # the likert figure's table
    assert "&lt;strong&gt;" not in page and "&lt;em&gt;" not in page and often["label"] in page
    # (b) the option columns are one checkbox question each, the "Other" box its typed-in answers
    multis = [v for v in cb["variables"] if v["type"] == "multi"]
    assert len(multis) == 2
    data = responses(study)
    for k, multi in enumerate(multis):
        assert list(multi["options"].values()) == [*DISORDERS, "Other"]
        assert "one checkbox question" in text
        for j, (key, label) in enumerate(multi["options"].items()):
            column = 6 + 4 * k + j
            assert records[0][column] == label
            assert int(data[f"{multi['name']}__{key}"].sum()) == sum(bool(r[column]) for r in body)
    typed = [v for v in cb["variables"] if v["type"] == "text" and "(other, typed in)" in v["label"]]
    assert len(typed) == 1 and typed[0]["name"].endswith("_other")


def test_kobo_separate_columns_only_export(tmp_path):
    """Exported with "select_multiple as separate columns" only: the 0/1 group is still one
    question (with a REVIEW note: no joined column confirms it); counts of 0 under
    "Caregivers/Qualified - Male" and "- Female" are numbers, not options nobody chose."""
    rng = np.random.default_rng(16)
    header = ["start", "_uuid", "meals/solids", "meals/fluids", "meals/fruits", "Caregivers/Qualified - Male",
              "Caregivers/Qualified - Female"]
    rows = []
    for i in range(40):
        shown = rng.random() < 0.9
        marks = [int(rng.random() < 0.5) if shown else "" for _ in range(3)]
        rows.append([f"2025-11-{1 + i % 28:02d} 09:00:00", f"uuid-{i:04d}", *marks, 0, 0])
    study, _, frame, multi = _drafted(tmp_path, _write_csv(tmp_path / "kobo.csv", header, rows), "meals/solids")
    assert multi["type"] == "multi" and list(multi["options"].values()) == ["solids", "fluids", "fruits"]
    assert list(multi["sources"]["1"]["columns"].values()) == ["meals/solids", "meals/fluids", "meals/fruits"]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "read as one multi-select question: 3 columns of 0/1 headed 'meals/<option>'" in text
    assert "headed 'Caregivers/<option>'" not in text  # no 1 anywhere: not taken as Kobo's options
    data = responses(study)
    for key, option in multi["options"].items():
        assert int(data[f"{multi['name']}__{key}"].sum()) == int((frame[f"meals/{option}"] == 1).sum())


def test_a_longitudinal_export_with_one_row_per_event_is_named(tmp_path):
    # REDCap's longitudinal export: one row per record and event; the repeating study_id was
    # drafted as a question and the 18 rows as 18 respondents without a word
    events = ["enrollment_arm_1", "dose_1_arm_1", "visit_1_arm_1"]
    rows = [[str(100 + r), e, str(30 + r) if e == events[0] else "", str((r + k) % 5 + 1)]
            for r in range(6) for k, e in enumerate(events)]
    export = _write_csv(tmp_path / "data.csv", ["study_id", "redcap_event_name", "age", "satisfaction"], rows)
    study = run_study(tmp_path, export, build=False)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("'study_id' looks like the respondent id but repeats (6 distinct over 18 rows; '100' ×3): the "
            "export may hold one row per respondent and event or visit") in text
    assert variable(codebook(study), "study_id")["type"] == "id"
    unique = _write_csv(tmp_path / "once.csv", ["record_id", "age"], [[str(i), str(20 + i)] for i in range(20)])
    once = run_study(tmp_path / "once", unique, build=False)
    assert variable(codebook(once), "record_id")["type"] == "id"  # REDCap's record_id is the id
    assert "repeats" not in (once / "config" / "codebook.yaml").read_text(encoding="utf-8")


def test_a_netigate_export_keeps_ids_comments_and_the_other_box_apart(tmp_path):
    # Netigate (.xlsx): "Svars-ID" was drafted as a number whose mean was published; repeated
    # comments holding a phone number became answer labels of a single choice (published in
    # clear); the typed "Annat (fritext)" box became a second "Annat" option (counted twice)
    import openpyxl

    q = "Vilka tjänster har du använt?"
    options = ["Låna böcker", "Datorer och wifi", "Studieplatser", "Annat"]
    comments = ["Bra bibliotek!", "Ring mig gärna på 070-123 45 67 om ni vill veta mer.", "Mer öppet på helger.",
                "Inget att tillägga", "Anna Svensson här, tack för allt. Hälsningar Anna Svensson"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Svars-ID", "Kön", *[f"{q} - {o}" for o in options], f"{q} - Annat (fritext)", "Övriga synpunkter"])
    rng = np.random.default_rng(3)
    for i in range(60):
        ticks = ["1" if rng.random() < 0.5 else None for _ in options]
        typed = ["Läxhjälp", "Språkcafé", "Skrivare"][i % 3] if ticks[-1] else None
        ws.append([884001 + i, ["Kvinna", "Man"][i % 2], *ticks, typed, comments[i % 5]])
    wb.save(tmp_path / "netigate.xlsx")
    study = run_study(tmp_path, tmp_path / "netigate.xlsx", build=False)
    cb = codebook(study)
    assert variable(cb, "Svars-ID")["type"] == "id"
    assert variable(cb, "Övriga synpunkter")["type"] == "text"
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "070-123" not in text and "Anna Svensson" not in text  # no answer label holds them
    assert "answer(s) hold a phone number, e-mail address, id number or name" in text
    multi = next(v for v in cb["variables"] if v["type"] == "multi")
    assert list(multi["sources"]["1"]["columns"].values()) == [f"{q} - {o}" for o in options]
    assert variable(cb, f"{q} - Annat (fritext)")["type"] == "text"  # the typed-in answers, apart


def test_a_status_column_of_one_wave_screens_that_wave(tmp_path):
    # wave 1 (Esmaker) has no status column, wave 2 (Netigate) marks unfinished answers: the
    # complete rule was switched off for both, so wave 2's unfinished answers were kept
    import openpyxl

    from surveykit import cli

    paths = []
    for wave, status in (("2022", False), ("2024", True)):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Respondent", *(["Status"] if status else []), "Kön", "Hur nöjd är du med biblioteket?"])
        for i in range(40):
            done = ["Slutförd"] if not status else ["Ej slutförd" if i % 8 == 0 else "Slutförd"]
            ws.append([f"{wave}-{i}", *(done if status else []), ["Kvinna", "Man"][i % 2],
                       ["Mycket nöjd", "Ganska nöjd", "Ganska missnöjd"][i % 3]])
        wb.save(tmp_path / f"svar_{wave}.xlsx")
        paths.append(tmp_path / f"svar_{wave}.xlsx")
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    for path in paths:
        (study / "data" / "raw" / path.name).write_bytes(path.read_bytes())
    assert cli.main(["-q", "codebook", "draft", *(str(study / "data" / "raw" / p.name) for p in paths),
                     "-o", str(study / "config" / "codebook.yaml")]) == 0
    yaml = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert 'complete: {variable: completion_status, values: ["Slutförd"], waves: ["2"]}' in yaml
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    rejects = pd.read_csv(study / "data" / "processed" / "rejects.csv")
    assert rejects["reason"].tolist() == ["incomplete"] * 5 and set(rejects["wave"]) == {2}
    broken = yaml.replace('waves: ["2"]', 'waves: ["3"]')
    (study / "surveykit.yaml").write_text(broken, encoding="utf-8")
    from surveykit.config.study import load_config
    from surveykit.errors import ConfigError

    with pytest.raises(ConfigError, match=r"`screening.complete.waves`: \['3'\] are not wave ids of the study"):
        load_config(study)
