"""A change (or did) of a question not asked in one of the two waves it compares is warned about
at validate and build, naming the entry, the question, the waves it was asked in and the
`options: {waves: [...]}` that compares them; the figure's legend names only the waves it
draws a point of (it listed "Round C", which had none, beside rows saying "not asked")."""

from __future__ import annotations

import warnings

import pytest

from surveykit.errors import SurveykitWarning
from surveykit.report.build import check_recipe
from surveykit.report.figures import FIGURES
from surveykit.report.items import analysis_design
from surveykit.report.spec import Spec, load_recipe
from surveykit.study import load_study
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)
from tests.test_report_studies import write_three_wave_study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """The three-round study, its question 'welcome' asked only in rounds a and b."""
    root = write_three_wave_study(tmp_path_factory.mktemp("not_asked"))
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    dropped = text.replace(', "c": {column: welcome}', "")
    assert dropped != text
    codebook.write_text(dropped, encoding="utf-8")
    return root, load_study(root)


def _warnings(study, entries: str) -> list[str]:
    root, loaded = study
    report = root / "config" / "report.yaml"
    report.write_text(entries, encoding="utf-8")
    recipe = load_recipe(report, known_variables=set(loaded.codebook.names()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_recipe(recipe, loaded)
    return [str(w.message) for w in caught if issubclass(w.category, SurveykitWarning) and "not asked" in str(w.message)]


def test_a_change_of_a_question_not_asked_at_an_end_is_warned_naming_what_to_write(study):
    [said] = _warnings(study, "figures:\n  - {id: ch, kind: change, items: [welcome], by: [history]}\n")
    assert "`figures[0]` ('ch')" in said
    assert "'welcome' was not asked in wave 'c' (Round C)" in said
    assert "compares ('a' and 'c')" in said
    assert "asked in wave(s) 'a' (Round A), 'b' (Round B)" in said
    assert '`options: {waves: ["a", "b"]}`' in said


def test_a_table_of_changes_and_a_did_are_warned_too_and_a_fitting_entry_is_not(study):
    said = _warnings(study, "figures:\n  - {id: d, kind: did, items: [help, welcome], options: "
                            "{group: history, groups: [always_own, moved_in]}}\n"
                            "tables:\n  - {id: t, kind: change, items: [help, welcome], by: [history]}\n")
    assert len(said) == 2 and all("'welcome' was not asked in wave 'c'" in s for s in said)
    assert all("in an entry of its own" in s for s in said)   # 'help' beside it has its change
    assert not _warnings(study, "figures:\n  - {id: ch, kind: change, items: [welcome], by: [history], "
                                "options: {waves: [a, b]}}\n  - {id: h, kind: change, items: [help]}\n")


def test_the_legend_names_only_the_waves_drawn(study):
    _, loaded = study
    spec = Spec("ch", "change", ("welcome",), ("history",))
    result = FIGURES["change"].compute(loaded, analysis_design(loaded), spec)
    fig = FIGURES["change"].draw(result, loaded.presentation())
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Round A" in legend and "Round B" in legend
    assert "Round C" not in legend          # no point of round C: not asked
    assert [t.get_text() for t in ax.texts if t.get_gid() == "change"] == ["not asked"] * 3
