"""sk.table shows a don't-know row only for a question that has a don't-know answer.

A study writes ``<item>__dk`` for every item on a scale, also one whose scale has no
non-substantive answer (the mini study's gender); a row for it would be an invented 0 %.
"""

from __future__ import annotations

import pytest

import surveykit as sk
from tests.repo_study import TEST_KEY
from tests.study_fixture import W2_CSV, write_mini_study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    # wave 2's only "Vet ikke" to q9 (knows) answered instead: knows has the answer, no one gave it
    w2 = W2_CSV.replace("s3;Mjøndalen;2;41;2;9;;", "s3;Mjøndalen;2;41;2;1;;")
    assert w2 != W2_CSV
    root = write_mini_study(tmp_path_factory.mktemp("dk"), **{"data/raw/w2.csv": w2})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVEYKIT_KEY", TEST_KEY)
        return sk.load_study(root)


def _rows(t) -> list[list[str]]:
    return [list(map(str, r)) for r in t.frame().to_numpy()]


def test_no_dont_know_row_for_a_scale_without_the_answer(study):
    t = sk.table(study.design(), ["gender", "help", "knows"], by="wave", dont_know="row",
                 presentation=study.presentation())
    rows = _rows(t)
    labels = [r[0] for r in rows]
    assert labels == ["gender", "Mann", "Kvinne",
                      "Lett å få hjelp", "Uenig", "Nøytral", "Enig", "Vet ikke",
                      "knows", "Uenig", "Nøytral", "Enig", "Vet ikke"]
    assert rows[7][1:3] == ["6,7\u00a0% [0,5; 48,4]", "16,1\u00a0% [1,1; 77,2]"]
    # knows was not asked in wave 1; in wave 2 its scale has "Vet ikke" and no one gave it: a true 0 %
    assert rows[12][2] == "0,0\u00a0% [0,0; 0,0]"
    assert "«Vet ikke» er holdt utenfor grunnlaget og vist i egen rad som andel av alle svar." in t.notes
    est = t.estimates
    assert set(est.loc[est["variable"] == "gender", "level"]) == {"Mann", "Kvinne"}


def test_without_the_configuration_the_data_decide_and_the_footnote_says_so(study):
    # a bare design (no study presentation): a flag no answer set may be of a scale without the answer
    t = sk.table(study.design(), ["gender", "help", "knows"], by="wave", dont_know="row", language="en")
    labels = [r[0] for r in _rows(t)]
    assert labels.count("Don't know") == 1 and labels[labels.index("Don't know") - 1] == "Enig"
    assert "No one answered “Don't know” to gender, knows, so it has no row of its own." in t.notes
