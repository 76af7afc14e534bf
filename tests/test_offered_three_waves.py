"""Three waves, the middle one asking a question on other levels (the codebook's ``offered:``):
'help' (4 points: Uenig, Litt uenig, Litt enig, Enig) was asked without "Litt enig" in round B.

Before, only a comparison of the two waves a change or did compares looked at ``offered:``: a
change of rounds A and C (both on 4 points) drew round B's 3-point mean as a point on each line
and published it in its means table without a word, and so did a did; the likert, means and
heatmap figures by wave, the topbox table by wave, a table of the waves side by side
(``test: false``) and the explorer's wave view put round B's answers beside the others' with no
note. Now the change and did are refused (naming round B and the level) unless
``levels_differ: allow``, and everything showing the waves side by side says so in a note in the
study's language (nb here). ``sk.change`` with ``levels=("a", "b")`` is refused, as before.

A question not asked in the middle wave is drawn without a line through the missing point (the
did's line breaks there; its row in the means table has n = 0 and no mean).

The study is tests/test_report_studies.py's three-round study, written here; its codebook
shape is surveykit's own (docs/config.md "offered").
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import surveykit as sk
from surveykit.errors import ConfigError, DataError
from surveykit.presentation import Presentation
from surveykit.report.build import build, check_recipe
from surveykit.report.figures import FIGURES
from surveykit.report.items import analysis_design
from surveykit.report.spec import load_recipe
from surveykit.study import load_study
from tests.test_report_studies import write_three_wave_study

NOTE_NB = ("Spørsmålet «Lett å få hjelp» hadde ikke de samme svaralternativene i alle rundene (Round B: uten "
           "«Litt enig»). En forskjell mellom rundene kan komme av svaralternativene.")


def _write(root: Path, report: str, *, welcome_in_b: bool = True) -> Path:
    """The three-round study in nb, 'help' offered without code 3 ("Litt enig") in round B."""
    write_three_wave_study(root)
    yaml = root / "surveykit.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("language: en", "language: nb"), encoding="utf-8")
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    new = text.replace('"b": {column: help}', '"b": {column: help, offered: [1, 2, 4]}')
    if not welcome_in_b:
        new = new.replace('"b": {column: welcome}, ', "")
    assert new != text
    codebook.write_text(new, encoding="utf-8")
    b = pd.read_csv(root / "data" / "raw" / "b.csv")
    b.loc[b["help"] == 3, "help"] = 4   # round B had no "Litt enig"
    b.to_csv(root / "data" / "raw" / "b.csv", index=False)
    (root / "config" / "report.yaml").write_text(report, encoding="utf-8")
    return root


def _check(root: Path):
    study = load_study(root)
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    check_recipe(recipe, study)
    return study, recipe


@pytest.mark.parametrize("entry", [
    "figures:\n  - {id: ch, kind: change, items: [help], by: [history]}\n",
    "tables:\n  - {id: ch, kind: change, items: [help, welcome]}\n",
    "figures:\n  - {id: ch, kind: did, items: [help], options: {group: history, groups: [always_own, moved_in]}}\n",
])
def test_a_change_or_did_drawing_a_middle_wave_that_offered_other_levels_is_refused(tmp_path, entry):
    root = _write(tmp_path / "s", entry)
    with pytest.raises(ConfigError) as caught:
        _check(root)
    said = str(caught.value)
    parts = ["('ch'): 'help' was asked on other levels in wave 'b'", "between the waves it compares ('a' and 'c')",
             "wave 'b' offered no 3 = 'Litt enig'", "wave 'a' [1, 2, 3, 4], wave 'b' [1, 2, 4]",
             "`options: {levels_differ: allow}`"]
    assert [part for part in parts if part not in said] == [], said


def test_an_adjusted_figure_of_the_waves_is_refused_as_a_change_and_adjusting_for_them_is_noted(tmp_path):
    """Its coefficient of round B compares round B with round A (the model's reference)."""
    root = _write(tmp_path / "s", "figures:\n  - {id: adj, kind: adjusted, items: [help], "
                                  "options: {effect: wave, covariates: [gender]}}\n")
    with pytest.raises(ConfigError, match=r"\('adj'\): 'help' was asked on other levels in the waves it compares: "
                                          r"wave 'b' offered no 3 = 'Litt enig'"):
        _check(root)
    (root / "config" / "report.yaml").write_text(
        "figures:\n  - {id: adj, kind: adjusted, items: [help], options: {effect: wave, levels_differ: allow}}\n"
        "  - {id: adj2, kind: adjusted, items: [help], options: {effect: gender, covariates: [wave]}}\n",
        encoding="utf-8")
    study, recipe = _check(root)
    from surveykit.report.build import _wording
    p, design = study.presentation(), analysis_design(study)
    for spec in recipe.figures:
        kind = FIGURES[spec.kind]
        assert _wording(study, spec, kind, kind.compute(study, design, spec), p) == (NOTE_NB,)


def test_a_middle_wave_is_held_against_the_last_where_the_first_did_not_ask_the_question(tmp_path):
    root = _write(tmp_path / "s", "figures:\n  - {id: ch, kind: change, items: [help], by: [history]}\n")
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace('"a": {column: help}, ', ""), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"wave 'b' offered no 3 = 'Litt enig' \(`offered:` of its sources in "
                                          r"config/codebook.yaml: wave 'c' \[1, 2, 3, 4\], wave 'b' \[1, 2, 4\]\)"):
        _check(root)


def test_a_change_not_drawing_the_middle_wave_or_of_an_item_asked_alike_passes(tmp_path):
    root = _write(tmp_path / "s", "figures:\n  - {id: ch, kind: change, items: [welcome], by: [history]}\n"
                                  "  - {id: ch2, kind: change, items: [help], options: {waves: [a, b], "
                                  "levels_differ: allow}}\n")
    _check(root)


def test_the_python_change_of_the_first_and_middle_wave_is_refused_and_of_the_ends_is_not(tmp_path):
    design = load_study(_write(tmp_path / "s", "figures: []\n")).design()
    with pytest.raises(DataError, match=r"'help' was asked on other levels in waves 'a' and 'b': wave 'b' offered "
                                        r"no 'Litt enig'"):
        sk.change(design, "help", levels=("a", "b"))
    assert len(sk.change(design, "help", levels=("a", "c"))) == 1


def test_every_language_has_the_note():
    offered = {"q": {"1": ("Nei", "Vet ikke helt", "Ja"), "2": ("Nei", "Ja"), "3": ("Nei", "Vet ikke helt", "Ja")}}
    for language, words in [("nb", "uten"), ("nn", "utan"), ("en", "without"), ("sv", "utan"), ("da", "uden")]:
        p = Presentation(language, names={"q": "Q"}, values={"wave": {"2": "2024"}}, offered=offered)
        [note] = p.offered_notes(["q"])
        assert f"2024: {words} " in note and "Vet ikke helt" in note and "Q" in note, (language, note)
        assert p.offered_notes(["q"], waves=["1", "3"]) == ()   # the waves shown offered the same


REPORT_ALLOWED = """\
figures:
  - {id: ch, kind: change, items: [help, welcome], by: [history], options: {levels_differ: allow}}
  - {id: dd, kind: did, items: [help], options: {group: history, groups: [always_own, moved_in], levels_differ: allow}}
  - {id: answers, kind: likert, items: [help], by: [wave]}
  - {id: avg, kind: means, items: [help], by: [wave]}
  - {id: grid, kind: heatmap, items: [help, welcome], by: [site, wave]}
  - {id: welcome_only, kind: heatmap, items: [welcome], by: [site, wave]}
tables:
  - {id: agree, kind: topbox, items: [help], by: [wave]}
  - {id: side, kind: table, items: [help], by: [wave], options: {test: false}}
  - {id: explorer, kind: explorer}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _write(tmp_path_factory.mktemp("offered3"), REPORT_ALLOWED)
    build(root, progress=lambda _m: None, jobs=1)
    return root


def test_every_output_putting_the_waves_side_by_side_says_so_in_the_study_language(built):
    page = (built / "reports" / "index.html").read_text(encoding="utf-8")
    shown = page.replace("&laquo;", "«").replace("&raquo;", "»").replace("&#x27;", "'")
    # under each of the 5 figures and 2 tables showing 'help' by wave (not under welcome_only), and
    # once in the method notes
    assert shown.count(NOTE_NB) == 8, shown.count(NOTE_NB)
    assert f'<h3>Endrede svaralternativer</h3><div class="note"><p>{NOTE_NB}</p>' in shown
    for entry in ("ch", "dd", "answers", "avg", "grid", "agree", "side"):
        assert f"tables/{entry}" in shown
    # the explorer's question 'help', said with the footer while its waves are shown side by side
    explorer = (built / "reports" / "explorer.html").read_text(encoding="utf-8")
    assert f'"wording":"{NOTE_NB}"' in explorer
    assert explorer.count('"wording":') == 1   # 'welcome' and the others offered the same levels
    # the workbook's method sheet, beside the tables as numbers
    with zipfile.ZipFile(built / "reports" / "tables.xlsx") as book:
        cells = "".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))
    assert "Endrede svaralternativer" in cells and NOTE_NB in cells


def test_the_figure_footers_carry_the_note(tmp_path):
    root = _write(tmp_path / "s", REPORT_ALLOWED)
    study, recipe = _check(root)
    from surveykit.report.build import _footed, _wording
    p, design = study.presentation(), analysis_design(study)
    for spec in recipe.figures:
        kind = FIGURES[spec.kind]
        result = kind.compute(study, design, spec)
        footer = _footed(study, spec, kind, result, p, _wording(study, spec, kind, result, p)).footer
        assert (NOTE_NB in footer) == (spec.id != "welcome_only"), (spec.id, footer)


def test_a_question_not_asked_in_the_middle_wave_is_not_drawn_through_it(tmp_path):
    root = _write(tmp_path / "s", "figures:\n  - {id: dd, kind: did, items: [welcome], "
                                  "options: {group: history, groups: [always_own, moved_in]}}\n", welcome_in_b=False)
    study, recipe = _check(root)
    [spec] = recipe.figures
    result = FIGURES["did"].compute(study, analysis_design(study), spec)
    middle = result.means[result.means["wave"].astype(str) == "b"]
    assert len(middle) == 2 and (middle["n"] == 0).all() and middle["estimate"].isna().all()
    fig = FIGURES["did"].draw(result, study.presentation())
    lines = [line for ax in fig.axes for line in ax.lines if len(line.get_ydata()) == 3]
    assert len(lines) == 2 and all(np.isnan(np.asarray(line.get_ydata(), float)[1]) for line in lines)
    plt.close(fig)


def test_a_python_table_of_the_waves_side_by_side_says_so_in_its_footnote(tmp_path):
    study = load_study(_write(tmp_path / "s", "figures: []\n"))
    design = study.design()
    table = sk.table(design, ["help", "welcome"], by="wave", test=False, presentation=study.presentation())
    assert NOTE_NB in table.notes
    bare = sk.table(design, "help", panel="wave", by="gender", language="en")   # the design's data alone
    assert any(n.startswith("The question “help” did not offer the same answers in every wave (b: without "
                            "“Litt enig”)") for n in bare.notes), bare.notes
    assert not any("svaralternativ" in n for n in sk.table(design, "help", by="gender").notes)
    alike = sk.table(design.subset(design.data["wave"].astype(str).isin(["a", "c"]).to_numpy()), "help", by="wave",
                     test=False)
    assert not any("svaralternativ" in n for n in alike.notes)   # rounds A and C offered the same


def test_the_explorer_shows_the_note_with_the_question(built):
    from tests.browser import DESKTOP, Browser

    page = built / "reports" / "explorer.html"
    with Browser() as browser, browser.tab(page, DESKTOP, fragment="#q=help&b=") as tab:
        assert NOTE_NB in tab.eval("document.getElementById('footer').textContent")
        tab.eval("var q = document.getElementById('q'); q.value = String([...q.options].findIndex("
                 "(o) => o.textContent === 'Velkommen')); q.dispatchEvent(new Event('change')); 1")
        assert tab.eval("document.getElementById('q').selectedOptions[0].textContent") == "Velkommen"
        assert "svaralternativ" not in tab.eval("document.getElementById('footer').textContent")
