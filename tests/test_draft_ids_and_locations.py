"""Ids and locations the draft must neither average nor publish.

- A SurveyCTO back-check exported through Stata and converted to SPSS (PovertyAction/high-frequency-checks,
  `data/household_backcheck.dta`): GPS columns named run-together (`gpslatitude`, `gpslongitude`,
  `gpsaltitude`, `gpsaccuracy`) were drafted as numbers with means; the household id (`hhid`, "Please
  select HHID") and `instancename` as numbers, and the kindergarten picked from a list (`a_kg_id`, codes
  101-238) got a mean; the submission key (`key`, "uuid:...") as free text
  whose REVIEW note masked part of a uuid as a phone number; `formdef_version` (the form's version,
  1710051010) was said to hold "national id numbers".
- A Finnish coded survey (taanila/ana, `data1.xlsx`): `nro`, the running number 1..82, got a mean.
- Numbers whose header names a register's id number ("Matrikelnummer", "student ID",
  "fødselsnummer", "CPR") must be left out as identifiers.

The files here are small synthetic ones laid out like those (the real ones are not ours to commit)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from surveykit.io import read_export
from surveykit.scaffold.scan import scan

N = 40


def surveycto_sav(folder: Path) -> Path:
    rng = np.random.default_rng(3)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789"))

    def part(k: int) -> str:
        return "".join(rng.choice(letters, k))

    keys = [f"uuid:{part(8)}-{part(4)}-{part(4)}-{part(4)}-{part(12)}" for _ in range(N)]
    keys[0] = "uuid:s6gbu295-8wf5-81fq-7885-7708o4t00643"   # masked as a phone number before
    hhid = [str(10101 + 97 * i) for i in range(N)]
    frame = pd.DataFrame({
        "deviceid": [f"35{i:013d}" for i in range(N)],
        "duration": [str(300 + (i * 37) % 600) for i in range(N)],
        "gpslatitude": rng.uniform(9, 11.5, N), "gpslongitude": rng.uniform(-0.97, -0.01, N),
        "gpsaltitude": rng.uniform(-50, 1200, N), "gpsaccuracy": rng.choice([3.0, 5.0, 10.0], N),
        "a_kg_id": [str(101 + (i * 7) % 23) for i in range(N)], "hhid": hhid, "h_rooms": rng.integers(1, 14, N).astype(float),
        "m_mon_exp": rng.integers(15, 2750, N).astype(float),
        "instancename": hhid, "formdef_version": np.full(N, 1710051010.0), "key": keys,
        "submissiondate": pd.date_range("2017-09-24", periods=N, freq="13h"),
    })
    path = folder / "household_backcheck.sav"
    pyreadstat.write_sav(frame, str(path), column_labels={
        "gpslatitude": "Background Recorded GPS (latitude)", "gpslongitude": "Background Recorded GPS (longitude)",
        "gpsaltitude": "Background Recorded GPS (altitude)", "gpsaccuracy": "Background Recorded GPS (accuracy)",
        "a_kg_id": "(A03) Select KG", "hhid": "Please select HHID", "h_rooms": "(H01) How many rooms?", "m_mon_exp": "(M01) Monthly expenditure",
        "instancename": "instanceName", "formdef_version": "Form version used on device",
        "key": "Unique submission ID", "submissiondate": "Date/time submitted"})
    return path


@pytest.fixture()
def surveycto(tmp_path):
    return scan(read_export(surveycto_sav(tmp_path)), "1")


def test_run_together_gps_columns_are_left_out(surveycto):
    columns, notes = surveycto
    drafted = {x for c in columns for x in [c.column, *(c.columns or {}).values()]}
    for col in ("gpslatitude", "gpslongitude", "gpsaltitude", "gpsaccuracy"):
        assert col not in drafted
    assert any("'gpslatitude' holds the coordinates of a location" in n for n in notes)
    assert any("'gpsaltitude' holds the altitude, accuracy or time of the location reading" in n for n in notes)


def test_surveycto_key_is_the_respondent_id_and_no_phone_number(surveycto):
    columns, _notes = surveycto
    key = next(c for c in columns if c.column == "key")
    assert key.kind == "id"
    assert not any("[telefon]" in r for c in columns for r in c.review)


def test_household_id_and_form_version_are_not_numbers(surveycto):
    columns, notes = surveycto
    kinds = {c.column: c.kind for c in columns}
    assert kinds["hhid"] == "text"
    hhid = next(c for c in columns if c.column == "hhid")
    assert any("an id, not an amount" in r for r in hhid.review)
    assert "instancename" not in kinds and "formdef_version" not in kinds
    assert not any("formdef_version" in n and "national id" in n for n in notes)
    assert any("skipped tool columns" in n and "'formdef_version'" in n for n in notes)
    assert kinds["h_rooms"] == "numeric" and kinds["m_mon_exp"] == "numeric"
    school = next(c for c in columns if c.column == "a_kg_id")
    assert school.kind == "text" and any("the codes of a group" in r for r in school.review)


def test_running_number_is_the_respondent_id(tmp_path):
    # taanila/ana data1.xlsx: nro 1..82 in shuffled order beside coded answers
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"nro": rng.permutation(np.arange(1, 83)), "sukup": rng.integers(1, 3, 82),
                          "ikä": rng.integers(20, 63, 82), "palkka": rng.integers(1500, 6300, 82)})
    path = tmp_path / "data1.xlsx"
    frame.to_excel(path, index=False)
    columns, notes = scan(read_export(path), "1")
    nro = next(c for c in columns if c.column == "nro")
    assert nro.kind == "id"
    assert any("'nro' holds a running number (1 to 82, one per row)" in n for n in notes)


# national id headers ("Fødselsnummer", "personnummer", "CPR") are left out by the reader already
@pytest.mark.parametrize("header", ["Matrikelnummer", "Kundennummer", "Student ID number", "ID number"])
def test_register_id_number_is_left_out(tmp_path, header):
    rng = np.random.default_rng(11)
    rows = ["Zeitstempel,Wie zufrieden sind Sie?," + header]
    for i in range(30):
        rows.append(f"2024-05-{1 + i % 28:02d} 10:00:00,{1 + i % 5},{int(rng.integers(100000, 999999))}")
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    columns, notes = scan(read_export(path), "1")
    assert header not in {c.column for c in columns}
    assert any(f"'{header}' holds a person's id number in a register" in n for n in notes)


def test_ids_not_said_of_numbers():
    from surveykit.scaffold.personal import numbered_ids

    assert numbered_ids(pd.Series(range(300, 340)), ["duration", "duration"]) is None        # all distinct, no id
    assert numbered_ids(pd.Series([1, 2, 3] * 10), ["nro"]) is None                            # repeats
    assert numbered_ids(pd.Series(range(1, 31)), ["nro"]).startswith("a running number")
    assert numbered_ids(pd.Series([str(v) for v in range(10101, 10141)]), ["hhid"]) is not None


def test_check_box_column_of_ones_is_no_mean(tmp_path):
    # taanila/ana data1.xlsx: työterv, lomaosa, hieroja hold 1 (used) or nothing: each was a number of mean 1.0
    rng = np.random.default_rng(8)
    n = 82
    frame = pd.DataFrame({"nro": np.arange(1, n + 1), "palkka": rng.integers(1500, 6300, n),
                          "työterv": np.where(rng.random(n) < 0.6, 1, np.nan),
                          "hieroja": np.where(rng.random(n) < 0.3, 1, np.nan)})
    path = tmp_path / "data1.xlsx"
    frame.to_excel(path, index=False)
    columns, _ = scan(read_export(path), "1")
    for col in ("työterv", "hieroja"):
        box = next(c for c in columns if c.column == col)
        assert box.kind == "multi" and box.columns == {col: col}
        assert any("its only answer is 1" in r and "Blank = not chosen is NOT assumed" in r for r in box.review)
    assert next(c for c in columns if c.column == "palkka").kind == "numeric"
