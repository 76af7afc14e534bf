"""SPSS exports of two waves that number the same answers differently: wave 1 codes 1 = 'Very
satisfied' ... 5 = 'Very dissatisfied', wave 2 the other way round (or adds 6 = "Don't know", or
numbers 1..4 as 0..3, or offers only some of the answers). The draft matched each wave's codes to
the answers by their value labels only where the labelled scale kept the file's codes; otherwise
it kept the wave's codes on the other wave's scale, which the draft's own check caught: the
question was kept as free text ("as drafted it did not fit the answers (value_label_mismatch ...)")
and its tables were lost, or it became an unordered single choice without means.

Now a question whose waves' value labels are the same answers (after case, spaces and
punctuation), or one wave's a part of the other's, is one variable on one scale (the order the
labels give, of the wave with the most answers), each wave's codes recoded to its levels by their
labels (`recode:`), with a REVIEW note saying the waves number the answers differently. Labels that
name different answers (other wordings), and renumbered codes without a label, are never matched
by their number: the question stays text, with a REVIEW note. The tables of a drafted and built
study count each answer under its own level in every wave."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

from surveykit import cli
from surveykit.processed import read_responses

SAT = ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied", "Very dissatisfied"]
OFTEN = ["Never", "Sometimes", "Often", "Always"]
TRAVEL = ["Bus", "Car", "Bike", "Walk"]
QUESTION = "How satisfied are you with the library?"


def _wave(codes: dict[float, int], labels: dict[float, str], column: str = "q5") -> tuple:
    """A wave's export: ``codes`` code -> how many answered it; ``labels`` its value labels."""
    answers = [float(c) for c, k in codes.items() for _ in range(k)]
    frame = pd.DataFrame({"id": [float(i) for i in range(1, len(answers) + 1)], column: answers})
    return frame, {column: labels}, {"id": "Respondent", column: QUESTION}


def _draft(root: Path, waves: list[tuple]) -> tuple[dict, str]:
    assert cli.main(["-q", "init", str(root)]) == 0
    paths = []
    for i, (frame, labels, questions) in enumerate(waves):
        path = root / "data" / "raw" / f"wave_{2021 + i}.sav"
        pyreadstat.write_sav(frame, str(path), variable_value_labels=labels, column_labels=questions)
        paths.append(path)
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(root / "config" / "codebook.yaml")]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def _question(cb: dict) -> dict:
    found = [v for v in cb["variables"] if v["type"] != "id"]
    assert len(found) == 1, [v["name"] for v in found]
    return found[0]


def _built_counts(root: Path, name: str, answers: set[str]) -> dict[str, dict[str, int]]:
    """wave -> answer -> respondents, from the built study's published tables of ``name``'s answers
    (the rows of ``answers``: not a mean's or a top box's)."""
    assert cli.main(["-q", "build", "--study", str(root)]) == 0
    out: dict[str, dict[str, int]] = {}
    tables = 0
    for path in sorted((root / "reports" / "tables").glob("*.csv")):
        table = pd.read_csv(path, dtype={"wave": str})
        if not {"wave", "variable", "level", "estimate", "n"} <= set(table.columns):
            continue
        rows = table[(table["variable"] == name) & table["level"].isin(answers)]
        tables += not rows.empty
        for row in rows.itertuples():
            count = round(row.estimate * row.n)
            assert out.setdefault(row.wave, {}).setdefault(row.level, count) == count, path.name
    assert tables, "no table of answers was built"
    return out


CASES = {
    # wave 2 numbers the satisfaction scale the other way round: 10 'Very satisfied' are code 1, 7 are code 5
    "reversed": (
        _wave({1: 10, 2: 8, 3: 8, 4: 8, 5: 6}, {i + 1: s for i, s in enumerate(SAT)}),
        _wave({5: 7, 4: 9, 3: 8, 2: 8, 1: 8}, {5 - i: s for i, s in enumerate(SAT)}),
        {"1": dict(zip(SAT, [10, 8, 8, 8, 6], strict=True)), "2": dict(zip(SAT, [7, 9, 8, 8, 8], strict=True))},
        "likert"),
    # ... and adds 6 = "Don't know", its labels in other case and spacing
    "reversed with a don't know": (
        _wave({1: 10, 2: 8, 3: 8, 4: 8, 5: 6}, {i + 1: s for i, s in enumerate(SAT)}),
        _wave({5: 7, 4: 9, 3: 8, 2: 8, 1: 4, 6: 5},
              {**{5 - i: f" {s.upper()}  " for i, s in enumerate(SAT)}, 6: "Don't know"}),
        {"1": dict(zip(SAT, [10, 8, 8, 8, 6], strict=True)),
         "2": {**dict(zip(SAT, [7, 9, 8, 8, 4], strict=True)), "Don't know": 5}},
        "likert"),
    # 1..4 in wave 1, 0..3 in wave 2: the frequency scale is kept (it was an unordered single choice)
    "renumbered from 0": (
        _wave({1: 10, 2: 11, 3: 12, 4: 13}, {i + 1: s for i, s in enumerate(OFTEN)}),
        _wave({0: 7, 1: 14, 2: 9, 3: 10}, {i: s for i, s in enumerate(OFTEN)}),
        {"1": dict(zip(OFTEN, [10, 11, 12, 13], strict=True)), "2": dict(zip(OFTEN, [7, 14, 9, 10], strict=True))},
        "likert"),
    # wave 2 offers three of the four answers, numbered from 0
    "a part of the answers": (
        _wave({1: 10, 2: 11, 3: 12, 4: 13}, {i + 1: s for i, s in enumerate(OFTEN)}),
        _wave({0: 7, 1: 14, 2: 19}, {i: s for i, s in enumerate(OFTEN[:3])}),
        {"1": dict(zip(OFTEN, [10, 11, 12, 13], strict=True)), "2": dict(zip(OFTEN, [7, 14, 19, 0], strict=True))},
        "likert"),
    # ... or the later wave offers more answers than the first, which numbers them from 0
    "more answers later": (
        _wave({0: 7, 1: 14, 2: 19}, {i: s for i, s in enumerate(OFTEN[:3])}),
        _wave({1: 10, 2: 11, 3: 12, 4: 13}, {i + 1: s for i, s in enumerate(OFTEN)}),
        {"1": dict(zip(OFTEN, [7, 14, 19, 0], strict=True)), "2": dict(zip(OFTEN, [10, 11, 12, 13], strict=True))},
        "likert"),
    # categories without an order, numbered the other way round in wave 2 (it was kept as text)
    "categories reversed": (
        _wave({1: 10, 2: 8, 3: 9, 4: 7}, {i + 1: s for i, s in enumerate(TRAVEL)}),
        _wave({1: 7, 2: 9, 3: 8, 4: 11}, {4 - i: s for i, s in enumerate(TRAVEL)}),
        {"1": dict(zip(TRAVEL, [10, 8, 9, 7], strict=True)), "2": dict(zip(TRAVEL, [11, 8, 9, 7], strict=True))},
        "single"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_answers_numbered_differently_are_one_scale_recoded_by_label(tmp_path, case):
    w1, w2, expected, kind = CASES[case]
    root = tmp_path / "study"
    cb, text = _draft(root, [w1, w2])
    var = _question(cb)
    assert var["type"] == kind and set(var["sources"]) == {"1", "2"}
    scale = cb["scales"][var["scale"]]
    levels = [lv["label"] for lv in scale["levels"]]
    answers = [x for x in next(iter(expected.values())) if x != "Don't know"]
    assert sorted(levels) == sorted(answers)
    if kind == "likert":   # low -> high, as the labels' scale runs
        assert levels in (answers, answers[::-1])
    assert "the waves number these answers differently" in text and "never by their number" in text
    assert "kept as text" not in text and "value_label_mismatch" not in text
    counts = _built_counts(root, var["name"], {*levels, "Don't know"})
    assert counts == {w: {**dict.fromkeys(counts[w], 0), **want} for w, want in expected.items()}


def test_the_recode_of_each_wave_follows_its_labels(tmp_path):
    w1, w2, _, _ = CASES["reversed with a don't know"]
    cb, text = _draft(tmp_path / "study", [w1, w2])
    var = _question(cb)
    scale = cb["scales"][var["scale"]]
    code = {lv["label"]: lv["code"] for lv in scale["levels"]}
    dont_know = scale["nonsubstantive"][0]["code"]
    for wave, labels in (("1", w1[1]["q5"]), ("2", w2[1]["q5"])):
        recode = var["sources"][wave].get("recode", {})
        for file_code, label in labels.items():
            read_as = recode.get(file_code, file_code)
            if label == "Don't know":
                assert read_as == dont_know
            else:
                assert read_as == code[" ".join(label.split()).capitalize()], (wave, file_code, label)
    assert "wave 1: 1 = 'Very satisfied' ... 5 = 'Very dissatisfied'" in text
    assert "wave 2: 1 = 'Very dissatisfied' ... 5 = 'Very satisfied'" in text


def test_answers_numbered_differently_under_other_column_names_are_one_question(tmp_path):
    root = tmp_path / "study"
    w1 = _wave({1: 10, 2: 11, 3: 12, 4: 13}, {i + 1: s for i, s in enumerate(OFTEN)}, column="q5")
    w2 = _wave({0: 7, 1: 14, 2: 9, 3: 10}, {i: s for i, s in enumerate(OFTEN)}, column="Q5_often")
    cb, text = _draft(root, [w1, w2])
    var = _question(cb)
    assert var["type"] == "likert"
    assert {w: s["column"] for w, s in var["sources"].items()} == {"1": "q5", "2": "Q5_often"}
    assert var["sources"]["2"]["recode"] == {0: 1, 1: 2, 2: 3, 3: 4}
    assert "maybe the same question" not in text
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="en")
    assert data[data["wave"].astype(str) == "2"][var["name"]].value_counts().to_dict() == dict(
        zip(OFTEN, [7, 14, 9, 10], strict=True))


def test_labels_in_other_words_stay_text_with_a_note(tmp_path):
    # the same codes 1..4, but no answer of one wave is an answer of the other: never matched by number
    root = tmp_path / "study"
    w1 = _wave({1: 10, 2: 8, 3: 8, 4: 8}, {1: "Top notch", 2: "Fine", 3: "So-so", 4: "Poor stuff"})
    w2 = _wave({1: 7, 2: 9, 3: 8, 4: 8}, {1: "Great", 2: "OK", 3: "Meh", 4: "Awful"})
    cb, text = _draft(root, [w1, w2])
    var = _question(cb)
    assert var["type"] == "text" and "scale" not in var
    assert all("recode" not in s for s in var["sources"].values())
    assert "the waves' value labels name different answers" in text
    assert "codes are never matched by their number" in text
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0


def test_renumbered_codes_without_a_label_are_never_matched_by_number(tmp_path):
    # only the ends are labelled; wave 2 numbers 0..4 what wave 1 numbers 1..5: 2, 3, 4 cannot be told
    root = tmp_path / "study"
    w1 = _wave({1: 10, 2: 8, 3: 8, 4: 8, 5: 6}, {1: "Not at all", 5: "Completely"})
    w2 = _wave({0: 7, 1: 9, 2: 8, 3: 8, 4: 8}, {0: "Not at all", 4: "Completely"})
    cb, text = _draft(root, [w1, w2])
    var = _question(cb)
    assert var["type"] == "text" and "scale" not in var
    assert "have no value label" in text and "never matched by number" in text
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0


def test_a_number_whose_labels_name_only_missing_codes_stays_a_number(tmp_path):
    # age with 99 = "No answer" and -9 = "Refused" (declared missing in wave 1, only labelled in wave 2)
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    ages = {"1": [23, 35, 47, 51, 62, 29, 38, 44, 99, -9] * 4, "2": [25, 31, 48, 57, 66, 99, 99, 41, -9, 19] * 4}
    paths = []
    for wave, values in ages.items():
        frame = pd.DataFrame({"id": [float(i) for i in range(40)], "age": [float(a) for a in values]})
        path = root / "data" / "raw" / f"wave_{wave}.sav"
        pyreadstat.write_sav(frame, str(path), variable_value_labels={"age": {99: "No answer", -9: "Refused"}},
                             column_labels={"id": "Respondent", "age": "How old are you?"},
                             missing_ranges={"age": [99, -9]} if wave == "1" else None)
        paths.append(path)
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(root / "config" / "codebook.yaml")]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    cb = yaml.safe_load(text)
    age = next(v for v in cb["variables"] if v["name"] == "age")
    assert age["type"] == "numeric" and sorted(age["missing"]) == [-9, 99] and "scale" not in age
    assert "the answers seen run from 19 to 66" in text   # the missing codes are no answers seen
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="en")
    for wave, values in ages.items():
        real = [a for a in values if a not in (99, -9)]
        got = data[data["wave"].astype(str) == wave]["age"].dropna()
        assert len(got) == len(real) and got.mean() == pytest.approx(sum(real) / len(real))


def test_one_code_for_two_non_substantive_answers_is_never_one_answer(tmp_path):
    # code 9 is "No answer" in wave 1 and "Don't know" in wave 2: it was one level "No answer" (alias "Don't know");
    # a "No answer" is no answer (wave 1's source maps its 9 to null), the "Don't know" an answer kept apart
    root = tmp_path / "study"
    w1 = _wave({1: 10, 2: 8, 3: 8, 4: 8, 5: 6, 9: 5}, {**{i + 1: s for i, s in enumerate(SAT)}, 9: "No answer"})
    w2 = _wave({1: 7, 2: 9, 3: 8, 4: 8, 5: 8, 9: 6}, {**{i + 1: s for i, s in enumerate(SAT)}, 9: "Don't know"})
    cb, _ = _draft(root, [w1, w2])
    var = _question(cb)
    assert var["type"] == "likert"
    scale = cb["scales"][var["scale"]]
    apart = {lv["label"]: lv["code"] for lv in scale["nonsubstantive"]}
    assert set(apart) == {"Don't know"}
    assert not any(lv.get("aliases") for lv in scale["nonsubstantive"])
    assert var["sources"]["2"].get("recode", {}).get(9, 9) == apart["Don't know"]
    assert var["sources"]["1"]["recode"][9] is None and "missing" not in var
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="en")
    for wave, dont_know in (("1", 0), ("2", 6)):
        assert int(data[data["wave"].astype(str) == wave][f"{var['name']}__dk"].sum()) == dont_know
    quality = json.loads((root / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert quality["1"]["items"][var["name"]]["missing_codes"] == 5
