"""The repository's own (synthetic) study, loaded once per test run for the modules that only
read it (loading cleans both waves: about a second each time)."""

from __future__ import annotations

import functools
from pathlib import Path

import surveykit as sk
from surveykit.study import Study

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def repo_study() -> Study:
    """``sk.load_study`` of the repository root; read it, never change it in place."""
    return sk.load_study(ROOT)
