"""SoSci Survey's data export, written here as SoSci writes it (tab-separated, a header of variable
names, text in quotes, CRLF): read as the tool's (format ``soscisurvey``), its own columns are no
questions, CASE is the respondent id, its code -9 (not answered) is missing in every item, the
residual code -1 below answers of 1 or more is missing with a REVIEW note, MODE's test interviews
and unfinished interviews (FINISHED) get screening rules, a questionnaire id written in every row
is no "table of results", and a file of codes only says it cannot tell the language.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from surveykit.io import read_export
from surveykit.scaffold.study import language_of
from tests.test_scaffold_layouts import codebook, responses, run_study, variable

HEADER = ["CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "TR01_01", "TR01_01a", "DM01", "DM02", "DM07",
          "SA01_01", "DM04_01", "TIME001", "TIME002", "TIME_SUM", "MAILSENT", "LASTDATA", "FINISHED", "Q_VIEWER",
          "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL", "TIME_RSI", "DEG_TIME"]
TEXT = {"SERIAL", "REF", "QUESTNNR", "MODE", "DM04_01", "FINISHED", "Q_VIEWER"}


def sosci_export(folder: Path, n: int = 90, seed: int = 5) -> tuple[Path, pd.DataFrame]:
    """One row per interview; MODE 'debug' twice and 'pretest' once, FINISHED 'F' in 6 rows; -9 in
    DM07 and DM02 twice each and in TR01_01 once; -1 ('don't know') in SA01_01 (a 1-5 scale) 5 times."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        mode = "debug" if i in (0, 40) else "pretest" if i == 1 else "interview"
        finished = "F" if i % 15 == 7 else "T"
        rows.append({
            "CASE": 10 + 2 * i, "SERIAL": None, "REF": None, "QUESTNNR": "base", "MODE": mode,
            "STARTED": f"2018-02-{20 + i % 5} 15:{i % 60:02d}:07",
            "TR01_01": -9 if i == 3 else 1, "TR01_01a": -1 if i == 3 else int(rng.integers(1500, 9000)),
            "DM01": int(rng.integers(1, 60)), "DM02": -9 if i in (5, 6) else int(rng.integers(1, 4)),
            "DM07": -9 if i in (8, 9) else int(rng.integers(1, 7)),
            "SA01_01": -1 if i % 18 == 2 else int(rng.integers(1, 6)),
            "DM04_01": "".join(rng.choice(list("0123456789abcdef"), 24)),
            "TIME001": int(rng.integers(3, 40)), "TIME002": int(rng.integers(10, 90)),
            "TIME_SUM": int(rng.integers(200, 900)), "MAILSENT": None,
            "LASTDATA": f"2018-02-{20 + i % 5} 16:{i % 60:02d}:43", "FINISHED": finished, "Q_VIEWER": "F",
            "LASTPAGE": 18 if finished == "T" else 7, "MAXPAGE": 18 if finished == "T" else 7,
            "MISSING": int(rng.integers(0, 3)), "MISSREL": int(rng.integers(0, 3)),
            "TIME_RSI": round(float(rng.random() * 2), 2), "DEG_TIME": int(rng.integers(0, 30))})
    frame = pd.DataFrame(rows, columns=HEADER)
    buf = io.StringIO(newline="")
    buf.write("\t".join(f'"{h}"' for h in HEADER) + "\r\n")
    for row in rows:
        cells = ["" if row[h] is None else f'"{row[h]}"' if h in TEXT else str(row[h]) for h in HEADER]
        buf.write("\t".join(cells) + "\r\n")
    path = folder / "data_project_2018-02-24_10-00.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path, frame


def test_read_as_soscisurvey(tmp_path):
    export, _ = sosci_export(tmp_path)
    raw = read_export(export)
    assert raw.format == "soscisurvey" and raw.meta["id_column"] == "CASE"
    assert {"QUESTNNR", "MODE", "TIME001", "TIME_SUM", "LASTPAGE", "MISSING", "DEG_TIME"} <= set(raw.meta["system_columns"])
    assert raw.meta["user_missing"]["DM07"]["values"] == [-9]
    assert raw.meta["user_missing"]["SA01_01"]["values"] == [-1]
    assert "TR01_01a" in raw.meta["system_columns"]   # TR01_01's response time (ms, -1: not measured): no item
    assert "TR01_01a" not in raw.meta["user_missing"]
    assert "DM01" not in raw.meta["user_missing"]


def test_sosci_draft(tmp_path):
    """Was: read as a plain CSV; DM07's -9 kept in its valid range and mean (the other items' -9 were
    missing only where they lay far from the answers); CASE a number with a published mean, the
    panel's ids the respondent id; TIME001, LASTPAGE, MISSING ... questions with means; no
    screening of MODE 'debug'/'pretest' and FINISHED 'F' ("0 rejected"); a warning that the file
    looks like a table of results (QUESTNNR 'base' in every row); the language guessed nb."""
    export, frame = sosci_export(tmp_path)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    assert variable(cb, "CASE")["name"] == "respondent_id" and variable(cb, "CASE")["type"] == "id"
    drafted = {c for v in cb["variables"] for c in [v["sources"]["1"].get("column")] if c}
    for col in ("QUESTNNR", "TR01_01a", "TIME001", "TIME002", "TIME_SUM", "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING",
                "MISSREL", "TIME_RSI", "DEG_TIME"):
        assert col not in drafted, col
    assert {variable(cb, c)["type"] for c in ("MODE", "FINISHED")} == {"text"}
    assert variable(cb, "STARTED")["type"] == "date" and variable(cb, "LASTDATA")["type"] == "date"
    for col in ("DM07", "DM02", "TR01_01"):
        dm = variable(cb, col)
        assert dm["type"] == "numeric" and -9 in dm["missing"] and dm["valid"][0] > -9, col
    assert -1 in variable(cb, "SA01_01")["missing"] and variable(cb, "SA01_01")["valid"][0] >= 0   # -1 is no valid answer
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    head = text.split("\nscales:")[0]
    assert "read as soscisurvey" in head
    assert "SoSci Survey writes -9 for not answered in every item: declared `missing`" in head
    assert "REVIEW: wave 1: the code -1 in 1 column(s) whose other answers are 0 or more (SA01_01)" in head
    assert "TR01_01a (1 column(s)) are the response times of the items before them" in head   # a tool column
    assert "holds the answers' codes only" in head
    assert "table of results" not in head
    config = yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))
    screening = config["screening"]
    assert screening["test"] == {"variable": "mode", "values": ["pretest", "debug", "admin"]}
    assert screening["complete"] == {"variable": "finished", "values": [1, "T", "True"]}
    assert config["study"]["language"] == "en"
    yml = (study / "surveykit.yaml").read_text(encoding="utf-8")
    assert "language: en" in yml and "REVIEW: the questions hold no words to tell the language by" in yml
    assert "rejects 3 of 90 rows" in yml and "rejects 6 of 90 rows" in yml
    data = responses(study)
    assert len(data) == 90 - 3 - 6   # no test interview is unfinished here
    kept = frame[(~frame["MODE"].isin(["debug", "pretest"])) & (frame["FINISHED"] == "T")]
    dm07 = kept["DM07"][kept["DM07"] != -9]
    assert abs(float(data[variable(cb, "DM07")["name"]].mean()) - float(dm07.mean())) < 1e-9


def test_the_language_of_other_words_is_said():
    lang, why = language_of(["Wie zufrieden sind Sie mit der Bibliothek?", "Geschlecht", "weiblich", "männlich",
                             "Stimme gar nicht zu", "Stimme voll zu"])
    assert lang == "en" and why.startswith("the questions look German")
    assert language_of(["Hvor fornøyd er du med biblioteket?", "Kjønn"]) == ("nb", None)
    assert language_of(["How satisfied are you with the library?", "Gender"]) == ("en", None)
    # REDCap's field names: no words, named in the note (was "no question texts")
    assert "names or codes such as 'name_first', 'dob'" in language_of(["name_first", "dob", "Record ID"])[1]


def test_a_word_written_in_every_row_is_no_column_of_totals(tmp_path):
    """QUESTNNR 'base' (SoSci's questionnaire id) in every row beside columns of numbers was read as
    a results table's column of totals; a total's label over counts still is one."""
    from surveykit.scaffold.results_table import results_table_hint

    _, frame = sosci_export(tmp_path, n=40)
    plain = frame[["QUESTNNR", "DM01", "DM02", "DM07", "TIME001", "TIME002", "TIME_SUM"]]
    assert results_table_hint(plain) is None
    banner = pd.DataFrame({"Team": ["", "Arizona", "Atlanta", "Buffalo"], "Democrat": ["Total", 39, 40, 41],
                           "Black": ["", 7, 8, 9], "White": ["", 20, 21, 22]})
    assert results_table_hint(banner) is not None


def test_codes_are_no_other_language():
    """A Norwegian export's codes 'Y' and 'SU' (Y/N answers, an option 'SU') read as Spanish 'y', 'su'."""
    texts = ["Malgruppe", "Alder", "Kjønnsidentitet", "Y", "N", "SU", "Y", "SU", "Y", "Hvor ofte har du besøkt biblioteket?",
             "Y", "SU", "Y", "Y"]
    assert language_of(texts) == ("nb", None)
