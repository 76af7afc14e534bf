"""Personal-data columns headed in the languages a Nordic municipality's residents write, and the
reason a left-out column is given.

Was: a real Jotform export (ikanx101/Marketing-Jotform, "Algoritma/2023/Nutrihub dan Networking/[rawdata]
Jotform_Networking_Nutrihub_S2024-01-14_09_24_16.xlsx": one sheet, "Submission Date" first, then among
the questions "Nama PIC", "Nama Perwakilan" (Indonesian: the person in charge's and the representative's
name) and "Nomor HP/WA" (mobile/WhatsApp numbers stored as numbers, their leading 0 lost:
81325512690.0) had its header words (nb/nn/sv/da/en/de) know none of these headers, and its phone
column left out as "national id numbers": every 11-digit number was read as a fødselsnummer, though no
fødselsnummer or D-number begins with 8 or 9. The exports here are written by hand in that shape; the
numbers and names are made up.

The words are those translators give "Name", "First name", "Last name", "Full name", "Phone number",
"E-mail address", "Address", "Birthday" in Debian's gettext catalogues (shadow, gnupg2, PackageKit,
gtk30, avahi: /usr/share/locale/<lang>/LC_MESSAGES) and in Thunderbird's address book
(mozilla-l10n/firefox-l10n, <lang>/mail/messenger/addressbook/vcard.ftl).
"""

from __future__ import annotations

import csv
import glob
import re
from pathlib import Path

import pandas as pd
import pytest

from surveykit.clean.identifiers import WHAT, column_identifier
from surveykit.clean.privacy import identifier_kind
from surveykit.io import _vendor
from surveykit.io._vendor import header_kind
from tests.test_scaffold_layouts import codebook, run_study

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("header", "kind"), [
    # Indonesian (the Jotform export)
    ("Nama PIC", "name"), ("Nama Perwakilan", "name"), ("Nama Contact Person 7", "name"), ("Nama Lengkap", "name"),
    ("Nomor HP/WA", "phone"), ("Nomor Hp Wa", "phone"),
    ("Nomor Telepon", "phone"), ("Alamat", "address"), ("Alamat email", "email"), ("Tanggal Lahir", "birth_date"),
    # Finnish, Icelandic
    ("Etunimi", "name"), ("Sukunimi", "name"), ("Koko nimi", "name"), ("Puhelinnumero", "phone"),
    ("Sähköpostiosoite", "email"), ("Osoite", "address"), ("Syntymäpäivä", "birth_date"),
    ("Skírnarnafn", "name"), ("Eftirnafn", "name"), ("Símanúmer", "phone"), ("Tölvupóstfang", "email"),
    ("Heimilisfang", "address"), ("Fæðingardagur", "birth_date"),
    # Polish, Lithuanian, Turkish
    ("Imię", "name"), ("Nazwisko", "name"), ("Imię i nazwisko", "name"), ("Numer telefonu", "phone"),
    ("Adres e-mail", "email"), ("Data urodzenia", "birth_date"), ("Vardas", "name"),
    ("Soyadı", "name"), ("Ad Soyad", "name"), ("Telefon numarası", "phone"), ("E-posta adresi", "email"),
    ("Doğum günü", "birth_date"),
    # Russian, Ukrainian, Arabic
    ("Фамилия", "name"), ("Имя", "name"), ("Номер телефона", "phone"), ("Адрес электронной почты", "email"),
    ("Прізвище", "name"), ("Ім'я", "name"), ("Номер телефону", "phone"), ("Дата народження", "birth_date"),
    ("الاسم", "name"),
    # Spanish, French, Portuguese, Dutch
    ("Apellidos", "name"), ("Nombre completo", "name"), ("Número de teléfono", "phone"),
    ("Correo electrónico", "email"), ("Dirección", "address"), ("Prénom", "name"), ("Nom de famille", "name"),
    ("Numéro de téléphone", "phone"), ("Courriel", "email"), ("Nome completo", "name"), ("Telefone", "phone"),
    ("Endereço", "address"), ("Voornaam", "name"), ("Achternaam", "name"), ("Telefoonnummer", "phone"),
    ("E-mailadres", "email"), ("Verjaardag", "birth_date"),
    # whose and a number, as in the Nordic words
    ("contact_telefoonnummer_2", "phone"),
    # what a thing is named, not a person
    ("Nama Partner", None), ("Nama Kegiatan", None), ("Nombre del centro", None), ("Nazwa", None),
    ("Ad", None), ("Nom du service", None), ("Naam van de bibliotheek", None),
])
def test_header_words_in_other_languages(header, kind):
    assert header_kind(header) == kind


def _sample_headers() -> list[str]:
    """Every header of every export shipped with the tests (samples, R-checked data, bad inputs)."""
    headers = []
    for f in sorted(glob.glob(str(ROOT / "tests/data/**/*.csv"), recursive=True)):
        for encoding, sep in (("utf-8", ","), ("utf-16", "\t"), ("latin-1", None)):
            try:
                frame = pd.read_csv(f, dtype=str, encoding=encoding, sep=sep, engine="python", nrows=2)
                break
            except (UnicodeError, csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError):
                continue
        else:
            continue
        headers += [str(c) for c in frame.columns]
        headers += [str(v) for v in frame.iloc[:1].to_numpy().ravel() if isinstance(v, str)]  # Qualtrics' questions
    for f in sorted(glob.glob(str(ROOT / "tests/data/samples/**/*.xlsx"), recursive=True)):
        frame = pd.read_excel(f, dtype=str, nrows=2)
        headers += [str(c) for c in frame.columns]
    for f in sorted(glob.glob(str(ROOT / "tests/data/samples/**/*.txt"), recursive=True)):
        first = Path(f).read_text(encoding="utf-8", errors="replace").splitlines()[:1]
        headers += [h for line in first for h in line.split("\t")]
    return headers


def test_no_header_of_a_sample_export_changes_role():
    """The words of other languages turn no header of the shipped exports into an identifier."""
    old = [(kind, re.compile(rf"{_vendor._WHOSE}(?:{heads})(?:\s?\d+)?")) for kind, heads in _vendor._HEADER_KINDS]
    headers = _sample_headers()
    assert len(headers) > 2000
    changed = []
    for h in dict.fromkeys(headers):
        words = _vendor._header_words(h)
        before = next((kind for kind, rx in old if rx.fullmatch(words)), None)
        if header_kind(h) != before:
            changed.append((h, before, header_kind(h)))
    assert changed == []


# Indonesian mobile numbers (08xx, 10 to 13 digits) stored as numbers: the leading 0 lost
JOTFORM_PHONES = [81325512690.0, 83842462038.0, 81325512690.0, 83865622059.0, 85712345678.0, 81298765432.0,
                  8123456789.0, 87812345678.0]


def test_phone_numbers_that_lost_their_leading_zero_are_phone_numbers():
    values = pd.Series(JOTFORM_PHONES)
    assert identifier_kind(values) == "phone"
    assert column_identifier(values, ["Q7"]) == ("phone", "by its answers")


def test_national_id_numbers_stay_national_id_numbers():
    fnr = pd.Series(["15887012366", "03038512314", "41087012377"])      # valid check digits (a D-number too)
    assert identifier_kind(fnr) == "national_id"
    pnr = pd.Series(["8112189876", "8506151235", "9203045670"])          # Swedish, 10 digits, Luhn
    assert identifier_kind(pnr) == "national_id"
    assert identifier_kind(pd.Series(["8112189875", "8506151237", "8123456780"])) == "phone"  # no Luhn


def test_the_draft_names_the_jotform_phone_column_phone_numbers(tmp_path):
    """The draft's header line says why: phone numbers, by the header and by the answers alike."""
    frame = pd.DataFrame({"Submission Date": ["10/01/2024"] * 8, "Nomor HP/WA": JOTFORM_PHONES, "Kontak": JOTFORM_PHONES,
                          "Nutrihub": ["Yes", "No"] * 4})
    export = tmp_path / "Jotform_Networking.xlsx"
    frame.to_excel(export, sheet_name="Sheet1", index=False)
    study = run_study(tmp_path, export, build=False)
    sources = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert {"Nomor HP/WA", "Kontak"}.isdisjoint(sources) and "Nutrihub" in sources
    header = (study / "config" / "codebook.yaml").read_text(encoding="utf-8").split("\nscales:")[0]
    assert "'Nomor HP/WA' holds phone numbers (by its header)" in header, header
    assert "'Kontak' holds phone numbers (by its answers)" in header, header
    assert "national id" not in header


def test_eleven_digits_without_check_digits_are_not_said_to_be_national_ids():
    """UK mobiles (07700 900xxx, Ofcom's drama range) and Chinese ones (138...) have 11 digits, as a
    fødselsnummer has; without its check digits the column is still left out, but the reason says
    what is known (11 digits) rather than "national id numbers"."""
    phones = pd.Series(["07700900123", "07700900456", "13812345678", "13987654321", "07700900789"])
    kind, how = column_identifier(phones, ["Q9"])
    assert (kind, how) == ("eleven_digits", "by its answers")
    assert WHAT[kind].startswith("11-digit numbers, most without a fødselsnummer's check digits")
    fnr = pd.Series(["15887012366", "15887012366", "03028512345"])   # one valid fødselsnummer of two
    assert column_identifier(fnr, ["Q9"]) == ("national_id", "by its answers")


@pytest.mark.parametrize("values", [
    ["081325512690", "083842462038", "0857-1234-5678", "0812-9876-5432"],       # with the trunk 0, as text
    [6281325512690.0, 6283842462038.0, 6285712345678.0, 6281298765432.0],      # country code, stored as numbers
])
def test_indonesian_mobile_numbers_of_12_and_13_digits_are_phone_numbers(values):
    """Were no identifier at all: a column of them under a neutral header was drafted as answers."""
    assert column_identifier(pd.Series(values), ["Q7"]) == ("phone", "by its answers")


def test_a_day_year_and_time_glued_is_no_phone_number():
    assert identifier_kind(pd.Series(["010120241230", "020320241015", "150620230900"])) is None
