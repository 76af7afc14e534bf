"""The draft's personal-data check on a single choice's answers (fivethirtyeight's religion survey,
a SurveyMonkey export): the answer "Orthodox Christian", given by 53 people, was read as a
person's name (the given name Christian), so the main religion question was drafted as free text
and its table lost. An answer whose words are category words (a religion) is no name; one that
looks like a name but was given by many is an option of the form (kept as a level, with a REVIEW
note); a column of distinct names ("First Last") is still personal data, drafted as masked text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.io.raw import RawExport
from surveykit.scaffold.scan import scan

RELIGION = "What is your present religion, if any?"
# the shape of the religion survey's answers (1,039 rows there; counts scaled down, "Orthodox Christian" kept many)
SHARES = {"None of these": 48, "Protestant": 46, "Roman Catholic": 38, "Agnostic": 24, "Atheist": 22,
          "Orthodox Christian": 11, "Jewish": 8, "Buddhist": 3, "Mormon": 3, "Muslim": 3, "Hindu": 2, "Other": 2}
GIVEN = ["Kari", "Ola", "Anne", "Per", "Ingrid", "Lars", "Marit", "Jon", "Hilde", "Bjørn", "Emma", "James", "Sophie",
         "Thomas", "Maria", "David", "Laura", "Michael", "Sarah", "Peter"]
SURNAMES = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Smith", "Jones",
            "Brown", "Taylor", "Wilson", "Berg", "Haugen", "Bakken"]


def _religion_frame(n_names: int = 0) -> pd.DataFrame:
    answers = [a for a, k in SHARES.items() for _ in range(k)]
    rng = np.random.default_rng(2)
    rng.shuffle(answers)
    frame = pd.DataFrame({"RespondentID": range(1, len(answers) + 1), RELIGION: answers,
                          "Do you consider yourself to be an evangelical?": rng.choice(["Yes", "No"], len(answers))})
    if n_names:
        names = [f"{GIVEN[i % len(GIVEN)]} {SURNAMES[(i * 7) % len(SURNAMES)]}" for i in range(len(answers))]
        frame["Name of the person who recruited you"] = names
    return frame


def _kinds(frame: pd.DataFrame) -> dict[str, object]:
    columns, _ = scan(RawExport(frame, "religion.csv", "csv"), "1")
    return {c.column: c for c in columns}


def test_a_religion_answered_by_many_is_no_name():
    kinds = _kinds(_religion_frame())
    religion = kinds[RELIGION]
    assert religion.kind == "single", religion.review   # was: text, "1 answer(s) hold ... a name ('Orthodox [navn]')"
    assert "Orthodox Christian" in [lv.labels[0] for lv in religion.scale.levels]
    assert not any("name" in note for note in religion.review)


def test_category_words_are_no_name_even_when_few_gave_them():
    frame = _religion_frame()
    frame.loc[:3, RELIGION] = ["Evangelical Christian", "Other Christian", "Christian Science", "Christian Orthodox"]
    religion = _kinds(frame)[RELIGION]
    assert religion.kind == "single" and not any("name" in note for note in religion.review)


def test_a_column_of_distinct_names_is_still_personal():
    kinds = _kinds(_religion_frame(n_names=1))
    names = kinds["Name of the person who recruited you"]
    assert names.kind == "text"
    assert any("hold a phone number, e-mail address, id number or name" in note for note in names.review)
    assert kinds[RELIGION].kind == "single"


def test_a_name_given_by_many_among_names_given_once_is_still_personal():
    frame = _religion_frame(n_names=1)
    frame.loc[:9, "Name of the person who recruited you"] = "Kari Nordmann"   # ten gave one name, the rest their own
    assert _kinds(frame)["Name of the person who recruited you"].kind == "text"


def test_names_each_given_by_many_are_still_personal():
    # a form's list of its staff is people's names: SurveyCTO's enumerators ("John Wick", "Natasha
    # Romanoff", PovertyAction/high-frequency-checks) were printed as answer labels when names given
    # by many were taken for the form's options
    frame = _religion_frame()
    frame["Who helped you?"] = (["Kari Nordmann", "Ola Hansen", "Nobody"] * 100)[:len(frame)]
    assert _kinds(frame)["Who helped you?"].kind == "text"
