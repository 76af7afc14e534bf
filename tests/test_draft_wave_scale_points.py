"""The same question asked on scales of other points in two waves (a 5-point satisfaction scale in
wave 1, a 4-point one without the middle in wave 2; a rating of 1-5 in wave 1 and 0-10 in wave 2,
exported as numbers). The draft joined them into one variable without a word: its means and
top-box shares by wave went into the report, and `sk.change` gave a difference that is the change
of scale, not of opinion. Now the variable gets a REVIEW note naming the answers one wave's file
lacks, or each wave's range of numbers, and saying to make each wave's question a variable of its
own when the scales differ; likewise a number whose largest answer in one wave is ten times the
other's (minutes in one wave, hours in the next). A question on the same scale in both waves, and
ages (18-85 beside 19-90), get no such note.

The exports are written here in the shapes the tools write: CSV with the question as the header
and the answer text in the cells (Nettskjema's and SurveyMonkey's CSV, as the samples in
tests/data/samples/ show), and SPSS .sav with value labels (as tests/test_draft_wave_value_labels.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from surveykit import cli
from tests.test_draft_wave_value_labels import _draft, _question, _wave

S5 = ["Svært misfornøyd", "Nokså misfornøyd", "Verken fornøyd eller misfornøyd", "Nokså fornøyd", "Svært fornøyd"]
S4 = [s for s in S5 if s.startswith(("Svært", "Nokså"))]
QUESTION = "Hvor fornøyd er du med biblioteket?"


def _csv_draft(root: Path, waves: list[pd.Series], question: str = QUESTION) -> dict:
    """Draft the codebook of a study whose wave i is a CSV export of ``question`` answered ``waves[i]``."""
    assert cli.main(["-q", "init", str(root)]) == 0
    paths = []
    for i, answers in enumerate(waves):
        path = root / "data" / "raw" / f"runde_{2021 + i}.csv"
        pd.DataFrame({"Respondent": range(1, len(answers) + 1), question: answers}).to_csv(path, index=False)
        paths.append(path)
    out = root / "config" / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(out)]) == 0
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def _notes(root: Path, question: str) -> list[str]:
    """The REVIEW notes the written codebook gives the variable asking ``question``."""
    lines = (root / "config" / "codebook.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f'label: "{question}"')
    notes = []
    for line in lines[start + 1:]:
        if not line.strip().startswith("# REVIEW:"):
            break
        notes.append(line.strip())
    return notes


def _scale_note(notes: list[str]) -> list[str]:
    return [n for n in notes if "different scales" in n or "different units" in n]


def test_a_four_point_wave_beside_a_five_point_wave_is_flagged(tmp_path):
    rng = np.random.default_rng(3)
    cb = _csv_draft(tmp_path, [pd.Series(rng.choice(S5, 80)), pd.Series(rng.choice(S4, 80))])
    var = _question(cb)
    assert var["type"] == "likert"
    [note] = _scale_note(_notes(tmp_path, QUESTION))
    assert "wave 2's file has no answer 'Verken fornøyd eller misfornøyd'" in note
    assert "a variable of its own" in note
    # no answer in a file of texts is no proof it was not offered: the note says how to say so, nothing is written
    assert "say so on its source (`offered: [1, 2, 4, 5]`; a change or did of the waves is then refused" in note
    assert "offered" not in var["sources"]["2"]


def test_the_same_five_points_in_both_waves_get_no_note(tmp_path):
    rng = np.random.default_rng(4)
    cb = _csv_draft(tmp_path, [pd.Series(rng.choice(S5, 80)), pd.Series(rng.choice(S5, 80))])
    assert _question(cb)["type"] == "likert"
    assert _scale_note(_notes(tmp_path, QUESTION)) == []


def test_an_spss_wave_labelling_four_points_beside_five_is_flagged(tmp_path):
    # wave 2's value labels name four answers (1-4, no middle), each recoded to its level by label
    cb, _ = _draft(tmp_path, [_wave({1: 5, 2: 8, 3: 10, 4: 9, 5: 8}, {i + 1: s for i, s in enumerate(S5)}),
                              _wave({1: 5, 2: 8, 3: 10, 4: 9}, {i + 1: s for i, s in enumerate(S4)})])
    var = _question(cb)
    assert var["sources"]["2"]["recode"] == {1: 1, 2: 2, 3: 4, 4: 5}
    # its value labels are the answers it offered: the source says so (the change is then refused unless meant)
    assert var["sources"]["2"]["offered"] == [1, 2, 4, 5]
    assert "offered" not in var["sources"]["1"]
    [note] = _scale_note(_notes(tmp_path, "How satisfied are you with the library?"))
    assert "wave 2's file offers no answer 'Verken fornøyd eller misfornøyd'" in note
    assert "`offered: [1, 2, 4, 5]`" in note


def test_the_drafted_offered_levels_validate_and_refuse_a_change_unless_meant(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 24)
    cb, _ = _draft(tmp_path, [_wave({1: 5, 2: 8, 3: 10, 4: 9, 5: 8}, {i + 1: s for i, s in enumerate(S5)}),
                              _wave({1: 5, 2: 8, 3: 10, 4: 9}, {i + 1: s for i, s in enumerate(S4)})])
    name = _question(cb)["name"]
    assert cli.main(["-q", "validate", "--no-write", "--study", str(tmp_path)]) == 0
    report = tmp_path / "config" / "report.yaml"
    change = f"  - {{id: endring, kind: change, items: [{name}]}}\n"
    report.write_text(report.read_text(encoding="utf-8").replace("figures:\n", "figures:\n" + change, 1),
                      encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["-q", "validate", "--no-write", "--study", str(tmp_path)]) == 2
    assert "wave '2' offered no 3 = 'Verken fornøyd eller misfornøyd'" in capsys.readouterr().err


@pytest.mark.parametrize(("first", "second", "flagged"), [
    ((1, 6), (0, 11), True),       # a 1-5 rating, then 0-10
    ((1, 6), (1, 8), True),        # 1-5, then 1-7
    ((1, 6), (1, 6), False),       # the same scale
    ((18, 86), (19, 91), False),   # ages: no rating scale
    ((5, 181), (1, 4), True),      # minutes in wave 1, hours in wave 2
])
def test_numbers_on_ratings_of_other_ranges_are_flagged(tmp_path, first, second, flagged):
    rng = np.random.default_rng(5)
    question = "Hvor fornøyd er du med rådhuset?"
    waves = [pd.Series(np.arange(*first).tolist() + rng.integers(*first, 60).tolist()),
             pd.Series(np.arange(*second).tolist() + rng.integers(*second, 60).tolist())]
    var = _question(_csv_draft(tmp_path, waves, question))
    assert var["type"] == "numeric" and set(var["sources"]) == {"1", "2"}
    notes = _scale_note(_notes(tmp_path, question))
    if flagged:
        [note] = notes
        assert (f"wave 1: {first[0]} to {first[1] - 1}; wave 2: {second[0]} to {second[1] - 1}") in note
        assert "a variable of its own" in note
    else:
        assert notes == []


@pytest.mark.parametrize("renamed_first", [True, False])
def test_a_level_renamed_in_one_question_leaves_the_others_on_the_scale_likert(tmp_path, renamed_first):
    """Two questions on the same five answers in wave 1; in wave 2 one of them words a level
    otherwise ('Nokså fornøyd' -> 'Ganske fornøyd'), the other asks as before. The renamed one
    joins its waves' answers on a scale of its own (unordered, under REVIEW); the other stayed a
    likert item on the five answers, with means, top box and change. Before, the join changed the
    scale both shared, and the unchanged question became an unordered single choice too."""
    rng = np.random.default_rng(6)
    same, renamed = "Hvor fornøyd er du med nettsidene?", "Hvor fornøyd er du med åpningstidene?"
    assert cli.main(["-q", "init", str(tmp_path)]) == 0
    paths = []
    for i, answers in enumerate([S5, [s.replace("Nokså fornøyd", "Ganske fornøyd") for s in S5]]):
        columns = {same: rng.choice(S5, 80), renamed: rng.choice(answers, 80)}
        order = [renamed, same] if renamed_first else [same, renamed]
        path = tmp_path / "data" / "raw" / f"runde_{2021 + i}.csv"
        pd.DataFrame({"Respondent": range(1, 81), **{q: columns[q] for q in order}}).to_csv(path, index=False)
        paths.append(path)
    out = tmp_path / "config" / "codebook.yaml"
    assert cli.main(["-q", "codebook", "draft", *map(str, paths), "-o", str(out)]) == 0
    cb = yaml.safe_load(out.read_text(encoding="utf-8"))
    by_label = {v["label"]: v for v in cb["variables"]}
    kept, joined = by_label[same], by_label[renamed]
    assert kept["type"] == "likert" and set(kept["sources"]) == {"1", "2"}
    scale = cb["scales"][kept["scale"]]
    assert [lv["label"] for lv in scale["levels"]] == S5 and scale.get("ordered", True)
    assert scale["top_box"] == [4, 5]
    assert joined["type"] == "single" and joined["scale"] != kept["scale"]
    labels = [lv["label"] for lv in cb["scales"][joined["scale"]]["levels"]]
    assert set(labels) == {*S5, "Ganske fornøyd"}


def test_a_satisfaction_question_naming_the_library_is_no_site(tmp_path):
    """'Hvor fornøyd er du med biblioteket?' whose waves word a level otherwise is an unordered single
    choice of satisfaction answers; its words ("Hvor", "biblioteket") made the draft take it as the
    question naming the respondent's site, listing 'Svært fornøyd' ... as sites in config/sites.csv."""
    rng = np.random.default_rng(7)
    renamed = [s.replace("Nokså fornøyd", "Ganske fornøyd") for s in S5]
    cb = _csv_draft(tmp_path, [pd.Series(rng.choice(S5, 80)), pd.Series(rng.choice(renamed, 80))])
    var = _question(cb)
    assert var["type"] == "single" and var["label"] == QUESTION
    assert set(var["sources"]) == {"1", "2"}
