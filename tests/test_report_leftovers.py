"""Leftovers of the report read as a user reads it: the explorer's Nordic CSV download, the
explorer's introduction of a study of multi-select questions only, and the change figure's axis.

The studies are those of tests/test_report_unlike_studies.py (``write_study``: one wave, by
gender) and tests/test_report_unlike_studies_more.py (``_multi_study``: multi-select only).
"""

from __future__ import annotations

import csv
import io
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from surveykit.presentation import Presentation
from tests.test_report_method_texts import built, write_study
from tests.test_report_unlike_studies import EXPLORER, _explorer_csv, page_text


@pytest.mark.parametrize("language", ["nb", "da"])
def test_explorer_nordic_csv_writes_numbers_unquoted_as_nordic_excel_does(tmp_path, language):
    """The Nordic download (";" between cells, decimal commas) quoted every number with a decimal
    comma ("36,6"), as if the comma separated cells: Excel writes a ";"-separated file with its
    numbers bare, and a program reading the file with `sep=";", decimal=","` (pandas, R's
    read.csv2) got text, not numbers. A cell is quoted only where it holds ";", a quote or a
    line break."""
    from tests.browser import chromium

    if chromium() is None:
        pytest.skip("no Chromium")
    root, _ = built(write_study(tmp_path, language, report=EXPLORER))
    [text] = _explorer_csv(root, [1])   # by gender
    lines = text.lstrip("\ufeff").splitlines()
    rows = [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=";")]
    header, body = rows[1], rows[2:4]
    assert [row[0] for row in body] == (["Mann", "Kvinne"]), rows   # the codebook's labels (nb)
    # the text as written: no number in quotes, and a decimal comma in the shares and means
    for line in lines[2:4]:
        assert not re.search(r'"[-−]?\d', line), line
        assert re.search(r";\d+,\d;", line), line
    published = pd.read_csv(root / "reports" / "tables" / "explorer_gender.csv")
    mean = published[(published["variable"] == "help") & published["level"].isna()
                     & (published["gender"] == "Mann")]["estimate"].item()
    # read back as a program reads a Nordic CSV: numbers, not text
    frame = pd.read_csv(io.StringIO("\n".join(lines[1:4])), sep=";", decimal=",")
    mean_column = {"nb": "Gjennomsnitt", "da": "Gennemsnit"}[language]
    assert frame[mean_column].dtype.kind == "f", frame.dtypes
    assert frame[mean_column].iloc[0] == pytest.approx(mean, abs=0.005)
    shares = [c for c in frame.columns if c.endswith("(%)")]
    assert shares and all(frame[c].dtype.kind == "f" for c in shares), frame.dtypes
    answers = [c for c in shares if not c.startswith("Vet ikke")]   # "don't know": a share of all answers, apart
    assert len(answers) == 4 and frame[answers].sum(axis=1).tolist() == pytest.approx([100.0, 100.0], abs=0.3)
    assert header[0] == frame.columns[0]


def _intro(root) -> str:
    text = page_text(root / "reports" / "explorer.html")
    return text[:text.index("(CSV)")]   # the title, the introduction and the controls


INTRO_MULTI = {   # (what the numbers are, the small-cell sentence's subject)
    "en": ("unweighted shares (every answer counts the same)", "Shares are not shown"),
    "nb": ("uvektede andeler (hvert svar teller likt)", "Andeler vises ikke"),
    "sv": ("oviktade andelar (varje svar räknas lika)", "Andelar visas inte"),
    "da": ("uvægtede andele (hvert svar tæller lige meget)", "Andele vises ikke"),
}
MEANS = {"en": "mean", "nb": "gjennomsnitt", "sv": "medelvärde", "da": "gennemsnit"}


@pytest.mark.parametrize("language", list(INTRO_MULTI))
def test_explorer_of_multi_select_questions_only_does_not_speak_of_means(tmp_path, monkeypatch, language):
    """The explorer of a study whose questions are all multi-select (shares of each option, no
    mean anywhere on the page) said its numbers were "shares and means"."""
    from tests.test_report_unlike_studies_more import _multi_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = _multi_study(tmp_path / "study")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
                      encoding="utf-8")
    (root / "config" / "report.yaml").write_text(
        "tables:\n  - {id: explorer, kind: explorer, items: [barriers, use], by: [gender]}\n", encoding="utf-8")
    built(root)   # (the mini codebook is in English: other languages warn that its labels are shown in English)
    intro = _intro(root)
    numbers, small = INTRO_MULTI[language]
    assert numbers in intro and small in intro, intro
    assert MEANS[language] not in intro.lower(), intro


def test_explorer_of_likert_questions_still_speaks_of_shares_and_means(tmp_path):
    root, _ = built(write_study(tmp_path, "en", report=EXPLORER))
    intro = _intro(root)
    assert "unweighted shares and means (every answer counts the same)" in intro, intro
    assert "Shares and means are not shown" in intro, intro


def _change_frames():
    means = pd.DataFrame({"wave": ["2021", "2023"] * 2, "variable": ["help"] * 2 + ["welcome"] * 2,
                          "estimate": [3.4, 3.9, 3.1, 3.3], "conf_low": [3.2, 3.7, 2.9, 3.1],
                          "conf_high": [3.6, 4.1, 3.3, 3.5], "suppressed": False})
    change = pd.DataFrame({"variable": ["help", "welcome"], "estimate": [0.5, 0.2], "conf_low": [0.2, -0.1],
                           "conf_high": [0.8, 0.5]})
    return means, change


@pytest.mark.parametrize(("language", "name"), [
    ("nb", "Gjennomsnitt (1 = Helt uenig, 5 = Helt enig)"),
    ("en", "Mean (1 = Helt uenig, 5 = Helt enig)"),
])
def test_change_figure_names_its_axis_by_the_scale_ends_as_the_means_figure(language, name):
    """The change figure's axis of means was named "Gjennomsnitt" alone, where the means figure
    of the same items names it by the scale's ends: a reader could not tell whether 3.9 is good."""
    import surveykit as sk

    agree = (1, 5, "Helt uenig", "Helt enig")
    p = Presentation(language, scales={"help": agree, "welcome": agree})
    means, change = _change_frames()
    ax = sk.plot_change(means, change, wave="wave", presentation=p)
    try:
        assert ax.get_xlabel().replace("\n", " ") == name
        fig = ax.figure
        fig.canvas.draw()
        label = ax.xaxis.label.get_window_extent(fig.canvas.get_renderer())
        assert label.x0 >= 0 and label.x1 <= fig.bbox.x1
    finally:
        plt.close(ax.figure)


def test_change_figure_of_two_scales_of_one_range_named_otherwise_says_mean():
    """Items on two 1-5 scales whose ends are named otherwise share the axis (one range); it is
    named "Mean", not by one of the two scales' ends."""
    import surveykit as sk

    p = Presentation("en", scales={"help": (1, 5, "Disagree", "Agree"), "welcome": (1, 5, "Poor", "Good")})
    means, change = _change_frames()
    ax = sk.plot_change(means, change, wave="wave", presentation=p)
    try:
        assert ax.get_xlabel() == "Mean"
    finally:
        plt.close(ax.figure)


@pytest.mark.parametrize("kind", ["change", "means"])
def test_legend_stays_clear_of_an_axis_name_of_two_lines(kind):
    """A scale whose end labels are long ("Gennemsnit (0 = Slet ikke sandsynligt, 10 = Meget
    sandsynligt)", a Danish 0-10 question labelled only at its ends) names the axis in two lines;
    the legend, at a fixed distance under the axis, covered the second line."""
    import surveykit as sk

    ends = (0, 10, "Slet ikke sandsynligt", "Meget sandsynligt")
    p = Presentation("da", scales={"help": ends, "welcome": ends})
    means, change = _change_frames()
    means = means.assign(estimate=means["estimate"] + 2, conf_low=means["conf_low"] + 2,
                         conf_high=means["conf_high"] + 2)
    ax = plt.figure(figsize=(6.7, 3.0), layout="constrained").add_subplot()   # the report's width
    if kind == "change":
        sk.plot_change(means, change, wave="wave", presentation=p, ax=ax)
    else:
        sk.plot_estimates(means.assign(level=None), group="wave", presentation=p, ax=ax)
    try:
        assert ax.get_xlabel() == "Gennemsnit (0 = Slet ikke sandsynligt, 10 = Meget\nsandsynligt)"
        fig = ax.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        label = ax.xaxis.label.get_window_extent(renderer)
        legend = ax.get_legend().get_window_extent(renderer)
        assert legend.y1 <= label.y0, (legend, label)   # the legend below the name's last line
    finally:
        plt.close(ax.figure)


def test_the_missing_language_warning_shows_an_entry_of_another_language():
    """A Norwegian report of an English codebook was told to write `label: {nb: ..., nb: ...}`:
    the example of what to add names the language the text has and the one it lacks."""
    from surveykit.config.translations import untranslated_message

    texts = [("config/codebook.yaml", "variables.gender: label", {"en": "Gender"})]
    said = untranslated_message(texts, "nb")
    assert "(label: {en: ..., nb: ...})" in said, said
    assert "(label: {nb: ..., da: ...})" in untranslated_message([("f", "w", {"nb": "Kjønn"})], "da")


@pytest.mark.parametrize(("strata", "said", "not_said"), [
    (False, "design-based (linearisation), accounting for the weighting.", "stratification"),
    (True, "design-based (linearisation), accounting for stratification and weighting.", "accounting for the weighting"),
])
def test_the_method_notes_say_stratification_only_of_a_stratified_design(tmp_path, strata, said, not_said):
    """A weighted study without `weighting.strata` (an unstratified design) was said to have standard
    errors "accounting for stratification and weighting"."""
    from tests.test_report_method_texts import method_section

    root = write_study(tmp_path, "en", weighted=True)
    if strata:
        config = root / "surveykit.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace("margins: [[gender]]",
                                                                     "strata: [gender], margins: [[gender]]"),
                          encoding="utf-8")
    built(root)
    text = method_section(root)
    assert said in text and not_said not in text, text
