"""The site table and what a study makes of it: attributes per period, and derived groupings.

``config/sites.csv`` has one row per site and period (``site_id``, ``label``, optional
``kind``, ``aliases``, ``valid_from``, ``valid_to``); every other column is a *site
attribute* (e.g. ``municipality``), added to each response as it was at the wave's field
date. The ``sites:`` section of surveykit.yaml types attributes (``type: boolean``), labels
them, and derives **groupings**: a value per wave from an attribute (``when:``), or a
value per site from an attribute's values over the waves (``path:``). Nothing here knows
what the attributes mean; the study's configuration says it.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"site_id": ["a", "b"], "label": ["A", "B"], "open": ["true", "false"]})
    >>> cfg = parse_site_config({"columns": {"open": {"type": "boolean"}},
    ...     "groupings": {"kind_now": {"from": "open", "levels": {
    ...         "opened": {"when": True}, "closed": {"when": False}}}}}, "surveykit.yaml", ["1"])
    >>> sites = site_table(raw, cfg)
    >>> sites.at("2023-01-01")["kind_now"].tolist()
    ['opened', 'closed']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.config._table import read_table
from surveykit.config.codebook import normalise_label
from surveykit.config.yamlfile import Node, pick_text, short, text_map
from surveykit.errors import ConfigError

__all__ = [
    "RESERVED",
    "GroupLevel",
    "Grouping",
    "SiteColumn",
    "SiteConfig",
    "SiteTable",
    "load_sites",
    "parse_site_config",
    "site_table",
]

RESERVED = ("site_id", "label", "kind", "aliases", "valid_from", "valid_to")
_TYPES = ("text", "boolean")
_TRUTH = {"true": True, "yes": True, "ja": True, "1": True, "false": False, "no": False, "nei": False, "0": False}


@dataclass(frozen=True)
class SiteColumn:
    """A site attribute: a column of sites.csv, its type and its label."""

    name: str
    type: str = "text"
    label: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupLevel:
    """One value of a grouping: ``when`` the source has one of these values (at a wave), or
    ``path``: the source's value at each wave, in wave order."""

    value: str
    label: dict[str, str]
    when: tuple[Any, ...] = ()
    path: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Grouping:
    """A grouping derived from a site attribute (or an earlier grouping)."""

    name: str
    source: str
    levels: tuple[GroupLevel, ...]
    label: dict[str, str] = field(default_factory=dict)

    @property
    def over_waves(self) -> bool:
        """True when the levels are paths over the waves (one value per site)."""
        return bool(self.levels) and bool(self.levels[0].path)

    def values(self) -> list[str]:
        return [lv.value for lv in self.levels]


@dataclass(frozen=True)
class SiteConfig:
    """The ``sites:`` section of surveykit.yaml."""

    columns: tuple[SiteColumn, ...] = ()
    groupings: tuple[Grouping, ...] = ()
    file: str = "surveykit.yaml"

    def column(self, name: str) -> SiteColumn | None:
        return next((c for c in self.columns if c.name == name), None)

    def names(self, language: str) -> dict[str, str]:
        """Column name -> its label in ``language`` (labelled attributes and groupings)."""
        out = {c.name: pick_text(c.label, language) for c in self.columns if c.label}
        out.update({g.name: pick_text(g.label, language) for g in self.groupings if g.label})
        return out

    def values(self, language: str) -> dict[str, dict[Any, str]]:
        """Grouping -> {value: its label in ``language``}."""
        return {g.name: {lv.value: pick_text(lv.label, language, lv.value) for lv in g.levels if lv.label}
                for g in self.groupings}


def _when(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def parse_site_config(value: dict | None, file: str | Path, waves: Sequence[str]) -> SiteConfig:
    """The ``sites:`` section of surveykit.yaml (``waves``: the study's wave ids, in order)."""
    node = Node(value or {}, file, "sites")
    node.check_keys({"columns", "groupings"})
    columns = []
    for name, spec in node.get("columns", dict, {}).items():
        col = Node(spec or {}, file, f"sites.columns.{name}")
        col.check_keys({"type", "label"})
        kind = col.get("type", str, "text")
        if kind not in _TYPES:
            raise ConfigError(f"{col.where('type')}: unknown type {kind!r}. Allowed: {', '.join(_TYPES)}.")
        columns.append(SiteColumn(str(name), kind, text_map(col.get("label", (str, dict), {}) or {}, col.where("label"))
                                  if col.value.get("label") else {}))
    groupings = []
    for name, spec in node.get("groupings", dict, {}).items():
        g = Node(spec or {}, file, f"sites.groupings.{name}")
        g.check_keys({"from", "label", "levels"})
        source = str(g.get("from", str))
        levels = []
        for value, lspec in g.get("levels", dict).items():
            lv = Node(lspec or {}, file, f"sites.groupings.{name}.levels.{value}")
            lv.check_keys({"when", "path", "label"})
            if ("when" in lv.value) == ("path" in lv.value):
                raise ConfigError(f"{lv.where()}: give either `when` (the value(s) of `{source}` at a wave) or "
                                  f"`path` (its value at each wave: {len(waves)} value(s), waves {list(waves)}).")
            path = tuple(lv.get("path", list, []))
            if "path" in lv.value and len(path) != len(waves):
                raise ConfigError(f"{lv.where('path')}: gives {len(path)} value(s) but the study has {len(waves)} "
                                  f"wave(s) {list(waves)}. Give one value of `{source}` per wave, in wave order.")
            label = text_map(lv.value["label"], lv.where("label")) if lv.value.get("label") is not None else {}
            levels.append(GroupLevel(str(value), label, _when(lv.value["when"]) if "when" in lv.value else (), path))
        if not levels:
            raise ConfigError(f"{g.where('levels')}: list at least one level.")
        if len({bool(lv.path) for lv in levels}) > 1:
            raise ConfigError(f"{g.where('levels')}: use `when` for every level or `path` for every level, not both.")
        label = text_map(g.value["label"], g.where("label")) if g.value.get("label") is not None else {}
        groupings.append(Grouping(str(name), source, tuple(levels), label))
    return SiteConfig(tuple(columns), tuple(groupings), str(file))


@dataclass(frozen=True)
class SiteTable:
    """Sites with one row per site and period (``valid_from``/``valid_to`` inclusive, NaT = open)."""

    table: pd.DataFrame
    file: str = "config/sites.csv"
    config: SiteConfig = field(default_factory=SiteConfig)

    @property
    def attributes(self) -> list[str]:
        """The attribute columns, in file order."""
        return [c for c in self.table.columns if c not in RESERVED]

    def column_type(self, name: str) -> str:
        spec = self.config.column(name)
        return spec.type if spec else "text"

    def at(self, date: str | pd.Timestamp | dt.date) -> pd.DataFrame:
        """The site rows in force at ``date``, indexed by site_id (one per site), with the
        groupings that are defined per wave."""
        day = pd.Timestamp(date)
        t = self.table
        valid = (t["valid_from"].isna() | (t["valid_from"] <= day)) & (t["valid_to"].isna() | (t["valid_to"] >= day))
        rows = t[valid]
        dup = rows["site_id"][rows["site_id"].duplicated()]
        if len(dup):
            raise ConfigError(
                f"{self.file}: site(s) {sorted(set(dup))} have overlapping periods at {day.date()}. "
                "Make valid_from/valid_to of each site's rows not overlap."
            )
        rows = rows.set_index("site_id")
        for g in self.config.groupings:
            if not g.over_waves:
                rows[g.name] = self._derive(g, rows)
        return rows

    def _source(self, g: Grouping, rows: pd.DataFrame) -> pd.Series:
        if g.source not in rows:
            known = [*self.attributes, *(x.name for x in self.config.groupings)]
            raise ConfigError(f"{self.config.file}: `sites.groupings.{g.name}.from` names {g.source!r}, which is "
                              f"neither a column of {self.file} nor an earlier grouping. Use one of {known}.")
        return rows[g.source]

    def _derive(self, g: Grouping, rows: pd.DataFrame) -> pd.Series:
        source = self._source(g, rows)
        boolean = source.dtype == bool
        out = pd.Series(pd.NA, index=rows.index, dtype=object)
        for level in g.levels:
            wanted = list(level.when) if boolean else [str(v) for v in level.when]
            if boolean and not all(isinstance(v, bool) for v in wanted):
                raise ConfigError(f"{self.config.file}: `sites.groupings.{g.name}.levels.{level.value}.when` gives "
                                  f"{list(level.when)}, but {g.source!r} is true/false. Write `when: true` or "
                                  "`when: false`.")
            values = source if boolean else source.astype(str)
            out[values.isin(wanted).to_numpy() & out.isna().to_numpy()] = level.value
        unmatched = out.isna() & source.notna() & source.astype(str).ne("")
        if unmatched.any():
            site = unmatched.idxmax()
            value = source[site].item() if hasattr(source[site], "item") else source[site]
            raise ConfigError(
                f"{self.config.file}: site {site!r} has {g.source} = {value!r} ({self.file}), which no level "
                f"of grouping `sites.groupings.{g.name}` names in its `when`. Add it to a level's `when`.")
        return out

    def paths(self, dates: Sequence[Any]) -> dict[str, pd.Series]:
        """Per grouping over the waves: site_id -> its level, from the source at each date in
        turn (missing where no level's path matches)."""
        out: dict[str, pd.Series] = {}
        over = [g for g in self.config.groupings if g.over_waves]
        if not over:
            return out
        frames = [self.at(d) for d in dates]
        for g in over:
            status = pd.DataFrame({i: self._source(g, f) for i, f in enumerate(frames)})
            path = pd.Series(pd.NA, index=status.index, dtype=object)
            for level in g.levels:
                hit = pd.Series(True, index=status.index)
                for i, value in enumerate(level.path):
                    hit &= status[i].eq(value).fillna(False).astype(bool)
                path[hit.to_numpy() & path.isna().to_numpy()] = level.value
            out[g.name] = path
        return out

    def alias_map(self) -> dict[str, str]:
        """Normalised site id, label or alias -> site_id."""
        out: dict[str, str] = {}
        for row in self.table.itertuples(index=False):
            keys = [row.site_id, row.label, *[a for a in str(row.aliases).split("|") if a]]
            for key in keys:
                out[normalise_label(key)] = row.site_id
        return out


def site_table(table: pd.DataFrame, config: SiteConfig | None = None, path: str | Path = "config/sites.csv") -> SiteTable:
    """Validate a raw site table (all columns text) against ``config`` and type its columns."""
    config = config or SiteConfig()
    table = table.copy()
    required = ["site_id", "label"]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ConfigError(
            f"{path}: missing column(s) {missing}. Found {list(table.columns)}; required {required}, optional "
            f"{list(RESERVED[2:])}, and any attribute columns (e.g. municipality)."
        )
    declared = [c.name for c in config.columns if c.name not in table.columns]
    if declared:
        raise ConfigError(f"{config.file}: `sites.columns` declares {declared}, which {path} lacks (its columns: "
                          f"{list(table.columns)}). Add the column(s) to {path} or remove them from `sites.columns`.")
    for col in RESERVED[2:]:
        if col not in table:
            table[col] = ""
    for spec in config.columns:
        if spec.type != "boolean":
            continue
        flags = table[spec.name].str.strip().str.lower()
        bad = table.loc[~flags.isin(list(_TRUTH)), spec.name]
        if len(bad):
            row = int(bad.index[0]) + 2
            raise ConfigError(f"{path}, row {row}, column \"{spec.name}\": {bad.iloc[0]!r} is not true/false. "
                              "Write true or false.")
        table[spec.name] = flags.map(_TRUTH).astype(bool)
    for col in ("valid_from", "valid_to"):
        parsed = pd.to_datetime(table[col].replace("", None), format="ISO8601", errors="coerce")
        bad = table[col].ne("") & parsed.isna()
        if bad.any():
            row = int(bad.idxmax()) + 2
            raise ConfigError(f"{path}, row {row}, column \"{col}\": {table.at[bad.idxmax(), col]!r} is not a date. Use YYYY-MM-DD.")
        table[col] = parsed
    empty_id = table["site_id"].str.strip().eq("")
    if empty_id.any():
        raise ConfigError(f"{path}, row {int(empty_id.idxmax()) + 2}: empty site_id. Give every row a site_id.")
    sites = SiteTable(table.reset_index(drop=True), str(path), config)
    _one_site_per_name(sites.table, path)
    names = set(sites.attributes)
    for g in config.groupings:
        if g.source not in names:
            raise ConfigError(f"{config.file}: `sites.groupings.{g.name}.from` names {g.source!r}, which is neither "
                              f"a column of {path} nor an earlier grouping. Use one of {sorted(names)}.")
        if g.name in names:
            raise ConfigError(f"{config.file}: grouping {g.name!r} has the name of a column of {path}. Rename one.")
        names.add(g.name)
    return sites


def _one_site_per_name(table: pd.DataFrame, path: str | Path) -> None:
    """Every site id, label and alias names one site, compared as answers are matched to them
    (:func:`~surveykit.config.codebook.normalise_label`: case and white space aside): a label
    that is also another site's alias would count every answer of one site as the other's.
    The rows of one site (its periods) may repeat its names."""
    seen: dict[str, tuple[str, int, str, str]] = {}   # name -> (site_id, row, what, as written)
    for i, row in enumerate(table.itertuples(index=False)):
        line = i + 2   # the header is row 1
        names = [("site_id", row.site_id), ("label", row.label),
                 *(("alias", a) for a in str(row.aliases).split("|") if a.strip())]
        for what, name in names:
            key = normalise_label(name)
            if not key:
                continue
            other = seen.setdefault(key, (str(row.site_id), line, what, str(name)))
            if other[0] != str(row.site_id):
                article = {"alias": "an alias"}
                written = f", written {short(str(name))}" if str(name).strip() != other[3].strip() else ""
                raise ConfigError(
                    f"{path}, rows {other[1]} and {line}: {short(other[3].strip())} is {article.get(other[2], 'the ' + other[2])} "
                    f"of site {other[0]!r} (row {other[1]}) and {article.get(what, 'the ' + what)} of site "
                    f"{str(row.site_id)!r} (row {line}{written}). A site id, label or alias must name one site "
                    "(compared without regard to case and spaces, as answers are matched), or every answer naming "
                    "it is counted as one of the two sites. Remove it from the `aliases` of the site it does not "
                    "name, or give the two sites different labels.")


def load_sites(path: str | Path, config: SiteConfig | None = None) -> SiteTable:
    """Load and validate ``config/sites.csv`` against the study's ``sites:`` configuration."""
    path = Path(path)
    table = read_table(path, f"file not found. Create it with columns site_id, label and, optionally, "
                             f"{', '.join(RESERVED[2:])} and attribute columns (e.g. municipality).")
    return site_table(table, config, path)
