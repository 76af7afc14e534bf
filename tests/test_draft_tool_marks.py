"""What `surveykit codebook draft` knows of a tool's own marks, in exports written the way the
tools write them (small synthetic files with the real files' layout and headings; the real files
named in each test are not in the repository):

- LimeSurvey's full-text export with headings in the survey's language ("Respons ID", "Datum
  verzonden", "Totaaltijd", "Groep tijd: ..."): read as LimeSurvey, its unsubmitted answers
  screened, its own columns (times, language, unrendered "{self.gseq + 1}" headings) no questions,
  the two poles of a bipolar array ("Slecht | Goed") both kept;
- Qualtrics previews and tests (an age of 2147483647 typed into a Survey Preview) widen no
  drafted `valid:` range;
- a lone negative "no answer" code (-1 among answers 1-5) is declared `missing`, not averaged in.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from surveykit.io import read_export
from tests.test_scaffold_layouts import codebook, run_study

# ------------------------------------------------------------------------------------------ LimeSurvey
_STEM = "Deze vragen gaan over de komende maand helemaal geen koffie drinken."
_ROWS = [
    "Ik ben van plan om de komende maand helemaal geen koffie te drinken.Absoluut niet | Absoluut wel",
    "Voor mijzelf is de komende maand helemaal geen koffie drinken ...Slecht | Goed",
    "Voor mijzelf is de komende maand helemaal geen koffie drinken ...Onprettig | Prettig",
]
_OWN = ["Totaaltijd", "Groep tijd: De komende maand helemaal geen koffie drinken", "Vraagtijd: coffee",
        "Vraagtijd: coffeeOrder", "Groep tijd: Algemene informatie", "Vraagtijd: age"]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return out.getvalue()


def limesurvey_dutch(folder: Path, n: int = 40) -> Path:
    """LimeSurvey's "R (data file)" CSV export of a Dutch survey, as academy-of-behavior-change/ciberlite
    results-data-raw/survey_675712_R_data_file_[PUBLIC-OU-version2].csv is written: the full-text
    headings in Dutch, every cell quoted, an anonymised submit date (1980-01-01) or none for the
    answers never submitted, a bipolar array "[... ...Slecht | Goed]", an equation question headed
    by its unrendered expression "{self.gseq + 1}", and the timings at the end."""
    header = ["Respons ID", "Datum verzonden", "Laatste pagina", "Begin taal",
              *[f"{_STEM} [{r}]" for r in _ROWS], "{self.gseq + 1}", "Hoe oud bent u?", *_OWN]
    rows = [header]
    for i in range(n):
        done = i % 5 != 2   # 8 of 40 never submitted
        answers = [str(1 + (i * (k + 2)) % 5) if done or k == 0 else "" for k in range(len(_ROWS))]
        rows.append([str(20 + i), "1980-01-01 00:00:00" if done else "", "12" if done else str(1 + i % 3),
                     "nl-informal", *answers, str(4 + i % 8), str(18 + (i * 7) % 60) if done else "",
                     f"{300 + i * 3.17:.2f}", f"{40 + i:.2f}", f"{30 + i:.2f}", "", f"{20 + i % 9:.2f}",
                     f"{5 + i % 4:.2f}"])
    path = folder / "survey_675712_R_data_file.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def test_limesurvey_dutch_headings_are_read_as_limesurvey(tmp_path):
    raw = read_export(limesurvey_dutch(tmp_path))
    assert raw.format == "limesurvey"
    assert raw.meta["limesurvey_columns"]["submitdate"] == "Datum verzonden"
    system = set(raw.meta["system_columns"])
    assert {"Respons ID", "Datum verzonden", "Laatste pagina", "Begin taal", *_OWN, "{self.gseq + 1}"} <= system
    # both poles of the bipolar array rows
    rows = next(iter(raw.meta["matrix"].values()))["rows"]
    assert rows[1] == "Voor mijzelf is de komende maand helemaal geen koffie drinken ...Slecht – Goed"


def test_limesurvey_german_headings_are_limesurvey_words(tmp_path):
    # LimeSurvey's German words (its locale/de/LC_MESSAGES/de.po): no timings needed
    path = tmp_path / "results-survey1.csv"
    path.write_text(_csv([["Antwort ID", "Datum Abgeschickt", "Letzte Seite", "Start-Sprache", "Wie alt sind Sie?"],
                          ["1", "2024-03-01 10:00:00", "3", "de", "34"],
                          ["2", "", "1", "de", ""],
                          ["3", "2024-03-02 11:00:00", "3", "de-informal", "51"]]), encoding="utf-8")
    raw = read_export(path)
    assert raw.format == "limesurvey"
    assert raw.meta["limesurvey_columns"]["submitdate"] == "Datum Abgeschickt"


def test_plain_csv_with_an_id_and_a_language_is_not_limesurvey(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(_csv([["Nummer", "Datum", "Aantal", "Taal", "Hoe oud bent u?"],
                          ["1", "2024-03-01 10:00:00", "3", "nl", "34"],
                          ["2", "", "1", "nl", "40"]]), encoding="utf-8")
    assert read_export(path).format != "limesurvey"


def test_limesurvey_dutch_export_drafted(tmp_path):
    export = limesurvey_dutch(tmp_path)
    study = run_study(tmp_path, export, build=False)
    settings = (study / "surveykit.yaml").read_text(encoding="utf-8")
    # the 8 answers never submitted are screened out, as for LimeSurvey's English headings
    assert 'complete: {required: ["submitted"]}' in settings
    assert "rejects 8 of 40 rows" in settings
    cb = codebook(study)
    drafted = {src.get("column") for v in cb["variables"] for src in v["sources"].values()}
    drafted |= {c for v in cb["variables"] for src in v["sources"].values() for c in (src.get("columns") or {}).values()}
    assert not drafted & {*_OWN, "Begin taal", "{self.gseq + 1}"}
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "{self.gseq + 1}" in text.split("variables:")[0]   # named in the header's notes, with why
    labels = [v.get("label", "") for v in cb["variables"]]
    assert any(lab.endswith("Slecht – Goed") for lab in labels)
    assert any(lab.endswith("Onprettig – Prettig") for lab in labels)


# ------------------------------------------------------------------------------------------ Qualtrics
def qualtrics_previews(folder: Path) -> Path:
    """A Qualtrics CSV export with three header rows, as schluppeck/example_qualtrics_data
    "Demo qq on understanding stats_February 23, 2024_03.43.csv" is written (numeric values):
    most rows are Survey Previews (Status 1) and Tests (2), one preview typed 2147483647 as its age."""
    header = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
              "ResponseId", "DistributionChannel", "UserLanguage", "Q1", "Q2"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Distribution Channel", "User Language", "Consent...",
             "How old are you (years)?"]
    ids = ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"endDate","timeZone":"America/Denver"}',
           '{"ImportId":"status"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}',
           '{"ImportId":"recordedDate","timeZone":"America/Denver"}', '{"ImportId":"_recordId"}',
           '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}',
           '{"ImportId":"QID2_TEXT"}']
    rows = [header, texts, ids]
    ages = [23, 31, 45, 56, 38, 29, 61, 34]
    for i in range(30):
        status = "0" if i < len(ages) else ("1" if i % 2 else "2")
        age = str(ages[i]) if i < len(ages) else ("2147483647" if i == 11 else str(1 + i % 4))
        stamp = f"2024-02-{1 + i % 20:02d} 10:{i:02d}:00"
        rows.append([stamp, stamp, status, "100", str(60 + i), "1", stamp, f"R_{i:04d}abcdEFGH",
                     "anonymous" if status == "0" else "preview", "EN", "1", age])
    path = folder / "Demo qq on understanding stats_February 23, 2024_03.43.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def test_qualtrics_valid_range_from_the_rows_screening_keeps(tmp_path):
    study = run_study(tmp_path, qualtrics_previews(tmp_path), build=False)
    cb = codebook(study)
    age = next(v for v in cb["variables"] if v["sources"]["1"].get("column") == "Q2")
    assert age["type"] == "numeric"
    assert age["valid"][1] <= 200      # not 5000000000: the previews' ages are no answers
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "drafted from the 8 of 30 rows the drafted screening keeps" in text
    assert "rejects 22 of 30 rows" in (study / "surveykit.yaml").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ negative codes
def test_negative_codes():
    from surveykit.scaffold.number_columns import negative_codes

    assert negative_codes(pd.Series([1, 2, 3, 4, 5, -1, 2, -1])) == [-1]
    assert negative_codes(pd.Series([0, 1, 2, 3, 10, -9, 5])) == [-9]
    assert negative_codes(pd.Series([-2, -1, 0, 1, 2, 1])) == []          # a scale around 0
    assert negative_codes(pd.Series([1, 2, 3, 4, -5])) == []              # no common code
    assert negative_codes(pd.Series([10, 20, 35, 80, -1])) == []          # no small range
    assert negative_codes(pd.Series([1, 2, 3, -1, -1, -1])) == []         # half the answers


def cookie_answers(folder: Path, n: int = 87) -> Path:
    """A semicolon-separated CSV as NorskRegnesentral/tilgjengelige-informasjonskapsler
    data/2024-10-08_Svar-til-sporreundersokelsen-om-universell-utforming-av-cookies.csv is written
    (BOM, "dd.mm.yyyy hh:mm" times): a difficulty 1-5 with two answers -1."""
    header = ["tid", "land", "kjonn", "vanskelighetsgrad-generell", "vanskelighetsgrad-tekst"]
    rows = [header]
    for i in range(n):
        text = "-1" if i in (10, 40) else str(1 + (i * 3) % 5)
        rows.append([f"{1 + i % 28:02d}.10.2024 21:{i % 60:02d}", "Norge" if i % 4 else "Ukjent",
                     "Mann" if i % 2 else "Kvinne", str(1 + i % 5), text])
    path = folder / "2024-10-08_Svar-til-sporreundersokelsen-om-universell-utforming-av-cookies.csv"
    path.write_text("\ufeff" + "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_lone_negative_code_is_declared_missing(tmp_path):
    export = cookie_answers(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    var = next(v for v in cb["variables"] if v["sources"]["1"].get("column") == "vanskelighetsgrad-tekst")
    assert var["missing"] == [-1]
    assert var["valid"][0] >= 0
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "-1 (2 answer(s)): negative while the other answers run 1 to 5" in text


@pytest.mark.slow
def test_lone_negative_code_is_no_answer_in_the_mean(tmp_path):
    export = cookie_answers(tmp_path)
    study = run_study(tmp_path, export)
    from tests.test_scaffold_layouts import responses

    data = responses(study)
    var = next(v for v in codebook(study)["variables"]
               if v["sources"]["1"].get("column") == "vanskelighetsgrad-tekst")
    given = [int(r.split(";")[4]) for r in export.read_text(encoding="utf-8-sig").splitlines()[1:]]
    answered = [g for g in given if g > 0]
    assert data[var["name"]].mean() == pytest.approx(sum(answered) / len(answered))


def test_limesurvey_english_bipolar_rows_keep_both_poles(tmp_path):
    # the same bipolar array under LimeSurvey's English full-text headings
    path = tmp_path / "results-survey2.csv"
    stem = "How do you see it?"
    path.write_text(_csv([["Response ID", "Date submitted", "Last page", "Start language",
                           f"{stem} [For me it is ...Bad | Good]", f"{stem} [For me it is ...Unpleasant | Pleasant]"],
                          ["1", "2024-03-01 10:00:00", "3", "en", "2", "4"],
                          ["2", "2024-03-01 11:00:00", "3", "en", "5", "1"]]), encoding="utf-8")
    raw = read_export(path)
    assert raw.meta["matrix"][stem]["rows"] == ["For me it is ...Bad – Good", "For me it is ...Unpleasant – Pleasant"]


def test_limesurvey_norwegian_headings_and_timings(tmp_path):
    # LimeSurvey's Norwegian (bokmål) words (its locale/nb/LC_MESSAGES/nb.po): the IP address is left out
    path = tmp_path / "results-survey3.csv"
    path.write_text(_csv([["Besvarelse-ID", "Dato for besvarelse", "Siste side", "Standardspråk", "IP-adresse",
                           "Hvor gammel er du?", "Totaltid", "Gruppetid: Om deg", "Spørsmålstid: alder"],
                          ["1", "2024-03-01 10:00:00", "3", "nb", "10.0.0.1", "34", "120.5", "60.2", "12"],
                          ["2", "", "1", "nb", "10.0.0.2", "", "20", "20", ""],
                          ["3", "2024-03-02 11:00:00", "3", "nb", "10.0.0.3", "51", "99", "45.1", "8.5"]]),
                    encoding="utf-8")
    raw = read_export(path)
    assert raw.format == "limesurvey"
    assert raw.meta["identifier_columns"] == ["IP-adresse"]
    assert {"Totaltid", "Gruppetid: Om deg", "Spørsmålstid: alder"} <= set(raw.meta["system_columns"])
    assert "Hvor gammel er du?" not in raw.meta["system_columns"]
