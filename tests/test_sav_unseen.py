"""SPSS files as SPSS writes them, met in real .sav files we had not shaped (pyreadstat's own
test files, read locally): DATE and TIME variables (the draft crashed on them), dates before
1677 (SPSS's calendar starts in 1582; they crashed the draft and were silently blanked when
validating), a number whose value labels name only its missing codes (drafted as a scale with
no answer and refused by the draft's own check), and value labels on a text variable ("a" =
"Apple": codes that are letters, refused likewise). Files are written here with pyreadstat."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from surveykit import cli
from surveykit.errors import ValidationError
from surveykit.io.read import read_export
from surveykit.study import load_study
from tests.test_scaffold_layouts import codebook, responses, variable


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _sav(folder: Path, n: int = 40, old_date: bool = False) -> Path:
    rows = range(n)
    frame = pd.DataFrame({
        "respid": [f"R{i:03d}" for i in rows],
        "visit": [dt.date(2023, 1, 9) + dt.timedelta(days=i % 20) for i in rows],
        "clock": [dt.time(8 + i % 10, (7 * i) % 60, 0) for i in rows],
        "stamp": pd.to_datetime([f"2023-01-{10 + i % 20} 12:{i % 60:02d}:00" for i in rows]),
        "hours": [float(1 + i % 12) if i % 9 else (999.0 if i % 2 else -9.0) for i in rows],
        "fruit": [["a", "b", "c", "a"][i % 4] for i in rows],
        "q1": [float(1 + i % 5) for i in rows],
    })
    if old_date:
        frame.loc[3, "visit"] = dt.date(1583, 1, 1)  # SPSS's calendar reaches back to 1582
    path = folder / "agency.sav"
    pyreadstat.write_sav(
        frame, str(path),
        column_labels=["Respondent", "Date of your last visit", "Time of day", "Submitted",
                       "How many hours a week do you read?", "Favourite fruit",
                       "How satisfied are you with the library?"],
        variable_value_labels={
            "hours": {999: "skipped", -9: "refused"},  # only missing codes are labelled
            "fruit": {"a": "Apple", "b": "Banana", "c": "Cherry"},
            "q1": {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neither satisfied nor dissatisfied",
                   4: "Satisfied", 5: "Very satisfied"},
        },
        missing_ranges={"hours": [999, {"lo": -999, "hi": 0}]},
        variable_measure={"hours": "scale", "q1": "ordinal", "fruit": "nominal"},
    )
    return path


def _study(tmp_path: Path, export: Path) -> Path:
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    shutil.copy(export, study / "data" / "raw" / export.name)
    assert cli.main(["-q", "codebook", "draft", str(study / "data" / "raw" / export.name),
                     "-o", str(study / "config" / "codebook.yaml")]) == 0
    return study


def test_spss_dates_times_and_labelled_missing_codes_are_drafted_and_cleaned(tmp_path):
    export = _sav(tmp_path)
    raw = read_export(export)
    assert str(raw.data["visit"].dtype).startswith("datetime64")
    assert raw.data["clock"].iloc[1] == "09:07:00"
    study = _study(tmp_path, export)
    cb = codebook(study)
    assert variable(cb, "visit")["type"] == "date" and variable(cb, "stamp")["type"] == "date"
    hours = variable(cb, "hours")
    assert hours["type"] == "numeric" and hours["missing"] == [-9, 999]
    fruit = variable(cb, "fruit")
    levels = cb["scales"][fruit["scale"]]["levels"]
    assert [(lv["label"], lv.get("aliases")) for lv in levels] == [("Apple", ["a"]), ("Banana", ["b"]),
                                                                  ("Cherry", ["c"])]
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    data = responses(study)
    frame, _ = pyreadstat.read_sav(str(export))
    name = {c: variable(cb, c)["name"] for c in frame.columns}
    assert data[name["visit"]].dt.date.tolist() == frame["visit"].tolist()
    # the missing codes (999, and -9 inside the declared range -999..0) are no number
    want = frame["hours"].where(~frame["hours"].isin([999, -9]))
    assert data[name["hours"]].astype(float).tolist() == pytest.approx(want.tolist(), nan_ok=True)
    fruits = frame["fruit"].map({"a": "Apple", "b": "Banana", "c": "Cherry"})
    assert data[name["fruit"]].astype(str).tolist() == fruits.tolist()
    assert data[name["q1"]].notna().all()


def test_a_date_before_1677_is_named_not_blanked(tmp_path):
    export = _sav(tmp_path, old_date=True)
    study = _study(tmp_path, export)  # the draft no longer fails on it; it keeps the column as text
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "not_a_date: '1583-01-01'" in text
    path = study / "config" / "codebook.yaml"
    cb = text.replace('type: text\n    label: "Date of your last visit"', 'type: date\n    label: "Date of your last visit"')
    assert cb != text
    path.write_text(cb, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_study(study)
    assert 'column "visit": not_a_date: \'1583-01-01\' ×1 (row 4)' in str(err.value)
    assert "a date between 1677 and 2262" in str(err.value)
