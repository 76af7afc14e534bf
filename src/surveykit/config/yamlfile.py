"""Reading YAML config files with messages that name the file, the key and the fix.

Example:
    >>> node = Node({"a": 1}, "surveykit.yaml")
    >>> node.get("a", int)
    1
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from surveykit.errors import ConfigError

__all__ = ["Node", "read_yaml"]

_MISSING = object()


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error names the file, line and column."""
    if not path.is_file():
        raise ConfigError(f"{path}: file not found. Create it (see docs/config.md) or run `surveykit init`.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}). Save it as UTF-8.") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}{where}: YAML syntax error: {problem}. Check indentation and quotes there.") from None


class Node:
    """A mapping from a config file, with the key path for messages."""

    def __init__(self, value: Any, file: str | Path, path: str = ""):
        self.file = str(file)
        self.path = path
        if not isinstance(value, dict):
            raise ConfigError(f"{self.file}: {path or 'the file'} must be a mapping (key: value), got {type(value).__name__}.")
        self.value = value

    def where(self, key: str | None = None) -> str:
        full = ".".join(p for p in (self.path, key) if p)
        return f"{self.file}: `{full}`" if full else self.file

    def get(self, key: str, kind: type | tuple[type, ...] = object, default: Any = _MISSING) -> Any:
        """The value at ``key``, checked against ``kind``; required unless a default is given."""
        if key not in self.value or self.value[key] is None:
            if default is _MISSING:
                raise ConfigError(f"{self.where(key)} is required but missing. Add it (see docs/config.md).")
            return default
        value = self.value[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise ConfigError(f"{self.where(key)} must be {names}, got {value!r}.")
        return value

    def child(self, key: str, default: Any = _MISSING) -> Node:
        value = self.get(key, dict, default)
        return Node(value, self.file, ".".join(p for p in (self.path, key) if p))

    def check_keys(self, allowed: set[str]) -> None:
        """Reject unknown keys (typos) with the list of allowed ones."""
        unknown = sorted(set(self.value) - allowed)
        if unknown:
            raise ConfigError(
                f"{self.where()}: unknown key(s) {', '.join(map(repr, unknown))}. "
                f"Allowed: {', '.join(sorted(allowed))}."
            )


def text_map(value: Any, where: str) -> dict[str, str]:
    """A label: either a plain string (used for every language) or {language: text}."""
    if isinstance(value, str):
        return {"*": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise ConfigError(f"{where}: a label must be text or a mapping like {{nb: ..., en: ...}}, got {value!r}.")


def pick_text(texts: dict[str, str], language: str, fallback: str = "") -> str:
    """The text in ``language``, else bokmål, else English, else any."""
    for key in (language, "*", "nb", "en"):
        if key in texts:
            return texts[key]
    return next(iter(texts.values()), fallback)
