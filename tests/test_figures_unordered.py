"""A figure that reads an order into the answers refuses a question on an unordered scale.

`kind: likert` drew gender (`ordered: false`) as a diverging scale, "Woman" on the negative
side as if gender had a disagree pole; the kinds that score answers by their codes (means,
change, did, heatmap, adjusted, a table of means) took the mean of gender's codes. Both are
refused at validate, naming the entry, the item and the scale, and pointing to a table of
shares; the `shares` table and a `kind: table` of shares still take the unordered question.
"""

from __future__ import annotations

import pytest

from surveykit.errors import ConfigError
from surveykit.report.build import check_recipe
from surveykit.report.spec import load_recipe
from surveykit.study import load_study
from tests.test_report_studies import write_one_wave_study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    root = write_one_wave_study(tmp_path_factory.mktemp("unordered"))
    return root, load_study(root)


def _check(study, entries: str):
    root, loaded = study
    report = root / "config" / "report.yaml"
    report.write_text(entries, encoding="utf-8")
    recipe = load_recipe(report, known_variables=set(loaded.codebook.names()))
    check_recipe(recipe, loaded)


@pytest.mark.parametrize("entry", [
    "{id: g, kind: likert, items: [help, gender]}",
    "{id: g, kind: likert, items: [gender], options: {diverging: false}}",
    "{id: g, kind: means, items: [gender]}",
    "{id: g, kind: heatmap, items: [gender]}",
])
def test_a_figure_refuses_an_unordered_question_naming_it_and_what_to_use(study, entry):
    with pytest.raises(ConfigError) as caught:
        _check(study, f"figures:\n  - {entry}\n")
    message = str(caught.value)
    assert "`figures[0]` ('g')" in message
    assert "item 'gender' is on the unordered scale 'gender'" in message
    assert "`kind: shares`" in message and "`ordered: false`" in message


def test_a_table_of_means_refuses_it_and_tables_of_shares_take_it(study):
    with pytest.raises(ConfigError, match="item 'gender' is on the unordered scale"):
        _check(study, "tables:\n  - {id: t, kind: means, items: [gender]}\n")
    _check(study, "tables:\n  - {id: s, kind: shares, items: [gender, help]}\n"
                  "  - {id: t, kind: table, items: [gender]}\n"
                  "figures:\n  - {id: f, kind: likert, items: [help], by: [gender]}\n")
