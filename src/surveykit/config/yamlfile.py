"""Reading YAML config files with messages that name the file, the key and the fix.

Example:
    >>> node = Node({"a": 1}, "surveykit.yaml")
    >>> node.get("a", int)
    1
"""

from __future__ import annotations

import functools
import reprlib
from pathlib import Path
from typing import Any

import yaml

from surveykit import limits
from surveykit.errors import ConfigError, LimitError, ReadError, SurveykitError
from surveykit.io._grid import read_bytes

__all__ = ["Node", "loads", "read_config_bytes", "read_yaml", "short"]

_MISSING = object()


def short(value: Any, width: int = 60) -> str:
    """A value for a message: its repr, cut short (a YAML alias bomb is never expanded).

    Example:
        >>> short(["x" * 100])
        "['xxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxx']"
        >>> short({"a": [[1] * 100] * 100})
        "{'a': [[...], [...], [...], [...], ...]}"
    """
    text = _REPR.repr(value)
    if isinstance(value, str) and "\\" in value and value.isprintable() and "'" not in value:
        text = text.replace("\\\\", "\\")   # data\raw\w1.csv as written, not doubled by repr
    return text if len(text) <= width else text[: width - 3] + "..."


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 50, 50


def read_config_bytes(path: Path, missing: str | None = None) -> bytes:
    """A configuration file's bytes: a regular file, within the limit ``config_bytes``;
    ``missing`` is what to say when it does not exist."""
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"{path}: {missing or 'file not found. Create it (see docs/config.md) or run `surveykit init`.'}")
    try:
        return read_bytes(path, limit="config_bytes")
    except LimitError:
        raise
    except ReadError as exc:
        raise ConfigError(str(exc)) from None


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> str:
    """Where a configuration file stops being UTF-8, and in which encoding it was likely saved."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (f"{path}: saved as UTF-16 (it starts with a UTF-16 byte order mark; Notepad calls it 'Unicode'), "
                "not UTF-8. Save it again as UTF-8.")
    line = raw[:exc.start].count(b"\n") + 1
    bad = raw[exc.start:exc.end]
    guess = bad.decode("cp1252", errors="replace")
    return (f"{path}, line {line}: not UTF-8 text (byte {bad.hex(' ')} at byte {exc.start}: {exc.reason}; in "
            f"Windows-1252/Latin-1 it would be {guess!r}). Save the file as UTF-8 (in most editors: Save As, "
            "encoding UTF-8).")


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error names the file, line and column.

    The file is bounded (limit ``config_bytes``), its aliases may expand it to at most
    ``yaml_nodes`` values (a "billion laughs" file of 500 bytes is refused, not expanded),
    recursive aliases and keys given twice in one mapping are refused.
    """
    path = Path(path)
    if not path.is_file() and not path.exists():
        raise ConfigError(f"{path}: file not found. Create it (see docs/config.md) or run `surveykit init`.")
    raw = read_config_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(_not_utf8(path, raw, exc)) from None
    try:
        return _document(text, path)
    except SurveykitError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "escape" in problem:   # "data\raw\w1.csv": a Windows path in double quotes
            raise ConfigError(
                f"{path}{where}: YAML syntax error: {problem}. In a double-quoted value a backslash starts an "
                "escape (\\n, \\t): a Windows path there, such as \"data\\raw\\w1.csv\", must be written with "
                "forward slashes (data/raw/w1.csv), which work on every system.") from None
        raise ConfigError(f"{path}{where}: YAML syntax error: {problem}. Check indentation and quotes there.") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read (hundreds of levels). A configuration is a few "
                          "levels deep; check the file.") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2022-02-30, an integer of 5000 digits
        raise ConfigError(f"{path}: a value cannot be read ({str(exc)[:120]}). Check dates (YYYY-MM-DD) "
                          "and numbers in the file, or quote the value to keep it as text.") from None


@functools.cache
def _fast_loader() -> type:
    """libyaml's parser (the same values, nodes and line numbers; about ten times faster) when
    PyYAML has it and it bounds nesting (refuses a document deeper than 1,000 levels); else the
    pure-Python parser. The libyaml of older PyYAML wheels (6.0.1) recurses without bound: a
    configuration nested 100,000 deep would crash Python, not raise."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yaml.SafeLoader
    probe = loader("[" * 1001 + "]" * 1001)  # deep enough to be refused, shallow enough to be safe
    try:
        probe.get_single_node()
    except yaml.YAMLError:
        return loader
    finally:
        probe.dispose()
    return yaml.SafeLoader


def loads(text: str) -> Any:
    """A YAML text surveykit wrote itself (a drafted codebook), parsed as ``yaml.safe_load``
    does, by libyaml where PyYAML has it.

    Example:
        >>> loads("a: [1, 2]")
        {'a': [1, 2]}
    """
    return yaml.load(text, Loader=_fast_loader())


def _document(text: str, path: Path) -> Any:
    """The document of ``text``, parsed by libyaml; what it refuses (a syntax error, nesting
    deeper than its 1,000 levels) is parsed again by the pure-Python parser, so a message is
    the same with or without libyaml."""
    fast = _fast_loader()
    try:
        return _parse(text, path, fast)
    except yaml.YAMLError:
        if fast is yaml.SafeLoader:
            raise
    return _parse(text, path, yaml.SafeLoader)


def _parse(text: str, path: Path, loader_class: type) -> Any:
    """The document of ``text``, its aliases and keys checked (:func:`_check_nodes`)."""
    loader = loader_class(text)  # the pure-Python reader refuses control characters at once
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, path)
        try:
            return loader.construct_document(node)
        except (ValueError, TypeError, OverflowError) as exc:
            _unreadable_value(node, loader, path)   # names the key and line where it can
            raise exc from None
    finally:
        loader.dispose()


def _unreadable_value(root: yaml.Node, loader: Any, path: Path) -> None:
    """The first plain value YAML cannot make a value of (a date ``2024-13-15``, a huge
    number), as a ConfigError naming its line and key; nothing when none is found."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, at = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            make = type(loader).yaml_constructors.get(node.tag)
            try:
                if make is not None:
                    make(loader, node)
            except (ValueError, TypeError, OverflowError) as exc:
                key = f" `{at}`:" if at else ""
                fix = ("Write a date as YYYY-MM-DD with a real month and day (e.g. 2024-03-15)"
                       if node.tag.endswith(":timestamp") else "Check the number")
                raise ConfigError(
                    f"{path}, line {node.start_mark.line + 1}:{key} a value cannot be read ({str(exc)[:120]}): "
                    f"{short(node.value)}. {fix}, or quote the value to keep it as text.") from None
        elif isinstance(node, yaml.MappingNode):
            stack.extend((v, f"{at}.{k.value}" if at else str(k.value)) for k, v in reversed(node.value)
                         if isinstance(k, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, f"{at}[{i}]") for i, v in reversed(list(enumerate(node.value))))


def _check_nodes(root: yaml.Node, path: Path) -> None:
    """Count the values the document expands to (aliases counted each time they are used) and
    refuse a recursive alias or a key given twice in one mapping."""
    bound = limits.current().yaml_nodes
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: a deep document cannot overflow the Python stack
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > bound:
                mark = node.start_mark
                raise LimitError(
                    f"{path}, line {mark.line + 1}: the YAML expands to more than {bound:,} values through its "
                    f"aliases (`*name`), over the limit `limits.yaml_nodes`; such a file is an alias bomb, not a "
                    "configuration. If it is genuine, raise the limit with the environment variable "
                    f"SURVEYKIT_LIMIT_YAML_NODES={bound * 2}.")
            continue
        if key in sizes:
            continue
        if key in active:
            mark = node.start_mark
            raise ConfigError(f"{path}, line {mark.line + 1}: an alias refers to a value containing itself "
                              "(a recursive alias); write the value out instead.")
        active.add(key)
        stack.append((node, True))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, _v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        raise ConfigError(
                            f"{path}, line {k.start_mark.line + 1}: key {short(k.value)} is given twice in one mapping "
                            f"(also on line {seen[k.value]}); only one can count. Remove or rename one of them.")
                    seen[k.value] = k.start_mark.line + 1
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_KIND_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list",
               dict: "a mapping (key: value)"}


def _quote_hint(key: str, value: Any, kinds: tuple) -> str:
    """What to do when text was meant and YAML read a number, a date or true/false (a wave named
    `label: 2021` or `label: 2023-01-20`): write it in quotes."""
    import datetime as dt

    if str not in kinds or not isinstance(value, (int, float, dt.date)):
        return ""
    what = ("true or false" if isinstance(value, bool) else "a date" if isinstance(value, dt.date) else "a number")
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return f" YAML reads {shown} unquoted as {what}: write the text in quotes, {key}: '{shown}'."


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
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        # true/false are not numbers here: `min_cell: true` is a mistake, not 1
        wrong_bool = isinstance(value, bool) and bool not in kinds and object not in kinds
        if wrong_bool or not isinstance(value, kinds):
            names = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
            raise ConfigError(f"{self.where(key)} must be {names}, got {short(value)}.{_quote_hint(key, value, kinds)}")
        return value

    def child(self, key: str, default: Any = _MISSING) -> Node:
        value = self.get(key, dict, default)
        return Node(value, self.file, ".".join(p for p in (self.path, key) if p))

    def check_keys(self, allowed: set[str]) -> None:
        """Reject unknown keys (typos) with the list of allowed ones."""
        unknown = sorted((k for k in self.value if k not in allowed), key=str)
        if unknown:
            raise ConfigError(
                f"{self.where()}: unknown key(s) {', '.join(short(k) for k in unknown)}. "
                f"Allowed: {', '.join(sorted(allowed))}."
            )


def text_map(value: Any, where: str) -> dict[str, str]:
    """A label: either a plain string (used for every language) or {language: text}, each
    language one surveykit speaks (a text under another key would never be shown).

    Example:
        >>> text_map({"no": "Effekt"}, "report.yaml: `figures[0].title`")
        Traceback (most recent call last):
        surveykit.errors.ConfigError: report.yaml: `figures[0].title`: 'no' is not a language code surveykit knows. Use nb (bokmål), nn (nynorsk), sv, da or en, e.g. {nb: ..., en: ...}; or write plain text, shown in every language.
    """
    from surveykit.labels import LANGUAGES

    if isinstance(value, str):
        return {"*": value}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        unknown = [k for k in value if str(k) not in LANGUAGES]
        if unknown:
            key = unknown[0]   # `no:` (Norwegian?) is read by YAML as false
            said = (f"the key {'`yes:`/`on:`' if key else '`no:`/`off:`'} (read by YAML as {str(key).lower()})"
                    if isinstance(key, bool) else short(key))
            raise ConfigError(f"{where}: {said} is not a language code surveykit knows. Use nb (bokmål), "
                              "nn (nynorsk), sv, da or en, e.g. {nb: ..., en: ...}; or write plain text, shown in "
                              "every language.")
        return {str(k): v for k, v in value.items()}
    raise ConfigError(f"{where}: a label must be text or a mapping like {{nb: ..., en: ...}}, got {short(value)}.")


def pick_text(texts: dict[str, str], language: str, fallback: str = "") -> str:
    """The text in ``language``, else bokmål, else English, else any."""
    for key in (language, "*", "nb", "en"):
        if key in texts:
            return texts[key]
    return next(iter(texts.values()), fallback)
