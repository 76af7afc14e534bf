"""A figure's footer and its notes on reworded questions: the notes ran on after the footer's
last part with " · ", so the wrapped footer ended a line with a dangling "·" before each note.
Each note now begins its own paragraph of the footer."""

from __future__ import annotations

import matplotlib.pyplot as plt

from surveykit.plots.theme import add_footer, report_theme
from surveykit.report.build import _footed
from surveykit.report.figures import FIGURES
from surveykit.report.items import analysis_design
from surveykit.report.spec import load_recipe
from tests.repo_study import repo_study


def test_each_wording_note_begins_a_paragraph_of_the_footer():
    study = repo_study()
    p = study.presentation()
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    spec = next(s for s in recipe.figures if s.id == "change_by_site_type")
    kind = FIGURES[spec.kind]
    result = kind.compute(study, analysis_design(study), spec)
    notes = p.wording_notes(spec.items)
    assert len(notes) >= 2   # the demo's change figure compares two reworded questions
    footer = _footed(study, spec, kind, result, p, notes).footer
    assert footer.split("\n")[1:] == list(notes)
    with report_theme():
        fig = plt.figure(layout="constrained")
        add_footer(fig, footer)
        lines = next(t for t in fig.texts if t.get_gid() == "footer").get_text().split("\n")
        plt.close(fig)
    starts = [i for i, line in enumerate(lines) if any(note.startswith(line) for note in notes)]
    assert len(starts) == len(notes)
    assert all(not lines[i - 1].rstrip().endswith("·") for i in starts), lines
