"""Privacy: masking of identifiers in realistic free text (and what must survive), the
pseudonymisation key, and identifier columns kept out of processed data."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from surveykit.clean.privacy import KEY_FILE, is_fodselsnummer, load_key, mask_text
from surveykit.errors import OutputError
from surveykit.study import load_study
from surveykit.synth.comments import PLANTED, synthetic_fnr
from tests.study_fixture import CODEBOOK_YAML, W1_CSV, write_mini_study

FNR = synthetic_fnr(15, 8, 70, 123)

MASKED = [
    # Norwegian phones
    ("Ring meg på 912 34 567 etter kl. 16.", "Ring meg på [telefon] etter kl. 16."),
    ("tlf: 91234567", "tlf: [telefon]"),
    ("Sentralbord 22 33 44 55", "Sentralbord [telefon]"),
    ("mobil 9123 4567", "mobil [telefon]"),
    ("Ring +47 912 34 567!", "Ring [telefon]!"),
    ("nr. 0047 91234567", "nr. [telefon]"),
    ("(+47) 91234567", "[telefon]"),
    # Swedish and Danish
    ("Ring mig på 070-123 45 67", "Ring mig på [telefon]"),
    ("Växel 08-123 456 78", "Växel [telefon]"),
    ("+46 70 123 45 67", "[telefon]"),
    ("0046 (0)70-1234567", "[telefon]"),
    ("Ring på +45 12 34 56 78", "Ring på [telefon]"),
    # international
    ("UK office +44 20 7946 0958", "UK office [telefon]"),
    ("call +1 (555) 123-4567", "call [telefon]"),
    # e-mail
    ("Skriv til ola.nordmann@eksempel.no.", "Skriv til [e-post]."),
    ("ola(at)example.no", "[e-post]"),
    ("per+bibliotek@sub.example.co.uk svarer", "[e-post] svarer"),
    # national id numbers
    (f"fødselsnummer {FNR} ble lest opp", "fødselsnummer [id-nummer] ble lest opp"),
    (f"fnr: {FNR[:6]} {FNR[6:]}", "fnr: [id-nummer]"),
    ("personnummer 850203-1234", "personnummer [id-nummer]"),
    ("pnr 19850203-1234", "pnr [id-nummer]"),
    ("198502031234", "[id-nummer]"),
    ("CPR 010203-1234", "CPR [id-nummer]"),
    ("fnr 01019012345 (feil kontrollsiffer)", "fnr [id-nummer] (feil kontrollsiffer)"),  # see is_fodselsnummer
    ("kontonr 1234.56.78903", "kontonr [id-nummer]"),
    # names after a cue
    ("Med vennlig hilsen Kari Nordmann", "Med vennlig hilsen [navn]"),
    ("Mvh. Ola", "Mvh. [navn]"),
    ("Jeg heter Per Olsen og bor i Askim", "Jeg heter [navn] og bor i Askim"),
]

KEPT = [
    "I 2023 ble det mye bedre enn i 2021.",
    "Kurset kostet kr 1 500, boka 1 299,- og bygget 2 500 000 kr.",
    "Åpent 10-16 hver dag, lørdag 08.00-20.00, søndag kl. 10:00–15:30.",
    "man-fre 10-12 14-16",
    "09-16 10-15",
    "Jeg bor på 3050 Mjøndalen, jobber i 1830 Askim.",
    "Har vært låner i 30 år, over 1000 bøker lest.",
    "Besøkte 15.01.2022 og 2022-01-15, rom 203, uke 42.",
    "Vi var 25-30 personer, ca. 100 000 innbyggere.",
    "NAV-søknaden, BankID og Altinn.",
    "- Mer bøker på polsk og arabisk",
    "@kommunen: svar på e-post tar for lang tid.",
    # a date and a time (a submission time typed as text): were "[telefon]:30"
    "08.03.2024 09:30",
    "Møtet 08.03.24 09:30 ble avlyst, neste 8/3/24 14:05.",
    "Sendt 12.01.2023 14:05:33",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_identifiers_are_masked(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_survive(text):
    assert mask_text(text) == text


# decimal numbers: the digits after a decimal point or comma are never a phone or id number
# (0.5814025 was '[telefon]': a Kobo GPS latitude made the draft refuse its own codebook)
DECIMALS = ["0.5814025", "-0.5814025", "weight 0.8261898 ok", "0,5814025", "1.5814025", "9.5814025",
            "45.12345678", "0.00123456789", "59,91234567", "Posisjon 0.5814025, 32.5814311 (GPS)",
            "vekt 0.1,0.5814025 og 0,12345678"]
PHONES_NEAR_DECIMALS = [
    ("Ring +47 912 34 567, snitt 0.5814025", "Ring [telefon], snitt 0.5814025"),
    ("0.5 912 34 567", "0.5 [telefon]"),
    ("912 34 567", "[telefon]"),
    ("nr 0047 91234567.", "nr [telefon]."),
    ("Ring mig på 070-123 45 67 (vikt 0.8261898)", "Ring mig på [telefon] (vikt 0.8261898)"),
    ("070.1234567", "[telefon]"),
    ("Ring +45 12 34 56 78 i dag", "Ring [telefon] i dag"),
    ("call (555) 123-4567 or (212) 555-0199", "call [telefon] or [telefon]"),
    ("tlf 22.33.44.55", "tlf [telefon]"),
]


@pytest.mark.parametrize("text", DECIMALS)
def test_decimal_numbers_are_no_phone_numbers(text):
    assert mask_text(text) == text


@pytest.mark.parametrize(("text", "expected"), PHONES_NEAR_DECIMALS)
def test_phone_numbers_beside_decimals_are_masked(text, expected):
    assert mask_text(text) == expected


def test_every_planted_comment_is_masked():
    for items in PLANTED.values():
        for item in items:
            masked = mask_text(item["comment"])
            assert item["value"] not in masked, item
            assert item["value"].replace(" ", "") not in masked.replace(" ", ""), item


def test_fodselsnummer_check_digits():
    assert is_fodselsnummer(FNR) and is_fodselsnummer(synthetic_fnr(3, 2, 85, 456))
    assert not is_fodselsnummer(FNR[:-1] + str((int(FNR[-1]) + 1) % 10))
    assert not is_fodselsnummer("01019012345") and not is_fodselsnummer("1234")
    # D-number: day + 40
    d = [int(c) for c in "4108701234"[:9]]
    k1 = (11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d, strict=True)) % 11) % 11
    k2 = (11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), [*d, k1], strict=True)) % 11) % 11
    if k1 < 10 and k2 < 10:
        assert is_fodselsnummer("".join(map(str, [*d, k1, k2])))


def test_key_file_is_created_private_and_git_ignored(tmp_path, monkeypatch):
    monkeypatch.delenv("SURVEYKIT_KEY", raising=False)
    key = load_key(tmp_path)
    assert len(key) == 64 and (tmp_path / KEY_FILE).stat().st_mode & 0o077 == 0
    assert KEY_FILE in (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert load_key(tmp_path) == key  # stable
    (tmp_path / ".gitignore").write_text("*.tmp", encoding="utf-8")  # no newline at the end
    load_key(tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()[0] == "*.tmp"
    monkeypatch.setenv("SURVEYKIT_KEY", "from-env" * 2)
    assert load_key(tmp_path) == b"from-env" * 2


def test_a_read_only_study_folder_is_a_clear_error_not_an_os_error(tmp_path, monkeypatch):
    monkeypatch.delenv("SURVEYKIT_KEY", raising=False)

    real_open = os.open

    def refuse(path, flags, *args, **kwargs):  # reading works, creating a file does not
        if flags & os.O_CREAT:
            raise PermissionError(30, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("surveykit.clean.privacy.os.open", refuse)
    with pytest.raises(OutputError, match=r"\.surveykit-key: the pseudonymisation key cannot be written there "
                                          r"\(Read-only file system\)\. Make the study folder writable, or set "
                                          r"the environment variable SURVEYKIT_KEY"):
        load_key(tmp_path)


def test_repository_ignores_and_never_committed_a_key():
    repo = Path(__file__).resolve().parents[1]
    assert KEY_FILE in (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    if not (repo / ".git").exists():
        pytest.skip("not a git checkout (an unpacked archive): no history to search")
    tracked = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, encoding="utf-8")
    history = subprocess.run(["git", "log", "--all", "--name-only", "--format="], cwd=repo,
                             capture_output=True, encoding="utf-8")
    # git refusing (not installed, "dubious ownership") must fail the test, not pass it unseen
    assert tracked.returncode == 0 and history.returncode == 0, tracked.stderr + history.stderr
    assert tracked.stdout.strip() and history.stdout.strip()
    assert not any(Path(p).name == KEY_FILE for p in tracked.stdout.splitlines())
    assert not any(Path(p).name == KEY_FILE for p in history.stdout.splitlines() if p)


# --- identifier columns ---------------------------------------------------------------------

W1_WITH_IDS = "\n".join(
    line + (";Navn;E-post;IP-adresse" if i == 0 else f";Ola Nordmann {i};ola{i}@example.no;10.0.0.{i}")
    for i, line in enumerate(W1_CSV.strip("\n").splitlines())
) + "\n"


def _responses(tmp_path, codebook=CODEBOOK_YAML):
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": W1_WITH_IDS, "config/codebook.yaml": codebook})
    return load_study(root)


def _text(study) -> str:
    return study.responses.astype(str).to_csv() + study.rejects.astype(str).to_csv()


def test_identifier_columns_not_in_the_codebook_never_reach_processed_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    study = _responses(tmp_path)
    text = _text(study)
    assert "Ola Nordmann" not in text and "@example.no" not in text and "10.0.0." not in text
    assert {"Navn", "E-post", "IP-adresse"} <= set(study.quality["1"]["unused_columns"])


def test_an_email_column_mapped_as_text_is_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    codebook = CODEBOOK_YAML + '  - name: email\n    type: text\n    sources: {"1": {column: E-post}}\n'
    study = _responses(tmp_path, codebook)
    assert "@example.no" not in _text(study)
    assert set(study.responses.loc[study.responses["wave"] == "1", "email"]) == {"[e-post]"}


def test_an_id_column_is_pseudonymised_unless_the_codebook_keeps_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    kept = CODEBOOK_YAML.replace("    type: id\n", "    type: id\n    keep: true\n", 1)
    study = _responses(tmp_path / "kept", kept)
    assert "r1" in set(study.responses["respondent_id"].dropna())  # kept explicitly, verbatim
    study = _responses(tmp_path / "default")
    assert "r1" not in set(study.responses["respondent_id"].dropna())
