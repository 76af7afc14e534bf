"""A wave named by a year or a date (`label: 2021`, `label: 2023-01-20`, as a study whose rounds
are years writes it) was refused with "`waves[0].label` must be text or a mapping (key: value),
got 2021.": the reader was not told that YAML reads the unquoted year as a number, nor what to
write. The message now says both. The study is tests/foreign_study.py's."""

from __future__ import annotations

import pytest

from surveykit.errors import ConfigError
from surveykit.study import load_study
from tests.foreign_study import write_foreign_study


@pytest.mark.parametrize(("written", "said"), [
    ("2021", "YAML reads 2021 unquoted as a number: write the text in quotes, label: '2021'."),
    ("2021-11-15", "YAML reads 2021-11-15 unquoted as a date: write the text in quotes, label: '2021-11-15'."),
])
def test_a_wave_label_read_as_a_number_or_date_says_to_quote_it(tmp_path, monkeypatch, written, said):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = write_foreign_study(tmp_path, "en")
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("label: '2021'", f"label: {written}"),
                      encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_study(root)
    message = str(caught.value)
    assert "`waves[0].label` must be text or a mapping (key: value)" in message and message.endswith(said), message


def test_a_quoted_year_is_a_wave_label(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    study = load_study(write_foreign_study(tmp_path, "en"))
    assert [w.label for w in study.config.waves] == [{"*": "2021"}, {"*": "2023-01"}]
