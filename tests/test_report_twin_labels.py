"""Two items of one report entry with the same label are refused at validate: rows of tables are
made and matched by label, so the British Election Study's "pidWeThey" and "pidWeTheyb" (both
"Do you think of yourself as ...") became one row of the page, or crashed the build
(sarahcgallLtd/scgUtils inst/extdata/survey.sav drafted as it was)."""

from __future__ import annotations

import pytest

from surveykit.cli import main
from surveykit.errors import ConfigError
from surveykit.report.build import build
from tests.study_fixture import CODEBOOK_YAML, write_mini_study

TWINS = CODEBOOK_YAML.replace("  - name: knows\n    type: likert\n    scale: agree3\n",
                              "  - name: knows\n    type: likert\n    scale: agree3\n"
                              "    label: {nb: Lett å få hjelp, en: Easy to get help}\n")
REPORT = "tables:\n  - {id: agree, kind: topbox, items: [help, knows], by: [wave]}\n"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)


def test_items_sharing_a_label_are_refused_naming_both(tmp_path):
    assert TWINS != CODEBOOK_YAML
    root = write_mini_study(tmp_path, **{"config/codebook.yaml": TWINS, "config/report.yaml": REPORT})
    with pytest.raises(ConfigError, match=r"\('agree'\): the items 'help' and 'knows' have the same label "
                                          r"'Lett å få hjelp' .*\(nb\).*own `label:`"):
        build(root, jobs=1)
    with pytest.raises(ConfigError, match="'help' and 'knows' have the same label 'Easy to get help'"):
        build(root, jobs=1, language="en")


def test_validate_says_it_without_a_traceback(tmp_path, capsys):
    root = write_mini_study(tmp_path, **{"config/codebook.yaml": TWINS, "config/report.yaml": REPORT})
    assert main(["validate", "--study", str(root)]) != 0
    err = capsys.readouterr().err
    assert "have the same label" in err and "Traceback" not in err


def test_distinct_labels_build(tmp_path):
    distinct = TWINS.replace("label: {nb: Lett å få hjelp, en: Easy to get help}\n    sources: {\"2\"",
                             "label: {nb: Kjenner tilbudet, en: Knows the services}\n    sources: {\"2\"")
    assert distinct != TWINS
    root = write_mini_study(tmp_path, **{"config/codebook.yaml": distinct, "config/report.yaml": REPORT})
    out = build(root, jobs=1)
    assert out["tables"]
