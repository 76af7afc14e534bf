"""A 0-10 rating ("How likely are you to recommend ...?") whose export writes the numbers chosen and
only the two ends as words ("Not at all likely", 1 ... 9, "Extremely likely"), as tools that print a
labelled point's label do. The draft made it a number and declared the two end answers `missing`
(no number): every 0 and every 10 was left out of the mean.

Now two words that are the two ends of one known ordered scale, among whole numbers, are its ends,
scored one below and one above the numbers chosen (0 and 10): a likert 0-10 scale whose numbers are
the scores, its ends named, with a REVIEW note (the ends are read, not written in the export).
Answers written "0 = Not at all likely" ... "10 = Extremely likely" keep their numbers as before, and
an SPSS file with only the ends labelled keeps its codes. Other words among numbers stay `missing`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import yaml

from surveykit import cli

QUESTION = "How likely are you to recommend the library to a friend?"
LOW, HIGH = "Not at all likely", "Extremely likely"


def _draft(root: Path, name: str, write) -> tuple[dict, str]:
    assert cli.main(["-q", "init", str(root)]) == 0
    path = root / "data" / "raw" / name
    write(path)
    out = root / "config" / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", "--no-report", "--no-sites", str(path), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def _csv(cells: list[str]):
    def write(path: Path) -> None:
        pd.DataFrame({"id": range(1, len(cells) + 1), QUESTION: cells}).to_csv(path, index=False)
    return write


def _question(cb: dict) -> dict:
    found = [v for v in cb["variables"] if v["type"] != "id"]
    assert len(found) == 1, [v["name"] for v in found]
    return found[0]


def _levels(cb: dict, q: dict) -> list[tuple]:
    return [(lv["code"], lv["label"]) for lv in cb["scales"][q["scale"]]["levels"]]


SCORES = [LOW, *map(str, range(1, 10)), HIGH] * 4


def test_numbers_with_worded_ends_are_a_0_to_10_score(tmp_path):
    cb, text = _draft(tmp_path / "study", "nps.csv", _csv(SCORES))
    q = _question(cb)
    assert q["type"] == "likert" and "missing" not in q
    assert _levels(cb, q) == [(0, LOW), *((k, str(k)) for k in range(1, 10)), (10, HIGH)]
    assert "REVIEW: numbers with only the scale's two ends written as words" in text
    assert f"{LOW!r} = 0 and {HIGH!r} = 10" in text


def test_a_dont_know_beside_the_worded_ends_is_kept_apart(tmp_path):
    cb, _ = _draft(tmp_path / "study", "nps.csv", _csv([*SCORES, "Don't know", "Don't know"]))
    q = _question(cb)
    scale = cb["scales"][q["scale"]]
    assert q["type"] == "likert" and _levels(cb, q)[0] == (0, LOW) and _levels(cb, q)[-1] == (10, HIGH)
    assert [lv["label"] for lv in scale["nonsubstantive"]] == ["Don't know"]


def test_numbered_ends_keep_their_numbers(tmp_path):
    cells = [f"0 = {LOW}", *map(str, range(1, 10)), f"10 = {HIGH}"] * 4
    cb, text = _draft(tmp_path / "study", "nps.csv", _csv(cells))
    q = _question(cb)
    assert q["type"] == "likert"
    assert _levels(cb, q) == [(0, f"0 = {LOW}"), *((k, str(k)) for k in range(1, 10)), (10, f"10 = {HIGH}")]
    assert "two ends written as words" not in text


def test_spss_with_only_the_ends_labelled_keeps_its_codes(tmp_path):
    def write(path: Path) -> None:
        frame = pd.DataFrame({"id": [float(i) for i in range(1, 45)], "q1": [float(i % 11) for i in range(44)]})
        pyreadstat.write_sav(frame, str(path), column_labels={"id": "Respondent", "q1": QUESTION},
                             variable_value_labels={"q1": {0.0: LOW, 10.0: HIGH}})
    cb, _ = _draft(tmp_path / "study", "nps.sav", write)
    q = _question(cb)
    assert q["type"] == "likert"
    assert _levels(cb, q) == [(0, LOW), *((k, str(k)) for k in range(1, 10)), (10, HIGH)]


def test_other_words_among_numbers_stay_missing(tmp_path):
    cells = [*map(str, range(1, 10)), "Refused", "Not applicable"] * 4
    cb, _ = _draft(tmp_path / "study", "nps.csv", _csv(cells))
    q = _question(cb)
    assert q["type"] == "numeric" and sorted(q["missing"]) == ["Not applicable", "Refused"]
