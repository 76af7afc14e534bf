"""A drafted `valid:` range was the range of the answers seen, so the study's next wave failed
validation (a tester's SoSci Survey experiment: a 1-101 slider whose largest answer in the drafted
waves was 90 failed on a 101, a duration of 849 seconds on 797). Now the draft writes round bounds
around the answers seen (0 to a round number half as large again; an age 0 to 120), says under
REVIEW which answers it saw and that the question's own range is to be set, and validation still
fails on numbers far outside (a typo)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from surveykit import cli

SLIDER, SECONDS, AGE = "DV05_02", "TIME_SUM", "Alder"


def seen(text: str, column: str) -> list[float]:
    """The lowest and highest answer the draft saw in ``column`` (a numeric variable's `valid:`
    comment in the codebook's ``text``), as numbers."""
    block = next(b for b in text.split("\n  - name: ") if f'{{column: "{column}"' in b)
    found = re.search(r"the answers seen run from (\S+) to (\S+?);", block)
    assert found, block
    return [float(x) if "." in x else int(x) for x in found.groups()]


def _wave(slider: list[int], seconds: list[int], year: int) -> pd.DataFrame:
    n = len(slider)
    return pd.DataFrame({"STARTED": [f"{year}-04-{1 + i % 28:02d} 10:{i % 60:02d}:00" for i in range(n)],
                         SLIDER: slider, SECONDS: seconds, AGE: [19 + (i * 5) % 60 for i in range(n)]})


def _study(tmp_path: Path) -> Path:
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    first = root / "data" / "raw" / "exp1.csv"
    _wave([1, 90] + [1 + (i * 13) % 89 for i in range(38)], [300, 797] + [300 + (i * 37) % 497 for i in range(38)],
          2021).to_csv(first, index=False)
    assert cli.main(["-q", "codebook", "draft", str(first), "-o", str(root / "config" / "codebook.yaml")]) == 0
    return root


def _add_wave(root: Path, frame: pd.DataFrame) -> None:
    """The next wave added as a user does: its export, its entry in surveykit.yaml, its sources."""
    frame.to_csv(root / "data" / "raw" / "exp3.csv", index=False)
    study = root / "surveykit.yaml"
    text = study.read_text(encoding="utf-8")
    text = text.replace("\nscreening:", '  - {id: "2", label: "Exp3", file: "data/raw/exp3.csv", field_date: 2022-04-15}'
                                       "\n\nscreening:", 1)
    study.write_text(text, encoding="utf-8")
    codebook = root / "config" / "codebook.yaml"
    text = re.sub(r'(?m)^(\s+)"1": \{column: "([^"]+)"\}$', r'\1"1": {column: "\2"}\n\1"2": {column: "\2"}',
                  codebook.read_text(encoding="utf-8"))
    codebook.write_text(text, encoding="utf-8")


def test_the_drafted_ranges_are_round_bounds_with_the_answers_seen_under_review(tmp_path):
    root = _study(tmp_path)
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    variables = {v["sources"]["1"]["column"]: v for v in yaml.safe_load(text)["variables"]}
    assert variables[SLIDER]["valid"] == [0, 200]
    assert variables[SECONDS]["valid"] == [0, 2000]
    assert variables[AGE]["valid"] == [0, 120]
    assert "valid: [0, 200]         # REVIEW: the answers seen run from 1 to 90; round bounds around them" in text
    assert "the answers seen run from 300 to 797" in text
    assert seen(text, SLIDER) == [1, 90] and seen(text, AGE) == [19, 74]


def test_the_next_wave_validates_and_a_typo_still_fails(tmp_path):
    root = _study(tmp_path)
    _add_wave(root, _wave([101, 55, 3] * 10, [849, 1200, 400] * 10, 2022))
    assert cli.main(["-q", "validate", "--study", str(root)]) == 0
    _add_wave(root, _wave([101, 55, 30000] * 10, [849, 1200, 400] * 10, 2022))
    assert cli.main(["-q", "validate", "--study", str(root)]) != 0


def test_digit_strings_longer_than_a_number_holds_are_text(tmp_path):
    # SoSci Survey's bit strings ('110001010000...', 88 to 96 digits) were drafted numbers, valid [0, 2e+95], with a mean
    root = tmp_path / "study"
    assert cli.main(["-q", "init", str(root)]) == 0
    path = root / "data" / "raw" / "exp1.csv"
    bits = ["".join("1" if (i * 7 + k * 3) % 5 < 2 else "0" for k in range(88 + 8 * (i % 2))) for i in range(30)]
    frame = _wave(list(range(1, 31)), list(range(300, 330)), 2021)
    frame["IV01_02"] = bits
    frame.to_csv(path, index=False)
    assert cli.main(["-q", "codebook", "draft", str(path), "-o", str(root / "config" / "codebook.yaml")]) == 0
    text = (root / "config" / "codebook.yaml").read_text(encoding="utf-8")
    var = next(v for v in yaml.safe_load(text)["variables"] if v["sources"]["1"]["column"] == "IV01_02")
    assert var["type"] == "text" and "valid" not in var
    assert "digit strings up to 96 digits long: codes, not amounts" in text
