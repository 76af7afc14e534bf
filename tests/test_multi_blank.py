"""What no option chosen means in a multi-select (`blank:` of a multi variable): by default a
respondent whose row holds nothing did not answer (the shares are of those who chose at least
one); `blank: none` counts them as choosing none (the shares are of everyone who got the
question). The draft says which of the two an export leaves open, with a REVIEW note."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from surveykit.clean.coding import code_multi
from surveykit.config.codebook import Variable
from surveykit.errors import ConfigError
from surveykit.study import load_study
from tests.study_fixture import CODEBOOK_YAML, write_mini_study

OPTIONS = {"books": {"en": "Books"}, "films": {"en": "Films"}}


def test_a_row_with_nothing_chosen_is_missing_by_default_and_none_with_blank_none():
    columns = pd.DataFrame({"books": ["Books", None, ""], "films": ["Films", "Films", None]}, index=[2, 3, 4])
    joined = pd.Series(["Books, Films", "Films", None], index=[2, 3, 4])
    for blank, last in (("missing", pd.NA), ("none", False)):
        var = Variable("use", "multi", {"en": "Use"}, {}, options=OPTIONS, blank=blank)
        for raw, sep in ((columns, None), (joined, ",")):
            cols, fails = code_multi(raw, var, "en", sep)
            assert fails == []
            assert cols["use__books"].tolist() == [True, False, last]
            assert cols["use__films"].tolist() == [True, True, last]


def _study(tmp_path, extra: str):
    codebook = CODEBOOK_YAML.replace("    options: {nav: {nb: NAV}, tax: {nb: Skatt}}\n",
                                     f"    options: {{nav: {{nb: NAV}}, tax: {{nb: Skatt}}}}\n{extra}")
    return load_study(write_mini_study(tmp_path, **{"config/codebook.yaml": codebook}))


def test_the_base_of_a_multi_select_follows_blank(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    missing = _study(tmp_path / "a", "").responses
    none = _study(tmp_path / "b", "    blank: none\n").responses
    assert len(missing) == len(none)
    # everyone of a wave holding the question is in the base with `blank: none` ...
    assert none["aware__nav"].notna().sum() == len(none)
    # ... and only those who chose an option without it; who chose what is the same
    chose = missing["aware__nav"].notna()
    assert 0 < chose.sum() < len(missing)
    assert none.loc[chose, "aware__nav"].tolist() == missing.loc[chose, "aware__nav"].tolist()
    assert not none.loc[~chose, ["aware__nav", "aware__tax"]].any().any()


@pytest.mark.parametrize(("extra", "match"), [
    ("    blank: nothing\n", r"`variables.aware.blank`: 'nothing' is not one of missing, none"),
])
def test_a_bad_blank_value_is_refused(tmp_path, monkeypatch, extra, match):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    with pytest.raises(ConfigError, match=match):
        _study(tmp_path, extra)


def test_blank_on_another_type_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    codebook = CODEBOOK_YAML.replace("    scale: agree3\n    label: {nb: Lett å få hjelp, en: Easy to get help}\n",
                                     "    scale: agree3\n    blank: none\n    label: {nb: Lett å få hjelp, en: Easy to get help}\n")
    with pytest.raises(ConfigError, match=r"`blank` says what no option chosen means in a multi-select; 'help' is"):
        load_study(write_mini_study(tmp_path, **{"config/codebook.yaml": codebook}))


@pytest.mark.parametrize(("books", "films", "review"), [
    (["Books", "", "Books", ""], ["", "Films", "Films", ""], True),      # an option's text or nothing
    ([1, 0, 1, 0], [0, 1, 1, 0], False),                                  # 0 for an option not chosen
    (["Selected", "Not selected", "Selected", "Not selected"], ["Not selected", "Selected", "Selected", ""], False),
])
def test_the_draft_says_when_an_export_cannot_tell_none_from_no_answer(tmp_path, books, films, review):
    export = tmp_path / "use.csv"
    pd.DataFrame({"ID": ["a", "b", "c", "d"], "Which do you use? - Books": books,
                  "Which do you use? - Films": films}).to_csv(export, index=False)
    out = tmp_path / "codebook.yaml"
    done = subprocess.run([sys.executable, "-m", "surveykit", "-q", "codebook", "draft", str(export), "-o", str(out)],
                          capture_output=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "type: multi" in text
    assert ("# REVIEW: a respondent who chose no option counts as not answering" in text) is review
    assert ("add `blank: none`" in text) is review
