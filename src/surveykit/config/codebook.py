"""The codebook: scales and harmonised variables, and per wave where each comes from.

It is data (YAML), loaded into frozen objects and validated: unknown scales, duplicate names,
bad types and malformed sources raise :class:`ConfigError` naming the file and key.

Example:
    >>> cb = load_codebook("config/codebook.yaml")          # doctest: +SKIP
    >>> cb.variable("help_ease").scale                        # doctest: +SKIP
    'agree5'
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveykit.config.yamlfile import Node, pick_text, read_yaml, short, text_map
from surveykit.errors import ConfigError
from surveykit.labels import LANGUAGES as LABEL_LANGUAGES

__all__ = ["TYPES", "Codebook", "Index", "Level", "Scale", "Source", "Variable", "load_codebook", "normalise_label"]

TYPES = ("likert", "single", "multi", "numeric", "text", "date", "id", "site")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def normalise_label(value: Any) -> str:
    """The form labels are matched in: trimmed, case-folded, inner white space collapsed.

    >>> normalise_label("  Verken  enig eller UENIG ")
    'verken enig eller uenig'
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


@dataclass(frozen=True)
class Level:
    """One answer of a scale: its code (the score) and its label texts."""

    code: int | float
    label: dict[str, str]
    aliases: tuple[str, ...] = ()

    def text(self, language: str = "nb") -> str:
        return pick_text(self.label, language)


@dataclass(frozen=True)
class Scale:
    """A named list of answers: substantive levels in order, non-substantive ones apart."""

    name: str
    levels: tuple[Level, ...]
    nonsubstantive: tuple[Level, ...] = ()
    top_box: tuple[int | float, ...] = ()
    ordered: bool = True

    def lookup(self, prefer: str = "labels") -> dict[str, tuple[Level, bool]]:
        """Normalised label, alias or code -> (level, is_nonsubstantive).

        A text that is one level's label and another level's code (label "12" at code 3, "21 or
        older" at code 12) means the label with ``prefer="labels"``, the code with
        ``prefer="codes"``; :meth:`conflicts` lists such texts (the cleaning decides per column
        from what the column holds).

        >>> s = Scale("age", (Level(1, {"en": "11"}), Level(11, {"en": "20"})))
        >>> s.lookup()["11"][0].code, s.lookup("codes")["11"][0].code
        (1, 11)
        """
        codes, labels = self.tables()
        return {**codes, **labels} if prefer == "labels" else {**labels, **codes}

    def conflicts(self) -> set[str]:
        """Normalised texts that are one level's label (or alias) and another level's code."""
        codes, labels = self.tables()
        return {k for k in codes.keys() & labels.keys() if codes[k][0] is not labels[k][0]}

    def tables(self) -> tuple[dict[str, tuple[Level, bool]], dict[str, tuple[Level, bool]]]:
        """(normalised code -> level, normalised label or alias -> level), each with its
        non-substantive flag."""
        codes: dict[str, tuple[Level, bool]] = {}
        labels: dict[str, tuple[Level, bool]] = {}
        for nonsub, group in ((False, self.levels), (True, self.nonsubstantive)):
            for level in group:
                codes[normalise_label(level.code)] = (level, nonsub)
                for key in (*level.label.values(), *level.aliases):
                    labels[normalise_label(key)] = (level, nonsub)
        return codes, labels

    def labels(self, language: str = "nb") -> list[str]:
        return [lv.text(language) for lv in self.levels]

    def allowed_text(self, language: str = "nb", limit: int = 20) -> str:
        def listed(levels: tuple[Level, ...]) -> str:
            shown = ", ".join(f"{_fmt(lv.code)} = {lv.text(language)!r}" for lv in levels[:limit])
            return shown + (f" and {len(levels) - limit} more" if len(levels) > limit else "")

        non = listed(self.nonsubstantive)
        return listed(self.levels) + (f"; non-substantive: {non}" if non else "")


def _fmt(code: int | float) -> str:
    return str(int(code)) if float(code).is_integer() else str(code)


@dataclass(frozen=True)
class Source:
    """Where a variable comes from in one wave's export.

    ``occurrence`` picks one of several columns with the same header (1 = the first, in file
    order); ``recode`` maps raw values to codes (likert/single) or numbers (numeric; ``null``
    = missing).
    """

    column: str | None = None
    pattern: str | None = None
    columns: dict[str, str] | None = None
    separator: str | None = None
    recode: dict[str, Any] = field(default_factory=dict)
    occurrence: int | None = None
    question: dict[str, str] | None = None
    offered: tuple[int | float, ...] | None = None   # codes of the scale's levels this wave offered


@dataclass(frozen=True)
class Variable:
    """A harmonised variable of the study."""

    name: str
    type: str
    label: dict[str, str]
    sources: dict[str, Source]
    scale: str | None = None
    levels: tuple[str, ...] | None = None
    valid: tuple[float, float] | None = None
    derive: dict[str, Any] | None = None
    options: dict[str, dict[str, str]] | None = None
    keep: bool = False
    question: dict[str, str] | None = None
    missing: tuple[Any, ...] = ()
    other: str | None = None
    blank: str = "missing"  # multi: a respondent with no option chosen is "missing" or chose "none"
    decimal: str | None = None  # numeric: "comma" or "point" when "1,500" could be either
    other_of: str | None = None  # text: the typed-in parts of this multi variable's joined answers

    def text(self, language: str = "nb") -> str:
        return pick_text(self.label, language, self.name)

    def wordings(self, language: str = "nb") -> dict[str, str]:
        """Wave id -> the question as that wave asked it, in ``language``: its source's
        ``question``, else the variable's; a wave with neither is left out.

        >>> v = Variable("q", "numeric", {"*": "Q"}, {"1": Source("a"), "2": Source("b", question={"*": "New?"})},
        ...              question={"*": "Old?"})
        >>> v.wordings()
        {'1': 'Old?', '2': 'New?'}
        """
        out = {}
        for wave, src in self.sources.items():
            asked = src.question or self.question
            if asked:
                out[wave] = pick_text(asked, language)
        return out

    def offered(self, wave: str, scale: Scale | None) -> tuple[int | float, ...] | None:
        """The codes of the substantive levels ``wave`` offered: its source's ``offered``, else
        every level of ``scale`` (None without a scale or a source in that wave).

        >>> s = Scale("s", (Level(1, {"*": "a"}), Level(2, {"*": "b"}), Level(3, {"*": "c"})))
        >>> v = Variable("q", "likert", {}, {"1": Source("x"), "2": Source("y", offered=(1, 3))}, scale="s")
        >>> v.offered("1", s), v.offered("2", s)
        ((1, 2, 3), (1, 3))
        """
        src = self.sources.get(wave)
        if scale is None or src is None:
            return None
        return src.offered if src.offered is not None else tuple(lv.code for lv in scale.levels)


@dataclass(frozen=True)
class Index:
    """A composite index: the mean of item scores."""

    name: str
    label: dict[str, str]
    items: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    """Scales, variables and indices of a study."""

    scales: dict[str, Scale]
    variables: tuple[Variable, ...]
    indices: tuple[Index, ...] = ()
    file: str = "config/codebook.yaml"

    def variable(self, name: str) -> Variable:
        for var in self.variables:
            if var.name == name:
                return var
        known = ", ".join(v.name for v in self.variables)
        raise ConfigError(f"{self.file}: no variable named {name!r}. Known variables: {known}.")

    def scale_of(self, name: str) -> Scale | None:
        var = self.variable(name)
        return self.scales[var.scale] if var.scale else None

    def names(self, *types: str) -> list[str]:
        return [v.name for v in self.variables if not types or v.type in types]

    def labels(self, language: str = "nb") -> dict[str, str]:
        """Variable (and index) name -> display label in ``language``."""
        out = {v.name: v.text(language) for v in self.variables}
        out.update({i.name: pick_text(i.label, language, i.name) for i in self.indices})
        return out

    def unlike_levels(self, name: str, waves: tuple[str, ...] | list[str]) -> dict[str, tuple] | None:
        """Wave -> the codes of the levels it offered, when ``waves`` offered different levels of
        variable ``name``'s scale (a source's ``offered``); None when they offered the same, or
        the variable has no scale or is not asked in one of them.

        >>> s = Scale("s", (Level(1, {"*": "a"}), Level(2, {"*": "b"}), Level(3, {"*": "c"})))
        >>> v = Variable("q", "likert", {}, {"1": Source("x"), "2": Source("y", offered=(1, 3))}, scale="s")
        >>> Codebook({"s": s}, (v,)).unlike_levels("q", ["1", "2"])
        {'1': (1, 2, 3), '2': (1, 3)}
        """
        names = {v.name for v in self.variables}
        if name not in names:
            return None
        var = self.variable(name)
        scale = self.scales.get(var.scale) if var.scale else None
        offered = {w: var.offered(w, scale) for w in waves}
        if any(o is None for o in offered.values()) or len({frozenset(o) for o in offered.values()}) < 2:
            return None
        return offered

    def offered_by_wave(self, waves: Sequence[str], language: str = "nb") -> dict[str, dict[str, tuple[str, ...]]]:
        """Variable -> {wave id: the labels of the levels that wave offered}, for each variable whose
        ``waves`` (those asking it) offered different levels of its scale (a source's ``offered``).

        >>> s = Scale("s", (Level(1, {"*": "a"}), Level(2, {"*": "b"}), Level(3, {"*": "c"})))
        >>> v = Variable("q", "likert", {}, {"1": Source("x"), "2": Source("y", offered=(1, 3))}, scale="s")
        >>> Codebook({"s": s}, (v,)).offered_by_wave(["1", "2"])
        {'q': {'1': ('a', 'b', 'c'), '2': ('a', 'c')}}
        """
        out = {}
        for var in self.variables:
            scale = self.scales.get(var.scale) if var.scale else None
            codes = self.unlike_levels(var.name, [w for w in waves if w in var.sources]) if scale else None
            if codes:
                out[var.name] = {w: tuple(lv.text(language) for lv in scale.levels if lv.code in set(c))
                                 for w, c in codes.items()}
        return out

    def reworded(self, language: str = "nb") -> dict[str, dict[str, str]]:
        """Variable -> {wave id: question as asked} for each variable whose waves asked it in
        different words (white space and case aside), from the ``question`` of its sources.

        A variable asked in the same words in every wave (or in one wave) is not listed.
        """
        out = {}
        for var in self.variables:
            asked = var.wordings(language)
            if len({normalise_label(t) for t in asked.values()}) > 1:
                out[var.name] = asked
        return out


def load_codebook(path: str | Path, waves: list[str] | None = None) -> Codebook:
    """Load and validate ``config/codebook.yaml``; ``waves`` are the study's wave ids."""
    path = Path(path)
    root = Node(read_yaml(path) or {}, path)
    root.check_keys({"scales", "variables", "indices"})
    scales = {
        name: _scale(Node(spec, path, f"scales.{name}"), name)
        for name, spec in root.get("scales", dict, {}).items()
    }
    raw_vars = root.get("variables", list)
    variables = tuple(_variable(Node(spec, path, f"variables[{i}]"), scales, waves) for i, spec in enumerate(raw_vars))
    seen: set[str] = set()
    for var in variables:
        if var.name in seen:
            raise ConfigError(f"{path}: variable {var.name!r} is defined twice. Give each variable one entry.")
        seen.add(var.name)
    types = {var.name: var.type for var in variables}
    for var in variables:
        if var.derive and var.derive["from"] not in seen:
            raise ConfigError(
                f"{path}: `variables.{var.name}.derive.from` names {var.derive['from']!r}, which is not a variable. "
                f"Use one of: {', '.join(sorted(seen))}."
            )
        if var.derive and types[var.derive["from"]] != "numeric":  # groups of a number, not of answer labels
            numbers = sorted(n for n, t in types.items() if t == "numeric")
            raise ConfigError(
                f"{path}: `variables.{var.name}.derive.from` names {var.derive['from']!r}, a variable of type "
                f"{types[var.derive['from']]!r}: groups are derived from a number (breaks "
                f"{[int(b) if b.is_integer() else b for b in var.derive['breaks']]}), and its answers are labels. "
                f"If its answers are numbers (an age), make {var.derive['from']!r} `type: numeric` (delete its "
                "`scale:`; codes meaning no answer go under `missing:`)"
                + (f"; or derive from a numeric variable: {', '.join(numbers)}." if numbers else ".")
            )
    for var in variables:
        if var.other_of is not None:
            _check_other_of(var, {v.name: v for v in variables}, path)
    indices = []
    for name, spec in root.get("indices", dict, {}).items():
        node = Node(spec, path, f"indices.{name}")
        items = tuple(node.get("items", list))
        bad = [it for it in items if it not in seen]
        if bad:
            raise ConfigError(f"{node.where('items')}: unknown variable(s) {bad}. Use names from `variables`.")
        indices.append(Index(name, text_map(node.get("label", (str, dict), name), node.where("label")), items))
    return Codebook(scales, variables, tuple(indices), str(path))


def _level(value: Any, parent: Node, key: str) -> Level:
    node = Node(value, parent.file, f"{parent.path}.{key}")
    node.check_keys({"code", "label", "aliases"})
    code = node.get("code", (int, float))
    if not math.isfinite(code):
        raise ConfigError(f"{node.where('code')}: {code!r} is not a code; give a finite number (e.g. 1, 2, 99).")
    label = text_map(node.get("label", (str, dict)), node.where("label"))
    aliases = tuple(str(a) for a in node.get("aliases", list, []))
    return Level(code, label, aliases)


def _scale(node: Node, name: str) -> Scale:
    node.check_keys({"levels", "nonsubstantive", "top_box", "ordered"})
    levels = tuple(_level(lv, node, f"levels[{i}]") for i, lv in enumerate(node.get("levels", list)))
    nonsub = tuple(
        _level(lv, node, f"nonsubstantive[{i}]") for i, lv in enumerate(node.get("nonsubstantive", list, []))
    )
    if not levels:
        raise ConfigError(f"{node.where('levels')}: a scale needs at least one level.")
    codes = [lv.code for lv in levels + nonsub]
    twice = [int(c) if float(c).is_integer() else c for c, k in Counter(codes).items() if k > 1]
    if twice:
        raise ConfigError(f"{node.where()}: codes must be unique within a scale; {short(twice)} given more than once "
                          f"(among {len(codes)} levels and non-substantive answers). Give each its own code.")
    per_language = any(set(lv.label) != {"*"} for lv in levels + nonsub)
    for language in LABEL_LANGUAGES:  # a level is known by its label in the report's language
        labels = Counter(pick_text(lv.label, language) for lv in levels + nonsub)
        same = [text for text, k in labels.items() if k > 1]
        if same:
            alike = [_fmt(lv.code) for lv in levels + nonsub if pick_text(lv.label, language) == same[0]]
            raise ConfigError(f"{node.where()}: two levels are labelled {short(same[0])}"
                              + (f" (in language {language!r})" if per_language else "")
                              + f"; labels must be unique within a scale (codes {' and '.join(alike)}). "
                              "Give each level its own label.")
    ordered = bool(node.get("ordered", bool, True))
    rising = [lv.code for lv in levels]
    if ordered and any(b <= a for a, b in itertools.pairwise(rising)):
        listed = ", ".join(f"{_fmt(lv.code)} = {short(lv.text())}" for lv in levels)
        raise ConfigError(
            f"{node.where('levels')}: an ordered scale lists its levels from low to high with their codes rising, "
            f"got {listed}. The order of figures and of the answers (and the position scores of sk.score, sk.change "
            "in Python) follows the list, the report's means and top-box shares the codes: both must agree. List "
            "the levels with rising codes (a file coding the scale high -> low is read with `recode:` on its "
            "source, e.g. {1: 5, 2: 4, 4: 2, 5: 1}); a scale without an order is `ordered: false`.")
    top = tuple(node.get("top_box", list, []))
    _numbers(list(top), node.where("top_box"))
    if set(top) - set(codes):
        raise ConfigError(f"{node.where('top_box')}: codes {sorted(set(top) - set(codes))} are not levels of {name!r}.")
    return Scale(name, levels, nonsub, top, ordered)


def _source(value: Any, where: str, file: str, path: str) -> Source:
    if isinstance(value, str):
        return Source(column=value)
    node = Node(value, file, path)
    node.check_keys({"column", "pattern", "columns", "separator", "recode", "occurrence", "question", "offered"})
    question = node.get("question", (str, dict), None)
    offered = node.get("offered", list, None)
    src = Source(
        column=node.get("column", (str, int), None),
        pattern=node.get("pattern", str, None),
        columns={str(k): str(v) for k, v in node.get("columns", dict, {}).items()} or None,
        separator=node.get("separator", str, None),
        recode={_key(k): v for k, v in node.get("recode", dict, {}).items()},
        occurrence=node.get("occurrence", int, None),
        question=text_map(question, node.where("question")) if question is not None else None,
        offered=tuple(int(c) if float(c).is_integer() else c for c in _numbers(offered, node.where("offered")))
        if offered is not None else None,
    )
    if sum(x is not None for x in (src.column, src.pattern, src.columns)) != 1:
        raise ConfigError(f"{where}: give exactly one of `column`, `pattern` or `columns`.")
    if src.occurrence is not None and (src.column is None or src.occurrence < 1):
        raise ConfigError(f"{where}: `occurrence` (1 = the first column with that header) goes with "
                          f"`column` and is 1 or more, got {src.occurrence!r}.")
    if src.column is not None:
        src = Source(str(src.column), None, None, src.separator, src.recode, src.occurrence, src.question, src.offered)
    if src.pattern is not None:
        try:
            re.compile(src.pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: `pattern` is not a valid regular expression ({exc}).") from None
    return src


def _check_wordings(node: Node, sources: dict[str, Source], question: Any) -> None:
    """Where one wave's source says how it asked the question (``question``), every wave's
    wording must be known (its own source's, or the variable's ``question``): a wave without
    one would be taken for the same words unseen."""
    given = [w for w, src in sources.items() if src.question is not None]
    if not given or question is not None:
        return
    lacking = [w for w, src in sources.items() if src.question is None]
    if lacking:
        w = lacking[0]
        raise ConfigError(
            f"{node.where(f'sources.{w}')}: wave {w!r} has no `question:`, while the source of wave "
            f"{given[0]!r} gives the question as that wave asked it; give wave {w!r}'s wording too "
            f"(`{w!r}: {{column: ..., question: \"...\"}}`), or the words every wave shares as the "
            "variable's `question:`, so that the report can say whether the wording changed.")


def _numbers(values: list, where: str) -> list[float]:
    """A list of plain numbers (true/false and text are not numbers here)."""
    bad = [v for v in values if isinstance(v, bool) or not isinstance(v, int | float)]
    if bad:
        raise ConfigError(f"{where}: list numbers, got {short(bad[0])} among {short(values)}.")
    return [float(v) for v in values]


def _key(value: Any) -> str:
    """A recode key as text: 99 and 99.0 both become '99'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _check_other_of(var: Variable, by_name: dict[str, Variable], path: Path) -> None:
    """A text variable's ``other_of`` names a multi variable read, in each of the text's waves, from
    the same one column of joined answers."""
    where = f"{path}: `variables.{var.name}.other_of`"
    multi = by_name.get(var.other_of or "")
    if multi is None or multi.type != "multi":
        multis = sorted(n for n, v in by_name.items() if v.type == "multi")
        raise ConfigError(f"{where} names {var.other_of!r}, which is no multi variable; it names the multi-select "
                          f"whose typed-in answers this text keeps. Multi variables: {', '.join(multis) or '(none)'}.")
    for wave, src in var.sources.items():
        own = multi.sources.get(wave)
        if own is None or own.separator is None or own.column != src.column:
            raise ConfigError(f"{where}: in wave {wave}, {multi.name!r} is not read from the column of "
                              f"{var.name!r} ({src.column!r}) as joined answers (`separator`); give both the same "
                              "`column`, or remove `other_of` to keep the column's whole answers as text.")


def _check_offered(node: Node, sources: dict[str, Source], scale: Scale | None) -> None:
    """A source's ``offered`` lists codes of substantive levels of the variable's scale, each once,
    at least two of them."""
    for wave, src in sources.items():
        if src.offered is None:
            continue
        where = node.where(f"sources.{wave}.offered")
        if scale is None:
            raise ConfigError(f"{where}: `offered` lists the codes of the scale's levels that wave {wave!r} offered; "
                              f"{node.value.get('name')!r} has no `scale:`. Remove it, or give the variable a scale.")
        codes = [lv.code for lv in scale.levels]
        unknown = [c for c in src.offered if c not in codes]
        if unknown or len(set(src.offered)) != len(src.offered) or len(src.offered) < 2:
            raise ConfigError(
                f"{where}: {list(src.offered)} is not a list of the levels wave {wave!r} offered: give two or more "
                f"codes of scale `{scale.name}`'s levels, each once ({scale.allowed_text()})"
                + (f"; {short(unknown)} are none of them" if unknown else "")
                + " (\"Vet ikke\" and other non-substantive answers are not listed).")


def _check_missing(node: Node, missing: tuple, scale: Scale | None, levels: list | None,
                   options: dict[str, dict[str, str]] | None) -> None:
    """A ``missing:`` answer is no answer: it may not also be a level (its code, label or alias), a
    non-substantive answer of the scale, or an option of a multi-select (which would it be?)."""
    if not missing:
        return
    known: dict[str, str] = {}
    if scale is not None:
        codes, labels = scale.tables()
        for key, (level, nonsub) in {**codes, **labels}.items():
            kind = "non-substantive answer" if nonsub else "level"
            known[key] = f"the {kind} {_fmt(level.code)} = {level.text()!r} of scale `{scale.name}`"
    for lv in levels or ():
        known[normalise_label(lv)] = f"one of `levels` ({short(levels)})"
    for key, label in (options or {}).items():
        for text in (key, *label.values()):
            known[normalise_label(text)] = f"the option {key!r}"
    for value in missing:
        hit = known.get(normalise_label(value))
        if hit:
            raise ConfigError(
                f"{node.where('missing')}: {value!r} is listed as no answer, but it is {hit}. An answer is either "
                "missing or an answer: remove it from `missing`, or from the scale / levels / options"
                + (" (a \"Vet ikke\" kept apart from the scale belongs under the scale's `nonsubstantive:`)."
                   if scale is not None else "."))


_RECODABLE = ("likert", "single", "numeric")
MISSING_TYPES = ("numeric", "likert", "single", "multi")   # types whose `missing:` codes mean no answer
BLANK_MEANS = ("missing", "none")
DECIMAL_MARKS = ("comma", "point")


def _variable(node: Node, scales: dict[str, Scale], waves: list[str] | None) -> Variable:
    node.check_keys({"name", "type", "label", "scale", "levels", "valid", "derive", "options", "sources", "keep",
                     "question", "missing", "other", "blank", "decimal", "other_of"})
    name = node.get("name", str)
    node.path = f"variables.{name}"
    if not _NAME.match(name):
        raise ConfigError(f"{node.where('name')}: {name!r} is not a snake_case name (a-z, 0-9, _). Rename it.")
    vtype = node.get("type", str)
    if vtype not in TYPES:
        raise ConfigError(f"{node.where('type')}: unknown type {vtype!r}. Allowed: {', '.join(TYPES)}.")
    scale = node.get("scale", str, None)
    if scale is not None and scale not in scales:
        raise ConfigError(
            f"{node.where('scale')}: unknown scale {scale!r}. Define it under `scales:` or use one of: "
            f"{', '.join(sorted(scales)) or '(none defined)'}."
        )
    levels = node.get("levels", list, None)
    if vtype == "likert" and scale is None:
        raise ConfigError(f"{node.where('scale')}: a likert variable needs a `scale`.")
    if vtype == "single" and scale is None and levels is None and node.get("derive", dict, None) is None:
        raise ConfigError(f"{node.where()}: a single-choice variable needs `scale`, `levels` or `derive`.")
    derive = node.get("derive", dict, None)
    if derive is not None:
        dnode = Node(derive, node.file, f"{node.path}.derive")
        dnode.check_keys({"from", "breaks", "labels"})
        breaks = _numbers(dnode.get("breaks", list), dnode.where("breaks"))
        labels = dnode.get("labels", list)
        if len(labels) != len(breaks) or any(b <= a for a, b in itertools.pairwise(breaks)):
            raise ConfigError(
                f"{node.where('derive')}: `breaks` must be increasing and as many as `labels` "
                f"(got {len(breaks)} breaks, {len(labels)} labels)."
            )
        derive = {"from": dnode.get("from", str), "breaks": [float(b) for b in breaks], "labels": [str(x) for x in labels]}
    valid = node.get("valid", list, None)
    if valid is not None:
        if len(valid) != 2:
            raise ConfigError(f"{node.where('valid')}: give [lowest, highest], got {short(valid)}.")
        low, high = _numbers(valid, node.where("valid"))
        valid = (low, high)
    options = None
    if vtype == "multi":
        raw_opts = node.get("options", dict)
        options = {str(k): text_map(v, node.where(f"options.{k}")) for k, v in raw_opts.items()}
    raw_sources = node.get("sources", dict, {} if derive else None)
    if raw_sources is None:
        raise ConfigError(f"{node.where('sources')} is required but missing: say per wave where the variable comes from.")
    sources = {
        str(w): _source(s, node.where(f"sources.{w}"), node.file, f"{node.path}.sources.{w}")
        for w, s in raw_sources.items()
    }
    if waves is not None:
        unknown = sorted(set(sources) - set(waves))
        if unknown:
            raise ConfigError(
                f"{node.where('sources')}: wave(s) {unknown} are not waves of the study (surveykit.yaml has {waves})."
            )
    for w, src in sources.items():
        if src.columns is not None and vtype not in ("multi", "single", "likert"):
            raise ConfigError(
                f"{node.where(f'sources.{w}.columns')}: one column per option is for `multi`, `single` "
                f"and `likert` variables, not {vtype!r}; give the variable's one `column`."
            )
    if vtype == "multi":
        for w, src in sources.items():
            if src.columns is not None and set(src.columns) - set(options or {}):
                raise ConfigError(
                    f"{node.where(f'sources.{w}.columns')}: option keys {sorted(set(src.columns) - set(options or {}))} "
                    f"are not in `options`."
                )
            if src.column is not None and src.separator is None:
                raise ConfigError(f"{node.where(f'sources.{w}')}: a multi variable from one column needs `separator`.")
    for w, src in sources.items():
        if src.recode and vtype not in _RECODABLE:
            raise ConfigError(
                f"{node.where(f'sources.{w}.recode')}: `recode` works for {', '.join(_RECODABLE)} variables, "
                f"not {vtype!r}. Remove it, or change the type."
            )
    missing = tuple(node.get("missing", list, []))
    if missing and vtype not in MISSING_TYPES:
        raise ConfigError(f"{node.where('missing')}: `missing` (answers that mean no answer, e.g. [\"N/a\", 99]) "
                          f"is for {', '.join(MISSING_TYPES)} variables; {name!r} is {vtype!r}. Remove it.")
    bad = [m for m in missing if isinstance(m, bool) or not isinstance(m, str | int | float)]
    if bad:
        raise ConfigError(f"{node.where('missing')}: list answers as the export writes them (texts or numbers, "
                          f"e.g. [\"N/A\", -1, 99]), got {short(bad[0])}.")
    other = node.get("other", str, None)
    if other is not None and (vtype != "multi" or other not in (options or {})):
        raise ConfigError(f"{node.where('other')}: `other` names the option of a multi variable that takes "
                          f"answers not among the options; {other!r} is not one of its `options`.")
    blank = node.get("blank", str, "missing")
    if "blank" in node.value and vtype != "multi":
        raise ConfigError(f"{node.where('blank')}: `blank` says what no option chosen means in a multi-select; "
                          f"{name!r} is {vtype!r}. Remove it.")
    if blank not in BLANK_MEANS:
        raise ConfigError(f"{node.where('blank')}: {blank!r} is not one of {', '.join(BLANK_MEANS)} ("
                          "missing: a respondent who chose no option did not answer; none: chose none of them).")
    decimal = node.get("decimal", str, None)
    if decimal is not None and (vtype != "numeric" or decimal not in DECIMAL_MARKS):
        raise ConfigError(f"{node.where('decimal')}: `decimal` says how a numeric variable's answers write "
                          f"decimals: {' or '.join(DECIMAL_MARKS)} (\"1,500\" is 1.5 with comma, 1500 with point); "
                          f"got {decimal!r} on a {vtype!r} variable.")
    other_of = node.get("other_of", str, None)
    if other_of is not None and vtype != "text":
        raise ConfigError(f"{node.where('other_of')}: `other_of` makes a text variable of the answers typed in to a "
                          f"multi variable (the parts of its joined answers that are none of its options); {name!r} "
                          f"is {vtype!r}. Make it `type: text`.")
    label = text_map(node.get("label", (str, dict), name), node.where("label"))
    question = node.get("question", (str, dict), None)
    _check_wordings(node, sources, question)
    _check_missing(node, missing, scales.get(scale) if scale else None, levels, options)
    _check_offered(node, sources, scales.get(scale) if scale else None)
    return Variable(
        name=name, type=vtype, label=label, sources=sources, scale=scale,
        levels=tuple(str(x) for x in levels) if levels is not None else None,
        valid=valid, derive=derive, options=options, keep=bool(node.get("keep", bool, False)),
        question=text_map(question, node.where("question")) if question is not None else None,
        missing=missing, other=other, blank=blank, decimal=decimal, other_of=other_of,
    )
