"""Direct identifiers asked for by the question rather than named by the header: a Qualtrics
export whose columns carry export tags (`name_confidential`) and whose question rows ask "what is
your name?" / "what is your phone number?" had both drafted as single-choice questions, with the
names and the phone number as answer labels in the codebook, data/processed and the report.
Now the draft leaves them out, validation refuses them as answers of a single choice, and North
American phone numbers (555-555-5555) are recognised. A question that mentions one without
asking for it ("May we publish your name?" answered Yes/No) is kept, with a REVIEW note."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveykit.clean.privacy import answers_look_like, find_identifiers, identifier_kind, mask_text
from surveykit.errors import DataError
from surveykit.io._vendor import asks_for_identifier
from surveykit.study import load_study
from tests.test_scaffold_layouts import codebook, responses, run_study

GIVEN = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Zoe", "Mason"]
FAMILY = ["Garcia", "Smith", "Nguyen", "Okafor", "Larsen", "Kowalski", "Haddad", "Silva", "Brown", "Ito"]


def qualtrics_with_identifier_questions(folder: Path, n: int = 60, seed: int = 5) -> Path:
    """A Qualtrics CSV as Qualtrics writes it: export tags, question texts, ImportId row; the
    identifier questions' tags say nothing ("name_confidential", "number_confidential")."""
    rng = np.random.default_rng(seed)
    tags = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
            "ResponseId", "DistributionChannel", "UserLanguage", "consent", "publish", "gender",
            "name_confidential", "number_confidential"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Distribution Channel", "User Language",
             "Do you consent to participating in this survey?",
             "May we publish your name with your comments?",
             "What is your gender?",
             "This question will ask you for a piece of confidential information. Question: what is your name?",
             "This question will ask you for a piece of confidential information. Question: what is your phone number?"]
    ids = ['{"ImportId":"startDate","timeZone":"America/New_York"}', '{"ImportId":"endDate","timeZone":"America/New_York"}',
           '{"ImportId":"status"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}',
           '{"ImportId":"recordedDate","timeZone":"America/New_York"}', '{"ImportId":"_recordId"}',
           '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}',
           '{"ImportId":"QID8"}', '{"ImportId":"QID3"}', '{"ImportId":"QID6_TEXT"}', '{"ImportId":"QID7_TEXT"}']
    rows = [tags, texts, ids]
    for i in range(n):
        t = f"2025-07-{1 + i % 28:02d} 11:{i % 60:02d}:00"
        name = f"{GIVEN[i % 10]} {FAMILY[(i // 10) % 10]}"  # 60 different people
        phone = f"{rng.integers(201, 989)}-{rng.integers(201, 989)}-{rng.integers(0, 10000):04d}"
        rows.append([t, t, "IP Address", "100", str(20 + i), "True", t, f"R_{i:015d}", "anonymous", "EN",
                     str(rng.choice(["Yes", "No"])), str(rng.choice(["Yes", "No"])),
                     str(rng.choice(["Female", "Male"])), name, phone])
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path = folder / "qualtrics_identifiers.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def test_the_draft_leaves_out_questions_answered_with_names_and_phone_numbers(tmp_path):
    export = qualtrics_with_identifier_questions(tmp_path)
    study = run_study(tmp_path, export, build=False)
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "skipped columns with direct identifiers" in text
    assert "'name_confidential', 'number_confidential'" in text
    sources = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert {"consent", "publish", "gender"} <= sources
    assert not sources & {"name_confidential", "number_confidential"}
    # "May we publish your name?" mentions a name, its answers are Yes/No: kept, and said
    assert "REVIEW: wave 1: 'publish' asks for a name but its answers do not look like one" in text
    processed = responses(study).astype(str).to_csv()
    raw = pd.read_csv(export, skiprows=[1, 2], dtype=str)
    for value in raw["name_confidential"].tolist() + raw["number_confidential"].tolist():
        assert value not in processed and value not in text


def test_validation_refuses_a_single_choice_whose_answers_are_the_identifiers_asked_for(tmp_path):
    export = qualtrics_with_identifier_questions(tmp_path)
    study = run_study(tmp_path, export, build=False)
    path = study / "config" / "codebook.yaml"
    for column, what in (("name_confidential", "names"), ("number_confidential", "phone numbers")):
        # the way the draft did it before: the column as a single choice of its answers
        answers = sorted(pd.read_csv(export, skiprows=[1, 2], dtype=str)[column].unique())
        levels = "".join(f'      - {{code: {i + 1}, label: "{a}"}}\n' for i, a in enumerate(answers))
        text = codebook_text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
        text = text.replace("scales:\n", f"scales:\n  asked:\n    levels:\n{levels}    ordered: false\n", 1)
        text += f'  - name: asked\n    type: single\n    scale: asked\n    label: "Asked"\n' \
                f'    sources:\n      "1": {{column: "{column}"}}\n'
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataError, match=rf"column '{column}' \(variable 'asked', type single\): holds {what}"):
            load_study(study)
        path.write_text(codebook_text, encoding="utf-8")
    load_study(study)


def test_a_single_choice_answered_with_e_mail_addresses_is_refused_whatever_its_question(tmp_path):
    from tests.study_fixture import CODEBOOK_YAML, W1_CSV, write_mini_study

    lines = W1_CSV.strip("\n").splitlines()
    mails = [f"user{i}@example.org" for i in range(len(lines) - 1)]
    csv_text = "\n".join([lines[0] + ";Kontakt"] + [f"{line};{m}" for line, m in zip(lines[1:], mails, strict=True)])
    scale = "".join(f'      - {{code: {i + 1}, label: "{m}"}}\n' for i, m in enumerate(sorted(set(mails))))
    cb = CODEBOOK_YAML.replace("scales:\n", f"scales:\n  contact:\n    levels:\n{scale}    ordered: false\n", 1)
    cb += '  - name: contact\n    type: single\n    scale: contact\n    sources: {"1": {column: "Kontakt"}}\n'
    root = write_mini_study(tmp_path, **{"data/raw/w1.csv": csv_text + "\n", "config/codebook.yaml": cb})
    with pytest.raises(DataError, match=r"column 'Kontakt' \(variable 'contact', type single\): holds e-mail addresses"):
        load_study(root)


@pytest.mark.parametrize(("text", "kind"), [
    ("What is your name?", "name"),
    ("Question: what is your phone number?", "phone"),
    ("Navn (valgfritt)", "name"),
    ("Ditt namn", "name"),
    ("Skriv inn fornavnet ditt", "name"),
    ("E-postadresse (valgfritt)", "email"),
    ("Din e-post", "email"),
    ("Skriv inn telefonnummeret ditt", "phone"),
    ("Mobilnummer", "phone"),
    ("Oppgi bostedsadressen din", "address"),
    ("Please enter your address [Street]", "address"),
    ("Fødselsnummer", "national_id"),
    ("Hva er navnet på biblioteket du bruker?", None),
    ("Hvor fornøyd er du med biblioteket?", None),
    ("Can we reach you by phone?", None),
    ("Har du brukt e-post til å kontakte kommunen?", None),
    ("Er du fornøyd med telefontjenesten?", None),
    ("Which name do you prefer for the new library?", None),
    ("Hvilken adresse har biblioteket?", None),
    ("Postnummer", None),
])
def test_questions_that_ask_for_an_identifier(text, kind):
    assert asks_for_identifier(text) == kind


def test_answers_look_like_what_was_asked():
    assert answers_look_like("name", pd.Series(["Emma Garcia", "Liam Smith", None, "Kari S. Hansen"]))
    assert not answers_look_like("name", pd.Series(["Yes", "No", "Yes"]))
    assert not answers_look_like("name", pd.Series(["Drammen bibliotek", "Mjøndalen", "Svelvik"]))
    # "Navn på biblioteket du bruker mest" asks for a name, not a person's: the sites, chosen by many
    sites = pd.Series(np.random.default_rng(3).choice(["Drammen Hovedbibliotek", "Mjøndalen Filial", "Askim Torg"], 90))
    assert asks_for_identifier("Navn på biblioteket du bruker mest") == "name"
    assert not answers_look_like("name", sites)
    assert not answers_look_like("name", pd.Series(["Askim Servicekontor", "Mysen Bibliotek"]))
    assert answers_look_like("phone", pd.Series(["555-555-5555", "(212) 555-0188", "+1 415 555 0100"]))
    assert answers_look_like("address", pd.Series(["Storgata 5", "Kirkeveien 12B"]))
    assert not answers_look_like("email", pd.Series(["Yes", "No"]))


@pytest.mark.parametrize(("text", "found"), [
    ("call 555-555-5555 now", [(5, 17, "phone")]),
    ("(555) 555-5555", [(0, 14, "phone")]),
    ("+1 415 555 0100", [(0, 15, "phone")]),
    ("555.555.5555", [(0, 12, "phone")]),
    ("1-800-555-1234", [(0, 14, "phone")]),
    ("ISBN 978-82-02-12345-6", []),
    ("åpent 2022-2023, kl 08.00-20.00", []),
    ("123-456-7890", []),  # area code 1xx: no NANP number
])
def test_north_american_phone_numbers(text, found):
    assert find_identifiers(text) == found


def test_a_north_american_number_in_free_text_is_masked_and_a_column_of_them_is_phones():
    assert mask_text("Ring meg på 555-555-5555 i morgen") == "Ring meg på [telefon] i morgen"
    assert identifier_kind(pd.Series(["555-555-5555", "212-555-0188"])) == "phone"


def test_a_respondent_id_of_eleven_digits_stays_the_respondent_id(tmp_path):
    """SurveyMonkey-sized ids (11 digits) have the shape of a national id number: the id column
    is the respondent id (pseudonymised), not left out as an identifier."""
    rows = ["Respondent ID,How satisfied are you?"] + [f"{11418218617 + 37 * i},{['Yes', 'No'][i % 2]}"
                                                       for i in range(40)]
    export = tmp_path / "ids.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    ident = next(v for v in cb["variables"] if v["name"] == "respondent_id")
    assert ident["type"] == "id" and ident["sources"]["1"]["column"] == "Respondent ID"
    assert "skipped columns with direct identifiers" not in (study / "config" / "codebook.yaml").read_text("utf-8")
