"""The same column in two waves is one variable (a tester drafted two waves of a KoboToolbox
survey, of a Nettskjema survey and of a SurveyMonkey one): 26 of the Kobo columns became one
variable per wave (dwelling_type and dwelling_type_2), with only "maybe the same question (84 %
alike)" for an identical header, and the report said wave 2 "not asked" with n = 0. The numbered
answers of each wave ("1. Apartment" ... "8. Camp"; "5. Private space" and "7. Hotel" in the next)
gave scales that could not be one; 'Pronomener' was a multi-select in one wave and free text in the
next, 'MemberSiteOther' free text and then a single choice, 'Baladiya' free text and then a single
choice (whose note proposed another question, 'Baladiya_disp', 76 % alike).

Now a column with the same header and words in every wave is one variable with the answers of all:
kinds that differ take the one that holds every wave's answers (text over a choice; a multi-select
when the single choice's answers are its options), scales that cannot be one become one unordered
scale of all answers by text (each file's codes recoded to it), each with a REVIEW note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.processed import read_responses


def _draft(root: Path, frames: list[pd.DataFrame], suffix: str = ".csv") -> dict:
    assert cli.main(["-q", "init", str(root)]) == 0
    paths = []
    for i, frame in enumerate(frames):
        path = root / "data" / "raw" / f"runde_{2021 + i}{suffix}"
        if suffix == ".sav":
            import pyreadstat

            labels = frame.attrs.get("labels", {})
            pyreadstat.write_sav(frame, str(path), variable_value_labels=labels)
        else:
            frame.to_csv(path, index=False)
        paths.append(path)
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(root / "config" / "codebook.yaml")]) == 0
    return yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))


def _holding(cb: dict, column: str) -> list[dict]:
    return [v for v in cb["variables"] if any(s.get("column") == column for s in v["sources"].values())
            and not v.get("other_of")]


def _stamps(n: int, year: int) -> list[str]:
    start = dt.datetime(year, 5, 2, 9)
    return [(start + dt.timedelta(hours=i)).isoformat(sep=" ") for i in range(n)]


DWELLING_1 = ["1. Apartment"] * 10 + ["2. House"] * 20 + ["3. Unfinished room(s)"] * 3 + ["8. Camp"] * 2
DWELLING_2 = ["1. Apartment"] * 9 + ["2. House"] * 21 + ["3. Unfinished room(s)"] * 2 + [
    "5. Private space not usually used for shelter"] * 2 + ["7. Hotel"]
N = len(DWELLING_1)
PLACES = ["Tripoli", "Misrata", "Benghazi", "Sabha", "Derna"]


def _waves() -> list[pd.DataFrame]:
    many = [f"Mahalla {i} of the old town" for i in range(N)]   # 35 answers each given once: free text
    few = [PLACES[i % 5] for i in range(N)]                      # five places given again and again: a choice
    pronouns = (["hun/henne", "han/ham", "hun/henne,hen", "han/ham,hen", "hen"] * 7)[:N]
    typed = [f"dei/dykk {i}" if i % 2 else f"hen/{i}" for i in range(N)]
    sites = [f"Online {i}. May" for i in range(N)]
    chosen = (["Online 26-27 Feb"] * 8 + ["Stanford 1 Feb"] * 5 + [f"Typed place {i}" for i in range(4)]
              + [None] * N)[:N]
    w1 = pd.DataFrame({"submitted": _stamps(N, 2021), "dwelling_type": DWELLING_1, "Baladiya": many,
                       "Baladiya_disp": few, "Pronomener": pronouns, "MemberSiteOther": sites,
                       "nb_hectares": [(i * 3) % 11 for i in range(N)]})
    w2 = pd.DataFrame({"submitted": _stamps(N, 2022), "dwelling_type": DWELLING_2, "Baladiya": few,
                       "Baladiya_disp": many, "Pronomener": typed, "MemberSiteOther": chosen,
                       "nb_hectares": [None] * N})   # in the export, answered by nobody
    return [w1, w2]


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("same") / "study"
    cb = _draft(root, _waves())
    return root, cb


@pytest.mark.parametrize("column", ["dwelling_type", "Baladiya", "Baladiya_disp", "Pronomener", "MemberSiteOther",
                                    "nb_hectares"])
def test_a_column_of_both_waves_is_one_variable_with_a_source_in_each(study, column):
    _, cb = study
    found = _holding(cb, column)
    assert len(found) == 1, [v["name"] for v in found]
    assert set(found[0]["sources"]) == {"1", "2"}
    text = yaml.safe_dump(found[0])
    assert "maybe the same question" not in text and "alike" not in text


def test_a_column_nobody_answered_in_a_wave_is_its_source_there_with_a_note(study):
    root, cb = study
    var = _holding(cb, "nb_hectares")[0]
    assert var["type"] == "numeric" and list(var["sources"]) == ["1", "2"]
    assert "wave 2: its column is in the export but empty (nobody answered it there)" in (
        root / "config" / "codebook.yaml").read_text(encoding="utf-8")


def test_numbered_answers_of_two_waves_are_one_scale_of_every_answer(study):
    root, cb = study
    var = _holding(cb, "dwelling_type")[0]
    assert var["type"] == "single"
    scale = cb["scales"][var["scale"]]
    assert [lv["label"] for lv in scale["levels"]] == [
        "1. Apartment", "2. House", "3. Unfinished room(s)", "5. Private space not usually used for shelter",
        "7. Hotel", "8. Camp"]   # every answer once; no level for a number nobody answered ('4', '6')
    assert scale["ordered"] is False
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "the export numbers these answers" in text   # categories, not a scale: the REVIEW note says so


def test_kinds_that_differ_take_the_one_that_holds_every_answer_with_a_note(study):
    root, cb = study
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    for column, before, after in (("Baladiya", "text", "single"), ("Baladiya_disp", "single", "text"),
                                  ("Pronomener", "multi", "text"), ("MemberSiteOther", "text", "single")):
        var = _holding(cb, column)[0]
        assert var["type"] == "text", column
        assert "scale" not in var and "options" not in var
        assert all(set(s) == {"column"} for s in var["sources"].values())
        assert (f"the same column is drafted {before} in wave(s) 1 and {after} in wave 2: one text variable"
                in text), column
    # the notes on the options of the multi-select that is no longer one are gone
    block = text.split("name: pronomener\n")[1].split("  - name:")[0]
    assert "folded into `other`" not in block and "blank: none" not in block


def test_a_single_choice_wave_of_a_multi_select_is_read_as_its_options(tmp_path):
    hobbies = ["Reading;Sports", "Music", "Reading", "Sports;Music", "Reading;Music", "Sports"] * 6
    chosen = ["Reading", "Music", "Sports"] * 12
    cb = _draft(tmp_path / "study", [pd.DataFrame({"submitted": _stamps(36, 2021), "Hobbies (select all)": hobbies}),
                                     pd.DataFrame({"submitted": _stamps(36, 2022), "Hobbies (select all)": chosen})])
    found = _holding(cb, "Hobbies (select all)")
    assert len(found) == 1 and found[0]["type"] == "multi"
    assert {s.get("separator") for s in found[0]["sources"].values()} == {";"}


def test_value_labels_that_differ_are_one_scale_with_each_files_codes_recoded(tmp_path):
    # code 1 is '1-3 timer' in one file and '3-5 timer' in the next (SPSS): one variable, no code holds two answers
    root = tmp_path / "study"
    q = "Skjermtid"
    w1 = pd.DataFrame({"id": range(1, 31), q: [1, 2, 3] * 10})
    w1.attrs["labels"] = {q: {1: "1-3 timer", 2: "3-5 timer", 3: "5-8 timer"}}
    w2 = pd.DataFrame({"id": range(31, 61), q: [1] * 15 + [2] * 10 + [3] * 5})
    w2.attrs["labels"] = {q: {1: "3-5 timer", 2: "5-8 timer", 3: "Mer enn 8 timer"}}
    cb = _draft(root, [w1, w2], ".sav")
    found = _holding(cb, q)
    assert len(found) == 1 and set(found[0]["sources"]) == {"1", "2"}
    scale = cb["scales"][found[0]["scale"]]
    codes = {lv["label"]: lv["code"] for lv in scale["levels"]}
    assert codes == {"1-3 timer": 1, "3-5 timer": 2, "5-8 timer": 3, "Mer enn 8 timer": 4}
    assert "recode" not in found[0]["sources"]["1"]
    assert found[0]["sources"]["2"]["recode"] == {1: 2, 2: 3, 3: 4}
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    data = read_responses(root / "data" / "processed" / "responses.parquet", language="nb")
    name = found[0]["name"]
    for wave, expected in (("1", {"1-3 timer": 10, "3-5 timer": 10, "5-8 timer": 10, "Mer enn 8 timer": 0}),
                           ("2", {"1-3 timer": 0, "3-5 timer": 15, "5-8 timer": 10, "Mer enn 8 timer": 5})):
        assert data[data["wave"].astype(str) == wave][name].value_counts().to_dict() == expected
