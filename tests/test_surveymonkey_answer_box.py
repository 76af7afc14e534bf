"""SurveyMonkey's text box under one answer of a single choice (a tester's religion survey): the
second header row of the box is the answer it belongs to, "None of these", where it usually reads
"Other (please specify)", and only those who chose that answer wrote in it. The reader took the two
columns for a grid of rows "Response" and "None of these": the box was drafted a single choice
sharing the question's scale, which got 139 levels, mostly the texts typed in (one a 700-character
personal statement), each to be published with its share. Now the box is the question's typed-in
"other" text, as when it reads "Other (please specify)"."""

from __future__ import annotations

import numpy as np
import yaml

from surveykit import cli
from surveykit.io.read import read_export
from tests import tool_exports as tx

QUESTION = "What is your present religion, if any?"
ANSWERS = ["Protestant", "Roman Catholic", "Agnostic", "Atheist", "Jewish", "Muslim", "None of these"]


def _export(folder, n: int = 200):
    rng = np.random.default_rng(7)
    top = ["RespondentID", QUESTION, "", "Do you attend religious services?"]
    sub = ["", "Response", "None of these", "Response"]
    rows = [top, sub]
    for i in range(n):
        answer = str(rng.choice(ANSWERS))
        typed = f"My own faith, as I would put it number {i}" if answer == "None of these" and i % 4 else ""
        rows.append([str(5000 + i), answer, typed, str(rng.choice(["Never", "Sometimes", "Often"]))])
    path = folder / "religion.csv"
    path.write_bytes(tx._csv(rows).replace("\n", "\r").encode("cp1252"))   # fivethirtyeight's: CR line ends
    return path


def test_the_box_under_an_answer_is_that_questions_typed_in_text(tmp_path):
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    path = _export(root / "data" / "raw")
    raw = read_export(path)
    assert raw.format == "surveymonkey" and not raw.meta["matrix"]
    assert raw.meta["other"] == {QUESTION: [f"{QUESTION} [None of these]"]}
    assert cli.main(["-q", "codebook", "draft", str(path), "-o", str(root / "config" / "codebook.yaml")]) == 0
    cb = yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    by_column = {v["sources"]["1"]["column"]: v for v in cb["variables"]}
    main, box = by_column[QUESTION], by_column[f"{QUESTION} [None of these]"]
    assert main["type"] == "single" and box["type"] == "text"
    levels = [lv["label"] for lv in cb["scales"][main["scale"]]["levels"]]
    assert sorted(levels) == sorted(ANSWERS)
    assert not any("My own faith" in str(lv) for s in cb["scales"].values() for lv in s.get("levels", []))
    report = (root / "config" / "report.yaml").read_text(encoding="utf-8")
    assert box["name"] not in report


def test_a_column_written_by_others_too_is_no_answers_box(tmp_path):
    # the second row names an answer, but respondents who chose another answer wrote in it: a question's row
    path = _export(tmp_path)
    text = path.read_bytes().decode("cp1252").split("\r")
    rows = [line for line in text if line]
    k = next(i for i, line in enumerate(rows[2:], start=2) if line.split(",")[1] == "Atheist")
    rows[k] = rows[k].rsplit(",", 2)[0] + ",written by someone else," + rows[k].rsplit(",", 1)[1]
    path.write_bytes("\r".join(rows).encode("cp1252"))
    raw = read_export(path)
    assert not raw.meta["other"]
