"""Non-substantive answer labels across languages and spellings."""

from __future__ import annotations

import pytest

from surveykit.nonsubstantive import NONSUBSTANTIVE_LABELS, is_nonsubstantive, normalise_label


@pytest.mark.parametrize("label", [
    "Vet ikke", "Veit ikkje", "Vet inte", "Ved ikke", "Don't know", "Don’t know",
    "I don't know", "Jeg vet ikke", "Not applicable", "Ikke aktuelt", "Ikkje aktuelt",
    "Ej aktuellt", "Ikke relevant", "No basis for evaluation", "Prefer not to say",
    "Ønsker ikke å svare", "Ønskjer ikkje å svare", "Vil ikke svare", "Weiß nicht",
    "Keine Angabe", "N/A", "Unfamiliar (N/A)", "No opinion", "Ingen formening",
    # case, punctuation, whitespace
    "VET IKKE", "vet ikke.", "  Vet   ikke ", "Vet ikke!", "(Vet ikke)",
    # combined forms
    "Vet ikke/ikke aktuelt", "Ikke relevant/ vet ikke ", "Vet ikke / Ikke relevant",
    "Don't know / not applicable", "Vet inte eller ej aktuellt",
])
def test_recognised(label):
    assert is_nonsubstantive(label)


@pytest.mark.parametrize("label", [
    "Enig", "Helt enig", "Ikke enig", "Verken enig eller uenig", "Hverken enig eller uenig",
    "Ja", "Nei", "Vet", "Ikke fornøyd", "Svært misfornøyd", "Strongly agree", "Never",
    "Vet ikke/enig", "", "   ", None, 9, 99.0,
])
def test_not_recognised(label):
    assert not is_nonsubstantive(label)


def test_extra_labels_are_normalised_too():
    assert not is_nonsubstantive("Vanskelig å si")
    assert is_nonsubstantive("Vanskelig å si", extra=["vanskelig Å si."])
    assert is_nonsubstantive("Vanskelig å si / vet ikke", extra=["Vanskelig å si"])


def test_catalogue_is_normalised_and_frozen():
    assert isinstance(NONSUBSTANTIVE_LABELS, frozenset)
    assert all(normalise_label(x) == x for x in NONSUBSTANTIVE_LABELS)


def test_normalise_label():
    assert normalise_label(" Ønsker  ikke å svare! ") == "onsker ikke a svare"
    assert normalise_label("Don’t know") == "dont know"


@pytest.mark.parametrize("label", [
    "Ønsker ikke å oppgi", "Vil ikke oppgi", "prefer_not_to_say", "Can't remember", "Unknown", "Vill inte uppge",
    "Vet ej/går aldrig ut", "Vet ikke / har ikke brukt", "Don't know / never used it", "Minns inte",
])
def test_recognised_from_real_and_tester_exports(label):
    # Nettskjema-derived Norwegian export (NorskRegnesentral/tilgjengelige-informasjonskapsler), a Google
    # Forms/Pollfish merge with Kobo-style names (kunalgorithm/surveycovid19), the British Election Study
    # (sarahcgallLtd/scgUtils) and a Swedish tester's safety scale: these counted as answers
    assert is_nonsubstantive(label)


@pytest.mark.parametrize("label", ["Annat/vill inte uppge", "Vet ikke/enig", "self_employed", "Vet ej/ofta"])
def test_a_dont_know_joined_to_an_answer_is_not_one(label):
    assert not is_nonsubstantive(label)


@pytest.mark.parametrize("label", [
    "Kan ikke vurdere", "Kan ikkje vurdere", "Kan inte bedöma", "Kan ej bedöma", "Kan ikke bedømme",
    "Uoplyst", "Ikke oplyst", "Kan ikke tage stilling", "Har ikke grunnlag for å vurdere",
    "Can't assess", "Unable to judge", "Cannot evaluate", "Ved ikke/kan ikke vurdere",
])
def test_cannot_assess_is_no_answer_in_every_language(label):
    # a Danish tester's "Kan ikke vurdere" (and its kin in the other languages) was an answer: the
    # last level of an ordered scale, scored above "Meget enig"
    assert is_nonsubstantive(label)


def test_a_cannot_assess_answer_is_not_scored():
    import pandas as pd

    from surveykit.design import Design
    from surveykit.estimate.scoring import with_scores

    levels = ["Meget uenig", "Uenig", "Enig", "Meget enig", "Kan ikke vurdere"]
    q = pd.Categorical(["Enig", "Kan ikke vurdere", "Meget enig", "Uenig"], categories=levels, ordered=True)
    d = with_scores(Design(pd.DataFrame({"q": q})), "q")
    assert d.data["q_score"].tolist()[0] == 3.0 and pd.isna(d.data["q_score"].tolist()[1])
