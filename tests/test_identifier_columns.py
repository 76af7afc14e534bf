"""Identifier columns named the way REDCap, Kobo and spreadsheets name them (`first_name`,
`name_last`, `address`, `phone`, `Etternavn`) were drafted as single choices whose levels were
people's names, or drafted and then refused by the codebook check ("holds direct identifiers")
so that `codebook draft` exited 2 with no codebook. The draft now leaves a column out by the
test the check refuses it with (header, question and answers, answers alone), and names each
one with its reason in the codebook's header."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.clean.identifiers import column_identifier
from surveykit.io._vendor import header_kind
from tests import tool_exports as tx
from tests.test_identifiers_asked import _key  # noqa: F401 - a pseudonymisation key for every test
from tests.test_scaffold_layouts import codebook, responses, run_study

GIVEN = ["Emma", "Liam", "Olivia", "Noah", "Ingrid", "Lucas", "Sofie", "Ethan", "Kari", "Mason"]
FAMILY = ["Garcia", "Smith", "Nguyen", "Okafor", "Larsen", "Kowalski", "Haddad", "Silva", "Berg", "Ito"]
LEFT_OUT = {"first_name": "names", "last_name": "names", "name_first": "names", "name_last": "names",
            "address": "addresses", "telephone": "phone numbers", "phone": "phone numbers",
            "kontaktinfo": "phone numbers", "email": "e-mail addresses"}


def redcap_export(folder: Path, n: int = 40, seed: int = 3) -> Path:
    """A CSV as REDCap writes it: raw variable names, comma-separated, multi-line addresses quoted."""
    rng = np.random.default_rng(seed)
    header = ["record_id", "first_name", "last_name", "name_first", "name_last", "address", "telephone", "phone",
              "kontaktinfo", "email", "gps_latitude", "company_name", "Hvilket bibliotek", "satisfied",
              "demographics_complete"]
    rows = [header]
    for i in range(n):
        given, family = GIVEN[i % 10], FAMILY[(i * 3 + i // 10) % 10]
        rows.append([
            str(i + 1), given, family, GIVEN[(i + 4) % 10], FAMILY[(i + 7) % 10],
            f"{10 + i} Rose Cottage St.\nKenning UK, {323232 + i}",            # two lines, with a comma
            f"({405 + i % 3}) 321-{1111 + i:04d}",
            str(3364812635 + 7919 * i),                                           # ten digits, read as a number
            f"{91234567 + 101 * i:d}"[:3] + " " + f"{91234567 + 101 * i:d}"[3:5] + " " + f"{91234567 + 101 * i:d}"[5:],
            f"{given.lower()}.{family.lower()}@example.org",
            f"{0.5814025 + 0.0000713 * i:.7f}",                                   # a Kobo GPS latitude
            str(rng.choice(["Acme AS", "Nordlys AS", "Fjord Consulting"])),
            str(rng.choice(["Hovedbiblioteket", "Filialen i sentrum", "Bokbussen"])),
            str(rng.choice(["1", "2", "3", "4", "5"])),
            "2",
        ])
    path = folder / "redcap_export.csv"
    path.write_text(tx._csv(rows), encoding="utf-8")
    return path


def test_the_draft_of_a_redcap_export_leaves_out_every_identifier_column_and_validates(tmp_path):
    export = redcap_export(tmp_path)
    study = run_study(tmp_path, export, build=False)   # draft and validate exit 0
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    header = text[:text.index("\nscales:")]
    for column, what in LEFT_OUT.items():
        how = "by its answers" if column == "kontaktinfo" else "by its header"
        assert f"#   {column!r} holds {what} ({how})" in header
    sources = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert not sources & set(LEFT_OUT)
    # a company and a library are no identifiers: kept; a latitude is a location, left out as personal data
    assert {"company_name", "Hvilket bibliotek", "satisfied"} <= sources
    assert "gps_latitude" not in sources and "#   'gps_latitude' holds the coordinates of a location" in header
    # no name, number or address in clear in the codebook or data/processed
    raw = pd.read_csv(export, dtype=str)
    processed = responses(study).astype(str).to_csv()
    for column in LEFT_OUT:
        for value in raw[column].unique():
            assert value not in text and value not in processed, (column, value)
    for word in (*GIVEN, *FAMILY, "Rose Cottage"):
        assert word not in text
    # the columns left out are named in the cleaning's quality report
    quality = json.loads((study / "data" / "processed" / "quality.json").read_text(encoding="utf-8"))
    assert set(LEFT_OUT) <= set(quality["1"]["unused_columns"])


def kobo_phone_pattern(folder: Path) -> Path:
    """A Kobo export whose `phone` cells all hold the form's validation pattern."""
    export = folder / "kobo.csv"
    lines = ["start;phone;Hvor fornøyd er du?"] + [f"2024-03-{1 + i % 28:02d};[0]{{1}}[7]{{1}}[0-9]{{8}};{1 + i % 5}"
                                                  for i in range(30)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return export


def test_a_column_named_phone_is_left_out_whatever_it_holds(tmp_path):
    """Typed as a single choice and then refused, it made the draft exit 2 with no codebook."""
    study = run_study(tmp_path, kobo_phone_pattern(tmp_path), build=False)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "#   'phone' holds phone numbers (by its header)" in text
    assert "[0-9]{8}" not in text


def test_an_identifier_column_the_draft_missed_is_made_a_replaced_text_not_a_failed_draft(tmp_path, monkeypatch):
    """Should the draft's test ever miss a column the check refuses, the draft repairs it as
    a text whose cells are replaced, with a REVIEW note, instead of exiting 2."""
    monkeypatch.setattr("surveykit.scaffold.personal.column_identifier", lambda values, headers: None)
    study = run_study(tmp_path, kobo_phone_pattern(tmp_path), build=False)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    var = next(v for v in codebook(study)["variables"] if v["sources"]["1"].get("column") == "phone")
    assert var["type"] == "text"
    assert "REVIEW: holds phone numbers: kept as text, so every filled cell is replaced" in text
    assert set(responses(study)[var["name"]].dropna()) == {"[telefon]"}


@pytest.mark.parametrize(("header", "kind"), [
    ("first_name", "name"), ("last_name", "name"), ("name_first", "name"), ("name_last", "name"),
    ("middle_name", "name"), ("given_name", "name"), ("family_name", "name"), ("Surname", "name"),
    ("FirstName", "name"), ("RecipientLastName", "name"), ("full name", "name"), ("username", "name"),
    ("Fornavn", "name"), ("Etternavn", "name"), ("Efternavn", "name"), ("Efternamn", "name"),
    ("Förnamn", "name"), ("Mellomnavn", "name"), ("Navn", "name"), ("Namn", "name"), ("Fullt navn", "name"),
    ("Brukernavn", "name"), ("Navn (valgfritt)", "name"), ("next_of_kin_contact_name", "name"),
    ("address", "address"), ("Address line 1", "address"), ("Postadresse", "address"),
    ("phone", "phone"), ("telephone_1", "phone"), ("ec_phone", "phone"), ("Mobilnummer", "phone"),
    ("Contact Number", "phone"), ("tlf", "phone"),
    ("E-post", "email"), ("e_mail", "email"), ("E-postadresse", "email"), ("IPAddress", "ip"),
    ("Fødselsnummer", "national_id"), ("dob", "birth_date"),
    ("company_name", None), ("site_name", None), ("library name", None), ("filename", None),
    ("Navn på bibliotek", None), ("Hvilket bibliotek", None), ("Kommunenavn", None), ("name of library", None),
    ("web address", None), ("Telefontjenesten", None), ("iPhone", None), ("gps_latitude", None),
    ("Postnummer", None), ("Hvor fornøyd er du?", None),
])
def test_headers_that_name_an_identifier(header, kind):
    assert header_kind(header) == kind


def test_a_latitude_is_no_identifier_and_a_phone_number_read_as_a_float_is_one():
    latitudes = pd.Series([0.5814025 + 0.0000713 * i for i in range(50)])
    assert column_identifier(latitudes, ["lat"]) is None
    phones = pd.Series([91234567.0 + 1013 * i for i in range(50)] + [np.nan])  # a gap: read as floats
    assert column_identifier(phones, ["Kontakt"]) == ("phone", "by its answers")
