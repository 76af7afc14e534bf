"""A question asked in several waves, each wave's answers a different subset of its options
(a tester split a real Microsoft Forms export, /work/shared/samples/microsoft-forms/, into three
waves): the draft joins the waves' scales by answer text, never level by level. The same text
is one level; different texts are never aliases of each other (but for the known wordings of one
level of a lexicon scale); the union of the levels is put in an order that is certain, or listed
as written under REVIEW; the same question (text and column) in every wave is one variable; and
the report's shares of each wave are the raw files' own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml

from surveykit import cli
from surveykit.scaffold.lexicon import norm
from surveykit.scaffold.scales import (
    DraftScale,
    Level,
    from_codes,
    from_text,
    resolve,
    same_question_merge,
)


def labels(scale: DraftScale) -> list[str]:
    return [lv.labels[0] for lv in scale.levels]


def aliases(scale: DraftScale) -> dict[str, list[str]]:
    return {lv.labels[0]: lv.labels[1:] for lv in scale.levels if len(lv.labels) > 1}


def merged(a: DraftScale, b: DraftScale) -> DraftScale:
    assert same_question_merge(a, b)
    out = resolve(a)
    assert out is resolve(b)
    return out


# -------------------------------------------------------------------------------- the scales
def test_screen_time_answers_of_two_waves_join_by_text_ordered_by_their_numbers():
    # the tester's case: each wave saw a different three of the five answers
    w1 = from_text(pd.Series(["3-5 timer", "5-8 timer", "Mer enn 8 timer", "3-5 timer"]))
    w2 = from_text(pd.Series(["Mer enn 8 timer", "5-8 timer", "1-3 timer"]))
    assert labels(w1) == ["3-5 timer", "5-8 timer", "Mer enn 8 timer"] and w1.family == w2.family == "ordinal"
    scale = merged(w1, w2)
    assert labels(scale) == ["1-3 timer", "3-5 timer", "5-8 timer", "Mer enn 8 timer"]
    assert [lv.code for lv in scale.levels] == [1, 2, 3, 4]
    assert aliases(scale) == {}            # '1-3 timer' is no wording of '3-5 timer'
    assert scale.ordered and scale.family == "ordinal"
    assert not any("matched in order" in n for n in scale.notes)
    w3 = from_text(pd.Series(["5-8 timer", "3-5 timer", "Mer enn 8 timer", "Mindre enn 1 time"]))
    scale = merged(scale, w3)
    assert labels(scale) == ["Mindre enn 1 time", "1-3 timer", "3-5 timer", "5-8 timer", "Mer enn 8 timer"]
    assert [lv.code for lv in scale.levels] == [1, 2, 3, 4, 5] and aliases(scale) == {}


def test_a_later_wave_with_an_extra_answer_joins_the_unordered_two_answer_scale():
    early = from_text(pd.Series(["16-17 år"] * 19 + ["13-15 år"]))
    late = from_text(pd.Series(["16-17 år", "18-19 år", "13-15 år"]))
    assert not early.ordered and late.ordered          # two answers are too few to call ordinal
    scale = merged(early, late)
    assert labels(scale) == ["13-15 år", "16-17 år", "18-19 år"] and [lv.code for lv in scale.levels] == [1, 2, 3]
    assert scale.ordered and aliases(scale) == {}
    assert any("ordered by the numbers in the answers" in n for n in scale.notes)


def test_same_text_is_one_level_across_waves():
    a = from_text(pd.Series(["Mindre enn 2 timer per uke", "2-4 timer per uke", "Mer enn 6 timer per uke"]))
    b = from_text(pd.Series(["2-4 TIMER per uke.", "4-6 timer per uke", "mer enn 6 timer per uke"]))
    scale = merged(a, b)
    assert labels(scale) == ["Mindre enn 2 timer per uke", "2-4 timer per uke", "4-6 timer per uke",
                             "Mer enn 6 timer per uke"]
    assert aliases(scale) == {"2-4 timer per uke": ["2-4 TIMER per uke."],
                              "Mer enn 6 timer per uke": ["mer enn 6 timer per uke"]}
    for lv in scale.levels:   # only texts that are one answer after norm are aliases
        assert len({norm(x) for x in lv.labels}) == 1


def test_known_wordings_of_one_lexicon_level_stay_one_level_with_a_note():
    w1 = from_text(pd.Series(["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]))
    w2 = from_text(pd.Series(["Svært uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Svært enig"]))
    assert w1.family == w2.family == "agree" and w1.likert
    scale = merged(w1, w2)
    assert labels(scale) == ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]
    assert aliases(scale) == {"Helt uenig": ["Svært uenig"], "Helt enig": ["Svært enig"]}
    assert scale.likert and [lv.code for lv in scale.levels] == [1, 2, 3, 4, 5]
    note = next(n for n in scale.notes if "wordings of one level" in n)
    assert "'Helt enig' and 'Svært enig'" in note and "'Helt uenig' and 'Svært uenig'" in note


def _ordered(*texts: str, family: str = "x") -> DraftScale:
    return DraftScale([Level(i + 1, [t]) for i, t in enumerate(texts)], True, family, False)


def test_two_ordered_lists_merge_in_the_one_order_consistent_with_both():
    scale = merged(_ordered("Rosa", "Blå", "Grønn"), _ordered("Blå", "Grønn", "Gul"))
    assert labels(scale) == ["Rosa", "Blå", "Grønn", "Gul"] and [lv.code for lv in scale.levels] == [1, 2, 3, 4]
    assert scale.ordered and aliases(scale) == {}
    assert any("the one order that agrees with each wave's order" in n for n in scale.notes)


def test_no_certain_order_keeps_every_answer_unordered_under_review():
    # same family, same length: the old draft matched them level by level ('Blå' an alias of 'Rosa')
    scale = merged(_ordered("Rosa", "Grønn", "Gul"), _ordered("Blå", "Grønn", "Gul"))
    assert labels(scale) == ["Rosa", "Grønn", "Gul", "Blå"] and [lv.code for lv in scale.levels] == [1, 2, 3, 4]
    assert not scale.ordered and not scale.likert and aliases(scale) == {}
    note = next(n for n in scale.notes if "no order of them all is certain" in n)
    assert "The order must be checked" in note and "'Blå'" in note


def test_the_same_code_for_different_answers_in_two_files_is_no_level_of_both():
    # value labels (SPSS): code 1 is '1-3 timer' in one wave and '3-5 timer' in the next
    a = from_codes({1: "1-3 timer", 2: "3-5 timer", 3: "5-8 timer"}, {1, 2, 3})
    b = from_codes({1: "3-5 timer", 2: "5-8 timer", 3: "Mer enn 8 timer"}, {1, 2, 3})
    assert a.ordered and b.ordered and a.fixed and b.fixed
    assert not same_question_merge(a, b)          # kept apart: the harmonised draft makes two variables
    assert a.merged_into is None and b.merged_into is None
    assert aliases(a) == {} and aliases(b) == {} and labels(a) == ["1-3 timer", "3-5 timer", "5-8 timer"]


# -------------------------------------------------------------------------------- a 3-wave study
COLUMNS = ["ID", "Starttidspunkt", "Fullføringstidspunkt", "E-postadresse", "Navn", "Hvor gammel er du?",
           "Hvilket kjønn identifiserer du deg som?", "Hvor mye brukte skjerm på fritiden om dagen før pandemien?",
           "Hvor mye brukte skjerm på fritiden om dagen under pandemien?", "Hvor mener du at du bor (omtrentlig)?"]
AGE, GENDER, BEFORE, DURING, PLACE = COLUMNS[5:]
# each wave's answers to each question (the tester's split: different subsets in each wave)
WAVES = {
    2022: {AGE: ["16-17 år"] * 19 + ["13-15 år"], GENDER: ["Kvinne"] * 17 + ["Mann"] * 3,
           BEFORE: ["3-5 timer"] * 8 + ["1-3 timer"] * 6 + ["5-8 timer"] * 6,
           DURING: ["5-8 timer"] * 8 + ["Mer enn 8 timer"] * 7 + ["3-5 timer"] * 5,
           PLACE: ["Nordre Follo"] * 7 + ["Bærum"] * 6 + ["Oslo Øst"] * 4 + ["Asker"] * 3},
    2023: {AGE: ["16-17 år"] * 18 + ["13-15 år"] * 2, GENDER: ["Kvinne"] * 16 + ["Mann"] * 4,
           BEFORE: ["3-5 timer"] * 11 + ["5-8 timer"] * 8 + ["1-3 timer"],
           DURING: ["Mer enn 8 timer"] * 11 + ["5-8 timer"] * 8 + ["1-3 timer"],
           PLACE: ["Asker"] * 14 + ["Bærum"] * 3 + ["Nittedal"] * 3},
    2024: {AGE: ["16-17 år"] * 13 + ["18-19 år"] * 3 + ["13-15 år"] * 3, GENDER: ["Kvinne"] * 14 + ["Mann"] * 5,
           BEFORE: ["5-8 timer"] * 9 + ["3-5 timer"] * 7 + ["Mer enn 8 timer"] * 2 + ["Mindre enn 1 time"],
           DURING: ["Mer enn 8 timer"] * 8 + ["5-8 timer"] * 6 + ["3-5 timer"] * 4 + ["1-3 timer"],
           PLACE: ["Asker"] * 14 + ["Nordre Follo"] * 3 + ["Oslo Øst"] * 2},
}


def _wave_frame(year: int, answers: dict[str, list[str]], first_id: int) -> pd.DataFrame:
    n = len(answers[AGE])
    rng = __import__("random").Random(year)
    frame = pd.DataFrame({q: rng.sample(v, len(v)) for q, v in answers.items()})   # shuffled, reproducibly
    start = dt.datetime(year, 5, 12, 10, 0)
    frame.insert(0, "ID", range(first_id, first_id + n))
    frame.insert(1, "Starttidspunkt", [start + dt.timedelta(minutes=7 * i) for i in range(n)])
    frame.insert(2, "Fullføringstidspunkt", [start + dt.timedelta(minutes=7 * i + 3) for i in range(n)])
    frame.insert(3, "E-postadresse", "anonymous")
    frame.insert(4, "Navn", None)
    return frame[COLUMNS]


def _write_waves(folder: Path) -> list[Path]:
    """Waves 2022 and 2023 as Microsoft Forms writes them (.xlsx), 2024 re-saved as CSV (UTF-8 BOM)."""
    paths, first = [], 1
    for year, answers in WAVES.items():
        frame = _wave_frame(year, answers, first)
        first += len(frame)
        if year == 2024:
            path = folder / f"fritid-{year}.csv"
            frame.to_csv(path, index=False, encoding="utf-8-sig")
        else:
            path = folder / f"fritid-{year}.xlsx"
            frame.to_excel(path, index=False, sheet_name="Sheet1")
        paths.append(path)
    return paths


def _read_raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig") if path.suffix == ".csv" else pd.read_excel(path)


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> tuple[Path, list[Path]]:
    tmp = tmp_path_factory.mktemp("waves")
    root = tmp / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    raw = _write_waves(root / "data" / "raw")
    assert cli.main(["-q", "codebook", "draft", *map(str, raw), "-o", str(root / "config" / "codebook.yaml")]) == 0
    assert cli.main(["-q", "build", "--study", str(root), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    return root, raw


def _codebook(root: Path) -> dict:
    return yaml.safe_load((root / "config" / "codebook.yaml").read_text(encoding="utf-8"))


def test_every_question_is_one_variable_with_a_source_in_every_wave(study):
    root, _ = study
    cb = _codebook(root)
    for question in (AGE, GENDER, BEFORE, DURING, PLACE):
        found = [v for v in cb["variables"] if any(s.get("column") == question for s in v["sources"].values())]
        assert len(found) == 1, (question, [v["name"] for v in found])
        assert set(found[0]["sources"]) == {"1", "2", "3"}
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "maybe the same question" not in text and "matched in order" not in text


def test_no_level_holds_two_different_answers_and_the_orders_are_the_numbers(study):
    root, _ = study
    cb = _codebook(root)
    by_column = {v["sources"]["1"].get("column"): v for v in cb["variables"]}
    for scale in cb["scales"].values():
        for lv in scale["levels"]:
            assert len({norm(x) for x in [lv["label"], *lv.get("aliases", [])]}) == 1, lv

    def levels(question: str) -> list[tuple[int, str]]:
        return [(lv["code"], lv["label"]) for lv in cb["scales"][by_column[question]["scale"]]["levels"]]

    assert levels(AGE) == [(1, "13-15 år"), (2, "16-17 år"), (3, "18-19 år")]
    # each the union of the answers it got in the three waves, ordered by their numbers
    assert levels(BEFORE) == [(1, "Mindre enn 1 time"), (2, "1-3 timer"), (3, "3-5 timer"), (4, "5-8 timer"),
                              (5, "Mer enn 8 timer")]
    assert levels(DURING) == [(1, "1-3 timer"), (2, "3-5 timer"), (3, "5-8 timer"), (4, "Mer enn 8 timer")]
    assert sorted(x for _, x in levels(PLACE)) == ["Asker", "Bærum", "Nittedal", "Nordre Follo", "Oslo Øst"]


def test_the_reports_shares_of_each_wave_are_the_raw_files_value_counts(study):
    root, raw = study
    cb = _codebook(root)
    table = pd.read_csv(root / "reports" / "tables" / "answers.csv")
    checked = 0
    for wave, path in enumerate(raw, start=1):
        frame = _read_raw(path)
        # the variable reading the question in this wave
        names = {s.get("column"): v["name"] for v in cb["variables"] for w, s in v["sources"].items() if w == str(wave)}
        for question in (AGE, GENDER, BEFORE, DURING, PLACE):
            want = frame[question].dropna().astype(str).value_counts(normalize=True)
            rows = table[(table["wave"].astype(str) == str(wave)) & (table["variable"] == names[question])]
            got = rows.set_index("level")["estimate"]
            assert set(want.index) <= set(got.index), (wave, question)
            for level, share in got.items():
                assert share == pytest.approx(want.get(level, 0.0), abs=1e-12), (wave, question, level)
                checked += 1
    assert checked == 3 * (3 + 2 + 5 + 4 + 5)


def test_one_question_on_two_known_scales_in_two_waves_is_one_variable_without_means(tmp_path):
    # the same question and column, asked on an agree scale in one wave and a satisfied scale in the
    # next: one variable; no order of the ten answers is certain, so none is guessed (no means)
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    question = "Hva synes du om tilbudet?"
    agree = ["Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"]
    satisfied = ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"]
    paths = []
    for wave, answers in enumerate((agree * 4, satisfied * 4)):
        frame = pd.DataFrame({"id": range(100 * wave, 100 * wave + 20), "kjønn": ["Kvinne", "Mann"] * 10,
                              question: answers})
        paths.append(root / "data" / "raw" / f"runde{wave + 1}.csv")
        frame.to_csv(paths[-1], index=False)
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(root / "config" / "codebook.yaml")]) == 0
    cb = _codebook(root)
    found = [v for v in cb["variables"] if any(s.get("column") == question for s in v["sources"].values())]
    assert len(found) == 1 and set(found[0]["sources"]) == {"1", "2"} and found[0]["type"] == "single"
    scale = cb["scales"][found[0]["scale"]]
    assert [lv["label"] for lv in scale["levels"]] == agree + satisfied and scale["ordered"] is False
    assert all("aliases" not in lv for lv in scale["levels"])
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "# REVIEW: the answers differ between waves and no order of them all is certain" in text
    assert "The order must be checked" in text
    assert cli.main(["-q", "build", "--study", str(root), "--jobs", "1", "--formats", "png", "--dpi", "72"]) == 0
    table = pd.read_csv(root / "reports" / "tables" / "answers.csv")
    rows = table[table["variable"] == found[0]["name"]]
    for wave, answers in (("1", agree), ("2", satisfied)):
        got = rows[rows["wave"].astype(str) == wave].set_index("level")["estimate"]
        assert got.to_dict() == pytest.approx({x: 0.2 if x in answers else 0.0 for x in agree + satisfied})
