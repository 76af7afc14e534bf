"""The explorer agrees with the figures.

A yes/no question (a single choice on an ordered scale) was coloured No blue and Yes orange in the
explorer, the reverse of the likert figure (No orange, Yes blue, from the negative end). And for
a question a wave did not ask, the explorer's footer gave that wave's n ("n = 150") beside rows
of n 0, as if the question rested on them: it now says the wave and that the question was not
asked, without the n (and where it was asked, the n of the answers shown, not the wave's)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.report import build
from surveykit.report.explorer import explorer_data
from surveykit.report.figures import FIGURES, TABLES
from surveykit.report.items import analysis_design
from surveykit.report.spec import Spec
from surveykit.study import load_study
from tests.browser import PHONE, Browser
from tests.test_plots_common import _close_figures  # noqa: F401  (closes every figure a test drew)
from tests.test_report_studies import write_one_wave_study, write_three_wave_study


def test_a_yes_no_question_has_the_likert_figures_colours(tmp_path):
    root = write_one_wave_study(tmp_path)
    codebook = root / "config" / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8").replace("scales:\n", "scales:\n  yes_no:\n    levels:\n"
                                                        "      - {code: 1, label: {en: \"No\", nb: Nei}}\n"
                                                        "      - {code: 2, label: {en: \"Yes\", nb: Ja}}\n", 1)
    text += '  - {name: contact, type: single, scale: yes_no, label: {en: Contacted us}, sources: {"v24": {column: contact}}}\n'
    codebook.write_text(text, encoding="utf-8")
    export = root / "data" / "raw" / "export.csv"
    frame = pd.read_csv(export)
    frame["contact"] = np.random.default_rng(2).choice(["No", "Yes"], len(frame))
    frame.to_csv(export, index=False)
    study = load_study(root)
    design, p = analysis_design(study), study.presentation()
    likert = FIGURES["likert"].compute(study, design, Spec("f", "likert", ("contact",)))
    fig = FIGURES["likert"].draw(likert, p)
    drawn = {patch.get_gid().split("|")[-1]: patch.get_facecolor() for patch in fig.axes[0].patches
             if str(patch.get_gid()).startswith("likert|contact")}
    explorer = TABLES["explorer"].compute(study, design, Spec("explorer", "explorer", ("contact", "help")))
    data = explorer_data(explorer, dict(explorer.frames), p)
    [question] = [q for q in data["q"] if q["id"] == "contact"]
    from matplotlib.colors import to_rgba

    assert [to_rgba(c) for c in question["colours"]] == [drawn["No"], drawn["Yes"]]
    assert question["kind"] == "single" and not question["mean"]   # still a single choice: no mean of its codes


def test_the_footer_of_a_wave_that_did_not_ask_the_question_gives_no_n(tmp_path):
    root = write_three_wave_study(tmp_path, n=150)
    codebook = root / "config" / "codebook.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8").replace(', "c": {column: welcome}', ""), encoding="utf-8")
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "  - {id: explore, kind: explorer, items: [help, welcome]}\n",
                      encoding="utf-8")
    build(root, jobs=1, formats=("svg",))
    page = root / "reports" / "explorer.html"
    with Browser() as browser, browser.tab(page, PHONE) as tab:
        def footer(question: int, wave: int) -> str:
            return tab.eval(f"(() => {{ const q = document.getElementById('q'), w = document.getElementById('w'); "
                            f"q.value = '{question}'; w.value = '{wave}'; q.dispatchEvent(new Event('change')); "
                            "return document.getElementById('footer').textContent; })()")
        questions = tab.eval("[...document.getElementById('q').options].map(o => o.textContent)")
        welcome = questions.index("I feel welcome")
        shown_n = "document.querySelector('#view tbody td[data-key=n]').textContent"   # the n of the answers shown
        said = footer(1 - welcome, 2)                                                   # help: asked in round C
        assert said == f"Source: Round survey · Round C · n = {tab.eval(shown_n)}" and tab.eval(shown_n) != "0"
        said = footer(welcome, 1)
        assert said == f"Source: Round survey · Round B · n = {tab.eval(shown_n)}" and tab.eval(shown_n) != "0"
        said = footer(welcome, 2)
        assert said.startswith("Source: Round survey · Round C · Not asked") and "n = " not in said
