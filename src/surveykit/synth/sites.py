"""Sites of the synthetic study: the site table (package data) and how respondents pick one.

The real study has 9 sites. For benchmarks, :func:`site_layout` splits each of them into
branches (``askim_01``, ``askim_02``, …) that inherit the parent's municipality, co-location
and validity periods and share its share of respondents evenly, so the planted population
truth is unchanged. The module-level :data:`SITE_SHARES`, :func:`sites_at` and
:func:`switched_sites` describe the default 9-site layout.

Example:
    >>> sites_at("2").loc["mjondalen", "co_located"]
    np.True_
    >>> switched_sites()
    ['mjondalen', 'svelvik']
    >>> layout = site_layout(20)
    >>> len(layout.site_ids), layout.switched()[:3]
    (20, ['mjondalen_01', 'mjondalen_02', 'svelvik_01'])
    >>> layout.table.loc[layout.table["site_id"] == "askim_02", "label"].tolist()
    ['Askim innbyggertorg og bibliotek, filial 2']
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

__all__ = [
    "FIELD_DATES",
    "MUNICIPALITIES",
    "SITE_SHARES",
    "WAVES",
    "SiteLayout",
    "site_layout",
    "site_table",
    "sites_at",
    "spss_label",
    "switched_sites",
]

WAVES: tuple[str, ...] = ("1", "2")
FIELD_DATES: dict[str, str] = {"1": "2022-01-15", "2": "2023-01-20"}
MUNICIPALITIES: tuple[str, ...] = ("Drammen", "Indre Østfold")

# Synthetic: share of each municipality's adults (20+) whose most-used (or local) site it is.
SITE_SHARES: dict[str, dict[str, float]] = {
    "Drammen": {"drammensbiblioteket": 0.40, "fjell": 0.15, "mjondalen": 0.25, "svelvik": 0.20},
    "Indre Østfold": {"askim": 0.30, "mysen": 0.28, "skjonhaug": 0.12, "spydeberg": 0.16, "tomter": 0.14},
}


@cache
def site_table() -> pd.DataFrame:
    """The study's ``config/sites.csv`` (one row per site and period), as strings."""
    path = resources.files("surveykit.synth") / "study" / "sites.csv"
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@dataclass(frozen=True, eq=False)
class SiteLayout:
    """The sites of one synthetic study: the site table, each site's share and its real parent.

    ``table`` is ``config/sites.csv`` (strings, one row per site and period); ``shares`` maps
    municipality -> site_id -> share of its adults; ``parent`` maps site_id -> one of the 9 real
    sites (itself in the default layout). Build it with :func:`site_layout`; do not mutate it.
    """

    table: pd.DataFrame
    shares: dict[str, dict[str, float]]
    parent: dict[str, str]

    @property
    def site_ids(self) -> list[str]:
        """All site ids, municipality by municipality, in table order."""
        return [s for shares in self.shares.values() for s in shares]

    def at(self, wave: str) -> pd.DataFrame:
        """Site rows in force at the wave's field date, indexed by site_id (``co_located`` bool)."""
        t = self.table
        day = FIELD_DATES[wave]
        ok = ((t["valid_from"] == "") | (t["valid_from"] <= day)) & ((t["valid_to"] == "") | (t["valid_to"] >= day))
        out = t[ok].set_index("site_id")
        return out.assign(co_located=out["co_located"].eq("true"))

    def switched(self) -> list[str]:
        """Sites separate in wave 1 and co-located in wave 2 (the difference-in-differences group)."""
        w1, w2 = self.at(WAVES[0])["co_located"], self.at(WAVES[1])["co_located"]
        return sorted(w1.index[~w1 & w2.reindex(w1.index)])

    def main_site(self, parent: str) -> str:
        """The site carrying ``parent``'s own label and aliases (its first branch, or itself)."""
        return next(s for s, p in self.parent.items() if p == parent)


def spss_label(parent: str, label: str, aliases: str) -> str:
    """A site's text in the wave-2 SPSS value labels: its first alias (Drammensbiblioteket: its label)."""
    return label if parent == "drammensbiblioteket" else aliases.split("|")[0]


def _branch_counts(n_sites: int, parents: list[str]) -> dict[str, int]:
    """Branches per parent, as even as possible; the first parents (table order) get the remainder."""
    base, extra = divmod(n_sites, len(parents))
    return {p: base + (i < extra) for i, p in enumerate(parents)}


def site_layout(n_sites: int | None = None) -> SiteLayout:
    """The 9 real sites (``None`` or 9), or each split into branches so there are ``n_sites``.

    Branch ``k`` of a parent is ``<parent>_<k:02d>``: branch 1 keeps the parent's label and
    aliases (including its numeric code 1..9), branches 2.. are labelled ``"<label>, filial k"``
    with the numeric codes 10, 11, … in table order. A parent with one branch keeps its id.

    Example:
        >>> site_layout(None) is site_layout(9)
        True
        >>> site_layout(12).shares["Drammen"]["fjell_02"], site_layout(12).shares["Indre Østfold"]["askim"]
        (0.075, 0.3)
    """
    n_real = site_table()["site_id"].nunique()
    if n_sites is None:
        return _layout(n_real)
    try:
        n = operator.index(n_sites)
    except TypeError:
        n = -1
    if isinstance(n_sites, bool) or n < n_real:
        raise ValueError(f"sites={n_sites!r}: give a whole number of sites, at least {n_real} "
                         "(the real sites), or None for the real sites.")
    return _layout(n)


@cache
def _layout(n_sites: int) -> SiteLayout:
    table = site_table()
    parents = list(dict.fromkeys(table["site_id"]))
    if n_sites == len(parents):
        return SiteLayout(table, {m: dict(s) for m, s in SITE_SHARES.items()}, {p: p for p in parents})
    counts = _branch_counts(n_sites, parents)
    width = max(2, len(str(max(counts.values()))))
    next_code = len(parents) + 1
    codes: dict[tuple[str, int], str] = {}
    for p in parents:
        for k in range(2, counts[p] + 1):
            codes[(p, k)] = str(next_code)
            next_code += 1
    rows = []
    parent_of: dict[str, str] = {}
    for p in parents:
        own = table[table["site_id"] == p]
        labels = own["label"].tolist()
        short = spss_label(p, labels[0], own["aliases"].iloc[0])
        for k in range(1, counts[p] + 1):
            sid = p if counts[p] == 1 else f"{p}_{k:0{width}d}"
            parent_of[sid] = p
            for row in own.to_dict("records"):
                if k > 1:
                    others = [f"{lab}, filial {k}" for lab in labels if lab != row["label"]]
                    alias = [f"{short}, filial {k}", *others, codes[(p, k)]]
                    row["label"] = f"{row['label']}, filial {k}"
                    row["aliases"] = "|".join(dict.fromkeys(a for a in alias if a != row["label"]))
                rows.append({**row, "site_id": sid})
    out = pd.DataFrame(rows, columns=table.columns)
    shares = {m: {s: share / counts[p] for p, share in sh.items()
                  for s in parent_of if parent_of[s] == p} for m, sh in SITE_SHARES.items()}
    return SiteLayout(out, shares, parent_of)


def sites_at(wave: str, layout: SiteLayout | None = None) -> pd.DataFrame:
    """Site rows in force at the wave's field date, indexed by site_id (``co_located`` bool)."""
    return (layout or site_layout()).at(wave)


def switched_sites(layout: SiteLayout | None = None) -> list[str]:
    """Sites separate in wave 1 and co-located in wave 2 (the difference-in-differences group)."""
    return (layout or site_layout()).switched()
