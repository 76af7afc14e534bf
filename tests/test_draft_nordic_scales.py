"""`codebook draft` on Swedish, Danish and Norwegian answer scales (a tester's Swedish municipality
survey). Was: "Aldrig / Någon gång per år / Någon gång per månad / Varje vecka / Varje dag" and
"Instämmer inte alls / Instämmer delvis / Instämmer till stor del / Instämmer helt" drafted as
unordered choices under a note asking for the order; "Kvinna / Man / Annat/vill inte uppge" not
named `gender`; the age bands "66 og eldre", "19 - 30 år" ... ordered 66+ first ("år" read as
years in minutes beside a band without a unit) under a note claiming "ordered by the numbers";
a yes/no with an answer of its own ("Har ikke bil") noted as an ordinal scale to order.
Now: the scales are ordered low -> high, gender is named, the bands are ordered by their bare
numbers, a yes/no gets no note about an ordinal scale."""

from __future__ import annotations

import pandas as pd

from surveykit.scaffold.scales import from_text
from surveykit.scaffold.words import gender_answers
from tests.test_scaffold_layouts import codebook, levels, run_study, variable

ORDINAL_NOTE = "look like an ordinal scale"


def _drafted(answers: list[str]):
    scale = from_text(pd.Series(answers * 3))
    return scale, [lv.labels[0] for lv in scale.levels], " ".join(scale.notes)


SCALES = [
    # sv
    ["Aldrig", "Någon gång per år", "Någon gång per månad", "Varje vecka", "Varje dag"],
    ["Instämmer inte alls", "Instämmer delvis", "Instämmer till stor del", "Instämmer helt"],
    ["I mycket låg grad", "I ganska låg grad", "I ganska hög grad", "I mycket hög grad"],
    # nb
    ["Aldri", "Sjelden", "Ukentlig", "Daglig"],
    ["Aldri", "Sjelden", "Hver uke", "Hver dag"],
    ["Helt uenig", "Litt uenig", "Enig i stor grad", "Helt enig"],
    ["I liten grad", "I noen grad", "I stor grad", "I svært stor grad"],
    # da
    ["Aldrig", "Sjældent", "Ugentligt", "Dagligt"],
    ["I ringe grad", "I nogen grad", "I høj grad", "I meget høj grad"],
    # da, a tester's Danish municipality: "nemt" (easy; "svært" is difficult) and "ringe" (poor)
    ["Meget svært", "Svært", "Hverken nemt eller svært", "Nemt", "Meget nemt"],
    ["Meget svært", "Ret svært", "Ret nemt", "Meget nemt"],
    ["Meget ringe", "Ringe", "Middel", "God", "Meget god"],
    # da importance the tester's study asked (drafted unordered under a note)
    ["Slet ikke vigtigt", "Lidt vigtigt", "Vigtigt", "Meget vigtigt"],
]


def test_nordic_scales_are_ordered_low_to_high_without_a_note():
    for low_to_high in SCALES:
        scale, order, notes = _drafted(list(reversed(low_to_high)))
        assert scale.ordered and scale.likert, low_to_high
        assert order == low_to_high
        assert ORDINAL_NOTE not in notes and "check the order" not in notes, (low_to_high, notes)


def test_how_often_in_words_of_less_often_is_ordered():
    for low_to_high in (["Aldrig", "Sjældnere", "Hver måned", "Hver uge", "Hver dag"],
                        ["Aldrig", "Mer sällan", "Någon gång i månaden", "Varje vecka", "Dagligen"]):
        scale, order, notes = _drafted(list(reversed(low_to_high)))
        assert scale.ordered and order == low_to_high
        assert ORDINAL_NOTE not in notes


def test_a_swedish_frequency_scale_with_a_level_unseen_is_still_ordered():
    scale, order, _ = _drafted(["Aldrig", "Någon gång per månad", "Någon gång per år", "Varje dag"])
    assert scale.ordered and scale.family == "frequency"
    assert [x for x in order if x != "Varje vecka"] == ["Aldrig", "Någon gång per år", "Någon gång per månad",
                                                         "Varje dag"]


GENDER = [
    ["Kvinna", "Man", "Annat/vill inte uppge"],
    ["Kvinna", "Man", "Annat", "Vill inte uppge"],
    ["Kvinne", "Mann", "Annet/vil ikke oppgi"],
    ["Kvinde", "Mand", "Andet/ønsker ikke at oplyse"],
    ["Kvinde", "Mand", "Vil ikke opgive"],
]


def test_nordic_gender_answers_with_other_or_prefer_not():
    for answers in GENDER:
        assert gender_answers(answers), answers


def test_the_swedish_gender_question_is_named_gender(tmp_path):
    path = tmp_path / "svar_2024.csv"
    pd.DataFrame({"ID": range(1, 61),
                  "Kön": ["Kvinna", "Man", "Annat/vill inte uppge"] * 20,
                  "Hur ofta?": ["Aldrig", "Någon gång per år", "Någon gång per månad", "Varje vecka",
                                "Varje dag"] * 12}).to_csv(path, sep=";", index=False)
    study = run_study(tmp_path, path, build=False)
    cb = codebook(study)
    assert variable(cb, "Kön")["name"] == "gender"
    often = variable(cb, "Hur ofta?")
    assert often["type"] == "likert"
    assert levels(cb, often) == ["Aldrig", "Någon gång per år", "Någon gång per månad", "Varje vecka", "Varje dag"]


BANDS = [
    (["66 og eldre", "19 - 30 år", "31 - 49 år", "50 - 65 år"],
     ["19 - 30 år", "31 - 49 år", "50 - 65 år", "66 og eldre"]),
    (["65 and over", "18-24 years", "25-44 years", "45-64 years"],
     ["18-24 years", "25-44 years", "45-64 years", "65 and over"]),
    (["65 år och äldre", "Under 18 år", "18–29 år", "30–49 år", "50–64 år"],
     ["Under 18 år", "18–29 år", "30–49 år", "50–64 år", "65 år och äldre"]),
    (["65 år og derover", "Under 18 år", "18-29 år", "30-49 år", "50-64 år"],
     ["Under 18 år", "18-29 år", "30-49 år", "50-64 år", "65 år og derover"]),
    (["65 und älter", "18-24 Jahre", "25-44 Jahre", "45-64 Jahre"],
     ["18-24 Jahre", "25-44 Jahre", "45-64 Jahre", "65 und älter"]),
]


def test_age_bands_are_ordered_by_their_numbers():
    for given, expected in BANDS:
        scale, order, notes = _drafted(given)
        assert scale.ordered and order == expected, given
        assert "ordered by the numbers" in notes
    # answers in different time units are still compared in one unit
    _, order, _ = _drafted(["More than 2 years", "1-2 years", "6-12 months", "Less than 6 months"])
    assert order == ["Less than 6 months", "6-12 months", "1-2 years", "More than 2 years"]
    _, order, _ = _drafted(["Over 2 hours", "1 - 2 hours", "30 - 59 min"])
    assert order == ["30 - 59 min", "1 - 2 hours", "Over 2 hours"]


def test_a_yes_no_question_gets_no_note_about_an_ordinal_scale():
    for answers in (["Ja", "Nei", "Har ikke bil"], ["Yes", "No", "Not my car"], ["Ja", "Nei", "Ønsker ikke å oppgi"]):
        _, _, notes = _drafted(answers)
        assert ORDINAL_NOTE not in notes, answers


def test_never_going_out_is_kept_apart_from_the_safety_scale():
    # the Swedish crime survey's "Går aldrig ut ensam": was a level of an unordered scale, noted as an
    # ordinal scale to order by hand
    for answers in (["Mycket otrygg", "Ganska otrygg", "Ganska trygg", "Mycket trygg", "Går aldrig ut"],
                    ["Svært utrygg", "Ganske utrygg", "Ganske trygg", "Svært trygg", "Jeg går aldri ut alene"]):
        scale, order, notes = _drafted(answers)
        assert scale.ordered and order == answers[:4]
        assert [lv.labels[0] for lv in scale.nonsub] == answers[4:]
        assert f"{answers[4]!r} is not an answer on this scale" in notes and ORDINAL_NOTE not in notes
