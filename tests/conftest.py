"""Test-suite settings shared by every test module.

Property-based tests (hypothesis) run *derandomized* by default: the same examples on every
machine and every run, so a green suite stays green on a fresh clone (a random search that
happened to find a new case would make CI fail on an unrelated change). To search for new
failing cases, run with ``SURVEYKIT_HYPOTHESIS=explore`` (random examples, different on each
run) and add what it finds as an explicit test.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", database=None, print_blob=True)
settings.load_profile("explore" if os.environ.get("SURVEYKIT_HYPOTHESIS") == "explore" else "repeatable")
