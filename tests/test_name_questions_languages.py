"""A question asking for the respondent's name in German, French or Spanish is a name column,
left out of the report like "Navn"/"Your name" (FlorianZierer/Impact-of-topic-on-credibility,
a German Google Form: "Geben Sie Ihren Vor- & Nachnamen an" kept ~20 full names as text, only 2
of them masked)."""

from __future__ import annotations

import pytest

from surveykit.io._vendor import asks_for_identifier


@pytest.mark.parametrize("question", [
    "Geben Sie Ihren Vor- & Nachnamen an", "Vor- und Nachname", "Ihr Name (optional)", "Nachname",
    "Votre nom et prénom", "Su nombre", "Nombre y apellidos",
])
def test_asks_for_a_name(question):
    assert asks_for_identifier(question) == "name"


@pytest.mark.parametrize("question", [
    "Wie finden Sie den Namen des Produkts?", "Namensgebung der Bibliothek", "Nom de la bibliothèque",
    "Nombre del programa", "Wie alt sind Sie?",
])
def test_mentions_a_name_without_asking_for_one(question):
    assert asks_for_identifier(question) is None
