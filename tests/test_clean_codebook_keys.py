"""Codebook keys a draft writes: numeric `missing` codes, `recode` on numbers (and its refusal
elsewhere), `occurrence` of a repeated header, multi answers split by known options with an
`other` option, the `window` screening rule, and the date forms tools write."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.clean.coding import code_multi, code_numeric, parse_dates
from surveykit.clean.mapping import resolve_column
from surveykit.clean.screening import screen
from surveykit.config import load_codebook, load_config
from surveykit.config.codebook import Source, Variable
from surveykit.errors import ConfigError
from tests.study_fixture import CODEBOOK_YAML, SURVEYKIT_YAML, write_mini_study


def _codebook(tmp_path, extra: str):
    path = tmp_path / "codebook.yaml"
    path.write_text(CODEBOOK_YAML + extra, encoding="utf-8")
    return load_codebook(path, ["1", "2"])


def test_numeric_missing_codes_and_recode(tmp_path):
    cb = _codebook(tmp_path, """\
  - name: hours
    type: numeric
    missing: ["N/a", 99]
    sources: {"1": {column: Timer, recode: {"mer enn 10": 11, "ingen": 0, "?": null}}}
""")
    var = cb.variable("hours")
    raw = pd.Series(["3", "n/a", "99", "mer enn 10", "ingen", "?", "2,5", None], index=range(2, 10))
    cols, fails = code_numeric(raw, var, recode=var.sources["1"].recode)
    assert cols["hours"].fillna(-1).tolist() == [3.0, -1, -1, 11.0, 0.0, -1, 2.5, -1]
    assert cols["hours"].isna().tolist() == [False, True, True, False, False, True, False, True]
    assert fails == []
    _bad, fails = code_numeric(pd.Series(["3", "lots"]), var)
    assert [f["value"] for f in fails] == ["lots"]


def test_recode_refused_where_it_cannot_work(tmp_path):
    with pytest.raises(ConfigError, match=r"`recode` works for likert, single, numeric variables, not 'text'"):
        _codebook(tmp_path, """\
  - name: note
    type: text
    sources: {"1": {column: Note, recode: {a: b}}}
""")
    cb = _codebook(tmp_path, """\
  - name: hours
    type: numeric
    sources: {"1": {column: Timer, recode: {many: lots}}}
""")
    var = cb.variable("hours")
    with pytest.raises(ConfigError, match=r"maps 'many' to 'lots'; a numeric variable's recode gives numbers"):
        code_numeric(pd.Series(["many"]), var, recode=var.sources["1"].recode)
    with pytest.raises(ConfigError, match=r"`missing` .* is for numeric, likert, single, multi variables; .note. is .text."):
        _codebook(tmp_path, """\
  - name: note
    type: text
    missing: [99]
    sources: {"1": {column: Note}}
""")


def test_occurrence_picks_one_of_repeated_headers():
    columns = pd.Index(["Q", "Q.1", "R"])
    questions = {"Q": "Q", "Q.1": "Q", "R": "R"}
    with pytest.raises(LookupError, match="`occurrence: 1` for the first"):
        resolve_column(columns, questions, Source(column="Q"))
    assert resolve_column(columns, questions, Source(column="Q", occurrence=1)) == "Q"
    assert resolve_column(columns, questions, Source(column="Q", occurrence=2)) == "Q.1"
    with pytest.raises(LookupError, match="header has 2 column"):
        resolve_column(columns, questions, Source(column="Q", occurrence=3))


def test_multi_split_by_known_options_longest_first_with_other():
    var = Variable("help", "multi", {"en": "Help"}, {},
                   options={"social": {"en": "Blogs, Twitter, Slack"}, "books": {"en": "Books"},
                            "other": {"en": "Other (typed in)"}}, other="other")
    raw = pd.Series(["Blogs,Twitter, Slack, Books", "Books", "My aunt", None], index=[2, 3, 4, 5])
    cols, fails = code_multi(raw, var, "en", ",")
    assert fails == []
    assert cols["help__social"].tolist()[:3] == [True, False, False]
    assert cols["help__books"].tolist()[:3] == [True, True, False]
    assert cols["help__other"].tolist()[:3] == [False, False, True]
    assert pd.isna(cols["help__books"].iloc[3])
    strict = Variable("help", "multi", {"en": "Help"}, {}, options={"books": {"en": "Books"}})
    _, fails = code_multi(pd.Series(["Books, Films"], index=[7]), strict, "en", ",")
    assert [(f["row"], f["value"]) for f in fails] == [(7, "Films")]


def test_window_rule_rejects_answers_outside_the_field_period(tmp_path):
    yaml = SURVEYKIT_YAML.replace("  complete: {required: [site, gender]}\n",
                                  "  complete: {required: [site, gender]}\n"
                                  "  window: {variable: submitted, periods: {\"1\": [2022-01-10, 2022-01-31]}}\n")
    write_mini_study(tmp_path, **{"surveykit.yaml": yaml})
    rule = next(r for r in load_config(tmp_path).screening if r.reason == "outside_window")
    stamps = pd.Series(["2022-01-09 23:59", "2022-01-10 08:00", "31.01.2022 22:00", "2022-02-01", None])
    reasons = screen({"submitted": stamps}, [rule], stamps.index, wave="1")
    assert reasons.tolist() == ["outside_window", None, None, "outside_window", None]
    assert screen({"submitted": stamps}, [rule], stamps.index, wave="2").isna().all()  # no period for wave 2
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_YAML.replace(
        "  duplicate: {variable: respondent_id}\n", "  duplicate: {variable: respondent_id}\n  window: {variable: x}\n")})
    with pytest.raises(ConfigError, match=r"give `from` and/or `to`"):
        load_config(tmp_path)


@pytest.mark.parametrize(("text", "day"), [
    ("2023-06-01T20:57:15+02:00", "2023-06-01"), ("01/17/2020 12:30:48 AM", "2020-01-17"),
    ("12/13/2019 12:02:32", "2019-12-13"), ("09.04.2017 08:50", "2017-04-09"), ("7/20/14 18:37", "2014-07-20"),
    ("2016-05-27 10:45:04", "2016-05-27"), ("20.01.2023", "2023-01-20"),
    # Google Forms' own download: the zone after AM/PM (it was no date: the wave got today's year)
    ("2026/05/20 11:43:01 PM GMT+1", "2026-05-20"), ("2023/01/10 10:00:00 AM GMT-5", "2023-01-10"),
    ("2023/01/10 10:00:00 GMT", "2023-01-10"),
])
def test_dates_as_tools_write_them(text, day):
    parsed, _ = parse_dates(pd.Series([text, None]))
    assert str(parsed.iloc[0].date()) == day and pd.isna(parsed.iloc[1])


def test_google_forms_time_stamps_keep_their_clock_time():
    parsed, used = parse_dates(pd.Series(["2026/05/20 1:43:01 PM GMT+1", "2026/05/22 11:57:53 AM GMT+1"]))
    assert parsed.dt.strftime("%Y-%m-%d %H:%M:%S").tolist() == ["2026-05-20 13:43:01", "2026-05-22 11:57:53"]
    assert used == {"2023/01/20 01:45:00 PM": 2}


@pytest.mark.parametrize(("answers", "decimal", "want", "ambiguous"), [
    (["1,500", "7.5", "12"], None, [1500.0, 7.5, 12.0], 0),       # a decimal point elsewhere: thousands
    (["1,500", "7,5", "12"], None, [1.5, 7.5, 12.0], 0),          # a decimal comma elsewhere
    (["1,234.5", "3"], None, [1234.5, 3.0], 0),                   # thousands and a point: unambiguous
    (["1 500", "3,5"], None, [1500.0, 3.5], 0),                   # a space groups thousands
    (["1,500", "45,000", "12"], None, [None, None, 12.0], 2),     # no answer tells: a failure per cell
    (["1,500", "45,000", "12"], "point", [1500.0, 45000.0, 12.0], 0),
    (["1,500", "45,000", "12"], "comma", [1.5, 45.0, 12.0], 0),
    # the Nordic way round: a dot groups thousands ("1.500" kr), a comma is decimal
    (["1.500", "7,5"], None, [1500.0, 7.5], 0),
    (["1.500", "7.5"], None, [1.5, 7.5], 0),
    (["1.500", "12.000", "3"], None, [None, None, 3.0], 2),
    (["1.500", "3"], "comma", [1500.0, 3.0], 0),
    (["1.234,5", "2"], None, [1234.5, 2.0], 0),
    (["1.234,5", "2"], "point", [None, 2.0], 0),                  # contradicts the codebook: no number
])
def test_a_thousands_comma_is_never_read_as_a_decimal_comma_by_guess(tmp_path, answers, decimal, want, ambiguous):
    # "45,000" (an English export's amount) was read as 45.0, inside a plausible valid range
    from surveykit.clean.coding import code_numeric

    var = Variable("spend", "numeric", {"en": "Spend"}, {}, decimal=decimal)
    cols, fails = code_numeric(pd.Series(answers), var)
    got = [None if pd.isna(x) else x for x in cols["spend"].tolist()]
    assert got == want
    bad = [f for f in fails if f["check"] == "ambiguous_number"]
    unread = [a for a, w in zip(answers, want, strict=True) if w is None]
    assert [f["value"] for f in bad] == (unread if ambiguous else [])
    if not ambiguous:  # a number the codebook's mark contradicts is not read: a not_numeric failure
        assert [f["value"] for f in fails if f["check"] == "not_numeric"] == unread
    assert len(bad) == ambiguous and all("`decimal: comma` (1.500 = 1500, 7,5 = 7.5) or `decimal: point`" in f["expected"]
                                         for f in bad)


def test_decimal_is_checked_in_the_codebook(tmp_path):
    with pytest.raises(ConfigError, match=r"`decimal` says how a numeric variable's answers write decimals"):
        _codebook(tmp_path, "  - name: spend\n    type: numeric\n    decimal: dot\n    sources: {\"1\": {column: Spend}}\n")
    with pytest.raises(ConfigError, match=r"got 'comma' on a 'single' variable"):
        _codebook(tmp_path, "  - name: spend\n    type: single\n    levels: [a, b]\n    decimal: comma\n"
                            "    sources: {\"1\": {column: Spend}}\n")
    cb = _codebook(tmp_path, "  - name: spend\n    type: numeric\n    decimal: point\n    sources: {\"1\": {column: Spend}}\n")
    assert cb.variable("spend").decimal == "point"
