"""surveykit.yaml: the study, its waves, screening, weighting and privacy settings.

Example:
    >>> cfg = load_config()            # finds surveykit.yaml here or in a parent  # doctest: +SKIP
    >>> [w.id for w in cfg.waves]      # doctest: +SKIP
    ['1', '2']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveykit.config.sites import SiteConfig, parse_site_config
from surveykit.config.yamlfile import Node, pick_text, read_yaml, text_map
from surveykit.errors import ConfigError

__all__ = ["CONFIG_NAME", "LANGUAGES", "StudyConfig", "WaveConfig", "find_config", "load_config"]

CONFIG_NAME = "surveykit.yaml"
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
    start: dt.date | None = None        # window: first and last day of the field period
    end: dt.date | None = None
    periods: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)  # per wave id


@dataclass(frozen=True)
class Weighting:
    method: str = "none"
    population: Path | None = None
    count: str = "population"
    strata: tuple[str, ...] = ()
    margins: tuple[tuple[str, ...], ...] = ()
    trim: tuple[float, float] | None = None


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
        return self.root / "data" / "processed"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    def source_text(self, language: str | None = None) -> str:
        """The source line of figure footers in ``language`` (default: the study's)."""
        return pick_text(self.source, language or self.language)

    def wave(self, wave_id: str) -> WaveConfig:
        for wave in self.waves:
            if wave.id == wave_id:
                return wave
        raise ConfigError(f"{self.file}: no wave {wave_id!r}; waves are {[w.id for w in self.waves]}.")


def find_config(start: str | Path | None = None) -> Path:
    """The nearest surveykit.yaml in ``start`` (default: the current folder) or its parents."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        return here
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"No {CONFIG_NAME} in {here} or its parents. Run surveykit inside a study folder, "
        "or create one with `surveykit init DIR` (or `surveykit init --example DIR` for the demo study)."
    )


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a date. Write it as YYYY-MM-DD.") from None


def _waves(root: Path, node: Node) -> tuple[WaveConfig, ...]:
    items = node.get("waves", list)
    if not items:
        raise ConfigError(f"{node.where('waves')}: list at least one wave (id, file, field_date).")
    waves = []
    for i, item in enumerate(items):
        w = Node(item, node.file, f"waves[{i}]")
        w.check_keys({"id", "label", "file", "format", "sheet", "field_date", "options"})
        wave_id = str(w.get("id", (str, int)))
        waves.append(
            WaveConfig(
                id=wave_id,
                label=text_map(w.get("label", (str, dict), wave_id), w.where("label")),
                file=root / w.get("file", str),
                field_date=_date(w.get("field_date", (str, dt.date)), w.where("field_date")),
                format=w.get("format", str, None),
                sheet=w.get("sheet", (str, int), None),
                options=w.get("options", dict, {}),
            )
        )
    ids = [w.id for w in waves]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{node.where('waves')}: wave ids must be unique, got {ids}.")
    return tuple(waves)


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


def _screening(node: Node) -> tuple[Rule, ...]:
    rules = []
    for reason in node.value:
        if reason not in {"test", "duplicate", "complete", "window"}:
            raise ConfigError(f"{node.where(reason)}: unknown screening rule. Allowed: test, duplicate, complete, window.")
        r = node.child(reason)
        if reason == "window":
            rules.append(_window(r))
            continue
        r.check_keys({"variable", "pattern", "values", "required"})
        rules.append(
            Rule(
                reason="incomplete" if reason == "complete" else reason,
                variable=r.get("variable", str, None),
                pattern=r.get("pattern", str, None),
                values=tuple(r.get("values", list, [])),
                required=tuple(r.get("required", list, [])),
            )
        )
    return tuple(rules)


def _weighting(root: Path, node: Node) -> Weighting:
    node.check_keys({"method", "population", "count", "strata", "margins", "trim"})
    method = node.get("method", str, "none")
    if method not in {"rake", "poststratify", "none"}:
        raise ConfigError(f"{node.where('method')}: {method!r} is not a weighting method. Use rake, poststratify or none.")
    margins = tuple(tuple(m) if isinstance(m, list) else (m,) for m in node.get("margins", list, []))
    if method != "none" and not margins:
        raise ConfigError(f"{node.where('margins')}: weighting by {method} needs margins, e.g. [[gender], [age_group]].")
    population = node.get("population", str, None)
    if method != "none" and population is None:
        raise ConfigError(f"{node.where('population')}: weighting by {method} needs the population file.")
    trim = node.get("trim", list, None)
    return Weighting(
        method=method,
        population=root / population if population else None,
        count=node.get("count", str, "population"),
        strata=tuple(node.get("strata", list, [])),
        margins=margins,
        trim=(float(trim[0]), float(trim[1])) if trim else None,
    )


def load_config(path: str | Path | None = None) -> StudyConfig:
    """Load surveykit.yaml (found from ``path`` or the current folder) into a frozen StudyConfig."""
    file = find_config(path)
    root = file.parent
    node = Node(read_yaml(file) or {}, file)
    node.check_keys({"study", "waves", "screening", "weighting", "privacy", "sites"})
    study = node.child("study", {})
    study.check_keys({"name", "synthetic", "language", "source"})
    language = study.get("language", str, "nb")
    if language not in LANGUAGES:
        raise ConfigError(f"{study.where('language')}: {language!r} is not supported. Use one of {', '.join(LANGUAGES)}.")
    privacy = node.child("privacy", {})
    privacy.check_keys({"min_cell", "key_env"})
    min_cell = privacy.get("min_cell", int, 10)
    if min_cell < 0:
        raise ConfigError(f"{privacy.where('min_cell')}: must be 0 or more, got {min_cell}.")
    waves = _waves(root, node)
    return StudyConfig(
        root=root,
        name=study.get("name", str, root.name),
        synthetic=study.get("synthetic", bool, False),
        language=language,
        source=text_map(study.get("source", (str, dict), ""), study.where("source")),
        waves=waves,
        screening=_screening(node.child("screening", {})),
        weighting=_weighting(root, node.child("weighting", {})),
        min_cell=min_cell,
        key_env=privacy.get("key_env", str, "SURVEYKIT_KEY"),
        file=file,
        sites=parse_site_config(node.get("sites", dict, {}), file, [w.id for w in waves]),
    )
