"""Jotform's downloads, in the shape of two real ones: the Excel files of ikanx101/Marketing-Jotform,
"Algoritma/2023/Nutrihub dan Networking/[rawdata] Jotform_Networking_Nutrihub_S2024-01-14_09_24_16.xlsx"
(one sheet "Sheet1"; "Submission Date" first, written as text day first, "10/01/2024", beside
"28/11/2023"; then the questions) and "Algoritma/2024/AV sales v2/Jotform_Availability_MPO_Area_M2024-05-21
_05_52_03.xlsx" ("Submission Date" as "2024-05-14 22:52:27", then a product list field: one product per
line of the cell, each "NAME (Amount: 0.00 IDR, : Exist)" or ": Tidak Jual", about 150 lines a cell).
The files here are written by hand in those shapes, their answers made up; nothing of the
repository's is copied.

Was: "Submission Date" was drafted as a date question ("submission_date"), not the export's time
stamp: no field period was proposed from it. And the draft of the product-list export ran for
more than ten minutes (killed) on 443 rows of three columns: matching a cell's parts to the
options tried every run of parts of every length, each made afresh, hundreds of parts a cell."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
import yaml

import surveykit.clean.coding as coding
from surveykit.clean.coding import _multi_key, split_known
from tests.test_scaffold_layouts import codebook, responses, run_study, variable

SATISFIED = ["Very Unsatisfied", "Unsatisfied", "Neutral", "Satisfied", "Very Satisfied"]
QUESTION = "How satisfied are you with the event?"


def _dated_export(path: Path) -> Path:
    days = ["28/11/2023"] * 17 + ["10/01/2024"] * 12 + ["03/12/2023"] * 7 + ["14/01/2024"] * 4
    rows = [[day, SATISFIED[i % 5], ("Yes", "No")[i % 3 == 0]] for i, day in enumerate(days)]
    frame = pd.DataFrame(rows, columns=["Submission Date", QUESTION, "Would you come again?"])
    frame.to_excel(path, sheet_name="Sheet1", index=False)
    return path


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jotform")
    export = _dated_export(tmp / "Jotform_Event_Feedback2024-01-14_09_24_16.xlsx")
    return export, run_study(tmp, export)


def test_submission_date_is_the_time_stamp_of_the_answers(dated):
    export, study = dated
    var = variable(codebook(study), "Submission Date")
    assert var["name"] == "submitted" and var["type"] == "date"
    days = pd.to_datetime(pd.read_excel(export, dtype=str)["Submission Date"], format="%d/%m/%Y")
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    # the field period the export covers, read day first as the export writes it
    assert (f"window: {{variable: submitted, from: {days.min():%Y-%m-%d}, to: {days.max():%Y-%m-%d}}}"
            in text), text
    wave = yaml.safe_load(text)["waves"][0]
    assert str(wave["field_date"]) == f"{days.sort_values().iloc[len(days) // 2]:%Y-%m-%d}"   # 40 rows
    frame = responses(study)
    assert len(frame) == len(days)
    assert frame[var["name"]].dt.strftime("%Y-%m-%d").tolist() == [f"{d:%Y-%m-%d}" for d in days]


PRODUCTS = [f"HILO {k} VANILLA 12DX{k}0G (Amount: 0.00 IDR, : {'Exist' if k % 3 else 'Tidak Jual'})"
            for k in range(150)]


def test_a_cell_of_many_parts_is_matched_part_by_part():
    """One product-list cell of 150 lines (commas in every line): each part's text is made once,
    not every run of parts of every length (about 11,000 texts, most of them long)."""
    cell = "\n".join(PRODUCTS)
    table = {_multi_key(p): f"p{k}" for k, p in enumerate(PRODUCTS[:50])}
    table[_multi_key(", ".join(PRODUCTS[100:103]))] = "three"   # an option holding the separator
    calls = []
    real = coding._multi_key

    def counted(text):
        calls.append(text)
        return real(text)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(coding, "_multi_key", counted)
        found, unknown = split_known(cell, "\n", table)
        assert len(calls) <= 3 * len(PRODUCTS)
        found_comma, _ = split_known(cell.replace("\n", ", "), ", ", table)
    assert found == [f"p{k}" for k in range(50)] and unknown == PRODUCTS[50:]
    assert found_comma == [*(f"p{k}" for k in range(50)), "three"]
    assert len(calls) <= 3 * len(PRODUCTS) + 3 * len(cell.split(","))


def test_product_list_export_drafts_and_builds(tmp_path):
    """A product list field beside the time stamp: drafted, built, every row a response."""
    rows = []
    for i in range(120):
        lines = PRODUCTS[i % 7: i % 7 + 140]
        rows.append([f"2024-0{3 + i % 3}-{1 + i % 28:02d} 1{i % 10}:52:27", "\n".join(lines)])
    export = tmp_path / "Jotform_Availability2024-05-21_05_52_03.xlsx"
    pd.DataFrame(rows, columns=["Submission Date", "My Products"]).to_excel(export, sheet_name="Sheet1", index=False)
    study = run_study(tmp_path, export)
    cb = codebook(study)
    assert variable(cb, "Submission Date")["name"] == "submitted"
    assert len(responses(study)) == 120


def _every_run(value: str, separator: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """The matching as it was: every run of parts, longest first, its text made afresh."""
    sep = separator.strip() or separator
    parts = [p for p in (p.strip() for p in value.split(sep)) if p]
    found, unknown, i = [], [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            key = table.get(_multi_key(sep.join(parts[i:j])))
            if key is not None:
                found.append(key)
                i = j
                break
        else:
            unknown.append(parts[i])
            i += 1
    return found, unknown


def test_part_by_part_matching_finds_what_every_run_finds():
    """Options holding the separator, spaces around , ; / |, case, ß, white-space separators."""
    rng = random.Random(1)
    atoms = ["a", "B", "ß", "x y", " c ", ",", ";", "/", "|", " , ", "Blogs", "Twitter", "n/a", "Σ", "d,", ", e", "-"]

    def text():
        return "".join(rng.choice(atoms) for _ in range(rng.randint(1, 4)))

    for _ in range(3000):
        sep = rng.choice([",", ", ", ";", "\n", " ", "/", "|", "-"])
        options = [text() for _ in range(rng.randint(1, 6))]
        options.append(sep.join(rng.sample(options, min(len(options), 2))))
        table: dict[str, str] = {}
        for k, option in enumerate(options):
            table.setdefault(_multi_key(option), f"o{k}")
        value = sep.join(rng.choice([*options, text()]) for _ in range(rng.randint(1, 6)))
        assert split_known(value, sep, table) == _every_run(value, sep, table), (sep, value, table)
