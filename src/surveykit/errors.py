"""The errors surveykit raises for user mistakes.

Every user-facing problem (bad config, unreadable file, unknown label, missing column,
inconsistent margins) raises a :class:`SurveykitError` subclass whose message says *what*,
*where* (file, sheet, row, column), *got vs expected* and *the fix*. The CLI prints the
message without a traceback and exits non-zero.

Example:
    >>> raise ConfigError("config/codebook.yaml: variable 'help': unknown scale 'agree7'. "
    ...                   "Define it under `scales:` or use one of: agree5, satisfied5.")
    Traceback (most recent call last):
    surveykit.errors.ConfigError: config/codebook.yaml: variable 'help': unknown scale 'agree7'. Define it under `scales:` or use one of: agree5, satisfied5.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is loaded by the modules that raise these, not by the import
    import pandas as pd

__all__ = [
    "ConfigError",
    "ConvergenceWarning",
    "DataError",
    "DesignError",
    "LimitError",
    "LockError",
    "OutputError",
    "ReadError",
    "SurveykitError",
    "SurveykitWarning",
    "ValidationError",
    "clipped",
    "quoted",
]

FAILURE_COLUMNS = ["file", "row", "column", "check", "value", "expected"]


class SurveykitError(Exception):
    """Base class of all user-facing errors: the message is meant for the user.

    ``advice`` is the fix in terms of the Python API (``design.subset()``), kept apart from
    the ``detail`` (what is wrong): the message is both, and a caller that speaks in other
    terms (the report build: config/report.yaml) gives the detail with its own advice.

    Example:
        >>> e = DataError("f: the domain is empty.", advice="Use design.subset().")
        >>> str(e), e.detail
        ('f: the domain is empty. Use design.subset().', 'f: the domain is empty.')
    """

    exit_code = 2

    def __init__(self, message: str = "", *args: object, advice: str = "") -> None:
        super().__init__(f"{message} {advice}" if advice else message, *args)
        self.detail = message
        self.advice = advice


class SurveykitWarning(UserWarning):
    """Base class of surveykit's warnings: the analysis went on, and the message says what it
    did on the user's behalf (e.g. "Vet ikke" left out of a score) and how to do it explicitly."""


class ConvergenceWarning(SurveykitWarning):
    """A model fit did not converge, or its data are separated (fitted probabilities 0 or 1):
    its coefficients and standard errors are where the algorithm stopped, not estimates."""


class ConfigError(SurveykitError, ValueError):
    """A study configuration file is missing, malformed or inconsistent."""


class ReadError(SurveykitError, ValueError):
    """An export cannot be read: missing, corrupt, unknown format, bad encoding."""


class DataError(SurveykitError, ValueError):
    """The data contradict the configuration (unknown label, missing column, ...)."""


class DesignError(SurveykitError, ValueError):
    """A survey design or a weighting step cannot be built as asked."""


class LimitError(ReadError):
    """An input is larger than a configured limit (``limits:`` in surveykit.yaml)."""


class OutputError(SurveykitError):
    """An output would land outside the study's output folders, or cannot be written there."""


class LockError(SurveykitError, RuntimeError):
    """Another build of the same study is running."""


class ValidationError(DataError):
    """Several validation failures of one file, collected and raised once.

    ``failures`` is a DataFrame with columns ``file, row, column, check, value, expected``
    (one row per failing cell); the message summarises them per column and check.
    """

    def __init__(self, message: str, failures: pd.DataFrame):
        super().__init__(message)
        self.failures = failures


CLIP = 80   # characters of a long value a message quotes


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def clipped(text: str, width: int = CLIP) -> str:
    """A text for a message, cut to its first ``width`` characters when longer, with its length.

    Example:
        >>> clipped("x" * 5000, 5)
        'xxxxx… (5 000 characters)'
    """
    return text if len(text) <= width + 20 else f"{text[:width]}… ({_count(len(text))} characters)"


def quoted(value: object, width: int = CLIP) -> str:
    """``repr(value)`` for a message; a long text cut to its first ``width`` characters, with its
    length (a 5,000-character cell is not printed whole).

    Example:
        >>> quoted("Enig"), quoted("y" * 5000, 5)
        ("'Enig'", "'yyyyy'… (5 000 characters)")
    """
    if isinstance(value, str) and len(value) > width + 20:
        return f"{value[:width]!r}… ({_count(len(value))} characters)"
    return repr(value)


def summarise_failures(failures: pd.DataFrame, *, limit: int = 5) -> str:
    """One line per (file, column, check): the values with their counts and first rows.

    Example:
        >>> import pandas as pd
        >>> f = pd.DataFrame({"file": ["w.xlsx"], "row": [3], "column": ["q1"],
        ...                   "check": ["unknown_label"], "value": ["Enig?"], "expected": ["a label of agree5"]})
        >>> print(summarise_failures(f))
        w.xlsx, column "q1": unknown_label: 'Enig?' ×1 (row 3); expected a label of agree5
    """
    lines = []
    keys = ["file", "column", "check"]
    for (file, column, check), grp in failures.groupby(keys, sort=False, dropna=False):
        expected = grp["expected"].iloc[0]
        if (grp["row"] == 0).all():  # a file-level problem (e.g. a missing column): no cells to count
            values = list(dict.fromkeys(str(v) for v in grp["value"]))
            detail = "; ".join(values[:limit]) + (f" and {len(values) - limit} more" if len(values) > limit else "")
            lines.append(f'{file}, column "{clipped(str(column))}": {check}: {clipped(detail, 400)}; expected {expected}')
            continue
        counts = grp.groupby("value", sort=False, dropna=False)["row"].agg(["size", "min"])
        counts = counts.sort_values("size", ascending=False)
        shown = [
            f"{quoted(value)} ×{int(row['size'])} (row {int(row['min'])})"
            for value, row in counts.head(limit).iterrows()
        ]
        more = f" and {len(counts) - limit} more values" if len(counts) > limit else ""
        lines.append(
            f'{file}, column "{clipped(str(column))}": {check}: {", ".join(shown)}{more}; expected {expected}'
        )
    return "\n".join(lines)
