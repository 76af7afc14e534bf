"""A scale whose lowest answer nobody chose: drafted from the answers given, "Kor trygg kjenner du
deg i nærmiljøet ditt?" (Nokså utrygg .. Svært trygg, nobody "Svært utrygg") was scored 1-4
instead of 2-5, so every mean was one point low. The safety scale is now known (nb, nn, sv, da,
en), and a two-sided scale ordered by its words gets the level its other answers show it has.
Also known now: Swedish "Stämmer inte alls ... Stämmer helt", Danish "Passer slet ikke ... Passer
helt", bokmål "Stemmer ikke i det hele tatt ... Stemmer helt".

The exports are CSV files as a spreadsheet or pandas writes them (UTF-8, ',', a header row)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from surveykit import cli

SAFE_NN = ["Svært utrygg", "Nokså utrygg", "Verken trygg eller utrygg", "Nokså trygg", "Svært trygg"]
HELPFUL_NB = ["Svært uhjelpsom", "Nokså uhjelpsom", "Verken hjelpsom eller uhjelpsom", "Nokså hjelpsom",
              "Svært hjelpsom"]


def _export(path: Path, columns: dict[str, list[str]]) -> Path:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    names = ["Respondent", *columns]
    w.writerow(names)
    n = len(next(iter(columns.values())))
    for i in range(n):
        w.writerow([f"R{i:04d}", *(col[i] for col in columns.values())])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _answers(levels: list[str], n: int, seed: int, skip_lowest: bool = True) -> list[str]:
    rng = np.random.default_rng(seed)
    first = 1 if skip_lowest else 0
    return [levels[int(rng.integers(first, len(levels)))] for _ in range(n)]


def _study(tmp_path: Path, export: Path) -> tuple[Path, dict]:
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    target = study / "data" / "raw" / export.name
    target.write_bytes(export.read_bytes())
    assert cli.main(["-q", "codebook", "draft", str(target), "-o", str(study / "config" / "codebook.yaml")]) == 0
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    return study, yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))


def _scale_of(cb: dict, column: str) -> tuple[dict, dict]:
    var = next(v for v in cb["variables"] if v["sources"]["1"].get("column") == column)
    return var, cb["scales"][var["scale"]]


def _processed_mean(study: Path, name: str) -> float:
    """The mean score of ``name`` in data/processed: the scale's codes as stored."""
    frame = pd.read_parquet(study / "data" / "processed" / "responses.parquet")
    return float(pd.to_numeric(frame[name], errors="coerce").mean())


def test_safety_question_without_its_lowest_answer_is_scored_on_the_whole_scale(tmp_path):
    question = "Kor trygg kjenner du deg i nærmiljøet ditt?"
    given = _answers(SAFE_NN, 300, seed=5)
    assert "Svært utrygg" not in given
    study, cb = _study(tmp_path, _export(tmp_path / "innbyggarundersoking_2024.csv", {question: given}))
    var, scale = _scale_of(cb, question)
    assert var["type"] == "likert"
    assert [lv["label"] for lv in scale["levels"]] == SAFE_NN
    assert [lv["code"] for lv in scale["levels"]] == [1, 2, 3, 4, 5]
    assert scale["top_box"] == [4, 5]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: levels nobody chose here were added from the known scale: ['Svært utrygg']" in text
    expected = float(np.mean([SAFE_NN.index(a) + 1 for a in given]))   # "Nokså utrygg" scores 2
    assert abs(_processed_mean(study, var["name"]) - expected) < 1e-12


def test_two_sided_scale_ordered_by_its_words_gets_the_end_nobody_chose(tmp_path):
    # not a scale of the lexicon: ordered by its words, the missing "Svært uhjelpsom" added as code 1
    question = "Kor hjelpsom var personalet?"
    given = _answers(HELPFUL_NB, 200, seed=8)
    study, cb = _study(tmp_path, _export(tmp_path / "svar_2024.csv", {question: given}))
    var, scale = _scale_of(cb, question)
    assert [lv["label"] for lv in scale["levels"]] == HELPFUL_NB
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: nobody chose 'Svært uhjelpsom' (code 1), but the other answers show" in text
    expected = float(np.mean([HELPFUL_NB.index(a) + 1 for a in given]))
    assert abs(_processed_mean(study, var["name"]) - expected) < 1e-12


def test_without_a_middle_the_missing_side_is_said_not_added(tmp_path):
    # no "Verken ... eller ..." among the answers: the sides may differ on purpose, so no level is made up
    levels = ["Nokså uhjelpsom", "Nokså hjelpsom", "Svært hjelpsom"]
    given = _answers(levels, 90, 3, False)
    study, cb = _study(tmp_path, _export(tmp_path / "svar_2024.csv", {"Kor hjelpsom var personalet?": given}))
    var, scale = _scale_of(cb, "Kor hjelpsom var personalet?")
    assert [lv["label"] for lv in scale["levels"]] == levels
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: the two sides of this scale differ: nobody chose 'Svært uhjelpsom'" in text
    assert abs(_processed_mean(study, var["name"]) - float(np.mean([levels.index(a) + 1 for a in given]))) < 1e-12


def test_moderate_ends_are_said_to_maybe_miss_a_stronger_answer(tmp_path):
    levels = ["Nokså uhjelpsom", "Verken hjelpsom eller uhjelpsom", "Nokså hjelpsom"]
    study, _ = _study(tmp_path, _export(tmp_path / "svar_2024.csv",
                                        {"Kor hjelpsom var personalet?": _answers(levels, 90, 2, False)}))
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "REVIEW: the scale ends in moderate answers ('Nokså uhjelpsom', 'Nokså hjelpsom')" in text


def test_nordic_agreement_scales_of_stammer_passer_and_stemmer_are_known(tmp_path):
    scales = {
        "Kommunen informerar bra": ["Stämmer inte alls", "Stämmer ganska dåligt", "Stämmer delvis",
                                    "Stämmer ganska bra", "Stämmer helt"],
        "Kommunen lytter til borgerne": ["Passer slet ikke", "Passer dårligt", "Passer delvist", "Passer godt",
                                         "Passer helt"],
        "Kommunen er lett å nå": ["Stemmer ikke i det hele tatt", "Stemmer dårlig", "Stemmer delvis",
                                  "Stemmer godt", "Stemmer helt"],
    }
    # each listed high -> low by the answers' first appearance, every level chosen
    columns = {q: list(reversed(levels)) * 20 for q, levels in scales.items()}
    study, cb = _study(tmp_path, _export(tmp_path / "svar_2024.csv", columns))
    for question, levels in scales.items():
        var, scale = _scale_of(cb, question)
        assert var["type"] == "likert", question
        assert [lv["label"] for lv in scale["levels"]] == levels
        assert scale.get("ordered", True) and scale["top_box"] == [4, 5]
        assert abs(_processed_mean(study, var["name"]) - 3.0) < 1e-12
