"""A study shown in Jupyter (its repr) is a short summary, not its data frames: before, the
dataclass's repr printed the whole responses and rejects frames and the quality dict."""

from __future__ import annotations

import pytest

from surveykit.study import load_study
from tests.study_fixture import write_mini_study


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 24)


def test_a_study_shows_itself_in_a_few_lines(tmp_path):
    root = write_mini_study(tmp_path / "s")
    study = load_study(root)
    shown = repr(study)
    lines = shown.splitlines()
    assert len(lines) == 6 and len(shown) < 600, shown
    counts = study.responses["wave"].astype(str).value_counts()
    waves = ", ".join(f"{w.id} ({counts[str(w.id)]} responses)" for w in study.config.waves)
    assert lines[1] == f"  waves: {waves}; {len(study.rejects)} rejected"
    assert lines[2].startswith(f"  variables: {len(study.codebook.variables)} ")
    assert lines[4].startswith(f"  weighting: {study.config.weighting.method}")
    assert "DataFrame" not in shown and "respondent" not in shown
