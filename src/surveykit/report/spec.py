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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveykit.config.yamlfile import Node, pick_text, read_yaml, text_map
from surveykit.errors import ConfigError

__all__ = ["FIGURE_FORMATS", "Note", "Recipe", "Spec", "load_recipe"]


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
    where: str = "config/report.yaml"

    def text(self, language: str) -> str:
        return pick_text(self.title, language, self.id) if self.title else self.id

    def caption_text(self, language: str) -> str:
        return pick_text(self.caption, language) if self.caption else ""

    def fail(self, message: str) -> ConfigError:
        """A ConfigError about this entry: ``where (id): message``."""
        return ConfigError(f"{self.where} ({self.id!r}): {message}")


@dataclass(frozen=True)
class Note:
    """A method note of the study (heading and text, per language)."""

    title: dict[str, str]
    text: dict[str, str]

    def pair(self, language: str) -> tuple[str, str]:
        return pick_text(self.title, language), pick_text(self.text, language)


FIGURE_FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class Recipe:
    figures: tuple[Spec, ...]
    tables: tuple[Spec, ...]
    formats: tuple[str, ...] | None = None   # output: {formats: [...]}; None = the builder's default
    notes: tuple[Note, ...] = ()


def _spec(node: Node, kinds: tuple[str, ...], known: set[str] | None) -> Spec:
    node.check_keys({"id", "kind", "items", "by", "title", "options", "caption"})
    spec_id = str(node.get("id", (str, int)))
    kind = node.get("kind", str)
    if kind not in kinds:
        raise ConfigError(f"{node.where('kind')}: unknown kind {kind!r} for {spec_id!r}. Allowed: {', '.join(kinds)}.")
    items = tuple(node.get("items", list, []))
    if known is not None:
        unknown = [i for i in items if i not in known]
        if unknown:
            raise ConfigError(
                f"{node.where('items')}: {unknown} are not variables of config/codebook.yaml. "
                f"Check the spelling; known: {', '.join(sorted(known))}."
            )
    caption = node.get("caption", (str, dict), None)
    return Spec(
        id=spec_id, kind=kind, items=items, by=tuple(str(b) for b in node.get("by", list, [])),
        title=text_map(node.get("title", (str, dict), spec_id), node.where("title")),
        options=node.get("options", dict, {}),
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


def load_recipe(path: str | Path, known_variables: set[str] | None = None) -> Recipe:
    """Load config/report.yaml; unknown kinds, items or duplicate ids name the key and the fix."""
    from surveykit.report.figures import FIGURES, TABLES

    path = Path(path)
    root = Node(read_yaml(path) or {}, path)
    root.check_keys({"figures", "tables", "output", "notes"})
    formats = None
    if root.value.get("output") is not None:
        output = root.child("output")
        output.check_keys({"formats"})
        formats = tuple(str(f).lower() for f in output.get("formats", list, ["png", "svg"]))
        bad = [f for f in formats if f not in FIGURE_FORMATS]
        if bad or not formats:
            raise ConfigError(f"{output.where('formats')}: unknown figure format(s) {bad or formats!r}. "
                              f"Allowed: {', '.join(FIGURE_FORMATS)} (e.g. formats: [png, svg, pdf]).")
    figures = tuple(_spec(Node(f, path, f"figures[{i}]"), tuple(FIGURES), known_variables)
                    for i, f in enumerate(root.get("figures", list, [])))
    tables = tuple(_spec(Node(t, path, f"tables[{i}]"), tuple(TABLES), known_variables)
                   for i, t in enumerate(root.get("tables", list, [])))
    ids = [s.id for s in figures + tables]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ConfigError(f"{path}: id(s) {dupes} used more than once. Give every figure and table its own id.")
    return Recipe(figures, tables, formats, _notes(root))
