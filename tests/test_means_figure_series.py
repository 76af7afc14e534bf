"""A means figure of more groups than a reader can tell apart (30 sites as 30 dots of one row,
30 legend entries in 8 colours × 4 markers) is refused at validate, naming the count and what
shows so many groups (a table, a heatmap); a means table of the same groups is fine."""

from __future__ import annotations

from surveykit import cli
from tests.test_report_studies import write_three_wave_study

FIGURE = """\
figures:
  - {id: crowded, kind: means, items: [help], by: [gender, site, wave], title: Means}
tables: []
"""
TABLE = """\
figures: []
tables:
  - {id: crowded, kind: means, items: [help], by: [gender, site, wave]}
"""


def test_a_means_figure_of_too_many_groups_is_refused_and_a_table_is_not(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_three_wave_study(tmp_path / "s", n=150)
    (root / "config" / "report.yaml").write_text(FIGURE, encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "18 groups of `by: ['gender', 'site', 'wave']` are too many to tell apart in a means figure (at most 16" in err
    assert "kind: heatmap" in err
    # a heatmap takes two `by` columns (rows, panels): it is not offered the figure's three
    assert "`kind: heatmap`, which takes two `by` columns, its rows and its panels, e.g. `by: ['gender', 'wave']`" in err
    (root / "config" / "report.yaml").write_text(TABLE, encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 0
