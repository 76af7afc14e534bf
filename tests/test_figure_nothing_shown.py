"""A figure whose every number is suppressed (a change by gender of a study with about 20
respondents a wave: each group under privacy.min_cell) was drawn without data, a meaningless
axis and a legend, and the build said nothing. Now the build warns, naming the figure, its
grouping and min_cell; a figure with a number to show gets no warning."""

from __future__ import annotations

import warnings

from surveykit.errors import SurveykitWarning
from surveykit.report import build
from tests.test_report_studies import write_three_wave_study

REPORT = """\
figures:
  - {id: change_small, kind: change, items: [help], by: [gender], title: Change}
  - {id: means_all, kind: means, items: [help], by: [wave], title: Means}
tables: []
"""


def test_a_figure_with_every_number_suppressed_is_warned_about(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_three_wave_study(tmp_path / "s", n=12)   # 12 a wave: every gender under min_cell
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build(root, jobs=1, formats=("png",))
    said = [str(w.message) for w in caught if issubclass(w.category, SurveykitWarning)
            and "has no number to show" in str(w.message)]
    assert len(said) == 1, said
    assert "figure 'change_small'" in said[0] and "by ['gender']" in said[0] and "fewer than 5 answers" in said[0]   # its min_cell: 5
    assert (root / "reports" / "figures" / "change_small.png").exists()
