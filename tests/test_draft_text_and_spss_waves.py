"""One wave exported as text (the answers as words), another as SPSS (codes with value labels) of the
same ordered scale, whose file numbers the answers in neither the scale's order nor its reverse
(1 = 'Satisfied', 2 = 'Very satisfied', 3 = 'Neither ...', 4 = 'Dissatisfied', 5 = 'Very
dissatisfied'). The draft listed the SPSS wave's scale in code order as an unordered single choice
("the answers' words do not run in code order") and so could not join it to the text wave's ordered
scale: the one question became two variables, one of them without means.

Now value labels that are all levels of one known ordered scale give that scale low -> high, each
file code recoded to its level by its label, with a REVIEW note showing the file's codes; the text
wave's question joins it, and the built responses hold each answer under its own level."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import yaml

from surveykit import cli

SAT = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]
QUESTION = "How satisfied are you with the library?"
# the SPSS file's codes: 1 = Satisfied, 2 = Very satisfied, 3 = Neither, 4 = Dissatisfied, 5 = Very dissatisfied
SCRAMBLED = {1.0: SAT[3], 2.0: SAT[4], 3.0: SAT[2], 4.0: SAT[1], 5.0: SAT[0]}


def _draft(root: Path, labels: dict[float, str], text_first: bool = True) -> tuple[dict, str]:
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw"
    words = [SAT[i % 5] for i in range(30)]
    text = raw / ("wave_2022.csv" if text_first else "wave_2023.csv")
    pd.DataFrame({"id": range(1, 31), QUESTION: words}).to_csv(text, index=False)
    spss = raw / ("wave_2023.sav" if text_first else "wave_2022.sav")
    codes = [1.0] * 12 + [2.0] * 7 + [3.0] * 5 + [4.0] * 4 + [5.0] * 2   # 12 Satisfied, 7 Very satisfied ...
    pyreadstat.write_sav(pd.DataFrame({"id": [float(i) for i in range(1, 31)], "q1": codes}), str(spss),
                         column_labels={"id": "Respondent", "q1": QUESTION}, variable_value_labels={"q1": labels})
    paths = [text, spss] if text_first else [spss, text]
    out = root / "config" / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", "--no-report", "--no-sites", *map(str, paths), "-o", str(out)]) == 0
    body = out.read_text(encoding="utf-8")
    return yaml.safe_load(body), body


def _question(cb: dict) -> dict:
    found = [v for v in cb["variables"] if v["type"] != "id"]
    assert len(found) == 1, [v["name"] for v in found]
    return found[0]


def test_a_text_wave_and_an_spss_wave_coded_out_of_order_are_one_ordered_question(tmp_path):
    cb, text = _draft(tmp_path / "study", SCRAMBLED)
    q = _question(cb)
    assert q["type"] == "likert"
    scale = cb["scales"][q["scale"]]
    assert scale.get("ordered", True) is True
    assert [lv["label"] for lv in scale["levels"]] == SAT
    assert [lv["code"] for lv in scale["levels"]] == [1, 2, 3, 4, 5]
    assert q["sources"]["1"] == {"column": QUESTION}
    assert q["sources"]["2"]["column"] == "q1"
    assert q["sources"]["2"]["recode"] == {1: 4, 2: 5, 3: 3, 4: 2, 5: 1}
    assert "REVIEW: the file's codes do not run in the order of this known scale (1 = 'Satisfied'" in text


def test_the_spss_wave_first_gives_the_same_scale_and_the_built_answers_keep_their_levels(tmp_path):
    root = tmp_path / "study"
    cb, _ = _draft(root, SCRAMBLED, text_first=False)
    q = _question(cb)
    assert q["type"] == "likert" and [lv["label"] for lv in cb["scales"][q["scale"]]["levels"]] == SAT
    assert q["sources"]["1"]["recode"] == {1: 4, 2: 5, 3: 3, 4: 2, 5: 1}
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    frame = pd.read_parquet(root / "data" / "processed" / "responses.parquet")
    spss = frame[frame["wave"].astype(str) == "1"][q["name"]].value_counts().to_dict()
    assert spss == {4: 12, 5: 7, 3: 5, 2: 4, 1: 2}   # 12 'Satisfied' (file code 1) are level 4


def test_codes_in_the_scales_order_need_no_recode(tmp_path):
    cb, text = _draft(tmp_path / "study", {float(i + 1): s for i, s in enumerate(SAT)})
    q = _question(cb)
    assert q["type"] == "likert" and "recode" not in q["sources"]["2"]
    assert "do not run in the order" not in text
