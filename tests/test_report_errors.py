"""An estimation that fails while a report entry is computed is said in terms of the recipe:
the file and the entry, the estimator's own detail (which group, which wave), and what to
change in config/report.yaml, never the Python API's advice (``design.subset()``)."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.cli import main
from surveykit.errors import ConfigError
from surveykit.report import build
from tests.test_report_studies import write_three_wave_study


@pytest.fixture
def one_site_left_in_c(tmp_path):
    """The three-wave study without answers from the site 'Mill street' ('m') in its last wave."""
    root = write_three_wave_study(tmp_path)
    export = root / "data" / "raw" / "c.csv"
    frame = pd.read_csv(export)
    frame[frame["site"] != "Mill street"].to_csv(export, index=False)
    return root


def _failure(root, entry: str, name: str) -> str:
    """The message of a build whose recipe has a means figure and then ``entry`` (named ``name``)."""
    (root / "config" / "report.yaml").write_text(f"figures:\n  - {{id: x0, kind: means, items: [help]}}\n"
                                                 f"  - {entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build(root, jobs=1)
    message = str(caught.value)
    assert message.startswith(f"{root / 'config' / 'report.yaml'}: `figures[1]` ({name!r}): ")
    return message


def test_a_did_with_a_group_without_answers_in_a_wave_names_the_entry_and_the_option(one_site_left_in_c, capsys):
    root = one_site_left_in_c
    message = _failure(root, "{id: d1, kind: did, items: [help], options: {group: site, groups: [n, m]}}", "d1")
    assert "the domain ['wave', 'site'] == ('c', 'm') is empty" in message        # the estimator's detail
    assert "choose in `options.groups` two values of 'site' that have answers in both" in message
    assert "subset()" not in message and "did:" not in message
    assert main(["build", "--study", str(root), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "`figures[1]` ('d1')" in err and "Traceback" not in err


def test_a_change_by_a_group_without_answers_in_a_wave_names_the_entry_and_by(one_site_left_in_c):
    root = one_site_left_in_c
    message = _failure(root, "{id: c1, kind: change, items: [help], by: [site]}", "c1")
    assert "needs a domain that is empty in site == 'm'" in message
    assert "Every group of `by: ['site']` needs answers in the first and the last wave" in message
    assert "design.subset()" not in message and "choose other levels" not in message
