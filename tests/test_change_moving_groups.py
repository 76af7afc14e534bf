"""A change grouped by a site attribute that changed between the waves compared (a site moved
into a shared building) compares other sites at the two ends of a group's row: a tester's
"Fælles lokaler +0,37, p = 0,015" was 2 sites in wave 1 and 4 in wave 3. validate and build now
warn, naming the sites; a grouping fixed over the waves (a path) gets no warning."""

from __future__ import annotations

import warnings

from surveykit import cli
from surveykit.errors import SurveykitWarning
from tests.test_report_studies import write_three_wave_study

REPORT = """\
figures:
  - {id: by_building, kind: change, items: [help], by: [building], title: Change}
  - {id: by_history, kind: change, items: [help], by: [history], title: Change}
  - {id: by_gender, kind: change, items: [help], by: [gender], title: Change}
tables:
  - {id: tab_building, kind: change, items: [help], by: [building]}
"""


def test_a_change_by_a_group_that_sites_moved_between_is_warned_about(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_three_wave_study(tmp_path / "s", n=150)
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    assert cli.main(["validate", "--no-write", "--study", str(root)]) == 0
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "changed group between" in line]
    assert len(said) == 2, err   # the figure and the table by building; none by history
    assert all("by 'building': Mill street changed group between waves a and c" in line for line in said), said
    assert not any("by_history" in line for line in said)
    # a respondent's attribute is no group a site moves between: every site has men and women
    # in both waves ("North hall, South corner, Mill street changed group" was said by 'gender')
    assert not any("by_gender" in line or "'gender'" in line for line in said)


def test_no_warning_for_a_path_grouping(tmp_path, monkeypatch):
    from surveykit.report.figures.change import check_change
    from surveykit.report.spec import load_recipe
    from surveykit.study import load_study

    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_three_wave_study(tmp_path / "s", n=150)
    (root / "config" / "report.yaml").write_text(REPORT, encoding="utf-8")
    study = load_study(root)
    recipe = load_recipe(root / "config" / "report.yaml", known_variables=set(study.codebook.names()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_change(recipe.figures[1], study)
    assert not [w for w in caught if issubclass(w.category, SurveykitWarning)]
