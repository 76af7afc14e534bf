"""SPSS files as SPSS writes them, met in real .sav files we had not shaped (pyreadstat's own
test files, read locally): DATE and TIME variables (the draft crashed on them), dates before
1677 (SPSS's calendar starts in 1582; they crashed the draft and were silently blanked when
validating), a number whose value labels name only its missing codes (drafted as a scale with
no answer and refused by the draft's own check), and value labels on a text variable ("a" =
"Apple": codes that are letters, refused likewise). Files are written here with pyreadstat."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from surveykit import cli
from surveykit.errors import ValidationError
from surveykit.io.read import read_export
from surveykit.study import load_study
from tests.test_draft_valid_ranges import seen
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


def _add_mr_sets(path: Path, sets: list[tuple[str, str, str, list[str]]]) -> None:
    """Add SPSS multiple-response sets to a .sav (pyreadstat writes none): the extension
    record SPSS writes for them (record type 7, subtype 7: one line per set, e.g.
    "$services=D1 1 14 Services known b1 b2" = a dichotomy set counting the value 1; a
    category set is "$name=C 8 Mentions a b"), placed before the dictionary's end (record
    999) as SPSS places it. ``sets``: (name, "D<len> <value>" or "C", label, variables)."""
    lines = [f"${name}={kind} {len(label)} {label} {' '.join(cols)}" for name, kind, label, cols in sets]
    data = path.read_bytes()
    end = data.find(struct.pack("<ii", 999, 0))
    assert end > 0
    text = "".join(line + "\n" for line in lines).encode("ascii")
    path.write_bytes(data[:end] + struct.pack("<iiii", 7, 7, 1, len(text)) + text + data[end:])


def test_spss_multiple_response_sets_are_multi_selects(tmp_path):
    n = 60
    frame = pd.DataFrame({
        "respid": [f"R{i:03d}" for i in range(n)],
        "lib": [float(i % 2) for i in range(n)],                    # counted 1, not chosen 0
        "tax": [float(i % 3 == 0) for i in range(n)],
        "nav": [2.0 if i % 4 == 0 else 0.0 for i in range(n)],      # a set counting the value 2
        "web": [2.0 if i % 5 == 0 else 0.0 for i in range(n)],
        "yes1": [1.0 if i % 3 else 2.0 for i in range(n)],          # 1 = yes, 2 = no: counted 1
        "first": [float(1 + i % 3) for i in range(n)],              # a category set
        "second": [float(1 + (i + 1) % 3) for i in range(n)],
    })
    frame.loc[7, "lib"] = float("nan")
    path = tmp_path / "agency.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=[
        "Respondent", "Services you know: Library", "Services you know: Tax", "Help you got: NAV",
        "Help you got: Web", "Would recommend", "First mention", "Second mention"],
        variable_value_labels={"first": {1: "Books", 2: "Events", 3: "Study"},
                               "second": {1: "Books", 2: "Events", 3: "Study"}})
    _add_mr_sets(path, [("known", "D1 1", "Services you know", ["lib", "tax"]),
                        ("helped", "D1 2", "Help you got", ["nav", "web"]),
                        ("rec", "D1 1", "Would recommend", ["yes1"]),
                        ("mentions", "C", "Mentions", ["first", "second"])])
    if not (getattr(pyreadstat.read_sav(str(path), metadataonly=True)[1], "mr_sets", None) or {}):
        pytest.fail("this pyreadstat does not read multiple-response sets")
    raw = read_export(path)
    assert set(raw.meta["multi"]) == {"known", "helped"}
    study = _study(tmp_path, path)
    cb = codebook(study)
    known = next(v for v in cb["variables"] if v["type"] == "multi" and v["label"] == "Services you know")
    helped = next(v for v in cb["variables"] if v["type"] == "multi" and v["label"] == "Help you got")
    assert list(known["options"].values()) == ["Library", "Tax"]
    assert list(helped["options"].values()) == ["NAV", "Web"]
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "multiple-response set 'rec' (Would recommend) counts the value 1 of ['yes1'], whose other values are [2]" in text
    assert "multiple-response set 'mentions' (Mentions) is a category set of ['first', 'second']" in text
    assert variable(cb, "yes1")["type"] != "multi"
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    data = responses(study)
    for var, cols, counted in ((known, ("lib", "tax"), 1.0), (helped, ("nav", "web"), 2.0)):
        for key, col in zip(var["options"], cols, strict=True):
            got = data[f"{var['name']}__{key}"]
            # SPSS counts the counted value only: an empty cell beside written 0s is not chosen
            answered = frame[list(cols)].notna().any(axis=1)
            want = (frame[col] == counted).astype("boolean").where(answered, pd.NA)
            pd.testing.assert_series_equal(got.astype("boolean").reset_index(drop=True),
                                           want.astype("boolean"), check_names=False)


def test_a_variable_labelled_true_gets_a_name_yaml_reads_as_text(tmp_path):
    """Qualtrics' SPSS export labels its Finished variable "True": the draft named it `true`,
    which YAML reads as a yes/no, and its own check refused the codebook."""
    n = 30
    frame = pd.DataFrame({"ResponseId": [f"R_{i:04d}" for i in range(n)],
                          "StartDate": pd.to_datetime([f"2020-07-{1 + i % 28:02d} 10:00:00" for i in range(n)]),
                          "Duration__in_seconds_": [float(300 + 7 * i) for i in range(n)],
                          "Finished": [2.0 if i % 5 else 1.0 for i in range(n)],
                          "Q1": [float(1 + i % 2) for i in range(n)]})
    path = tmp_path / "qualtrics_spss.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Response ID", "Start Date", "Duration (in seconds)",
                                                          "True", "Yes"])
    study = _study(tmp_path, path)
    cb = codebook(study)
    names = [v["name"] for v in cb["variables"]]
    assert all(isinstance(x, str) for x in names)
    assert "true_answer" in names and "yes_answer" in names
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0


def test_letter_codes_with_a_declared_missing_letter_and_a_portable_file(tmp_path):
    """A text variable with value labels and a text code declared missing ("Z"): the draft
    failed on converting "Z" to a number; a .por file was called corrupt."""
    n = 24
    frame = pd.DataFrame({"respid": [f"R{i:03d}" for i in range(n)],
                          "grade": [["a", "b", "Z", "c"][i % 4] for i in range(n)]})
    path = tmp_path / "grades.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent", "Your grade"],
                         variable_value_labels={"grade": {"a": "Good", "b": "Fair"}},
                         missing_ranges={"grade": ["Z"]})
    study = _study(tmp_path, path)
    cb = codebook(study)
    grade = variable(cb, "grade")
    scale = cb["scales"][grade["scale"]]
    assert [(lv["label"], lv.get("aliases")) for lv in scale["levels"]] == [("Good", ["a"]), ("Fair", ["b"]), ("c", None)]
    assert [lv["label"] for lv in scale["nonsubstantive"]] == ["Z"]
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    data = responses(study)
    got = data[grade["name"]]
    assert [None if pd.isna(x) else str(x) for x in got.tolist()[:4]] == ["Good", "Fair", None, "c"]  # "Z" apart
    assert data[f"{grade['name']}__dk"].tolist()[:4] == [False, False, True, False]
    por = tmp_path / "old.por"
    por.write_bytes(b"\xc1\xe2\xc3\xc9\xc9@\xe2\xd7" + b"@" * 200)  # an SPSS portable file opens so
    with pytest.raises(Exception, match=r"old\.por: is an SPSS portable file \(\.por\), which surveykit does not "
                                        r"read\. Open it in SPSS or PSPP and save it as \.sav"):
        read_export(por)


def test_an_unlabelled_code_the_file_declares_missing_is_said_to_be_missing(tmp_path):
    frame = pd.DataFrame({"respid": [f"R{i:03d}" for i in range(30)],
                          "colour": [[1.0, 2.0, 3.0, 8.0, 4.0][i % 5] for i in range(30)]})
    path = tmp_path / "colours.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent", "Favourite colour"],
                         variable_value_labels={"colour": {1: "red", 2: "green", 3: "blue"}},
                         missing_ranges={"colour": [7, 8, 99]})
    study = _study(tmp_path, path)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "codes [7, 8, 99] are declared missing in the file: kept as non-substantive" in text
    assert "codes [4] occur in the data without a value label" in text
    cb = codebook(study)
    scale = cb["scales"][variable(cb, "colour")["scale"]]
    assert [lv["code"] for lv in scale["nonsubstantive"]] == [4, 8]
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0


def test_a_declared_missing_code_of_a_number_and_a_count_labelled_at_zero_stay_numbers(tmp_path):
    # as agencies deliver them: MISSING VALUES alder (-9) without a value label (was read as an
    # age of -9), and visits 0-30 with one label 0 = "Ingen" (was a scale of one level, every
    # other count thrown away as "Vet ikke")
    n = 60
    visits = [0, 1, 2, 3, 5, 8, 12, 20, 30, 0, 4, 6]
    frame = pd.DataFrame({"id": [float(1000 + i) for i in range(n)],
                          "alder": [float(18 + i) if i % 10 else -9.0 for i in range(n)],
                          "besok": [float(visits[i % 12]) for i in range(n)],
                          "q1": [float(1 + i % 5) for i in range(n)]})
    path = tmp_path / "agency.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["Løpenummer", "Alder",
                         "Hvor mange ganger har du besøkt biblioteket det siste året?", "Hvor fornøyd er du?"],
                         variable_value_labels={"besok": {0.0: "Ingen"},
                                                "q1": {1.0: "Svært misfornøyd", 5.0: "Svært fornøyd"}},
                         missing_ranges={"alder": [-9.0]})
    study = _study(tmp_path, path)
    cb = codebook(study)
    age = variable(cb, "alder")
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert age["type"] == "numeric" and age["missing"] == [-9] and seen(text, "alder") == [19, 77]
    visits_var = variable(cb, "besok")
    assert visits_var["type"] == "numeric" and seen(text, "besok") == [0, 30]
    assert "scale" not in visits_var and not visits_var.get("missing")
    assert variable(cb, "q1")["type"] in ("likert", "single")  # labelled end points: still a scale
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "codes [-9] are declared missing in the file" in text
    assert "the file labels only 0 = 'Ingen' and 10 other values have no label" in text
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    data = responses(study)
    ages = data[age["name"]].astype(float)
    assert ages.isna().sum() == 6 and ages.mean() == pytest.approx(frame["alder"][frame["alder"] != -9].mean())
    assert data[visits_var["name"]].astype(float).tolist() == frame["besok"].tolist()
