"""SoSci Survey's own columns beside the items (a tester's experiment, chrisharrisUU's
when_biases_beget_biases Exp1-3, SoSci exports): each item's response time ``<item>a`` (TR01_07a
after TR01_07: milliseconds, -1 where it could not be measured) and the code a random generator
(urn) drew, ``UR01`` beside ``UR01_CP``, were drafted as number questions with means tables. Now they
are tool columns, listed with the others, when the file is SoSci's; the same names in a plain CSV,
and an "other" option's text box ``MC01_05a``, stay questions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from surveykit.io import read_export
from tests.test_scaffold_layouts import codebook, run_study

ITEMS = ["TR01_01", "TR01_01a", "TR01_02", "TR01_02a", "TR01_03", "TR01_03a", "UR01_CP", "UR01", "MC01_01",
         "MC01_05", "MC01_05a", "DM01", "DM02"]


def frame(n: int = 80, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {"CASE": [10 + i for i in range(n)], "SERIAL": [""] * n, "REF": [""] * n, "QUESTNNR": ["base"] * n,
            "MODE": ["interview"] * n, "STARTED": [f"2018-02-{20 + i % 5} 15:{i % 60:02d}:07" for i in range(n)]}
    for k in (1, 2, 3):
        data[f"TR01_0{k}"] = rng.integers(1, 3, n)
        data[f"TR01_0{k}a"] = np.where(rng.random(n) < 0.05, -1, rng.integers(1200, 15000, n))
    data["UR01_CP"] = rng.integers(0, 3, n)
    data["UR01"] = rng.integers(1, 3, n)
    data["MC01_01"] = rng.integers(1, 3, n)
    data["MC01_05"] = rng.integers(1, 3, n)
    data["MC01_05a"] = rng.choice(["Reading", "Cinema", "Football", ""], n)
    data["DM01"] = rng.integers(18, 70, n)
    data["DM02"] = rng.integers(1, 4, n)
    data |= {"TIME001": rng.integers(3, 40, n), "TIME_SUM": rng.integers(200, 900, n),
             "LASTDATA": [f"2018-02-{20 + i % 5} 16:{i % 60:02d}:43" for i in range(n)], "FINISHED": [1] * n,
             "Q_VIEWER": [0] * n, "LASTPAGE": [9] * n, "MAXPAGE": [9] * n}
    return pd.DataFrame(data)


def write(path: Path, data: pd.DataFrame, sosci: bool = True) -> Path:
    if sosci:   # SoSci's file: tab-separated, a header of variable names
        data.to_csv(path, sep="\t", index=False, lineterminator="\r\n")
    else:       # a plain CSV of the same items, no SoSci columns
        data[ITEMS].to_csv(path, index=False)
    return path


def drafted_columns(study: Path) -> dict[str, dict]:
    return {v["sources"]["1"].get("column"): v for v in codebook(study)["variables"]}


def test_response_times_and_drawn_codes_are_tool_columns(tmp_path):
    export = write(tmp_path / "data_ao5_2018-02-21.csv", frame())
    raw = read_export(export)
    assert raw.format == "soscisurvey"
    assert {"TR01_01a", "TR01_02a", "TR01_03a", "UR01", "UR01_CP"} <= set(raw.meta["system_columns"])
    assert "MC01_05a" not in raw.meta["system_columns"]
    study = run_study(tmp_path, export)   # draft, then build
    drafted = drafted_columns(study)
    for col in ("TR01_01a", "TR01_02a", "TR01_03a", "UR01", "UR01_CP", "TIME001", "TIME_SUM"):
        assert col not in drafted, col
    for col in ("TR01_01", "TR01_02", "DM01", "DM02"):   # the questions stay
        assert col in drafted, col
    assert drafted["MC01_05a"]["type"] in ("text", "single")   # an "other" option's text box is no response time
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    head = text.split("\nscales:")[0]
    skipped = next(line for line in head.splitlines() if "skipped tool columns" in line)
    assert all(c in skipped for c in ("'TR01_01a'", "'UR01'", "'UR01_CP'"))
    assert "TR01_01a, TR01_02a, TR01_03a (3 column(s)) are the response times of the items before them" in head
    assert "REVIEW: wave 1: UR01 hold the code a random generator (urn) drew for each interview" in head
    report = yaml.safe_load((study / "config" / "report.yaml").read_text(encoding="utf-8"))
    items = {i for spec in [*(report.get("figures") or []), *(report.get("tables") or [])] for i in spec["items"]}
    assert not {"tr01_01a", "ur01"} & items


def test_the_same_names_in_a_plain_csv_stay_questions(tmp_path):
    export = write(tmp_path / "items.csv", frame(), sosci=False)
    assert read_export(export).format != "soscisurvey"
    study = run_study(tmp_path, export, build=False)
    drafted = drafted_columns(study)
    assert drafted["TR01_01a"]["type"] == "numeric" and "UR01" in drafted


def test_a_question_whose_items_are_not_all_timed_keeps_its_a_columns(tmp_path):
    data = frame().drop(columns=["TR01_02a"])   # TR01_02 has no time: TR01_01a and TR01_03a are no times either
    raw = read_export(write(tmp_path / "data_ao5_2018-02-21.csv", data))
    assert raw.format == "soscisurvey"
    assert not {"TR01_01a", "TR01_03a"} & set(raw.meta["system_columns"])
