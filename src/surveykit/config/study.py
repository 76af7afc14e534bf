"""surveykit.yaml: the study, its waves, screening, weighting and privacy settings.

Example:
    >>> cfg = load_config()            # finds surveykit.yaml here or in a parent  # doctest: +SKIP
    >>> [w.id for w in cfg.waves]      # doctest: +SKIP
    ['1', '2']
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveykit import limits
from surveykit.config.sites import SiteConfig, parse_site_config
from surveykit.config.yamlfile import Node, pick_text, read_yaml, short, text_map
from surveykit.errors import ConfigError

__all__ = ["CONFIG_NAME", "LANGUAGES", "READER_OPTIONS", "StudyConfig", "WaveConfig", "find_config", "inside_study",
           "load_config", "output_folders"]

# reader options a wave may give under `options:` (format and sheet are keys of the wave itself)
READER_OPTIONS = ("encoding", "delimiter", "decimal", "qsf", "sps", "options", "separator")
_PATH_OPTIONS = ("qsf", "sps")
ALLOW_OUTSIDE_ENV = "SURVEYKIT_ALLOW_OUTSIDE"

CONFIG_NAME = "surveykit.yaml"
# the responses' column of each row's wave id (`waves[].id` of surveykit.yaml): the cleaning writes it, the
# configuration names it (`weighting.strata`, the report's `by:`), a presentation marks "not asked" by it
WAVE_COLUMN = "wave"
LANGUAGES = ("nb", "nn", "en", "sv", "da")


@dataclass(frozen=True)
class WaveConfig:
    """One wave: its export file and when it was fielded."""

    id: str
    label: dict[str, str]
    file: Path
    field_date: dt.date
    format: str | None = None
    sheet: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "nb") -> str:
        return pick_text(self.label, language, self.id)


@dataclass(frozen=True)
class Rule:
    """A screening rule: rows matching it are rejected with ``reason``."""

    reason: str
    variable: str | None = None
    pattern: str | None = None
    values: tuple[Any, ...] = ()
    required: tuple[str, ...] = ()
    incomplete: tuple[Any, ...] = ()    # complete: values of ``variable`` meaning not complete (blank kept)
    start: dt.date | None = None        # window: first and last day of the field period
    end: dt.date | None = None
    periods: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)  # per wave id
    waves: tuple[str, ...] = ()  # the waves the rule applies to (all: empty)


UNWEIGHTABLE = ("error", "drop")  # `weighting.unweightable`


@dataclass(frozen=True)
class Weighting:
    method: str = "none"
    population: Path | None = None
    count: str = "population"
    strata: tuple[str, ...] = ()
    margins: tuple[tuple[str, ...], ...] = ()
    trim: tuple[float, float] | None = None
    replicates: dict[str, Any] | None = None  # replicate weights (sk.Design arguments)
    weights: str | None = None  # the data's own weights (a numeric codebook variable): used, or raked from
    unweightable: str = "error"  # respondents without a weighting cell: error | drop (rejected, reason unweightable)


@dataclass(frozen=True)
class StudyConfig:
    """A whole study as configured: paths resolved against the study folder."""

    root: Path
    name: str
    synthetic: bool
    language: str
    source: dict[str, str]
    waves: tuple[WaveConfig, ...]
    screening: tuple[Rule, ...]
    weighting: Weighting
    min_cell: int = 10
    key_env: str = "SURVEYKIT_KEY"
    file: Path = Path(CONFIG_NAME)
    limits: limits.Limits = field(default_factory=limits.Limits)
    sites: SiteConfig = field(default_factory=SiteConfig)

    @property
    def codebook_path(self) -> Path:
        return self.root / "config" / "codebook.yaml"

    @property
    def sites_path(self) -> Path:
        return self.root / "config" / "sites.csv"

    @property
    def report_path(self) -> Path:
        return self.root / "config" / "report.yaml"

    @property
    def processed_dir(self) -> Path:
        return output_folders(self.root)[0]

    @property
    def reports_dir(self) -> Path:
        return output_folders(self.root)[1]

    def source_text(self, language: str | None = None) -> str:
        """The source line of figure footers in ``language`` (default: the study's)."""
        return pick_text(self.source, language or self.language)

    def wave(self, wave_id: str) -> WaveConfig:
        for wave in self.waves:
            if wave.id == wave_id:
                return wave
        raise ConfigError(f"{self.file}: no wave {wave_id!r}; waves are {[w.id for w in self.waves]}.")


def output_folders(root: Path) -> tuple[Path, Path]:
    """The two folders surveykit writes to: ``data/processed`` and ``reports`` of the study."""
    return root / "data" / "processed", root / "reports"


def find_config(start: str | Path | None = None) -> Path:
    """The nearest surveykit.yaml in ``start`` (default: the current folder) or its parents."""
    here = Path(start or Path.cwd()).resolve()
    if here.exists() and not here.is_dir():
        return here
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.exists():  # whatever it is: a pipe or a folder named so is an error, not skipped
            return candidate
    raise ConfigError(
        f"No {CONFIG_NAME} in {here} or its parents. Run surveykit inside a study folder, "
        "or create one with `surveykit init DIR` (or `surveykit init --example DIR` for the demo study)."
    )


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: {short(value)} is not a date. Write it as YYYY-MM-DD.") from None


def inside_study(root: Path, value: Any, where: str, what: str = "file") -> Path:
    """``root / value`` when it stays inside the study folder, links resolved; else a ConfigError.

    A configured path must be relative to the study (no absolute path, no ``..`` out of it, no
    symbolic link pointing elsewhere): a shared study folder must not make a build read, and
    then publish, a file from somewhere else on the reader's machine. Set the environment
    variable ``SURVEYKIT_ALLOW_OUTSIDE=1`` to allow it on purpose (a data folder linked to a
    network drive, say).

    Example:
        >>> inside_study(Path("/study"), "../secret.csv", "surveykit.yaml: `waves[0].file`")
        Traceback (most recent call last):
        surveykit.errors.ConfigError: surveykit.yaml: `waves[0].file`: '../secret.csv' is outside the study folder /study. surveykit reads only files inside the study: copy the file into the study (exports into data/raw/) and give its path relative to surveykit.yaml. To read it where it is on purpose, set the environment variable SURVEYKIT_ALLOW_OUTSIDE=1.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a {what} path (text, relative to surveykit.yaml), got {short(value)}.")
    if "\x00" in value:
        raise ConfigError(f"{where}: {short(value)} holds a NUL character; give an ordinary file path.")
    path = root / value
    _unwritten_path_hint(path, value, where)
    if os.environ.get(ALLOW_OUTSIDE_ENV) == "1":
        return path
    real_root = root.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        raise ConfigError(f"{where}: {short(value)} cannot be resolved (a loop of symbolic links?).") from None
    if Path(value).is_absolute() or value.startswith("~") or not real.is_relative_to(real_root):
        link = f" (a link to {real})" if not Path(value).is_absolute() and ".." not in Path(value).parts else ""
        raise ConfigError(
            f"{where}: {short(value)}{link} is outside the study folder {root}. surveykit reads only files inside "
            f"the study: copy the file into the study (exports into data/raw/) and give its path relative to "
            f"surveykit.yaml. To read it where it is on purpose, set the environment variable {ALLOW_OUTSIDE_ENV}=1."
        )
    return path


_ENV_VAR = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%")


def _unwritten_path_hint(path: Path, value: str, where: str) -> None:
    """A path written as a URL, with an environment variable or with Windows backslashes is
    taken literally (no file is found): say so, when no file of that literal name exists."""
    if os.path.lexists(path):
        return
    if re.match(r"(?i)file:/", value):
        hint = "is a URL; give the file's path relative to surveykit.yaml instead (data/raw/export.csv)"
    elif _ENV_VAR.search(value):
        hint = ("holds an environment variable, which surveykit does not expand in paths; give the file's path "
                "relative to surveykit.yaml (data/raw/export.csv)")
    elif "\\" in value and os.sep == "/":
        hint = ("has backslashes, which are part of a file name on this system, not folder separators; write "
                "the path with forward slashes (data/raw/export.csv), which work on every system")
    else:
        return
    raise ConfigError(f"{where}: {short(value)} {hint}.")


def _text_list(node: Node, key: str, default: list | None = None) -> tuple[str, ...]:
    """A list of names (text), e.g. ``strata: [wave, municipality]``."""
    values = node.get(key, list, [] if default is None else default)
    bad = [v for v in values if not isinstance(v, str) or not v]
    if bad:
        raise ConfigError(f"{node.where(key)}: list names (text), got {short(bad[0])} among {short(values)}.")
    return tuple(values)


def _wave_options(root: Path, w: Node) -> dict[str, Any]:
    """The reader options of a wave, checked: known names, the right types, files inside the study."""
    options = w.child("options", {})
    unknown = [k for k in options.value if k not in READER_OPTIONS]
    if unknown:
        moved = [k for k in unknown if k in ("format", "sheet", "file")]
        hint = (f" `{moved[0]}` is a key of the wave itself: write it beside `file:`, not under `options:`."
                if moved else "")
        raise ConfigError(f"{options.where()}: unknown reader option(s) {', '.join(short(k) for k in unknown)}. "
                          f"Allowed: {', '.join(READER_OPTIONS)}.{hint}")
    out: dict[str, Any] = {}
    for key, value in options.value.items():
        if value is None:
            continue
        where = options.where(key)
        if key == "options":
            if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
                raise ConfigError(f"{where}: a mapping from a checkbox column to its option texts, got {short(value)}.")
            out[key] = value
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{where}: must be text, got {short(value)}.")
        if key == "encoding":
            try:
                codecs.lookup(value)
            except LookupError:
                raise ConfigError(f"{where}: {short(value)} is not an encoding Python knows (e.g. utf-8, cp1252, "
                                  "utf-16). Leave it out to detect the encoding.") from None
        elif key == "delimiter" and value not in (",", ";", "\t", "|"):
            raise ConfigError(f"{where}: {short(value)} is not a supported delimiter: one character of "
                              "',', ';', '\\t' (tab), '|'. Leave it out to detect it.")
        elif key == "decimal" and value not in (",", "."):
            raise ConfigError(f"{where}: must be ',' or '.', got {short(value)}.")
        elif key in _PATH_OPTIONS:
            value = str(inside_study(root, value, where))
        out[key] = value
    return out


def _waves(root: Path, node: Node) -> tuple[WaveConfig, ...]:
    items = node.get("waves", list)
    if not items:
        raise ConfigError(f"{node.where('waves')}: list at least one wave (id, file, field_date).")
    waves = []
    for i, item in enumerate(items):
        w = Node(item, node.file, f"waves[{i}]")
        w.check_keys({"id", "label", "file", "format", "sheet", "field_date", "options"})
        wave_id = str(w.get("id", (str, int)))
        if not _WAVE_ID.fullmatch(wave_id):
            raise ConfigError(f"{w.where('id')}: {short(wave_id)} is not a wave id: use 1-32 letters, digits, "
                              "'_' or '-' (e.g. \"1\", \"2023\", \"spring\").")
        waves.append(
            WaveConfig(
                id=wave_id,
                label=text_map(w.get("label", (str, dict), wave_id), w.where("label")),
                file=inside_study(root, w.get("file", str), w.where("file"), "export file"),
                field_date=_date(w.get("field_date", (str, dt.date)), w.where("field_date")),
                format=w.get("format", str, None),
                sheet=w.get("sheet", (str, int), None),
                options=_wave_options(root, w),
            )
        )
    ids = [w.id for w in waves]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{node.where('waves')}: wave ids must be unique, got {ids}.")
    _distinct_labels(node, waves)
    for before, after in itertools.pairwise(waves):
        if after.field_date < before.field_date:  # the list's order is the waves' time order
            raise ConfigError(
                f"{node.where('waves')}: wave {after.id!r} (field_date {after.field_date}) is listed after "
                f"{before.id!r} (field_date {before.field_date}). List the waves earliest first: a change "
                "is the later wave minus the earlier in this order, so another order would flip its sign."
            )
    _distinct_files(node, waves)
    return tuple(waves)


def _distinct_labels(node: Node, waves: list[WaveConfig]) -> None:
    """Two waves of one label (in a language of the study's texts) would be two rows of one
    name in every figure and table, and read as one round in the footer: refused."""
    for language in LANGUAGES:
        seen: dict[str, int] = {}
        for i, wave in enumerate(waves):
            text = wave.text(language)
            j = seen.setdefault(" ".join(text.split()).casefold(), i)
            if j != i:
                said = "" if set(waves[i].label) <= {"*"} else f" (in {language})"
                raise ConfigError(
                    f"{node.where(f'waves[{j}].label')} and `waves[{i}].label`: waves {waves[j].id!r} and "
                    f"{wave.id!r} are both labelled {short(text)}{said}; figures and tables would show two rows of "
                    "that name, and the footer list it twice. Give each wave its own label (e.g. \"Spring 2021\", "
                    "\"Autumn 2021\").")


def _distinct_files(node: Node, waves: list[WaveConfig]) -> None:
    """Two waves reading one export (the same path written twice, ``./`` or a link, or a hard
    link) would stack the same respondents as two samples: refused."""
    seen: dict[Any, WaveConfig] = {}
    for wave in waves:
        try:
            info = os.stat(wave.file)
            key: Any = (info.st_dev, info.st_ino)
        except OSError:  # missing: the reader says so, naming the file
            key = os.path.realpath(wave.file)
        if key in seen:
            raise ConfigError(
                f"{node.where('waves')}: waves {seen[key].id!r} and {wave.id!r} read the same file "
                f"({seen[key].file.name}); each wave needs its own export. Fix the `file:` of one of them."
            )
        seen[key] = wave


_WAVE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")


def _window(r: Node) -> Rule:
    """`window: {variable, from, to}` or, per wave, `window: {variable, periods: {"1": [from, to]}}`."""
    r.check_keys({"variable", "from", "to", "periods"})
    day = lambda v, where: None if v is None else _date(v, where)  # noqa: E731
    periods = {}
    for wave, span in r.get("periods", dict, {}).items():
        if not isinstance(span, list) or len(span) != 2:
            raise ConfigError(f"{r.where(f'periods.{wave}')}: give [first day, last day], got {span!r}.")
        periods[str(wave)] = (day(span[0], r.where(f"periods.{wave}")), day(span[1], r.where(f"periods.{wave}")))
    start = day(r.get("from", (str, dt.date), None), r.where("from"))
    end = day(r.get("to", (str, dt.date), None), r.where("to"))
    if start is None and end is None and not periods:
        raise ConfigError(f"{r.where()}: give `from` and/or `to` (YYYY-MM-DD), or `periods` per wave.")
    return Rule(reason="outside_window", variable=r.get("variable", str), start=start, end=end, periods=periods)


def _screening(node: Node, wave_ids: list[str]) -> tuple[Rule, ...]:
    rules = []
    for reason in node.value:
        if reason not in {"test", "duplicate", "complete", "window"}:
            raise ConfigError(f"{node.where(str(reason))}: unknown screening rule. Allowed: test, duplicate, complete, "
                              "window.")
        r = node.child(reason)
        if reason == "window":
            rules.append(_window(r))
            continue
        r.check_keys({"variable", "pattern", "values", "required", "waves", "incomplete"})
        pattern = r.get("pattern", str, None)
        if pattern is not None:
            try:
                re.compile(pattern)
            except (re.error, RecursionError, OverflowError) as exc:
                raise ConfigError(f"{r.where('pattern')}: {short(pattern)} is not a valid regular expression "
                                  f"({exc}). Fix it, or list the exact `values:` instead.") from None
        values = r.get("values", list, [])
        incomplete = r.get("incomplete", list, [])
        bad = [v for v in [*values, *incomplete] if isinstance(v, dict | list)]
        if bad:
            key = "values" if bad[0] in values else "incomplete"
            raise ConfigError(f"{r.where(key)}: list plain values (text or numbers), got {short(bad[0])}.")
        if incomplete and (reason != "complete" or r.get("variable", str, None) is None):
            raise ConfigError(f"{r.where('incomplete')}: `incomplete` lists the values of a `complete` rule's "
                              "`variable` that mark a row as not complete; give the rule its `variable`.")
        rules.append(
            Rule(
                reason="incomplete" if reason == "complete" else reason,
                variable=r.get("variable", str, None),
                pattern=pattern,
                values=tuple(values),
                required=_text_list(r, "required"),
                incomplete=tuple(incomplete),
                waves=_rule_waves(r, wave_ids),
            )
        )
    return tuple(rules)


def _rule_waves(r: Node, wave_ids: list[str]) -> tuple[str, ...]:
    """A rule's `waves:` (the waves whose exports have its column), each a wave of the study."""
    waves = tuple(str(w) for w in r.get("waves", list, []))
    unknown = [w for w in waves if w not in wave_ids]
    if unknown:
        raise ConfigError(f"{r.where('waves')}: {unknown} are not wave ids of the study; its waves are {wave_ids}.")
    return waves


def _margins(node: Node) -> tuple[tuple[str, ...], ...]:
    margins = []
    for m in node.get("margins", list, []):
        names = m if isinstance(m, list) else [m]
        if not names or not all(isinstance(x, str) and x for x in names):
            raise ConfigError(f"{node.where('margins')}: each margin is a variable name or a list of them "
                              f"(e.g. [[wave, municipality, gender]]), got {short(m)}.")
        margins.append(tuple(names))
    return tuple(margins)


def _trim(node: Node) -> tuple[float, float] | None:
    trim = node.get("trim", list, None)
    if trim is None:
        return None
    numbers = [t for t in trim if isinstance(t, int | float) and not isinstance(t, bool)]
    if len(trim) != 2 or len(numbers) != 2 or not 0 <= numbers[0] < numbers[1] or numbers[1] == float("inf"):
        raise ConfigError(f"{node.where('trim')}: two numbers [lower, upper] with 0 <= lower < upper, bounds on "
                          f"weight / mean weight (e.g. [0.3, 3.0]); got {short(trim)}. Or leave it out.")
    return float(numbers[0]), float(numbers[1])


def _weighting(root: Path, node: Node) -> Weighting:
    node.check_keys({"method", "population", "count", "strata", "margins", "trim", "replicates", "unweightable",
                     "weights"})
    method = node.get("method", str, "none")
    unweightable = node.get("unweightable", str, "error")
    if unweightable not in UNWEIGHTABLE:
        raise ConfigError(
            f"{node.where('unweightable')}: {short(unweightable)} is not a choice. Write `error` (the default: stop and "
            "name the respondents without a value or a population count on a weighting variable) or `drop` (reject "
            "them, reason 'unweightable' in data/processed/rejects.csv).")
    if method not in {"rake", "poststratify", "none"}:
        raise ConfigError(f"{node.where('method')}: {short(method)} is not a weighting method. Use rake, poststratify or none.")
    margins = _margins(node)
    if method != "none" and not margins:
        raise ConfigError(f"{node.where('margins')}: weighting by {method} needs margins, e.g. [[gender], [age_group]].")
    if method == "poststratify" and len(margins) > 1:
        given = "; ".join("[" + ", ".join(m) + "]" for m in margins)
        joint = list(dict.fromkeys(v for m in margins for v in m))
        raise ConfigError(
            f"{node.where('margins')}: post-stratification weights to the cells of one margin, and {len(margins)} "
            f"are given ({given}); only the first would be matched. To weight to every margin, use "
            f"`method: rake`; to post-stratify to their joint cells, give one margin [{', '.join(joint)}] "
            "(the population file then needs a count for every combination)."
        )
    population = node.get("population", str, None)
    if method != "none" and population is None:
        raise ConfigError(f"{node.where('population')}: weighting by {method} needs the population file.")
    weighting = Weighting(
        method=method,
        population=inside_study(root, population, node.where("population")) if population else None,
        count=node.get("count", str, "population"),
        strata=_text_list(node, "strata"),
        margins=margins,
        trim=_trim(node),
        unweightable=unweightable,
        weights=_weights(node),
    )
    return _with_replicates(weighting, node)


def _weights(node: Node) -> str | None:
    """``weighting.weights``: the variable holding weights that come with the data (from the
    polling firm, say): with ``method: none`` the answers are weighted by them as they are;
    with ``rake`` or ``poststratify`` they are the starting weights, calibrated to the margins
    (as R's ``calibrate`` starts from the design weights)."""
    name = node.get("weights", str, None)
    if name is None:
        return None
    if not name.strip():
        raise ConfigError(f"{node.where('weights')}: give the name of the variable holding the data's weights (a "
                          "numeric variable of config/codebook.yaml, e.g. `weights: vekt`), or leave the key out.")
    if "replicates" in node.value:
        raise ConfigError(
            f"{node.where('weights')}: a study with replicate weights gives its full-sample weights as "
            "`weighting.replicates.weights`; give them there only, and remove `weighting.weights`.")
    return name


def _with_replicates(weighting: Weighting, node: Node) -> Weighting:
    """``weighting.replicates``: the replicate weights of the data (docs/config.md)."""
    from dataclasses import replace

    if "replicates" not in node.value:
        return weighting
    rep = node.child("replicates", {})
    rep.check_keys({"weights", "columns", "type", "scale", "rscales", "rho", "mse", "combined_weights"})
    empty = [k for k in ("type", "mse") if k in rep.value and rep.value[k] is None] or \
        (["type"] if rep.value.get("type") is None else [])
    if empty:  # a draft's blanks: how the replicates were made is not in the data
        raise ConfigError(
            f"{rep.where(empty[0])}: {' and '.join(f'`{k}`' for k in empty)} of the replicate weights "
            f"{'are' if len(empty) > 1 else 'is'} not filled in. How the replicates were made is not in the data: "
            "take it from the data's documentation and write `type:` (BRR, Fay with `rho:`, JK1 with `scale:`, JKn "
            "with `rscales:`, JK2, bootstrap, successive-difference, ACS or other, as R's svrepdesign) and `mse:` "
            "(true when the documented variance squares the replicates' differences from the full-sample "
            "estimate, false when from their mean); e.g. RECS 2015: type: Fay, rho: 0.5, mse: true. "
            "Until then nothing is estimated: a guessed type would give standard errors that look right and are not.")
    options = {"weights": rep.get("weights", str), "repweights": rep.get("columns", (str, list)),
               "replicate_type": rep.get("type", str),
               "scale": rep.get("scale", (int, float), None), "rscales": rep.get("rscales", (int, float, list), None),
               "rho": rep.get("rho", (int, float), None), "mse": rep.get("mse", bool, False),
               "combined_weights": rep.get("combined_weights", bool, True)}
    return replace(weighting, replicates=options)


def load_config(path: str | Path | None = None) -> StudyConfig:
    """Load surveykit.yaml (found from ``path`` or the current folder) into a frozen StudyConfig."""
    file = find_config(path)
    root = file.parent
    node = Node(read_yaml(file) or {}, file)
    node.check_keys({"study", "waves", "screening", "weighting", "privacy", "sites", "limits"})
    bounds = limits.from_mapping(node.child("limits", {}).value, node.where("limits"))
    study = node.child("study", {})
    study.check_keys({"name", "synthetic", "language", "source"})
    language = study.get("language", str, "nb")
    if language not in LANGUAGES:
        raise ConfigError(f"{study.where('language')}: {language!r} is not supported. Use one of {', '.join(LANGUAGES)}.")
    privacy = node.child("privacy", {})
    privacy.check_keys({"min_cell", "key_env"})
    min_cell = privacy.get("min_cell", int, 10)
    if min_cell < 1:   # 0 turned suppression off without a word, and the page spoke of "fewer than 0 answers"
        raise ConfigError(f"{privacy.where('min_cell')}: must be 1 or more, got {min_cell}: the fewest respondents "
                          "a published number may rest on (1 publishes every number; 5 to 10 is usual).")
    key_env = privacy.get("key_env", str, "SURVEYKIT_KEY")
    if not re.fullmatch(r"SURVEYKIT_[A-Z0-9_]{1,64}", key_env):
        # another variable (HOME, PATH, ...) would make a key anyone can guess
        raise ConfigError(f"{privacy.where('key_env')}: {short(key_env)} is not allowed: the key's variable must be "
                          "named SURVEYKIT_<NAME> (e.g. SURVEYKIT_KEY), so that no ordinary variable, which anyone "
                          "could guess, becomes the pseudonymisation key.")
    waves = _waves(root, node)
    return StudyConfig(
        root=root,
        name=study.get("name", str, root.name),
        synthetic=study.get("synthetic", bool, False),
        language=language,
        source=text_map(study.get("source", (str, dict), ""), study.where("source")),
        waves=waves,
        screening=_screening(node.child("screening", {}), [w.id for w in waves]),
        weighting=_weighting(root, node.child("weighting", {})),
        min_cell=min_cell,
        key_env=key_env,
        file=file,
        limits=bounds,
        sites=parse_site_config(node.get("sites", dict, {}), file, [w.id for w in waves]),
    )
