"""Drafted scales: every answer text is its own level unless it is the same text after
normalisation or the same code; the lexicon orders known scales low -> high in five languages;
families are never merged; what cannot be ordered keeps its levels and is flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.scaffold.lexicon import KNOWN_SCALES, known_order, leading_code, norm
from surveykit.scaffold.scales import Registry, from_codes, from_text, same_question_merge
from surveykit.scaffold.words import times_per_year, word_order

IMPORTANCE = ["Not at all important", "Slightly important", "Moderately important", "Very important",
              "Extremely important"]


def labels(scale) -> list[str]:
    return [lv.labels[0] for lv in scale.levels]


def test_importance_scale_keeps_its_five_levels():
    """The issue's bug: "Slightly" became an alias of "Moderately", "Very" of "Extremely"."""
    answers = pd.Series(["Extremely important"] * 28 + ["Very important"] * 43 + ["Moderately important"] * 15
                        + ["Slightly important"] * 9 + ["Not at all important"] * 5)
    scale = from_text(answers)
    assert labels(scale) == IMPORTANCE and all(len(lv.labels) == 1 for lv in scale.levels)
    assert [lv.code for lv in scale.levels] == [1, 2, 3, 4, 5] and scale.likert and scale.family == "important"


def test_only_normalised_equal_texts_merge():
    scale = from_text(pd.Series(["Strongly agree", "strongly  agree", "5: Strongly agree.", "Agree",
                                 "Disagree", "Strongly disagree", "Neither agree nor disagree"]))
    assert labels(scale) == ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                             "Strongly agree"]
    assert sorted(scale.levels[-1].labels) == sorted(["Strongly agree", "strongly  agree", "5: Strongly agree."])
    assert norm("Somewhat agree") != norm("Agree")


@pytest.mark.parametrize(("answers", "order"), [
    (["Instämmer helt", "Tar helt avstånd", "Instämmer delvis", "Tar delvis avstånd",
      "Varken instämmer eller tar avstånd"],
     ["Tar helt avstånd", "Tar delvis avstånd", "Varken instämmer eller tar avstånd", "Instämmer delvis",
      "Instämmer helt"]),
    (["Svært fornøyd", "Fornøyd", "Verken fornøyd eller misfornøyd", "Misfornøyd", "Svært misfornøyd"],
     ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"]),
    (["Heilt einig", "Litt einig", "Korkje einig eller ueinig", "Litt ueinig", "Heilt ueinig"],
     ["Heilt ueinig", "Litt ueinig", "Korkje einig eller ueinig", "Litt einig", "Heilt einig"]),
    (["Meget tilfreds", "Tilfreds", "Hverken tilfreds eller utilfreds", "Utilfreds", "Meget utilfreds"],
     ["Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds", "Tilfreds", "Meget tilfreds"]),
    (["Good", "Quite good", "Adequate", "Quite poor", "Poor"],   # a health question's scale (a tester's export)
     ["Poor", "Quite poor", "Adequate", "Quite good", "Good"]),
    (["Svært nøgd", "Nøgd", "Misnøgd", "Svært misnøgd"],   # nynorsk, four levels
     ["Svært misnøgd", "Misnøgd", "Nøgd", "Svært nøgd"]),
    (["Svært nøgd", "Nokså nøgd", "Korkje nøgd eller misnøgd", "Nokså misnøgd", "Svært misnøgd"],
     ["Svært misnøgd", "Nokså misnøgd", "Korkje nøgd eller misnøgd", "Nokså nøgd", "Svært nøgd"]),
    (["Very likely", "Likely", "Neither likely nor unlikely", "Unlikely", "Very unlikely"],
     ["Very unlikely", "Unlikely", "Neither likely nor unlikely", "Likely", "Very likely"]),
])
def test_lexicon_orders_scales_listed_positive_first(answers, order):
    scale = from_text(pd.Series(answers))
    assert labels(scale) == order and scale.likert


def test_families_are_never_merged():
    registry = Registry()
    agree = registry.add(from_text(pd.Series(["1: Strongly disagree", "2", "3", "4", "5: Strongly agree"])))
    often = registry.add(from_text(pd.Series(["1: never", "2", "3", "4", "5: every day"])))
    satisfied = registry.add(from_text(pd.Series(["Very dissatisfied", "Dissatisfied", "Satisfied",
                                                  "Very satisfied"])))
    agree2 = registry.add(from_text(pd.Series(["Strongly disagree", "Disagree", "Agree", "Strongly agree"])))
    assert len({id(agree), id(often), id(satisfied), id(agree2)}) == 4
    assert len(registry.live()) == 4
    # the same levels in another question: one scale
    again = registry.add(from_text(pd.Series(["1: Strongly disagree", "2", "4", "5: Strongly agree"])))
    assert again is agree and len(registry.live()) == 4


def test_numbered_scales_with_labelled_ends():
    nps = from_text(pd.Series(["0 - Not at all likely", *[str(i) for i in range(1, 10)], "10 - Extremely likely"]))
    assert [lv.code for lv in nps.levels] == list(range(11)) and nps.family == "likely" and nps.likert
    seven = from_text(pd.Series(["1: Strongly disagree", "2", "3", "5", "6", "7: Strongly agree"]))
    assert [lv.code for lv in seven.levels] == [1, 2, 3, 4, 5, 6, 7]  # 4 was never chosen: kept
    assert leading_code("3: several times a month") == (3, "several times a month")


def test_midpoint_neither_nor_sits_in_the_middle():
    known = known_order(["Varken nöjd eller missnöjd", "Mycket nöjd", "Mycket missnöjd", "Ganska nöjd",
                         "Ganska missnöjd"])
    assert known.levels[2] == "Varken nöjd eller missnöjd" and known.exact


def test_unknown_ordinal_keeps_levels_in_export_order_and_is_flagged():
    scale = from_codes({1: "Aldri", 2: "Av og til", 3: "Nesten hver dag", 4: "Hver dag"}, {1, 2, 3, 4})
    assert labels(scale) == ["Aldri", "Av og til", "Nesten hver dag", "Hver dag"] and not scale.ordered
    assert any("ordinal scale the draft could not order" in n for n in scale.notes)
    tied = from_text(pd.Series(["Helt enig", "Svært enig", "Litt enig", "Litt uenig", "Helt uenig"]))
    assert len(tied.levels) == 5 and not tied.ordered
    assert any("'Helt enig' and 'Svært enig' stand at the same place" in n for n in tied.notes)


def test_nonsubstantive_kept_apart_and_unsure_flagged():
    scale = from_text(pd.Series(["Helt enig", "Helt uenig", "Vet ikke", "Verken enig eller uenig", "Usikker"]))
    assert "Vet ikke" in [lv.labels[0] for lv in scale.nonsub] and "Vet ikke" not in labels(scale)
    assert any("'Usikker' is kept apart" in n for n in scale.notes)
    for text in ("Vet inte", "Ved ikke", "Veit ikkje", "Don't know", "Prefer not to say", "N/A"):
        assert [lv.labels[0] for lv in from_text(pd.Series(["Yes", "No", text])).nonsub] == [text]
    sure = from_text(pd.Series(["Yes", "No", "Unsure"]))
    assert any("'Unsure' is kept apart" in n for n in sure.notes)


def test_coded_scale_positive_first_is_recoded():
    scale = from_codes({1: "Svært fornøyd", 2: "Fornøyd", 3: "Verken fornøyd eller misfornøyd", 4: "Misfornøyd",
                        5: "Svært misfornøyd", 9: "Vet ikke"}, {1, 2, 3, 4, 5, 9})
    assert labels(scale) == ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd",
                             "Svært fornøyd"]
    assert scale.recode == {5: 1, 4: 2, 3: 3, 2: 4, 1: 5} and [lv.code for lv in scale.nonsub] == [9]


def test_same_code_merges_across_waves_different_codes_do_not():
    text = from_text(pd.Series(["Mann", "Kvinne", "K"]))
    coded = from_codes({1: "Mann", 2: "Kvinne"}, {1, 2})
    assert same_question_merge(text, coded)
    merged = coded if coded.merged_into is None else text
    assert [(lv.code, lv.labels[0]) for lv in merged.levels][:2] == [(1, "Mann"), (2, "Kvinne")]
    assert "K" in labels(merged)  # its own level: never taken as "Kvinne" without a person deciding
    assert any("'K' may be a short form of 'Kvinne'" in n for n in merged.notes)


def test_frequency_and_word_orders():
    assert times_per_year("Several times a week") > times_per_year("Once a week") > times_per_year(
        "2-3 times a month") > times_per_year("Once a month") > times_per_year("A few times a year")
    assert times_per_year("13-15 år") is None and times_per_year("2-4 timer per uke") is None
    scale = from_text(pd.Series(["Once a month", "Every day", "Never", "Several times a week", "A few times a year"]))
    assert labels(scale) == ["Never", "A few times a year", "Once a month", "Several times a week", "Every day"]
    assert word_order(["Very useful", "Not at all useful", "Moderately useful"]) == [
        "Not at all useful", "Moderately useful", "Very useful"]


def test_lexicon_lists_every_family_in_every_language():
    families = {name.rsplit("_", 1)[0] for name in KNOWN_SCALES}
    assert {"agree", "important", "satisfied", "frequency", "likely", "quality", "ease", "trust",
            "yes_no"} <= families
    words = " ".join(x for levels in KNOWN_SCALES.values() for x in levels)
    for word in ("disagree", "uenig", "ueinig", "oenig", "instämmer", "viktig", "vigtig", "misnøgd", "utilfreds",
                 "sjeldan", "sjældent", "tillit", "tillid", "förtroende", "vanskeleg", "svårt"):
        assert word in words.casefold()


@pytest.mark.parametrize("answers", [["Low", "Medium", "High"], ["Small", "Medium", "Large", "Extra large"],
                                     ["Liten", "Middels", "Stor"], ["Låg", "Medel", "Hög"],
                                     # fivethirtyeight's flying-etiquette survey (SurveyMonkey)
                                     ["No, not rude at all", "Yes, somewhat rude", "Yes, very rude"],
                                     ["Once", "Twice", "Three times", "Four times"],
                                     ['5\'1"', '5\'10"', '5\'2"', '6\'0"', "Under 5 ft."],
                                     ["Grunnskole", "Videregående skole", "Høyere utdanning",
                                      "Mindre enn grunnskole"]])
def test_answers_of_size_or_amount_say_they_may_have_an_order(answers):
    """Words of size, amount, degree or count, or numbers, that the draft cannot order: listed
    unordered, never silently."""
    scale = from_text(pd.Series(answers * 5))
    assert not scale.ordered
    assert any("look like an ordinal scale the draft could not order" in n for n in scale.notes)


@pytest.mark.parametrize("answers", [["Drammen", "Hokksund", "Mjøndalen", "Askim"],
                                     ["More books", "More events", "Longer opening hours"],
                                     ["Drammen", "Nedre Eiker", "Øvre Eiker"],  # no comparison
                                     ["Norway", "Sweden", "New Zealand"]])  # two words, not two answers
def test_names_and_wishes_get_no_order_note(answers):
    scale = from_text(pd.Series(answers * 5))
    assert not scale.ordered and not scale.notes


@pytest.mark.parametrize("answers", [["Macy's Parade", None, None], ["Yes", None]])
def test_a_column_with_one_answer_says_its_share_is_of_those_who_answered(answers):
    """One option of a "select all that apply" question exported as its own column (SurveyMonkey,
    fivethirtyeight's Thanksgiving poll): as a single choice its share would be 100 %."""
    scale = from_text(pd.Series(answers * 5))
    assert any("so its share is 100 % of those who answered" in n and "blank: none" in n for n in scale.notes)


def test_two_answers_get_no_single_answer_note():
    scale = from_text(pd.Series(["Macy's Parade", "Dog show", None] * 5))
    assert not any("100 %" in n for n in scale.notes)


@pytest.mark.parametrize("answers", [
    ["Varje vecka", "Aldrig", "Någon gång i månaden", "Några gånger per år"],  # a Swedish walkthrough's scale
    ["Hver uge", "Aldrig", "En gang om måneden", "Et par gange om året"],
    ["Hver uke", "Aldri", "En gang i måneden", "Noen ganger i året"],
])
def test_nordic_visit_frequencies_are_ordered(answers):
    from surveykit.scaffold.lexicon import known_order

    found = known_order(answers)
    assert found is not None and found.family == "frequency" and not found.ambiguous
    ranked = sorted(answers, key=lambda a: found.position[a.casefold()])
    assert ranked == [answers[1], answers[3], answers[2], answers[0]]
