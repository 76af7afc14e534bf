"""Report figures keep their rows readable whatever surrounds them: a one-item Likert figure
with a two-line title and a footer of four lines (notes on reworded questions) collapsed to a
strip whose group labels ran into each other, and a title of ~80 characters ran off the
figure's edges (it was wrapped at 80 characters, wider than 17 cm in 11 pt bold)."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import pytest

from surveykit.plots.theme import add_footer, report_theme, text_width_pt
from surveykit.report.figures import FIGURES, draw
from surveykit.report.items import analysis_design
from surveykit.report.spec import load_recipe
from tests.repo_study import repo_study

TITLE = ("Hvor enig eller uenig er du i følgende påstander om biblioteket og innbyggertorget der du bor "
         "i dag, og hvordan opplevde du besøket?")
NOTES = (" · Merk: spørsmålet ble stilt med andre ord i år 2 («Hvor lett var det å få hjelp?») enn i år 1 "
         "(«Var det lett å få hjelp med det du trengte da du besøkte stedet sist?») · Merk: et annet spørsmål "
         "ble også stilt med andre ord, og denne merknaden er lang nok til å brytes over flere linjer")


@pytest.fixture(scope="module")
def setting():
    study = repo_study()
    recipe = load_recipe(study.config.report_path, known_variables=set(study.codebook.names()))
    return study, analysis_design(study), study.presentation(), recipe


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _overlaps(fig) -> list[tuple[str, str]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        ticks = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in ticks]
        out += [(ticks[i].get_text(), ticks[j].get_text()) for i in range(len(boxes))
                for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    return out


@pytest.mark.parametrize("kind", ["likert", "means"])
def test_one_item_figure_with_long_title_and_footer_keeps_its_rows_apart(setting, kind):
    study, design, p, recipe = setting
    spec = next(s for s in recipe.figures if s.kind == kind)
    spec = dataclasses.replace(spec, items=spec.items[:1])
    result = FIGURES[kind].compute(study, design, spec)
    with report_theme():
        fig = draw(kind, result, p, TITLE)
        before = [ax.bbox.height for ax in fig.axes]
        height = fig.get_figheight()
        add_footer(fig, p.footer + NOTES)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        footer = next(t for t in fig.texts if t.get_gid() == "footer")
        assert footer.get_text().count("\n") >= 3
        # the footer got its own room: the figure grew, the axes kept their height
        assert fig.get_figheight() > height + 3 * 8 * 1.3 / 72
        assert [round(ax.bbox.height) for ax in fig.axes] == [round(h) for h in before]
        assert _overlaps(fig) == []
        box = footer.get_window_extent(renderer)
        assert box.y1 <= min(ax.get_tightbbox(renderer).y0 for ax in fig.axes) + 1
        title = fig.get_suptitle()
        assert title.count("\n") >= 1
        for line in title.split("\n"):   # every line of the title inside 17 cm
            assert text_width_pt(line, 11, weight="bold") <= fig.get_figwidth() * 72
        tbox = fig._suptitle.get_window_extent(renderer)
        assert tbox.x0 >= 0 and tbox.x1 <= fig.bbox.width and tbox.y1 <= fig.bbox.height


def test_rows_of_a_squeezed_figure_are_given_room(setting):
    # four groups of one item under a title of four lines: the height reckoned per row leaves
    # the rest to the title, and the rows ran into each other
    study, design, p, recipe = setting
    spec = next(s for s in recipe.figures if s.kind == "likert")
    result = FIGURES["likert"].compute(study, design, dataclasses.replace(spec, items=spec.items[:1]))
    with report_theme():
        fig = draw("likert", result, p, f"{TITLE} {TITLE}")
        assert fig.get_suptitle().count("\n") >= 3
        assert _overlaps(fig) == []
        ax = fig.axes[0]
        ticks = [t for t in ax.get_yticklabels() if t.get_text()]
        assert len(ticks) >= 4 and ax.bbox.height / fig.dpi > 0.2 * len(ticks)
