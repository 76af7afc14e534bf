"""``SOURCE_DATE_EPOCH``: the date a report is dated by, checked before anything else reads it.

numpy (its f2py part) reads the variable while it is imported and fails on a value that is
not a number, so the command checks it first of all (:func:`check_source_date_epoch`), and
:func:`surveykit.report.html.report_date` reads it with the same rule.

Example:
    >>> source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"})
    1700000000
    >>> source_date_epoch({"SOURCE_DATE_EPOCH": "abc"})
    Traceback (most recent call last):
    surveykit.errors.ConfigError: the environment variable SOURCE_DATE_EPOCH='abc' is not a whole number of seconds since 1970-01-01 UTC. Set it to e.g. $(git log -1 --format=%ct) (a date no later than tomorrow), or unset it to date the report by its inputs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from surveykit.errors import ConfigError

__all__ = ["source_date_epoch"]

NAME = "SOURCE_DATE_EPOCH"
_SLACK = 86_400   # a clock a day ahead of this machine's is still believed


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """The seconds since 1970 of ``SOURCE_DATE_EPOCH`` (None when unset or empty); a
    :class:`ConfigError` naming the variable and its value when it is not a whole number of
    seconds, or lies in the future (more than a day ahead of this machine's clock)."""
    env = os.environ if environ is None else environ
    raw = env.get(NAME)
    text = str(raw or "").strip()
    if not text:
        return None
    shown = repr(text) if len(text) <= 40 else f"{text[:40]!r}… ({len(text):,} characters)"
    fix = ("Set it to e.g. $(git log -1 --format=%ct) (a date no later than tomorrow), or unset it to date the "
           "report by its inputs.")
    if not (text.isascii() and text.isdigit()):
        raise ConfigError(f"the environment variable {NAME}={shown} is not a whole number of seconds since "
                          f"1970-01-01 UTC. {fix}")
    seconds = int(text)
    if seconds > time.time() + _SLACK:
        raise ConfigError(f"the environment variable {NAME}={shown} is in the future (after "
                          f"{time.strftime('%Y-%m-%d', time.gmtime(time.time() + _SLACK))}). {fix}")
    return seconds
