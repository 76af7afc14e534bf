"""The report recipe (config/report.yaml): which figures and tables to build, and the study's
own method notes.

A figure or table names a *kind* (a module of :mod:`surveykit.report.figures`); what its
options mean, and whether they fit the study, is checked by that kind.

Example:
    >>> recipe = load_recipe("config/report.yaml", known_variables={"help_ease"})   # doctest: +SKIP
    >>> recipe.figures[0].kind                                                     # doctest: +SKIP
    'likert'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveykit.config.yamlfile import Node, pick_text, read_yaml, short, text_map
from surveykit.errors import ConfigError

__all__ = ["FIGURE_FORMATS", "ID_PATTERN", "OPTION_KEYS", "Note", "Recipe", "Spec", "check_id", "check_options",
           "load_recipe", "warning_in_recipe_terms"]

# the option keys of the kinds that do not check their own (a kind's module that reads options
# refuses unknown ones in its check); listed kinds read none, so any key there is a typo
OPTION_KEYS: dict[str, frozenset[str]] = {**dict.fromkeys(("means", "multi", "topbox", "shares", "weights"), frozenset()),
                                           "likert": frozenset({"diverging"})}
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])")  # device names on Windows


def check_id(value: str, where: str) -> str:
    """A figure or table id is a name, never a path: 1-64 ASCII letters, digits, '_' and '-',
    starting with a letter or digit (it names files in reports/ and a workbook sheet).

    Example:
        >>> check_id("../../data/raw/wave1", "config/report.yaml: `figures[0].id`")
        Traceback (most recent call last):
        surveykit.errors.ConfigError: config/report.yaml: `figures[0].id`: '../../data/raw/wave1' is not an id: use 1-64 letters (a-z, A-Z), digits, '_' and '-', starting with a letter or digit (e.g. likert_by_group).
    """
    if not ID_PATTERN.fullmatch(value) or _RESERVED.fullmatch(value):
        raise ConfigError(f"{where}: {short(value)} is not an id: use 1-64 letters (a-z, A-Z), digits, '_' and '-', "
                          "starting with a letter or digit (e.g. likert_by_group).")
    return value


def check_options(options: Node, kind: str, allowed: Mapping[str, Collection[str]]) -> dict[str, Any]:
    """The ``options:`` of one figure or table, refusing keys its kind does not read (typos).

    ``allowed`` maps a kind to the option keys it reads (see :data:`OPTION_KEYS`); a kind
    not in it is left to its own check.

    Example:
        >>> check_options(Node({"colour": "red"}, "report.yaml", "figures[3].options"), "means", OPTION_KEYS)
        Traceback (most recent call last):
        surveykit.errors.ConfigError: report.yaml: `figures[3].options`: a means figure/table takes no options, got 'colour'. Remove them.
        >>> check_options(Node({"x": 1}, "report.yaml", "o"), "new_kind", {"new_kind": {"x", "y"}})
        {'x': 1}
    """
    if kind in allowed:
        keys = set(allowed[kind])
        if not keys and options.value:
            raise ConfigError(f"{options.where()}: a {kind} figure/table takes no options, got "
                              f"{', '.join(short(k) for k in options.value)}. Remove them.")
        options.check_keys(keys)
    return dict(options.value)


@dataclass(frozen=True)
class Spec:
    """One figure or table of the report; ``where`` names its place in config/report.yaml."""

    id: str
    kind: str
    items: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    title: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    caption: dict[str, str] = field(default_factory=dict)
    # for messages only: not compared, not in a figure's cache key (a moved study keeps its cache)
    where: str = field(default="config/report.yaml", compare=False)

    def text(self, language: str) -> str:
        return pick_text(self.title, language, self.id) if self.title else self.id

    def caption_text(self, language: str) -> str:
        return pick_text(self.caption, language) if self.caption else ""

    def fail(self, message: str) -> ConfigError:
        """A ConfigError about this entry: ``where (id): message``."""
        return ConfigError(f"{self.where} ({self.id!r}): {message}")


_NO_VALUE = re.compile(r"^by: .* have no value of '(?P<column>[^']+)'(?P<dk>, [0-9]+ of them answered don't know)?")
_PYTHON_FILL = re.compile(r" To show them as a group of their own, fill the value first, e\.g\. .*$", re.S)


def warning_in_recipe_terms(message: str, specs: Collection[Spec]) -> str:
    """An estimator's warning met while computing the entries ``specs`` of config/report.yaml,
    said in the terms of the configuration: the entries named, and what to change in the
    configuration instead of the estimator's Python advice (``df[...].fillna(...)``).

    Example:
        >>> spec = Spec("explorer", "explorer", where="config/report.yaml: `tables[4]`")
        >>> print(warning_in_recipe_terms("by: 3 row(s) that count in the estimates have no value of 'kon' (first "
        ...     "at wave 1, row 3 of its export); they are in no group (as in R's svyby), so the groups do not add "
        ...     "up to the estimate without by=. To show them as a group of their own, fill the value first, e.g. "
        ...     "df['kon'] = df['kon'].fillna('unknown').", [spec]))
        config/report.yaml: `tables[4]` ('explorer'): by: 3 row(s) that count in the estimates have no value of 'kon' (first at wave 1, row 3 of its export); they are in no group (as in R's svyby), so the groups do not add up to the estimate of all answers. The breakdown by 'kon' is one the explorer chose (the entry gives no `by:`): list the breakdowns you want under `by:` of the entry to leave it out.
    """
    specs = list(specs)
    where = ", ".join(f"{s.where.split(': ', 1)[-1]} ({s.id!r})" for s in specs)
    file = specs[0].where.split(": ", 1)[0] if specs and ": " in specs[0].where else "config/report.yaml"
    match = _NO_VALUE.match(message)
    if match:
        column = match["column"]
        message = _PYTHON_FILL.sub("", message).replace("the estimate without by=", "the estimate of all answers")
        chosen = [s for s in specs if column not in s.by]
        advice = []
        if chosen:
            who = "explorer" if all(s.kind == "explorer" for s in chosen) else "entry"
            advice.append(f"The breakdown by {column!r} is one the {who} chose (the entry gives no `by:`): list the "
                          "breakdowns you want under `by:` of the entry to leave it out.")
        if match["dk"]:
            advice.append(f"To show those answers as a group of their own, move their answer in the scale of {column!r} "
                          "in config/codebook.yaml from `nonsubstantive:` to `levels:`.")
        message = " ".join([message.rstrip(), *advice])
    return f"{file}: {where}: {message}"


@dataclass(frozen=True)
class Note:
    """A method note of the study (heading and text, per language)."""

    title: dict[str, str]
    text: dict[str, str]

    def pair(self, language: str) -> tuple[str, str]:
        return pick_text(self.title, language), pick_text(self.text, language)


FIGURE_FORMATS = ("png", "svg", "pdf")
DPI_RANGE = (50, 600)  # the resolution of PNG figures (and of images in PDF/SVG): dots per inch


@dataclass(frozen=True)
class Recipe:
    figures: tuple[Spec, ...]
    tables: tuple[Spec, ...]
    formats: tuple[str, ...] | None = None   # output: {formats: [...]}; None = the builder's default
    notes: tuple[Note, ...] = ()
    dpi: int | None = None                   # output: {dpi: N}; None = the builder's default (200)

    def texts(self, file: str = "config/report.yaml") -> list[tuple[str, str, dict]]:
        """Its own texts, as :func:`surveykit.config.translations.untranslated` reads them:
        (file, where, {language: text}) of every title, caption and note."""
        out: list[tuple[str, str, dict]] = []
        for part, specs in (("figures", self.figures), ("tables", self.tables)):
            for spec in specs:
                out += [(file, f"{part}.{spec.id}: {key}", texts)
                        for key, texts in (("title", spec.title), ("caption", spec.caption)) if texts]
        for k, note in enumerate(self.notes):
            out += [(file, f"notes[{k}]: title", note.title), (file, f"notes[{k}]: text", note.text)]
        return out


def _spec(node: Node, kinds: tuple[str, ...], known: set[str] | None) -> Spec:
    node.check_keys({"id", "kind", "items", "by", "title", "options", "caption"})
    spec_id = check_id(str(node.get("id", (str, int))), node.where("id"))
    kind = node.get("kind", str)
    if kind not in kinds:
        raise ConfigError(f"{node.where('kind')}: unknown kind {kind!r} for {spec_id!r}. Allowed: {', '.join(kinds)}.")
    items, by = tuple(node.get("items", list, [])), tuple(node.get("by", list, []))
    for key, names in (("items", items), ("by", by)):
        if not all(isinstance(n, str) and n for n in names):
            raise ConfigError(f"{node.where(key)}: list variable names (text), got {short(list(names))}.")
    if known is not None:
        unknown = [i for i in items if i not in known]
        if unknown:
            raise ConfigError(
                f"{node.where('items')}: {unknown} are not variables of config/codebook.yaml. "
                f"Check the spelling; known: {', '.join(sorted(known))}."
            )
    caption = node.get("caption", (str, dict), None)
    return Spec(
        id=spec_id, kind=kind, items=items, by=by,
        title=text_map(node.get("title", (str, dict), spec_id), node.where("title")),
        options=check_options(node.child("options", {}), kind, OPTION_KEYS),
        caption=text_map(caption, node.where("caption")) if caption is not None else {},
        where=node.where(),
    )


def _notes(root: Node) -> tuple[Note, ...]:
    notes = []
    for i, value in enumerate(root.get("notes", list, [])):
        node = Node(value, root.file, f"notes[{i}]")
        node.check_keys({"title", "text"})
        notes.append(Note(text_map(node.get("title", (str, dict)), node.where("title")),
                          text_map(node.get("text", (str, dict)), node.where("text"))))
    return tuple(notes)


def check_dpi(value: object, where: str) -> int:
    """A resolution in dots per inch, a whole number within :data:`DPI_RANGE`."""
    low, high = DPI_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{where}: the resolution of the figures must be a whole number of dots per inch from "
                          f"{low} to {high} (200, the default, prints sharply; 100 suits a web page), got {value!r}.")
    return value


def load_recipe(path: str | Path, known_variables: set[str] | None = None) -> Recipe:
    """Load config/report.yaml; unknown kinds, items or duplicate ids name the key and the fix."""
    from surveykit.report.figures import FIGURES, TABLES

    path = Path(path)
    root = Node(read_yaml(path) or {}, path)
    root.check_keys({"figures", "tables", "output", "notes"})
    formats, dpi = None, None
    if root.value.get("output") is not None:
        output = root.child("output")
        output.check_keys({"formats", "dpi"})
        if output.value.get("dpi") is not None:
            dpi = check_dpi(output.get("dpi", int), output.where("dpi"))
        formats = tuple(str(f).lower() for f in output.get("formats", list, ["png", "svg"]))
        bad = [f for f in formats if f not in FIGURE_FORMATS]
        if bad or not formats:
            raise ConfigError(f"{output.where('formats')}: unknown figure format(s) {bad or formats!r}. "
                              f"Allowed: {', '.join(FIGURE_FORMATS)} (e.g. formats: [png, svg, pdf]).")
    figures = tuple(_spec(Node(f, path, f"figures[{i}]"), tuple(FIGURES), known_variables)
                    for i, f in enumerate(root.get("figures", list, [])))
    tables = tuple(_spec(Node(t, path, f"tables[{i}]"), tuple(TABLES), known_variables)
                   for i, t in enumerate(root.get("tables", list, [])))
    ids = [s.id.lower() for s in figures + tables]  # one file per id, also where case is not told apart
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ConfigError(f"{path}: id(s) {dupes} used more than once. Give every figure and table its own id.")
    return Recipe(figures, tables, formats, _notes(root), dpi)
