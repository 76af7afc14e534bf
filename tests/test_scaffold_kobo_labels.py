"""KoboToolbox select_multiple questions whose joined column holds the chosen options' labels
(numbered, with commas inside: "2. Food aid from government, UN, NGOs") while the 0/1 columns are
headed by XML names ("food_source/food_aid"), written here as such an export is (a CSV Kobo wrote
and Excel saved again):

* the options are named by their labels, learned from the rows, and the header no longer says
  the joined column disagrees with the 0/1 columns in every row;
* 0/1 cells Excel formatted as dates ("1/1/1900" is 1, "1/0/1900" is 0) are never counted as the
  cleaning would count them (chosen): the joined column is read instead, split at the labels and
  never at a comma inside one; without a joined column the question is left out with a REVIEW note;
* a joined column without 0/1 columns is split before its numbered labels, not at commas;
* an option chosen by no one in one wave (its XML name only) and labelled in another is one option.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.scaffold.multi import excel_zero_one, kobo_labels
from tests.test_scaffold_layouts import codebook, responses, run_study, variable

NAMES = ["own_production", "food_aid", "gift", "market_cash", "market_credit", "zakat", "other"]
LABELS = ["1. Own production", "2. Received as food aid through government, UN, NGOs, civil society, etc.",
          "3. Received as gift from friends or relatives", "4. Market (purchased with cash)",
          "5. Market (purchased on credit)", "6. Zakat", "7. Other (please specify)"]
CHANCE = [0.2, 0.3, 0.15, 0.7, 0.3, 0.1, 0.0]   # "other": chosen by no one


def _picks(n: int, seed: int, chance: list[float]) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        row = [int(rng.random() < p) for p in chance]
        if not any(row):
            row[3] = 1
        out.append(row)
    return out


def kobo_csv(folder: Path, name: str, *, n: int = 120, seed: int = 3, dated: bool = False, joined: bool = True,
             chance: list[float] | None = None, zero_one: bool = True) -> tuple[Path, list[list[int]]]:
    """Kobo's CSV with XML headers and label values: "food_source" the chosen labels joined by
    spaces (in the choices' order), "food_source/<name>" one 0/1 column per option. ``dated``: as
    after Excel saved it with the market columns formatted as dates (1 -> 1/1/1900, 0 -> 1/0/1900)
    in every third row."""
    picks = _picks(n, seed, chance or CHANCE)
    header = ["start", "end", "today", "hh_size"]
    header += ["food_source"] if joined else []
    header += [f"food_source/{x}" for x in NAMES] if zero_one else []
    header += ["_id", "_uuid", "_submission_time", "_index"]
    rows = []
    for i, row in enumerate(picks):
        marks: list[object] = list(row)
        if dated and i % 3 == 0:
            for k in (3, 4):
                marks[k] = "1/1/1900" if row[k] else "1/0/1900"
        stamp = f"2018-07-{10 + i % 15:02d}T09:{i % 60:02d}:00.000+02"
        rows.append([stamp, stamp, f"2018-07-{10 + i % 15:02d}", 2 + i % 7,
                     *([" ".join(lab for lab, hit in zip(LABELS, row, strict=True) if hit)] if joined else []),
                     *(marks if zero_one else []), 9000 + i, f"uuid-{seed}-{i:04d}", stamp, i + 1])
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = folder / name
    path.write_bytes(buf.getvalue().encode("cp1252"))
    return path, picks


def _shares(study: Path, var: dict) -> dict[str, int]:
    data = responses(study)
    return {label: int(data[f"{var['name']}__{key}"].sum()) for key, label in var["options"].items()}


def _truth(picks: list[list[int]]) -> dict[str, int]:
    return {lab: sum(row[k] for row in picks) for k, lab in enumerate(LABELS) if any(row[k] for row in picks)}


def test_excel_dates_of_zero_and_one():
    assert [excel_zero_one(t) for t in ("1/1/1900", "01/01/1900", "1900-01-01", "01.01.1900")] == [1] * 4
    assert [excel_zero_one(t) for t in ("1/0/1900", "0/1/1900", "1900-01-00", "00.01.1900")] == [0] * 4
    assert [excel_zero_one(t) for t in ("1", "0", "2/1/1900", "1/1/2000", "0/0/1900", "")] == [None] * 6


def test_labels_are_learned_from_the_rows_also_when_never_chosen_alone():
    """b and c are never chosen alone: their labels come from each row's words being its options'."""
    picks = [[1, 0, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]] * 3
    labels = {"a": "1. Own production", "b": "2. Aid, UN, NGOs", "c": "3. Gift"}
    texts = pd.Series([" ".join(labels[n] for n, hit in zip("abc", row, strict=True) if hit) for row in picks])
    frame = pd.DataFrame(picks, columns=list("abc")).astype(bool)
    assert kobo_labels(texts, frame, list("abc")) == labels


def test_joined_labels_name_the_xml_named_options(tmp_path):
    """Was: options named 'own_production', 'food_aid' ... and the header's REVIEW that the joined
    column 'does not hold the options the 0/1 columns chose' in every row that chose one."""
    export, picks = kobo_csv(tmp_path, "msna.csv")
    study = run_study(tmp_path, export, build=False)
    var = variable(codebook(study), "food_source/own_production")
    assert var["type"] == "multi"
    assert list(var["options"].values()) == [*LABELS[:-1], "other"]
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "does not hold the options" not in head
    assert "# wave 1: left out 'food_source': the options chosen, joined by spaces" in head
    assert "it holds the same answers" in head
    assert "the options ['other'] were chosen by no one, so the export holds no label" in \
        (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert _shares(study, var) == {**_truth(picks), "other": 0}


def test_excel_dates_in_the_zero_one_columns_read_the_joined_labels(tmp_path):
    """Was: the 0/1 group broke at the dated columns, the joined column was split at ', ' (inside
    'government, UN, NGOs') into options that were combinations of answers ('4. Market (purchased
    with cash) 5. Market (purchased on credit)'), and the dated columns became questions of their own."""
    export, picks = kobo_csv(tmp_path, "msna.csv", dated=True)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    var = variable(cb, "food_source")
    assert var["type"] == "multi" and var["sources"]["1"] == {"column": "food_source", "separator": " "}
    assert list(var["options"].values()) == [*LABELS[:-1], "other"]
    assert not any(c.startswith("food_source/") for v in cb["variables"] for c in
                   [v["sources"]["1"].get("column") or "", *(v["sources"]["1"].get("columns") or {}).values()])
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "'1/1/1900' x" in text and "Excel's display of 1 (1/1/1900) and 0 (1/0/1900" in text
    assert _shares(study, var) == {**_truth(picks), "other": 0}


def test_excel_dates_without_a_joined_column_leave_the_question_out(tmp_path):
    export, _ = kobo_csv(tmp_path, "msna.csv", dated=True, joined=False)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    assert not any(c.startswith("food_source") for v in cb["variables"] for c in
                   [v["sources"]["1"].get("column") or "", *(v["sources"]["1"].get("columns") or {}).values()])
    head = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "REVIEW: wave 1: the multi-select 'food_source'" in head and "is left out" in head


def test_a_joined_column_alone_is_split_before_its_numbers(tmp_path):
    """Kobo's export without the 0/1 columns: was split at ', ' into pieces of labels."""
    export, picks = kobo_csv(tmp_path, "msna.csv", zero_one=False)
    study = run_study(tmp_path, export, build=False)
    var = variable(codebook(study), "food_source")
    assert var["type"] == "multi" and var["sources"]["1"]["separator"] == " "
    assert list(var["options"].values()) == LABELS[:-1]
    assert _shares(study, var) == _truth(picks)


@pytest.mark.parametrize("dated", [False, True])
def test_an_option_labelled_in_one_wave_only_is_one_option(tmp_path, dated):
    """'other' is chosen by no one in wave 1 (its XML name only) and by some in wave 2."""
    first, picks1 = kobo_csv(tmp_path, "w1.csv", seed=3, dated=dated)
    second, picks2 = kobo_csv(tmp_path, "w2.csv", seed=4, chance=[*CHANCE[:-1], 0.1])
    study = tmp_path / "study"
    from surveykit import cli

    assert cli.main(["-q", "init", str(study)]) == 0
    for f in (first, second):
        (study / "data" / "raw" / f.name).write_bytes(f.read_bytes())
    assert cli.main(["-q", "codebook", "draft", str(study / "data" / "raw" / "w1.csv"),
                     str(study / "data" / "raw" / "w2.csv"), "-o", str(study / "config" / "codebook.yaml")]) == 0
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    cb = codebook(study)
    multis = [v for v in cb["variables"] if v["type"] == "multi"]
    assert len(multis) == 1 and list(multis[0]["options"].values()) == LABELS
    data = responses(study)
    for k, label in enumerate(LABELS):
        key = next(key for key, v in multis[0]["options"].items() if v == label)
        assert int(data[f"{multis[0]['name']}__{key}"].sum()) == sum(row[k] for row in [*picks1, *picks2])
    assert sum(row[-1] for row in picks2) > 0
