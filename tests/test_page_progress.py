"""The build's progress tells the truth about drawing: a rebuild of unchanged inputs announces
no drawing (it says it checked the figures and kept them), and a rebuild that redraws one
figure announces that one, not all of them."""

from __future__ import annotations

from surveykit.report import build
from tests.test_report_studies import write_one_wave_study


def _build(root) -> list[str]:
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1)
    return messages


def test_progress_announces_only_the_figures_it_draws(tmp_path):
    root = write_one_wave_study(tmp_path)
    first = _build(root)
    assert "drawing 3 figures" in first
    assert sum(m.endswith(" drawn") for m in first) == 3

    again = _build(root)   # nothing changed: nothing drawn, and nothing announced as drawn
    assert not [m for m in again if m.startswith("drawing") or m.endswith(" drawn") or m.startswith("waiting")]
    assert "checking 3 figures: all unchanged since the last build, kept" in again
    assert sum(m.endswith("unchanged, kept") for m in again) == 3

    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("title: {en: Means}", "title: {en: Averages}"),
                      encoding="utf-8")
    changed = _build(root)   # one figure's title: that one is drawn, the other two kept
    assert "drawing 1 figure; 2 unchanged since the last build, kept" in changed
    assert [m for m in changed if m.endswith(" drawn")] == ["[2/4] figure means (means) drawn"]
