"""The repository's own (synthetic) study, loaded once per test run for the modules that only
read it (loading cleans both waves: about a second each time)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import surveykit as sk
from surveykit.study import Study

ROOT = Path(__file__).resolve().parents[1]


# a pseudonymisation key of the tests' own: loading must not write the study's key file
# (.surveykit-key) into the checkout, which may be read-only
TEST_KEY = "surveykit-tests-key-0123456789abcdef"


@functools.cache
def repo_study() -> Study:
    """``sk.load_study`` of the repository root; read it, never change it in place."""
    before = os.environ.get("SURVEYKIT_KEY")
    os.environ["SURVEYKIT_KEY"] = before or TEST_KEY
    try:
        return sk.load_study(ROOT)
    finally:
        if before is None:
            del os.environ["SURVEYKIT_KEY"]
