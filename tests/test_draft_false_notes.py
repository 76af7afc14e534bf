"""False REVIEW notes (tester B's finding F8): a level of a known scale that one question's answers
lacked ("Disagree" in the Carpentries' AtmosphereWelcoming) but another question on the same scale
chose is not said to be unseen once the questions share the scale; and a letter among letter codes
(Y, N, U, SU in a Norwegian library survey) is no short form of a longer answer ("N" beside "NONE")."""

from __future__ import annotations

import pandas as pd

from surveykit.scaffold.scales import Registry, from_text
from tests.test_draft_column_kinds import spread


def test_a_level_another_question_chose_is_not_said_to_be_unseen():
    registry = Registry()
    welcoming = registry.add(from_text(pd.Series(spread({"Strongly Agree": 344, "Agree": 92,
                                                         "Neither Agree nor Disagree": 5, "Strongly Disagree": 4}))))
    assert any("levels nobody chose" in n and "Disagree" in n for n in welcoming.notes)
    worth = registry.add(from_text(pd.Series(spread({"Strongly Agree": 233, "Agree": 168, "Disagree": 10,
                                                     "Neither Agree nor Disagree": 24, "Strongly Disagree": 6}))))
    assert worth is welcoming and all(lv.seen for lv in worth.levels)
    assert not any("levels nobody chose" in n for n in worth.notes)


def test_a_letter_code_is_no_short_form_of_a_longer_answer():
    codes = from_text(pd.Series(spread({"Y": 40, "N": 200, "SU": 3, "NONE": 12})))
    assert not any("short form" in n for n in codes.notes)
    genders = from_text(pd.Series(["Mann", "Kvinne", "K"] * 5))
    assert any("'K' may be a short form of 'Kvinne'" in n for n in genders.notes)
