"""Small exports written the way each survey tool writes them, for the codebook-draft tests.

Each writer returns the export's path; the answers are drawn from a seeded generator, so the
tests compute what the draft must find (scales, options, screened rows, counts) from the file
itself, never from these writers' variables.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

IMPORTANCE = ["Not at all important", "Slightly important", "Moderately important", "Very important",
              "Extremely important"]
AGREE_NUMBERED = ["1: Strongly disagree", "2", "3", "4", "5: Strongly agree"]
FREQ_NUMBERED = ["1: never", "2", "3: several times a month", "4", "5: every day"]
AGREE_SV = ["Tar helt avstånd", "Tar delvis avstånd", "Varken instämmer eller tar avstånd", "Instämmer delvis",
            "Instämmer helt"]
SATISFIED_NB = ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"]
OFTEN_NB = ["Aldri", "Sjelden", "Av og til", "Ofte", "Svært ofte"]


def _csv(rows: list[list[object]], *, delimiter: str = ",", crlf: bool = False, quote_all: bool = False) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buf.getvalue()


def _pick(rng, options: list[str], n: int, blank: float = 0.05) -> list[str]:
    out = list(rng.choice(options, n))
    return ["" if rng.random() < blank else x for x in out]


def qualtrics_choice_text(folder: Path, n: int = 120, seed: int = 3, qsf: bool = False) -> Path:
    """A Qualtrics CSV (2017+ layout, choice text): three header rows, the second with a line break
    inside a question; Status (previews, spam), Finished and Progress; a 5-point importance grid; a
    multi-select joined by commas with an option holding a comma and an "Other" text box."""
    rng = np.random.default_rng(seed)
    rows_items = ["Opening hours", "Help from the staff", "Quiet places to read", "Events for children"]
    services = ["Borrowing books", "Printing, copying and scanning", "Study space", "Other"]
    tags = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
            *[f"Q1_{i + 1}" for i in range(len(rows_items))], "Q2", "Q2_4_TEXT", "Q3", "Q4"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
             "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
             "Distribution Channel", "User Language",
             *[f"How important are the following to you?\n\nThink of the last year. - {r}" for r in rows_items],
             "Which services have you used? (Select all that apply) - Selected Choice",
             "Which services have you used? (Select all that apply) - Other - Text",
             "What is your age?", "Any other comments?"]
    ids = [json.dumps({"ImportId": t}) for t in ["startDate", "endDate", "status", "ipAddress", "progress",
                                                   "duration", "finished", "recordedDate", "_recordId",
                                                   "recipientLastName", "recipientFirstName", "recipientEmail",
                                                   "externalDataReference", "locationLatitude", "locationLongitude",
                                                   "distributionChannel", "userLanguage"]]
    ids += [json.dumps({"ImportId": f"QID2_{i + 1}"}) for i in range(len(rows_items))]
    ids += [json.dumps({"ImportId": "QID3"}), json.dumps({"ImportId": "QID3_4_TEXT"}),
            json.dumps({"ImportId": "QID4_TEXT"}), json.dumps({"ImportId": "QID5_TEXT"})]
    rows = [tags, texts, ids]
    for i in range(n):
        status = "Survey Preview" if i < 4 else "Spam" if i == 4 else "IP Address"
        finished = "False" if i % 17 == 5 else "True"
        day = 1 + i % 20
        picks = [s for s in services if rng.random() < 0.45]
        rows.append([f"2024-03-{day:02d} 10:{i % 60:02d}:00", f"2024-03-{day:02d} 10:{i % 60:02d}:30", status,
                     f"192.0.2.{i % 250}", "100" if finished == "True" else "40", str(30 + i), finished,
                     f"2024-03-{day:02d} 10:{i % 60:02d}:30", f"R_{i:06d}x", "", "", "", "", "59.9", "10.7",
                     "preview" if i < 4 else "anonymous", "EN",
                     *_pick(rng, IMPORTANCE, len(rows_items)), ",".join(picks),
                     (f"the café, day {i}" if "Other" in picks else ""), str(rng.integers(16, 90)),
                     ("Good, thanks" if i % 9 == 0 else "")])
    path = folder / "Library survey_March 20, 2024_10.15.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    if qsf:  # the survey definition, as Qualtrics exports it (the parts a draft reads)
        def choices(texts: list[str]) -> dict:
            return {str(i + 1): {"Display": t} for i, t in enumerate(texts)}

        survey = {"SurveyEntry": {"SurveyName": "Library survey"}, "SurveyElements": [
            {"Element": "SQ", "Payload": {"QuestionID": "QID2", "DataExportTag": "Q1", "QuestionType": "Matrix",
                                          "Selector": "Likert", "SubSelector": "SingleAnswer",
                                          "Choices": choices(rows_items), "Answers": choices(IMPORTANCE)}},
            {"Element": "SQ", "Payload": {"QuestionID": "QID3", "DataExportTag": "Q2", "QuestionType": "MC",
                                          "Selector": "MAVR", "Choices": choices(services),
                                          "ChoiceOrder": [1, 2, 3, 4]}},
            {"Element": "SQ", "Payload": {"QuestionID": "QID4", "DataExportTag": "Q3", "QuestionType": "TE"}},
            {"Element": "SQ", "Payload": {"QuestionID": "QID5", "DataExportTag": "Q4", "QuestionType": "TE"}}]}
        (folder / "Library_survey.qsf").write_text(json.dumps(survey), encoding="utf-8")
    return path


def surveymonkey_csv(folder: Path, n: int = 150, seed: int = 4) -> Path:
    """A SurveyMonkey CSV: UTF-8 with BOM, CRLF, two header rows; 1-5 grids whose ends are labelled
    (agreement and frequency, two scales), a multi-select with one column per option (cell = option
    text) and an "Other (please specify)" column, a single choice, and three empty trailing columns."""
    rng = np.random.default_rng(seed)
    statements = ["Staff are helpful", "The library is clean", "Opening hours suit me"]
    channels = ["E-mail newsletter", "Facebook", "The web site"]
    services = ["Books", "E-books", "Events, talks and readings"]
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
           "Last Name", "Custom Data 1", "How much do you agree? (1 - strongly disagree, 5 - strongly agree)", "", "",
           "How often do you use these channels?", "", "", "Which services do you use? Please check all that apply.",
           "", "", "", "Which library do you use most?", "How many times did you visit last month?", "", "", ""]
    sub = ["", "", "", "", "", "", "", "", "", *statements, *channels, *services, "Other (please specify)",
           "Response", "Open-Ended Response", "", "", ""]
    rows = [top, sub]
    for i in range(n):
        picks = [s if rng.random() < 0.5 else "" for s in services]
        rows.append([str(11280000000 + i), "252143207", f"03/{1 + i % 27:02d}/2024 {1 + i % 12}:15:00 PM",
                     f"03/{1 + i % 27:02d}/2024 {1 + i % 12}:25:00 PM", f"192.0.2.{i % 250}", "", "", "", "",
                     *_pick(rng, AGREE_NUMBERED, len(statements)), *_pick(rng, FREQ_NUMBERED, len(channels)), *picks,
                     ("audio books" if i % 13 == 0 else ""),
                     str(rng.choice(["Main library", "Branch library North", "Branch library South"])),
                     str(rng.integers(0, 12)), "", "", ""])
    path = folder / "Library survey.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _csv(rows, crlf=True).encode("utf-8"))
    return path


def googleforms_sv(folder: Path, n: int = 100, seed: int = 5) -> Path:
    """A Swedish Google Forms CSV download: Tidstämpel, a grid "Fråga [rad]" on the agreement scale
    "Tar helt avstånd" ... "Instämmer helt" with "Vet inte", and check boxes joined by ", " with an
    option holding ", "."""
    rng = np.random.default_rng(seed)
    rows_items = ["Personalen är hjälpsam", "Lokalerna är trivsamma"]
    services = ["Lån av böcker, tidningar och filmer", "Skrivare", "Studieplatser"]
    header = ["Tidstämpel", *[f"Hur väl stämmer påståendena? [{r}]" for r in rows_items],
              "Vilka tjänster har du använt? (flera svar)", "Hur gammal är du?"]
    rows = [header]
    for i in range(n):
        picks = [s for s in services if rng.random() < 0.5] or [services[1]]
        rows.append([f"2024-02-{1 + i % 28:02d} 12:{i % 60:02d}:00",
                     *_pick(rng, [*AGREE_SV, "Vet inte"], len(rows_items), blank=0.0), ", ".join(picks),
                     str(rng.integers(16, 90))])
    path = folder / "Biblioteksenkät (svar) - Formulärsvar 1.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def msforms_nb(folder: Path, n: int = 80, seed: int = 6) -> Path:
    """A Norwegian Microsoft Forms workbook: ID, Starttidspunkt, ..., a satisfaction scale with
    "Usikker", a frequency scale, and a multi-select joined with ';' (trailing ';')."""
    import openpyxl

    rng = np.random.default_rng(seed)
    services = ["Utlån", "Arrangementer", "Hjelp med NAV"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-postadresse", "Navn",
               "Hvor fornøyd er du med biblioteket?", "Hvor ofte bruker du biblioteket?",
               "Hvilke tjenester har du brukt?"])
    import datetime as dt

    for i in range(n):
        picks = [s for s in services if rng.random() < 0.5]
        start = dt.datetime(2023, 1, 16, 9, 0) + dt.timedelta(hours=5 * i)
        ws.append([i + 1, start, start + dt.timedelta(minutes=4), "anonymous", None,
                   str(rng.choice([*SATISFIED_NB, "Usikker"])), str(rng.choice(OFTEN_NB)),
                   "".join(p + ";" for p in picks) or None])
    path = folder / "Innbyggerundersøkelse(1-80).xlsx"
    wb.save(path)
    return path


def limesurvey_codes(folder: Path, n: int = 60, seed: int = 7) -> Path:
    """A LimeSurvey CSV with question-code headings and full answers: unsubmitted rows (empty
    submitdate), a multi-choice Q2[SQ00x] (Y/empty) with Q2[other], an array of satisfaction items."""
    rng = np.random.default_rng(seed)
    satisfied = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                 "Very satisfied"]
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "Q1[SQ001]",
              "Q1[SQ002]", "Q2[SQ001]", "Q2[SQ002]", "Q2[SQ003]", "Q2[other]", "Q3"]
    rows = [header]
    for i in range(n):
        submitted = "" if i % 11 == 3 else f"2024-04-{1 + i % 28:02d} 11:00:00"
        rows.append([str(i + 1), submitted, "2", "en", str(1000 + i), f"2024-04-{1 + i % 28:02d} 10:50:00",
                     f"2024-04-{1 + i % 28:02d} 11:00:00", *_pick(rng, satisfied, 2),
                     *["Y" if rng.random() < 0.4 else "" for _ in range(3)], ("Podcasts" if i % 7 == 0 else ""),
                     str(rng.choice(["Female", "Male", "Prefer not to say"]))])
    path = folder / "results-survey123456.csv"
    path.write_text(_csv(rows, quote_all=True), encoding="utf-8")
    return path


def spss_positive_first(folder: Path, n: int = 90, seed: int = 8) -> Path:
    """An SPSS file from an agency: an agreement scale coded positive first (1 = Helt enig ...
    5 = Helt uenig) with 9 = Vet ikke declared missing, and a 1-7 scale labelled only at its ends."""
    import pandas as pd
    import pyreadstat

    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "resp": np.arange(1, n + 1, dtype=float),
        "q1": rng.choice([1, 2, 3, 4, 5, 9], n).astype(float),
        "q2": rng.choice([1, 2, 3, 4, 5, 9], n).astype(float),
        "q3": rng.integers(1, 8, n).astype(float),
    })
    agree = {1.0: "Helt enig", 2.0: "Litt enig", 3.0: "Verken enig eller uenig", 4.0: "Litt uenig",
             5.0: "Helt uenig", 9.0: "Vet ikke"}
    path = folder / "innbyggerundersokelse_2023.sav"
    pyreadstat.write_sav(frame, path, column_labels=["Respondent", "Jeg føler meg velkommen",
                                                     "Det er lett å få hjelp", "Hvor trygg føler du deg?"],
                         variable_value_labels={"q1": agree, "q2": agree,
                                                "q3": {1.0: "Ikke trygg i det hele tatt", 7.0: "Svært trygg"}},
                         missing_ranges={"q1": [9.0], "q2": [9.0]})
    return path
