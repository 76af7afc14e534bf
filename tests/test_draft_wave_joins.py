"""One question of several waves from several tools, joined as one variable (today's testers):
an SPSS end label led by its code ("0 Slet ikke sandsynligt") beside a spreadsheet's
"0 - Slet ikke sandsynligt"; an SPSS file labelling only a scale's ends beside a text wave that
words every level. Each was drafted as two variables under a REVIEW note on the shared text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.processed import read_responses
from surveykit.scaffold.scales import from_codes, from_text, same_question_merge

Q = "Hvor sandsynligt er det, at du vil anbefale kommunen som bosted?"


def _draft(root: Path, monkeypatch, *paths: str) -> tuple[dict, str]:
    monkeypatch.chdir(root)
    assert cli.main(["-q", "codebook", "draft", *paths]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def _asked(cb: dict, question: str) -> list[dict]:
    return [v for v in cb["variables"] if (v.get("question") or v["label"]).startswith(question[:30])]


def _one_likert_of_both_waves(cb: dict, question: str) -> tuple[dict, dict]:
    """The one variable asking ``question``, a likert of waves 1 and 2, and its scale."""
    asked = _asked(cb, question)
    assert len(asked) == 1, [v["name"] for v in asked]
    var = asked[0]
    assert var["type"] == "likert" and set(var["sources"]) == {"1", "2"}
    return var, cb["scales"][var["scale"]]


def test_end_label_with_its_code_and_with_a_dash_are_one_level(tmp_path, monkeypatch) -> None:
    import openpyxl
    import pyreadstat

    root = tmp_path / "dk"
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw"
    n = 44
    w1 = pd.DataFrame({"respid": range(1, n + 1), "q4": [float(i % 11) if i % 9 else 99.0 for i in range(n)]})
    pyreadstat.write_sav(w1, str(raw / "borger2021.sav"), column_labels=["Id", Q],
                         variable_value_labels={"q4": {0: "0 Slet ikke sandsynligt", 10: "10 Meget sandsynligt",
                                                       99: "Ved ikke"}},
                         missing_ranges={"q4": [99]})
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["Respondent-id", Q])
    words = {0: "0 - Slet ikke sandsynligt", 10: "10 - Meget sandsynligt"}
    for i in range(n):
        sheet.append([100 + i, "Ved ikke" if i % 13 == 0 else words.get(i % 11, str(i % 11))])
    wb.save(raw / "borger2023.xlsx")
    cb, _ = _draft(root, monkeypatch, "data/raw/borger2021.sav", "data/raw/borger2023.xlsx")
    _, scale = _one_likert_of_both_waves(cb, Q)
    assert [lv["code"] for lv in scale["levels"]] == list(range(11))
    ends = scale["levels"][0], scale["levels"][-1]
    assert ends[0]["label"] == "0 Slet ikke sandsynligt" and "0 - Slet ikke sandsynligt" in ends[0]["aliases"]
    assert ends[1]["label"] == "10 Meget sandsynligt" and "10 - Meget sandsynligt" in ends[1]["aliases"]
    assert [lv["label"] for lv in scale["nonsubstantive"]] == ["Ved ikke"]
    assert cli.main(["-q", "validate"]) == 0


def test_a_number_that_is_the_answer_is_never_dropped() -> None:
    """'1 barn' and '2 barn' (how many children) are led by their own codes, but the number is the
    answer: without it they would be one text; kept apart from each other and from a wave's 'barn'."""
    spss = from_codes({0: "0 barn", 1: "1 barn", 2: "2 barn", 3: "3 barn eller flere"}, {0, 1, 2, 3})
    assert len({lv.key for lv in spss.levels}) == 4 and "barn" not in {lv.key for lv in spss.levels}
    text = from_text(pd.Series(["1 barn", "2 barn", "Ingen"] * 5))
    merged = same_question_merge(spss, text)
    keep = spss if spss.merged_into is None else text
    if merged:
        labels = [lv.labels for lv in keep.levels]
        assert not any("1 barn" in labs and "2 barn" in labs for labs in labels)


def test_a_label_led_by_another_code_keeps_its_number() -> None:
    """'2 timer' of code 1 is no code before a label: compared as written."""
    scale = from_codes({1: "2 timer", 2: "4 timer", 3: "Mer enn 4 timer"}, {1, 2, 3})
    assert [lv.key for lv in scale.levels][:2] == ["2 timer", "4 timer"]


SAT = "How satisfied are you with the waste collection?"
WORDS = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]


def _ends_study(tmp_path: Path, spss_labels: dict, codes: range, words: list[str]) -> Path:
    import pyreadstat

    root = tmp_path / "by"
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = root / "data" / "raw"
    n = 40
    top = list(codes)
    w1 = pd.DataFrame({"id": range(1, n + 1), "q7": [float(top[i % len(top)]) if i % 10 else 9.0 for i in range(n)]})
    pyreadstat.write_sav(w1, str(raw / "wave2021.sav"), column_labels=["Id", SAT],
                         variable_value_labels={"q7": {**spss_labels, 9: "Don't know"}}, missing_ranges={"q7": [9]})
    pd.DataFrame({"ID": range(100, 100 + n), SAT: [words[i % len(words)] if i % 7 else "Don't know"
                                                   for i in range(n)]}).to_csv(raw / "wave2023.csv", index=False)
    return root


def test_spss_end_labels_join_a_text_wave_that_words_every_level(tmp_path, monkeypatch) -> None:
    root = _ends_study(tmp_path, {1: "Very dissatisfied", 5: "Very satisfied"}, range(1, 6), WORDS)
    cb, text = _draft(root, monkeypatch, "data/raw/wave2021.sav", "data/raw/wave2023.csv")
    var, scale = _one_likert_of_both_waves(cb, SAT)
    assert [lv["label"] for lv in scale["levels"]] == WORDS
    assert [lv["code"] for lv in scale["levels"]] == [1, 2, 3, 4, 5]
    assert "by position, not by label" in text
    note = next(line for line in text.splitlines() if "by position, not by label" in line)
    assert "REVIEW" in note and "2 = 'Dissatisfied'" in note
    assert cli.main(["-q", "validate"]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="en")
    wave1 = data[data["wave"] == "1"][var["name"]].dropna().astype(str)
    assert set(wave1) == set(WORDS)


@pytest.mark.parametrize(("labels", "codes", "words"), [
    ({1: "Very dissatisfied", 7: "Very satisfied"}, range(1, 8), WORDS),            # 7 codes, 5 words
    ({1: "Extremely dissatisfied", 5: "Extremely satisfied"}, range(1, 6), WORDS),  # other ends
    ({1: "Very dissatisfied", 3: "Neutral", 5: "Very satisfied"}, range(1, 6), WORDS),  # a middle label
])
def test_ends_that_do_not_fit_the_worded_scale_stay_two_variables(tmp_path, monkeypatch, labels, codes, words) -> None:
    root = _ends_study(tmp_path, labels, codes, words)
    cb, text = _draft(root, monkeypatch, "data/raw/wave2021.sav", "data/raw/wave2023.csv")
    assert len(_asked(cb, SAT)) == 2
    assert "by position, not by label" not in text


def _write_sx(folder: Path, name: str, header: list[str], rows: int = 30) -> Path:
    lines = [";".join(header)]
    for i in range(rows):
        lines.append(";".join(str(1 + (i + j) % 5) if h.startswith(("s_", "v_")) else str(1000 + i)
                              for j, h in enumerate(header)))
    path = folder / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_surveyxact_dataset_alone_gets_one_file_note(tmp_path, monkeypatch) -> None:
    root = tmp_path / "sx"
    assert cli.main(["-q", "init", str(root)]) == 0
    _write_sx(root / "data" / "raw", "dataset.csv", ["respondentid", "statoverall_1", "s_1", "s_2", "s_3", "v_4_1"])
    _, text = _draft(root, monkeypatch, "data/raw/dataset.csv")
    header = text.split("\nscales:")[0].split("\nvariables:")[0]
    notes = [line for line in header.splitlines() if "labels.csv and structure.csv" in line]
    assert len(notes) == 1, notes
    assert notes[0].startswith("# REVIEW: wave 1: dataset.csv looks like SurveyXact's dataset.csv")
    assert "in the folder of dataset.csv" in notes[0]


@pytest.mark.parametrize(("name", "header"), [
    ("dataset.csv", ["id", "age", "gender", "q1"]),   # not SurveyXact's names
    ("answers.csv", ["respondentid", "statoverall_1", "s_1", "s_2"]),   # not its dataset file
])
def test_other_csv_files_get_no_surveyxact_note(tmp_path, monkeypatch, name, header) -> None:
    root = tmp_path / "sx"
    assert cli.main(["-q", "init", str(root)]) == 0
    _write_sx(root / "data" / "raw", name, header)
    _, text = _draft(root, monkeypatch, f"data/raw/{name}")
    assert "looks like SurveyXact's dataset.csv" not in text
