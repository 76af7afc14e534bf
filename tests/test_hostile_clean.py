"""Identifiers never reach data/processed in clear (issue 14): every id variable is
pseudonymised, columns of direct identifiers are refused unless pseudonymised or replaced;
site value labels of a .sav are checked; quality.json counts masked cells per kind and names
files relative to the study. (Answers dated outside the field period: the `window`
screening rule, tested with the screening.)"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from surveykit.errors import DataError, ValidationError
from surveykit.study import load_study
from tests.study_fixture import CODEBOOK_YAML, SURVEYKIT_YAML, W1_CSV, W2_CSV, write_mini_study


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def _with_column(header: str, values: list[str]) -> str:
    lines = W1_CSV.strip("\n").splitlines()
    return "\n".join([lines[0] + f";{header}"] + [f"{line};{v}" for line, v in zip(lines[1:], values, strict=True)]) + "\n"


def _variable(name: str, type_: str, column: str, extra: str = "") -> str:
    return CODEBOOK_YAML + f'  - name: {name}\n    type: {type_}\n{extra}    sources: {{"1": {{column: "{column}"}}}}\n'


def _processed_text(root) -> str:
    study = load_study(root)
    study.save()
    folder = root / "data" / "processed"
    return (pd.read_parquet(folder / "responses.parquet").astype(str).to_csv()
            + (folder / "rejects.csv").read_text(encoding="utf-8") + (folder / "quality.json").read_text(encoding="utf-8"))


FNRS = ["15887012366", "03028512345", "01019012345", "15887012366", "12345678901", "31129945678", "41087012345",
        "02020212345", "05050512345"]
# with a fødselsnummer's check digits (made with surveykit.clean.privacy.is_fodselsnummer), a D-number among them
FNRS_VALID = ["15887012366", "03028512324", "31129945616", "41087012377", "02020212317", "05050512357",
              "12038845606", "15087012481", "03028512405"]


def test_a_second_id_variable_is_pseudonymised(tmp_path):
    root = write_mini_study(tmp_path, **{
        "data/raw/w1.csv": _with_column("Intervjuer", [f"INT-{i % 3}" for i in range(9)]),
        "config/codebook.yaml": _variable("interviewer", "id", "Intervjuer")})
    text = _processed_text(root)
    assert "INT-" not in text
    study = load_study(root)
    ids = study.responses.loc[study.responses["wave"] == "1", "interviewer"].dropna()
    assert len(ids) == 6 and ids.str.fullmatch(r"[0-9a-f]{16}").all()


@pytest.mark.parametrize(("header", "values", "type_", "match"), [
    ("Fødselsnummer", FNRS, "single", r"column 'Fødselsnummer' \(variable 'x', type single\): holds national id"),
    ("Personnr", FNRS, "numeric", r"holds national id numbers"),
    ("E-post", [f"ola{i}@example.no" for i in range(9)], "single", r"holds e-mail addresses"),
    ("Mobil", [f"9123456{i}" for i in range(9)], "numeric", r"holds phone numbers"),
    ("Navn", [f"Kari Nordmann {i}" for i in range(9)], "date", r"holds names"),
])
def test_identifier_columns_of_other_types_are_refused(tmp_path, header, values, type_, match):
    extra = "    levels: [a]\n" if type_ == "single" else ""
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": _with_column(header, values),
                                         "config/codebook.yaml": _variable("x", type_, header, extra)})
    with pytest.raises(DataError, match=match + r".*map it as `type: id` \(pseudonymised\) or `type: text`"):
        load_study(root)


def test_an_identifier_id_kept_in_clear_is_refused(tmp_path):
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": _with_column("E-post", [f"o{i}@example.no" for i in range(9)]),
                                         "config/codebook.yaml": _variable("mail", "id", "E-post", "    keep: true\n")})
    with pytest.raises(DataError, match=r"column 'E-post' .*holds e-mail addresses.*remove `keep: true`"):
        load_study(root)


@pytest.mark.parametrize(("header", "values", "placeholder"), [
    ("Navn", [f"Xqz Wyv{i}" for i in range(9)], "[navn]"),  # names no list knows: the column says what they are
    ("Telefon", [f"9123456{i}" for i in range(9)], "[telefon]"),
    ("Fritekst", FNRS_VALID, "[id-nummer]"),                # recognised by the values
    # 11 digits, most without check digits: a phone, account or id number, hidden as such
    ("Fritekst", FNRS, "[skjult]"),
])
def test_identifier_columns_mapped_as_text_are_replaced_whole(tmp_path, header, values, placeholder):
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": _with_column(header, values),
                                         "config/codebook.yaml": _variable("x", "text", header)})
    text = _processed_text(root)
    for value in values:
        assert value not in text
    study = load_study(root)
    assert set(study.responses.loc[study.responses["wave"] == "1", "x"].dropna()) == {placeholder}
    assert any("holds direct identifiers" in w for w in study.quality["1"]["warnings"])


def test_identifier_columns_as_ids_are_pseudonymised(tmp_path):
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": _with_column("Personnummer", FNRS),
                                         "config/codebook.yaml": _variable("pnr", "id", "Personnummer")})
    text = _processed_text(root)
    assert not any(f in text for f in FNRS)


def test_quality_counts_masked_cells_per_kind_and_paths_are_relative(tmp_path):
    # rows 5, 6 and 8 of the file are rejected (a repeat, a test, an incomplete interview)
    comments = ["ring 912.34.567", "ola @ example.no", "Hilsen kari nordmann", "dup 91234567", "test 91234567",
                "fnr15887012366", "rejected 91234567", "Storgata 12, ip 10.0.0.7", "47 912 34 567"]
    w1 = "\n".join(line.rsplit(";", 1)[0] + f";{c}" for line, c in
                   zip(W1_CSV.strip("\n").splitlines(), ["Kommentar", *comments], strict=True)) + "\n"
    root = write_mini_study(tmp_path / "somewhere" / "study", **{"data/raw/w1.csv": w1})
    study = load_study(root)
    study.save()
    quality = json.loads((root / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    q1 = quality["1"]
    # kept rows only (rows 5-6 are a duplicate and a test interview)
    kept = study.responses.loc[study.responses["wave"] == "1", "comment"].dropna().tolist()
    assert not any(ch.isdigit() for c in kept for ch in c) and "@" not in "".join(kept)
    assert q1["masked_by_kind"] == {"address": 1, "email": 1, "ip": 1, "name": 1, "national_id": 1, "phone": 2}
    assert q1["masked_text_cells"] == 6
    assert q1["file"] == "data/raw/w1.csv" and quality["2"]["file"] == "data/raw/w2.csv"
    assert str(tmp_path) not in json.dumps(quality)


def test_site_value_labels_of_a_sav_are_checked(tmp_path):
    import pyreadstat

    frame = pd.read_csv(__import__("io").StringIO(W2_CSV), sep=";")
    frame["sted"] = frame["sted"].map({"Askim": 1, "Mjøndalen": 2}).astype(float)
    frame["kjonn"] = frame["kjonn"].astype(float)
    frame = frame.rename(columns={"q7 lett å få hjelp": "q7_lett"})  # SPSS names hold no spaces
    root = write_mini_study(tmp_path, **{
        "surveykit.yaml": SURVEYKIT_YAML.replace("data/raw/w2.csv", "data/raw/w2.sav"),
        "config/sites.csv": "site_id,label,municipality,kind,aliases,co_located,valid_from,valid_to\n"
                            "a,Askim,Indre Østfold,x,Askim bibliotek|1,true,,\n"
                            "m,Mjøndalen,Drammen,b,Mjøndalen bibliotek|2,false,,2022-08-31\n"
                            "m,Mjøndalen,Drammen,b,Mjøndalen bibliotek|2,true,2022-09-01,\n"})
    labels = {"sted": {1.0: "Mjøndalen", 2.0: "Askim"}}  # swapped: code 1 is Askim in sites.csv
    pyreadstat.write_sav(frame, root / "data" / "raw" / "w2.sav", variable_value_labels=labels)
    with pytest.raises(ValidationError, match=r"value_label_mismatch: .*1.0 = 'Mjøndalen'.*labelled as its site"):
        load_study(root)
    pyreadstat.write_sav(frame, root / "data" / "raw" / "w2.sav",
                         variable_value_labels={"sted": {1.0: "Askim", 2.0: "Mjøndalen sentrum"}})
    study = load_study(root)  # an unknown label is a warning, not an error
    assert any("value_label_unknown" in w and "Mjøndalen sentrum" in w for w in study.quality["2"]["warnings"])
