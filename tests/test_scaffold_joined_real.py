"""Joined multi-select columns as real exports write them, and single choices that only look like
them: the draft splits a column into options only when its parts recombine across answers, folds
typed-in "Other:" texts into `other`, keeps `other:` off a real option that starts with "Other",
and groups neighbouring columns as a Typeform checkbox only when they hold their headers' text.

The exports are written here in the shape of the public files that showed the problems:
fivethirtyeight/data comma-survey/comma-survey.csv (SurveyMonkey, flattened to one header row),
rstudio/r-community-survey "2019/data/2019 English R Community Survey Responses.csv" (Google
Forms) and OuhscBbmc/REDCapR inst/test-data/projects/survey/data.csv (REDCap raw export).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.io.multi import infer_options
from surveykit.scaffold.multi import echo_groups, joined, recombined
from tests.test_scaffold_layouts import codebook, levels, responses, run_study, variable
from tests.test_scaffold_more_tools import _write_csv


def _reviews(study: Path) -> str:
    return "\n".join(line for line in (study / "config" / "codebook.yaml").read_text(encoding="utf-8").splitlines()
                     if "# REVIEW" in line)


# ------------------------------------------------------------------------------------------ the serial comma
COMMA_Q = "In your opinion, which sentence is more gramatically correct?"
OXFORD, NO_OXFORD = ("It's important for a person to be honest, kind, and loyal.",
                     "It's important for a person to be honest, kind and loyal.")
MILK_Q = "How would you write the following sentence?"
MILK = ("Some experts say it's important to drink milk, but the data is inconclusive.",
        "Some experts say it's important to drink milk, but the data are inconclusive.")


def test_single_choice_answers_holding_commas_stay_whole(tmp_path):
    """comma-survey.csv: two whole answers (641 / 488) were 3 options summing to 157 %; and the two
    answers, differing only in the serial comma, were then merged into one level (100 %)."""
    rng = np.random.default_rng(3)
    rows = [[3292953864 - i, OXFORD if i < 64 else NO_OXFORD, "Yes" if rng.random() < 0.6 else "No",
             MILK[int(rng.random() < 0.3)]] for i in range(113)]
    export = _write_csv(tmp_path / "comma-survey.csv",
                        ["RespondentID", COMMA_Q, "Prior to reading about it above, had you heard of the serial "
                         "(or Oxford) comma?", MILK_Q], rows)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    var = variable(cb, COMMA_Q)
    assert var["type"] == "single" and "options" not in var
    assert sorted(levels(cb, var)) == sorted([OXFORD, NO_OXFORD])
    assert variable(cb, MILK_Q)["type"] == "single"
    reviews = _reviews(study)
    assert "do not recombine" in reviews and "`type: multi`" in reviews
    assert "differ only in a comma (or semicolon) between their words" in reviews
    data = responses(study)
    assert Counter(data[var["name"]].dropna().astype(str)) == {OXFORD: 64, NO_OXFORD: 49}


def test_parts_that_never_recombine_are_no_options():
    """Evidence of a joined multi-select is parts recombining, not a separator in the text."""
    found = joined(pd.Series([OXFORD] * 64 + [NO_OXFORD] * 49), COMMA_Q)
    assert found is not None and found.weak
    assert recombined([["honest", "kind and loyal."], ["honest", "kind", "and loyal."]]) == 0
    # the same pieces in other company, and a piece that is also a whole answer: options
    assert recombined([["Python"], ["Microsoft Excel", "SPSS"], ["Microsoft Excel"], ["Matlab", "Python"]]) == 2
    found = joined(pd.Series(["Python", "Microsoft Excel, SPSS", "Microsoft Excel", "Matlab, Microsoft Excel, Python"]
                             * 2), "Which tools? (check all that apply)")
    assert found is not None and not found.weak and "Microsoft Excel" in found.options
    # one sign only (a part alone and with others): a multi-select, with a note to check it
    found = joined(pd.Series(["Depression", "Depression, Anxiety", "Autism"] * 3), "Other")
    assert found is not None and not found.weak and found.evidence == 1
    # an option chosen once is whole up to its closing parenthesis
    options = infer_options(pd.Series(["Email, Apps (e.g., Shiny applications, dashboards, web apps)", "Email",
                                       "RPubs.com, Email"]), ", ")
    assert options == ["Email", "Apps (e.g., Shiny applications, dashboards, web apps)", "RPubs.com"]


# ------------------------------------------------------------------------------------------ Google Forms
SHARE_Q = "How do you share the results that you create in R? Check all that apply."
SHARE = ["Other internal web site or portal run by my organization (for example,  Sharepoint)",
         "Public web sites such as Github or Netlify", "RPubs.com", "Shinyapps.io",
         "Embedding results in research papers submitted to publications", "Personal blog or web site owned by you",
         "Email", "RStudio Connect site run by my organization"]
REASON_Q = "Which statement most closely reflects the primary reason why you are interested in learning R?"
REASONS = ["I would like to use a specific R package (e.g., ggplot2, caret, rmarkdown)", "I want to do statistical analyses",
           "I would like to build interactive applications (e.g., Shiny applications, dashboards, web apps)",
           "R is required for my work"]


def _google_forms(path: Path, n: int = 600) -> tuple[Path, list[list[str]], list[str]]:
    """Checkbox answers joined with ", " in the form's order, the "Other:" text last (one per
    respondent, some holding commas, one a phone number); a single choice asked of a few."""
    rng = np.random.default_rng(7)
    rows, chosen, typed = [], [], []
    for i in range(n):
        picks = [o for o in SHARE if rng.random() < 0.35] or [SHARE[6]]
        other = ""
        if i % 6 == 0:
            other = (f"call me on 912 34 {i:03d}" if i == 0 else
                     f"slides for team {i}, and wiki page {i}" if i % 12 == 0 else f"printed report no. {i}")
            typed.append(other)
        chosen.append(picks)
        answer = ", ".join([*picks, other] if other else picks)
        reason = REASONS[i % len(REASONS)] if i < 9 else ""
        rows.append([f"2019/12/{1 + i % 28:02d} 10:{i % 60:02d}:00 AM EST", reason, answer])
    return _write_csv(path, ["Timestamp", REASON_Q, SHARE_Q], rows), chosen, typed


def test_google_forms_other_box_is_typed_text_not_options(tmp_path):
    """The R community survey: every typed-in "Other:" text (comma-split) was an option of its
    own (236 in one question), "Other internal web site ..." took them all as `other:`, and a
    single choice with "(e.g., Shiny applications, dashboards, web apps)" was a multi-select."""
    export, chosen, typed = _google_forms(tmp_path / "2019 English R Community Survey Responses.csv")
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    var = variable(cb, SHARE_Q)
    assert var["type"] == "multi"
    assert sorted(v for k, v in var["options"].items() if k != var["other"]) == sorted(SHARE)
    assert var["other"] == "other" and var["options"]["other"] == "Other (typed in)"
    reviews = _reviews(study)
    assert f"{len(typed)} distinct typed-in answer(s) ({len(typed)} row(s)" in reviews
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "912 34" not in text and "printed report" not in text  # respondents' own words stay out
    data = responses(study)
    portal = next(k for k, v in var["options"].items() if v.startswith("Other internal"))
    assert int(data[f"{var['name']}__{portal}"].sum()) == sum(SHARE[0] in p for p in chosen)
    assert int(data[f"{var['name']}__other"].sum()) == len(typed)
    assert int(data[f"{var['name']}__email"].sum()) == sum("Email" in p for p in chosen)
    reason = variable(cb, REASON_Q)
    assert reason["type"] == "single" and sorted(levels(cb, reason)) == sorted(REASONS)


# ------------------------------------------------------------------------------------------ REDCap
REDCAP = ["participant_id", "redcap_survey_identifier", "prescreening_survey_timestamp", "dob", "has_diabetes",
          "prescreening_survey_complete", "participant_morale_questionnaire_timestamp", "pmq1", "pmq2", "pmq3",
          "pmq4", "participant_morale_questionnaire_complete", "complete_study", "withdraw_date", "withdraw_reason",
          "date_visit_4", "discharge_date_4", "discharge_summary_4", "study_comments", "completion_data_complete"]


def test_empty_and_zero_fields_are_no_typeform_checkbox(tmp_path):
    """REDCap's survey project: pmq1 ... completion_data_complete, empty or "0", were drafted as
    one Typeform checkbox question whose columns "hold their own header's text"."""
    rows = []
    for i in range(1, 9):
        rows.append([i, "", f"2018-03-06 15:5{i}:43", f"2018-03-0{i}", i % 2, 2,
                     "[not completed]" if i == 1 else "", "", "", "", "", 0, "", "", "", "", "", "", "", 0])
    frame = pd.DataFrame(rows, columns=REDCAP).replace("", None)
    assert echo_groups(frame, {}, REDCAP) == []
    export = _write_csv(tmp_path / "data.csv", REDCAP, rows)
    study = run_study(tmp_path, export, build=False)
    cb = codebook(study)
    assert not any(str(v.get("label", "")).startswith("Options:") for v in cb["variables"])
    assert "their own header's text" not in _reviews(study)
    # a Typeform checkbox still is one: its columns hold their header's text or nothing
    typeform = pd.DataFrame({"Depression": ["Depression", None, "Depression"], "Anxiety": [None, "Anxiety", None],
                             "Autism": [None, None, None], "Other": ["zines", None, None]})
    assert [(g["options"], g["other"]) for g in echo_groups(typeform, {}, list(typeform))] == [
        (["Depression", "Anxiety", "Autism"], "Other")]
