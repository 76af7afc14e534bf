"""Answer scales pooled across questions and waves (one `agree5` for all items with the same levels)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from surveykit.scaffold.lexicon import (
    _LEADING_NUMBER,
    _NONSUB_KIND,
    _YES_NO,
    _fold,
    _known_scale,
    _natural_key,
    _nonsub_kind,
    _number,
    _rank,
)


def _present(values: pd.Series) -> pd.Series:
    present = values.dropna()
    if present.dtype == object or pd.api.types.is_string_dtype(present):
        present = present[present.astype(str).str.strip() != ""]
    return present


class _Pool:
    """A scale being drafted: levels (rank -> labels, code), non-substantive answers, usage."""

    def __init__(self, family: str | None, ordered: bool, fixed_codes: bool):
        self.family = family            # "agree", "satisfied", ... ; "ordinal" (numbers); None (unordered)
        self.ordered = ordered
        self.fixed_codes = fixed_codes  # codes come from the file (SPSS value labels etc.)
        self.levels: dict[Any, dict[str, Any]] = {}   # key (rank or label) -> {"code", "labels"}
        self.nonsub: dict[str, dict[str, Any]] = {}   # kind -> {"code", "labels"}
        self.users: list[str] = []
        self.notes: list[str] = []
        self.name = ""

    def order(self) -> list:
        if self.ordered:
            return sorted(self.levels)
        if self.fixed_codes:
            return sorted(self.levels, key=lambda k: (self.levels[k]["code"] is None, self.levels[k]["code"] or 0))
        return list(self.levels)

    def add_nonsub(self, label: str, code: Any = None) -> None:
        kind = _nonsub_kind(label)
        entry = self.nonsub.setdefault(kind, {"code": code, "labels": []})
        if entry["code"] is None:
            entry["code"] = code
        if _fold(label) not in {_fold(x) for x in entry["labels"]}:
            entry["labels"].append(label)

    def absorb(self, other: _Pool) -> None:
        for key, lv in other.levels.items():
            mine = self.levels.setdefault(key, {"code": lv["code"], "labels": []})
            if mine["code"] is None and other.fixed_codes:
                mine["code"] = lv["code"]
            for lab in lv["labels"]:
                if _fold(lab) not in {_fold(x) for x in mine["labels"]}:
                    mine["labels"].append(lab)
        for entry in other.nonsub.values():
            for lab in entry["labels"]:
                self.add_nonsub(lab, entry["code"])
        self.notes += [n for n in other.notes if n not in self.notes]
        self.fixed_codes = self.fixed_codes or other.fixed_codes

    def compatible(self, other: _Pool) -> bool:
        if self.family != other.family or self.ordered != other.ordered:
            return False
        if self.ordered:
            mine, theirs = set(self.levels), set(other.levels)
            small, big = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
            if not small <= big or (0 in big) != (0 in small):
                return False
        else:
            mine = {_fold(x) for lv in self.levels.values() for x in lv["labels"]}
            theirs = {_fold(x) for lv in other.levels.values() for x in lv["labels"]}
            first = {_fold(lv["labels"][0]) for lv in self.levels.values()}
            other_first = {_fold(lv["labels"][0]) for lv in other.levels.values()}
            if not (len(theirs) >= 2 and (other_first <= mine or first <= theirs)):
                return False
        if self.fixed_codes and other.fixed_codes:
            for key in set(self.levels) & set(other.levels):
                if self.levels[key]["code"] != other.levels[key]["code"]:
                    return False
        return True

    def finish(self) -> None:
        """Codes for levels given as text (1..n low -> high) and for non-substantive answers (9, 99, 98, ...)."""
        if not self.fixed_codes:
            for i, key in enumerate(self.order(), start=1):
                self.levels[key]["code"] = i
        else:  # codes from the file stay; labels seen only as text get the next free codes
            taken = [lv["code"] for lv in self.levels.values() if lv["code"] is not None]
            nxt = int(max(taken, default=0)) + 1
            for key in list(self.levels):
                if self.levels[key]["code"] is None:
                    self.levels[key]["code"], nxt = nxt, nxt + 1
                    self.notes.append(f"{self.levels[key]['labels'][0]!r} has no code in the file: "
                                      "check that it is not another spelling of a coded level")
        taken = {lv["code"] for lv in self.levels.values()}
        spare = iter(c for c in (9, 99, 98, 97, 96, 95, 999) if c not in taken)
        for kind in sorted(self.nonsub, key=lambda k: [x for x, _ in _NONSUB_KIND].index(k)
                           if k != "other" else 9):
            entry = self.nonsub[kind]
            if entry["code"] is None or entry["code"] in taken:
                entry["code"] = next(spare)
            taken.add(entry["code"])

    def n(self) -> int:
        return len(self.levels)

    def top_box(self) -> list:
        if not self.ordered or self.family == "ordinal" or self.n() < 3:
            return []
        codes = [self.levels[k]["code"] for k in self.order()]
        return codes[-2:] if self.n() >= 4 else codes[-1:]

    def is_likert(self) -> bool:
        return self.ordered and self.family not in (None, "ordinal") and self.n() >= 3


def _pool_from_labels(labels: list[str], codes: list[Any] | None = None,
                      nonsub: list[tuple[Any, str]] = ()) -> _Pool:
    """A scale from substantive answer labels (in code order when ``codes`` are given)."""
    fixed = codes is not None
    known = _known_scale(labels)
    ranks = {lab: _rank(lab) for lab in labels}
    families = {f for f, _ in ranks.values()}
    pool: _Pool
    if known and len(labels) >= 2:
        name, order = known
        pool = _Pool(name.split("_")[0].rstrip("0123456789b"), True, fixed)
        mid = (len(order) - 1) / 2
        for i, lab in enumerate(labels):
            key = order.index(_fold(lab)) - mid
            pool.levels.setdefault(key, {"code": codes[i] if fixed else None, "labels": []})["labels"].append(lab)
    elif fixed and len(labels) >= 3 and _coded_scale(labels):
        # coded scale with labelled ends ("I liten grad", 2, 3, "I stor grad"): the codes give the order
        family = next(f for f, _ in (_rank(x) for x in labels) if f)
        pool = _Pool(family, True, fixed)
        for i, lab in enumerate(labels):
            pool.levels[i - (len(labels) - 1) / 2] = {"code": codes[i], "labels": [lab]}
    elif labels and len(families) == 1 and None not in families and len({r for _, r in ranks.values()}) >= 3:
        pool = _Pool(families.pop(), True, fixed)
        for i, lab in enumerate(labels):
            key = ranks[lab][1]
            pool.levels.setdefault(key, {"code": codes[i] if fixed else None, "labels": []})["labels"].append(lab)
    elif len(labels) >= 3 and all(_LEADING_NUMBER.match(_fold(x)) for x in labels):
        pool = _Pool("ordinal", True, fixed)
        for lab in sorted(labels, key=_natural_key):
            code = codes[labels.index(lab)] if fixed else None
            pool.levels[_natural_key(lab)[1]] = {"code": code, "labels": [lab]}
        pool.notes.append("levels ordered by their numbers: check the order, or set `ordered: false`")
    else:
        pool = _Pool(None, False, fixed)
        order = labels if fixed else sorted(labels, key=_natural_key)
        for lab in order:
            code = codes[labels.index(lab)] if fixed else None
            # "K" / "M" next to "Kvinne" / "Mann", "Videregående" next to "Videregående skole": variants
            longer = [x for x in order if x != lab and _fold(x).startswith(_fold(lab))
                      and (len(lab) <= 2 or _fold(x)[len(_fold(lab)):].startswith(" "))]
            if not fixed and len(longer) == 1:
                continue
            pool.levels[_fold(lab)] = {"code": code, "labels": [lab]}
        for lab in order:
            if _fold(lab) in pool.levels:
                continue
            target = next(x for x in order if x != lab and _fold(x).startswith(_fold(lab)))
            pool.levels[_fold(target)]["labels"].append(lab)
            pool.notes.append(f"{lab!r} taken as another spelling of {target!r}: check")
        if {_fold(x) for x in labels} in _YES_NO:
            pool.family = None
            pool.name = "yes_no"
    for code, lab in nonsub:
        pool.add_nonsub(lab, code)
    return pool


def _coded_scale(labels: list[str]) -> bool:
    """Labels in code order whose known ranks never go back, all of one family, from low to high."""
    ranked = [(_rank(x), x) for x in labels]
    known = [(f, r) for (f, r), x in ranked if f is not None]
    others = [x for (f, _), x in ranked if f is None]
    if len(known) < 2 or len({f for f, _ in known}) != 1 or not all(re.fullmatch(r"-?\d+", x.strip()) for x in others):
        return False
    ranks = [r for _, r in known]
    return ranks[0] < ranks[-1] and all(a <= b for a, b in itertools.pairwise(ranks))


def _labelled_pool(raw, cols: list[str], labels: Mapping[Any, str]) -> _Pool:
    from surveykit.nonsubstantive import is_nonsubstantive

    missing = raw.meta.get("user_missing", {}) or {}
    user_missing = {_number(v) for c in cols for v in (missing.get(c, {}) or {}).get("values", [])}
    pairs = sorted(((_number(c), str(lab)) for c, lab in labels.items()), key=lambda kv: kv[0])
    subst = [(c, lab) for c, lab in pairs if not is_nonsubstantive(lab) and c not in user_missing]
    nonsub = [(c, lab) for c, lab in pairs if (c, lab) not in subst]
    pool = _pool_from_labels([lab for _, lab in subst], [c for c, _ in subst], nonsub)
    seen: set = set()
    for c in cols:
        values = pd.to_numeric(_present(raw.data[c]), errors="coerce").dropna()
        seen |= {_number(v) for v in values.unique()}
    unlabelled = sorted(seen - {c for c, _ in pairs})
    if unlabelled:
        for code in unlabelled:
            pool.add_nonsub(f"{code}", code)
        pool.notes.append(f"codes {unlabelled} occur in the data without a value label; they are put under "
                          "`nonsubstantive:` - move them to `levels:` if they are real answers")
    if user_missing & {c for c, _ in pairs}:
        pool.notes.append(f"codes {sorted(user_missing)} are declared missing in the SPSS file: kept as non-substantive")
    return pool


def _text_pool(values: pd.Series) -> _Pool | None:
    """A scale from the distinct texts of a column, or None when it looks like free text."""
    from surveykit.nonsubstantive import is_nonsubstantive

    present = _present(values).astype(str).str.strip()
    distinct = list(dict.fromkeys(present))
    subst = [x for x in distinct if not is_nonsubstantive(x)]
    nonsub = [(None, x) for x in distinct if is_nonsubstantive(x)]
    if not subst:
        return None
    ranked = all(_rank(x)[0] is not None for x in subst) or _known_scale(subst) is not None
    if not ranked and not (len(subst) <= 15 and len(present) >= 2 * len(distinct)):
        return None
    return _pool_from_labels(subst, None, nonsub)


def _resolve(pool: _Pool | None) -> _Pool | None:
    while pool is not None and getattr(pool, "merged_into", None) is not None:
        pool = pool.merged_into
    return pool


def _force_merge(keep: _Pool, other: _Pool) -> bool:
    """Join ``other`` into ``keep`` (same question in two waves with label variants); False when impossible."""
    keep, other = _resolve(keep), _resolve(other)
    if keep is other:
        return True
    if keep.ordered != other.ordered or (keep.ordered and keep.family != other.family):
        return False
    if keep.fixed_codes and other.fixed_codes and not keep.compatible(other):
        return False
    if keep.ordered or keep.compatible(other):
        keep.absorb(other)
    else:  # unordered, different label sets: a level per label not yet known
        known = {_fold(x): k for k, lv in keep.levels.items() for x in lv["labels"]}
        for key, lv in other.levels.items():
            hit = next((known[_fold(x)] for x in lv["labels"] if _fold(x) in known), None)
            if hit is None:
                keep.levels[key] = {"code": lv["code"] if other.fixed_codes else None, "labels": list(lv["labels"])}
            else:
                keep.levels[hit]["labels"] += [x for x in lv["labels"] if _fold(x) not in known]
        for entry in other.nonsub.values():
            for lab in entry["labels"]:
                keep.add_nonsub(lab, entry["code"])
        keep.notes.append("answer labels differ between waves: check that each level's aliases mean the same")
    keep.fixed_codes = keep.fixed_codes or other.fixed_codes
    other.merged_into = keep
    return True


class _Registry:
    """All scales of the draft, pooled: a new scale joins an existing one with the same levels."""

    def __init__(self) -> None:
        self.pools: list[_Pool] = []

    def add(self, pool: _Pool) -> _Pool:
        pool = _resolve(pool)
        if pool in self.pools:
            return pool
        for old in self.pools:
            if old.compatible(pool):
                if len(old.levels) >= len(pool.levels):
                    old.absorb(pool)
                    pool.merged_into = old
                    return old
                pool.absorb(old)
                old.merged_into = pool
                self.pools[self.pools.index(old)] = pool
                return pool
        self.pools.append(pool)
        return pool

    def live(self) -> list[_Pool]:
        out = []
        for p in self.pools:
            p = _resolve(p)
            if p not in out:
                out.append(p)
        return out
