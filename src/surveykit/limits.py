"""Bounds on what surveykit reads, so that a small hostile or broken input cannot eat the machine.

Every limit has a default that is far above what a real study needs, and can be raised per
study (``limits:`` in surveykit.yaml) or per run (the environment variable
``SURVEYKIT_LIMIT_<NAME>``, e.g. ``SURVEYKIT_LIMIT_FILE_BYTES=8G``; it wins over the study's
setting). A limit that is hit raises :class:`~surveykit.errors.LimitError` naming the limit,
the size found and both ways to raise it.

========================  ============  =====================================================
name                      default       what it bounds
========================  ============  =====================================================
``file_bytes``            4 GiB         an export file (and an .xlsx's unpacked parts)
``line_bytes``            64 MiB        one line of a text export
``cell_chars``            1,000,000     one cell of an export (characters)
``columns``               20,000        columns of an export
``cells``                 2,000,000,000 rows x columns of an export
``config_bytes``          4 MiB         a configuration file (YAML or CSV)
``yaml_nodes``            1,000,000     values of a YAML file once its aliases are expanded
========================  ============  =====================================================

Example:
    >>> current().cell_chars
    1000000
    >>> with using({"cell_chars": 50}):
    ...     current().cell_chars
    50
    >>> parse_size("8G"), parse_size("64 MiB"), parse_size(1000)
    (8589934592, 67108864, 1000)
"""

from __future__ import annotations

import contextvars
import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from surveykit.errors import ConfigError, LimitError

__all__ = ["LimitError", "Limits", "check", "current", "describe", "parse_size", "using"]

_GiB, _MiB = 1 << 30, 1 << 20


@dataclass(frozen=True)
class Limits:
    """The bounds in force (see the module docstring)."""

    file_bytes: int = 4 * _GiB
    line_bytes: int = 64 * _MiB
    cell_chars: int = 1_000_000
    columns: int = 20_000
    cells: int = 2_000_000_000
    config_bytes: int = 4 * _MiB
    yaml_nodes: int = 1_000_000


NAMES = tuple(f.name for f in dataclasses.fields(Limits))
_DEFAULT = Limits()
_ACTIVE: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("surveykit_limits", default=None)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)


def parse_size(value: Any, where: str = "limit") -> int:
    """A whole number, or a size such as ``"64M"``, ``"8 GiB"`` (powers of 1024)."""
    if isinstance(value, bool):
        raise ConfigError(f"{where}: must be a number (like 1000000 or \"64M\"), got {value!r}.")
    if isinstance(value, int):
        number = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ConfigError(f"{where}: must be a number (like 1000000 or \"64M\"), got {str(value)[:40]!r}.")
        unit = {"": 1, "k": 1 << 10, "m": _MiB, "g": _GiB, "t": 1 << 40}[match.group(2).lower()]
        number = int(float(match.group(1)) * unit)
    if number < 1:
        raise ConfigError(f"{where}: must be 1 or more, got {value!r}.")
    return number


def _from_env(base: Limits) -> Limits:
    changes = {}
    for name in NAMES:
        env = os.environ.get(f"SURVEYKIT_LIMIT_{name.upper()}")
        if env:
            changes[name] = parse_size(env, f"environment variable SURVEYKIT_LIMIT_{name.upper()}")
    return dataclasses.replace(base, **changes) if changes else base


def current() -> Limits:
    """The limits in force: the study's (inside :func:`using`), overridden by the environment."""
    return _from_env(_ACTIVE.get() or _DEFAULT)


def from_mapping(values: Mapping[str, Any], where: str = "limits") -> Limits:
    """Limits from a ``limits:`` mapping (unknown names are an error)."""
    unknown = sorted(str(k) for k in values if k not in NAMES)
    if unknown:
        raise ConfigError(f"{where}: unknown limit(s) {', '.join(map(repr, unknown))}. Allowed: {', '.join(NAMES)}.")
    return Limits(**{k: parse_size(v, f"{where}.{k}") for k, v in values.items() if v is not None})


@contextmanager
def using(limits: Limits | Mapping[str, Any]) -> Iterator[Limits]:
    """Put ``limits`` in force for the code inside the block (this thread and context only)."""
    if not isinstance(limits, Limits):
        limits = from_mapping(limits)
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)


def describe(size: int) -> str:
    """A size for messages: ``'4.0 GiB'``, ``'12.5 MiB'``, ``'512 bytes'``."""
    for unit, factor in (("GiB", _GiB), ("MiB", _MiB), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


def check(name: str, found: int | None, where: str, what: str, *, unit: str = "bytes") -> None:
    """Raise :class:`LimitError` when ``found`` exceeds the limit ``name`` (``None``: it is known
    to exceed it, by how much is not).

    Example:
        >>> with using({"columns": 3}):
        ...     check("columns", 5, "w.csv", "the header", unit="columns")
        Traceback (most recent call last):
        surveykit.errors.LimitError: w.csv: the header has 5 columns, over the limit of 3 (`limits.columns`). If the file is genuine, raise the limit: `limits: {columns: 6}` in surveykit.yaml, or the environment variable SURVEYKIT_LIMIT_COLUMNS=6.
    """
    limit = getattr(current(), name)
    if found is not None and found <= limit:
        return
    size = describe if unit == "bytes" else (lambda n: f"{n:,} {unit}")
    if found is None:
        over = f"has more than {size(limit)}, the limit `limits.{name}`"
    else:
        over = f"has {size(found)}, over the limit of {describe(limit) if unit == 'bytes' else f'{limit:,}'} " \
               f"(`limits.{name}`)"
    suggest = max(limit * 2, (found or 0) + 1)
    raise LimitError(
        f"{where}: {what} {over}. If the file is genuine, raise the limit: `limits: {{{name}: {suggest}}}` in "
        f"surveykit.yaml, or the environment variable SURVEYKIT_LIMIT_{name.upper()}={suggest}."
    )
