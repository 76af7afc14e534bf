"""Tests of the presentation mapping (texts in five languages, number formatting)."""

from __future__ import annotations

import math

import pytest

from surveykit.errors import ConfigError
from surveykit.labels import (
    LANGUAGES,
    footer_text,
    format_number,
    format_percent,
    joined,
    text,
    text_keys,
    value_label,
)


def test_the_catalogue_names_no_concept_of_one_study():
    """Site types, co-location and DiD groups are the study's configuration, not catalogue words."""
    words = " ".join(" ".join(texts) for texts in text.__globals__["_TEXTS"].values()).casefold()
    for word in ("samlokali", "co-locat", "separat", "innbyggertorg", "bibliotek", "ikke endret", "unchanged"):
        assert word not in words, word
    for key in ("co_located", "site_type", "treated", "control", "wave_value"):
        assert key not in text_keys()


def test_default_language_is_bokmal():
    assert text("dont_know") == "Vet ikke"
    assert text("suppressed", n=10) == "Undertrykt (færre enn 10 svar)"


def test_every_key_exists_in_every_language_with_the_same_placeholders():
    import string

    for key in text_keys():
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(text.__globals__["_TEXTS"][key][i]) if f}
            for i in range(len(LANGUAGES))
        ]
        assert all(f == fields[0] for f in fields), key


def test_unknown_key_lists_the_known_ones():
    with pytest.raises(ConfigError, match=r"unknown text key 'vet_ikke'; known keys: .*dont_know"):
        text("vet_ikke")


def test_unknown_language_lists_the_allowed_ones():
    with pytest.raises(ConfigError, match=r"unknown language 'de': use one of nb, nn, en, sv, da"):
        text("share", "de")


def test_missing_placeholder_is_named():
    with pytest.raises(ConfigError, match=r"needs the value 'n'"):
        text("suppressed", "nb")


@pytest.mark.parametrize(
    ("x", "language", "decimals", "expected"),
    [(12.345, "nb", 1, "12,3"), (12.345, "en", 2, "12.35"), (1234567.0, "nb", 0, "1\u00a0234\u00a0567"),
     (1234.5, "en", 1, "1,234.5"), (-0.5, "sv", 1, "\u22120,5"), (-0.004, "da", 2, "0,00"),
     (3, "nn", 0, "3")],
)
def test_format_number(x, language, decimals, expected):
    assert format_number(x, language, decimals) == expected


def test_format_number_sign_and_missing():
    assert format_number(0.25, "nb", 2, sign=True) == "+0,25"
    assert format_number(math.nan, "nb") == "–"
    assert format_number(None, "en") == "–"
    with pytest.raises(ConfigError, match="expected a number, got 'x'"):
        format_number("x", "nb")


def test_format_percent():
    assert format_percent(0.123, "nb", 1) == "12,3\u00a0%"
    assert format_percent(0.123, "en", 1) == "12.3%"
    assert format_percent(0.5, "sv") == "50\u00a0%"
    assert format_percent(float("nan"), "nb") == "–"
    assert format_percent(0.051, "da", 0, sign=True) == "+5\u00a0%"


def test_value_label_is_the_mapping_or_the_value_itself():
    assert value_label("site", "askim", labels={"askim": "Askim bibliotek"}) == "Askim bibliotek"
    assert value_label("site", "unknown_site") == "unknown_site"
    # no wave words and no catalogue words are guessed: a wave is what its label says
    assert value_label("wave", "2", "sv") == "2"
    assert value_label(None, "share", "en") == "share"


def test_footer_text_joins_the_wave_labels():
    foot = footer_text("en", source="Citizen survey", waves=["Spring 2023", "Spring 2024"], n=1200, synthetic=True)
    assert foot == "Source: Citizen survey · Spring 2023 and Spring 2024 · n = 1,200 · Synthetic data"
    assert footer_text("sv", waves=["2024"]) == "2024"
    assert footer_text("nb", synthetic=True) == "Syntetiske data"
    assert joined(["a", "b", "c"], "nb") == "a, b og c"
