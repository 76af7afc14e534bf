"""Nordic scales whose middle is written without its words ("Varken eller", "Verken eller",
"Hverken eller" for "Varken instämmer eller tar avstånd" ...), as Swedish, Norwegian and Danish
questionnaires often word it, and the Danish extent scale from "Slet ikke" to "I meget høj grad"
with "I ringe grad". Was: each drafted as an unordered single choice (a REVIEW note asking to
order it by hand), so no means, no top box and no diverging figure."""

from __future__ import annotations

import pytest

from surveykit.scaffold.lexicon import known_order

ORDERED = [
    ["Tar helt avstånd", "Tar delvis avstånd", "Varken eller", "Instämmer delvis", "Instämmer helt"],
    ["Svært lite sannsynlig", "Lite sannsynlig", "Verken eller", "Sannsynlig", "Svært sannsynlig"],
    ["Meget utilfreds", "Utilfreds", "Hverken eller", "Tilfreds", "Meget tilfreds"],
    ["Slet ikke", "I ringe grad", "I nogen grad", "I høj grad", "I meget høj grad"],
]


@pytest.mark.parametrize("levels", ORDERED, ids=lambda x: x[0])
def test_a_scale_with_a_bare_middle_is_ordered(levels):
    found = known_order(list(reversed(levels)))
    assert found is not None and not found.ambiguous
    assert list(found.levels) == levels


def test_a_bare_middle_alone_orders_nothing():
    """"Verken eller" is no answer of every scale: beside answers of no known scale it orders nothing."""
    assert known_order(["Verken eller", "Rød", "Blå"]) is None
