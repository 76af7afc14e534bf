"""The disclosure gate: every number one build publishes passes here, once, before anything is
drawn or written (figures, CSV tables, the workbook, the page).

``protect(results, data, min_cell, fixed=...)`` takes the result values of all figures and
tables of a build (frozen dataclasses whose numbers live in DataFrames: fields, or inside
nested dataclasses, tuples, lists and dicts; or DataFrames)
and returns them with the small-cell rule applied to every frame, the same cell hidden the
same way everywhere. The rule (docs/privacy.md):

1. **Primary suppression**: a row its estimator marked ``suppressed``, or resting on fewer
   than ``min_cell`` respondents (``0 < n < min_cell``), is hidden. A row resting on no
   respondent (``n == 0``: a question not asked in a wave) is no hidden cell, flagged or not:
   it reveals nothing and makes no other cell a complement.
2. **One cell, one fate**: the rows of one item in one group (its answer levels, its
   don't-know share, the sources of a composition cell) are shown or hidden together, and a
   group × item hidden in one table is hidden in every table of the build. A group is named
   by the values of a table's grouping columns: the frame's columns that are columns of
   ``data``; an empty (NA) value is the total over that column.
3. **Complementary suppression**: in every additive relation the build publishes (a cell,
   the *total*, and the cells of a finer grouping nested in it, the *parts*, for the same
   item; nesting is read from ``data``: site within site type and wave, group within wave,
   everything within the overall n of the footer) the hidden parts are none, or at least two
   that rest on at least ``min_cell`` respondents together. Otherwise the smallest shown part
   (fewest respondents in its group, then smallest n, then first by its values) is hidden
   too, and the total when no part is left to hide; a hidden total whose parts are all shown
   loses its smallest part. A group that no table names but that a total minus its published
   parts isolates counts as a hidden part resting on its respondents. Respondent counts are
   an item of their own (every row's degrees of freedom give its group's size away), so a
   group hidden in every row is a hidden part of the relations between group sizes.
   Repeated until nothing changes.
4. **Contrasts** (rows of a frame with a ``contrast`` column and an estimate: a change, a
   difference in differences) are hidden when a row of the same result they compare (same
   item, groups within the contrast's group) is hidden. A test of a whole table (no estimate,
   a statistic and p-value over all its groups) stays; its n, the sum of the compared cells'
   n, is a total of their item.
5. **The exact check**: per item, no hidden cell with respondents may be a linear
   combination of shown cells (tables that cross each other, such as sites by type and by
   municipality, combine into subtractions no single relation shows); where one is, the
   smallest shown cell the combination needs is hidden, and 3-5 run again.
6. A hidden row keeps its labels and ``suppressed=True``; every number of it (estimate,
   interval, ``n``, ``df``, shares ...) is emptied.

Call it once per build with everything the build publishes: two calls decide apart, and a
complement hidden by one could be shown by the other.

``fixed`` holds numbers published as they are, which the gate cannot hide but must count with
(the overall n in figure footers, the n per wave of the method notes); so does any frame
without a ``suppressed`` column. Rows without an ``n`` (e.g. population shares) rest on no
respondents and are never hidden.

Example:
    >>> data = pd.DataFrame({"site": list("aaaaaabbbbbbbbcc"), "kind": ["x"] * 14 + ["y"] * 2})
    >>> by_site = pd.DataFrame({"site": ["a", "b", "c"], "variable": "q", "estimate": [3.0, 4.0, 2.0],
    ...                         "n": [6, 8, 2], "suppressed": [False, False, True]})
    >>> total = pd.DataFrame({"variable": ["q"], "estimate": [3.3], "n": [16], "suppressed": [False]})
    >>> out = protect({"sites": by_site, "all": total}, data, min_cell=5)
    >>> out["sites"]["suppressed"].tolist()     # c is hidden; a (the smallest other) too
    [True, False, True]
    >>> out["sites"]["n"].isna().tolist()
    [True, False, True]
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import numpy as np
import pandas as pd

from surveykit.estimate.schema import CONTRAST_COLUMNS, RESULT_COLUMNS

__all__ = ["blank", "map_frames", "protect", "published_frames"]

_LABELS = {*RESULT_COLUMNS, *CONTRAST_COLUMNS, "outcome", "source"}  # never grouping columns
_RESPONDENTS = ("", "respondents")  # the measure of a group's size

Group = tuple[tuple[str, str], ...]   # ((column, value), ...) sorted by column


def _norm(value: Any) -> str | None:
    """A grouping value as text (None for NA), equal however a table typed it."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


Path = tuple[Any, ...]   # where a frame sits in a result value: field names, tuple indices, dict keys


def published_frames(result: Any) -> dict[str, pd.DataFrame]:
    """Every DataFrame a result value holds, by where it sits ("parts/estimates",
    "frames/0/1"; ``{"": frame}`` for a DataFrame): fields of (nested) dataclasses, items of
    tuples, lists and dicts.

    Example:
        >>> f = pd.DataFrame({"n": [1]})
        >>> list(published_frames({"a": f, "b": (1, f)}))
        ['a', 'b/1']
    """
    if not (isinstance(result, pd.DataFrame | dict) or dataclasses.is_dataclass(result)) or isinstance(result, type):
        raise TypeError(f"the disclosure gate protects result values (dataclasses holding DataFrames) and DataFrames; "
                        f"got {type(result).__name__}")
    return {"/".join(map(str, path)): frame for path, frame in _walk(result, ())}


def map_frames(result: Any, fn: Callable[[pd.DataFrame], pd.DataFrame]) -> Any:
    """``result`` (a result value, or a DataFrame) with ``fn`` applied to every DataFrame it
    holds; the same type back, untouched parts the same objects.

    Example:
        >>> map_frames({"a": pd.DataFrame({"n": [1]})}, lambda f: f.assign(n=2))["a"]["n"].tolist()
        [2]
    """
    new = {}
    for path, frame in _walk(result, ()):
        out = fn(frame)
        if out is not frame:
            new[path] = out
    return _replaced(result, new, ()) if new else result


def _walk(value: Any, path: Path) -> list[tuple[Path, pd.DataFrame]]:
    if isinstance(value, pd.DataFrame):
        return [(path, value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [x for f in dataclasses.fields(value) for x in _walk(getattr(value, f.name), (*path, f.name))]
    if isinstance(value, tuple | list):
        return [x for i, v in enumerate(value) for x in _walk(v, (*path, i))]
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in _walk(v, (*path, k))]
    return []


def _replaced(value: Any, new: Mapping[Path, pd.DataFrame], path: Path) -> Any:
    """``value`` with the frames at the paths of ``new`` replaced (containers rebuilt, frozen
    dataclasses through ``dataclasses.replace``); untouched parts are the same objects."""
    if path in new:
        return new[path]
    if not any(p[:len(path)] == path for p in new):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _replaced(getattr(value, f.name), new, (*path, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **{k: v for k, v in changes.items() if v is not getattr(value, k)})
    if isinstance(value, tuple | list):
        return type(value)(_replaced(v, new, (*path, i)) for i, v in enumerate(value))
    if isinstance(value, dict):
        return {k: _replaced(v, new, (*path, k)) for k, v in value.items()}
    return value


def blank(frame: pd.DataFrame, grouping: Iterable[str] = ()) -> pd.DataFrame:
    """``frame`` with every number of its ``suppressed`` rows emptied (labels and ``grouping``
    columns kept); ``n`` becomes a nullable integer. Idempotent.

    Example:
        >>> f = pd.DataFrame({"g": ["a", "b"], "estimate": [1.5, 2.0], "n": [3, 9], "suppressed": [True, False]})
        >>> blank(f, ["g"])["n"].tolist()
        [<NA>, 9]
    """
    if "suppressed" not in frame:
        return frame
    out = frame.copy()
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    rows = out["suppressed"].to_numpy()
    if not rows.any():
        return out
    keep = set(grouping) | {"suppressed"}
    for col in out.columns:
        if col in keep or pd.api.types.is_bool_dtype(out[col]) or not pd.api.types.is_numeric_dtype(out[col]):
            continue
        if col == "n" or pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].astype("Int64")
            out.loc[rows, col] = pd.NA
        else:
            out[col] = out[col].astype("float64")
            out.loc[rows, col] = np.nan
    return out


# --- the rows of a build ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Frame:
    result: str
    path: tuple          # where the frame sits in its result value
    frame: pd.DataFrame
    grouping: tuple[str, ...]
    fixed: bool          # no `suppressed` column: published as it is
    contrast: bool       # rows compare other rows of their result


class _Rows:
    """Every row of every frame, as cells: group, item, measure, n, hidden."""

    def __init__(self, frames: list[_Frame], min_cell: int):
        self.frames = frames
        self.frame_of: list[int] = []
        self.pos: list[int] = []
        self.group: list[Group] = []
        self.item: list[tuple] = []
        self.measure: list[tuple] = []
        self.n: list[float] = []
        self.fixed: list[bool] = []
        self.estimated: list[bool] = []   # the row has an estimate (a test of a whole table has none)
        hidden: list[bool] = []
        for k, f in enumerate(frames):
            t = f.frame
            if "n" not in t or t.empty:
                continue
            ns = pd.to_numeric(t["n"], errors="coerce").astype("float64").to_numpy()
            flags = (t["suppressed"].fillna(False).astype(bool).to_numpy() if not f.fixed
                     else np.zeros(len(t), bool))
            values = {c: [_norm(v) for v in t[c]] for c in f.grouping}
            variable = [_norm(v) for v in t["variable"]] if "variable" in t else None
            outcome = [_norm(v) for v in t["outcome"]] if "outcome" in t else None
            level = [_norm(v) for v in t["level"]] if "level" in t else None
            estimates = (pd.to_numeric(t["estimate"], errors="coerce").notna().to_numpy() if "estimate" in t
                         else np.zeros(len(t), bool))
            for i in range(len(t)):
                if np.isnan(ns[i]) and not flags[i]:
                    continue  # rests on no respondents (e.g. a population share)
                # (a hidden row without n was protected before: its n is unknown, its fate counts)
                self.frame_of.append(k)
                self.pos.append(i)
                self.group.append(tuple((c, values[c][i]) for c in f.grouping if values[c][i] is not None))
                if variable is None:
                    self.item.append(("", ""))
                    self.measure.append(_RESPONDENTS)
                elif outcome is not None:
                    self.item.append((outcome[i] or "", variable[i] or ""))
                    self.measure.append((outcome[i] or "", None))
                else:
                    self.item.append(("", variable[i] or ""))
                    self.measure.append((variable[i] or "", level[i] if level else None))
                self.n.append(float(ns[i]))
                self.fixed.append(f.fixed)
                self.estimated.append(bool(estimates[i]) or bool(flags[i]))
                # a row resting on no respondent (n = 0: a question not asked in that wave) gives
                # nothing away and has nothing to hide: it is never a hidden cell, whatever its flag
                hidden.append((bool(flags[i]) and ns[i] != 0) or (not f.fixed and 0 < ns[i] < min_cell))
        self.hidden = np.array(hidden, bool)
        size = len(self.hidden)
        units: dict[tuple, list[int]] = defaultdict(list)
        for r in range(size):
            units[(self.group[r], self.item[r])].append(r)
        self.unit_of = np.empty(size, np.int64)
        self.units = list(units.values())
        for u, rows in enumerate(self.units):
            self.unit_of[rows] = u
        self.min_cell = min_cell

    def hide(self, rows: Iterable[int]) -> bool:
        """Hide ``rows`` and every row of their units (not fixed rows); True if anything changed."""
        changed = False
        for u in {int(self.unit_of[r]) for r in rows}:
            for r in self.units[u]:
                if not self.hidden[r] and not self.fixed[r]:
                    self.hidden[r] = True
                    changed = True
        return changed

    def close(self) -> None:
        """One cell, one fate: a unit with a row hidden for its small base is hidden as a whole.
        (A row its estimator hid for another reason, such as a quantile that is one person's
        value, stays alone: the unit's other rows rest on enough respondents.)"""
        small = [r for r in np.flatnonzero(self.hidden) if not self.n[r] >= self.min_cell]   # NaN: unknown
        self.hide(small)


# --- nesting, read from the respondents ---------------------------------------------------------

class _Atoms:
    """The finest groups of some grouping columns, and which of them lie in a given group."""

    def __init__(self, size: int, columns: dict[str, np.ndarray]):
        self.size = size
        self._masks: dict[str, dict[Any, np.ndarray]] = {}
        for c, values in columns.items():
            codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
            self._masks[c] = {u: codes == k for k, u in enumerate(uniques)}

    def members(self, colset: tuple[str, ...], values: tuple) -> np.ndarray:
        mask = np.ones(self.size, bool)
        for c, v in zip(colset, values, strict=True):
            mask &= self._masks[c].get(v, np.zeros(self.size, bool))
        return mask


class _Nesting:
    """Which groupings nest in which (in the data), and how many respondents each group has."""

    def __init__(self, data: pd.DataFrame, columns: list[str]):
        self.columns = columns
        if columns:
            counts = data[columns].groupby(columns, dropna=False, observed=True, sort=False).size()
            combos = counts.reset_index(name="_r")
        else:
            combos = pd.DataFrame({"_r": [len(data)]})
        for c in columns:
            combos[c] = [_norm(v) for v in combos[c]]
        self.combos = combos
        self._cache: dict[tuple, Any] = {}
        self._records: list[tuple] | None = None

    def size(self, group: Group) -> float:
        """Respondents in ``group``."""
        key = ("size", tuple(c for c, _ in group))
        if key not in self._cache:
            cols = list(key[1])
            sub = self.combos.dropna(subset=cols)
            self._cache[key] = (sub.groupby(cols, sort=False)["_r"].sum().to_dict() if cols
                                else {(): float(sub["_r"].sum())})
        values = tuple(v for _, v in group)
        return float(self._cache[key].get(values if len(values) != 1 else values[0], 0.0))

    def atoms(self, columns: list[str]) -> _Atoms:
        """The distinct combinations of ``columns`` among the respondents (None for NA)."""
        key = ("atoms", tuple(columns))
        if key not in self._cache:
            frame = self.combos[columns].drop_duplicates() if columns else pd.DataFrame(index=range(1))
            self._cache[key] = _Atoms(len(frame), {c: frame[c].to_numpy(dtype=object) for c in columns})
        return self._cache[key]

    def parts(self, fine: tuple[str, ...], coarse: tuple[str, ...]) -> dict[tuple, list[tuple[tuple, float]]] | None:
        """Coarse values -> [(fine values, respondents)], when every fine group lies within one
        coarse group; None when ``fine`` does not nest in ``coarse``."""
        key = ("parts", fine, coarse)
        if key not in self._cache:
            self._cache[key] = self._parts(list(fine), list(coarse)) if fine and fine != coarse else None
        return self._cache[key]

    def _parts(self, fine: list[str], coarse: list[str]) -> dict[tuple, list[tuple[tuple, float]]] | None:
        # over the distinct combinations as Python tuples (a few hundred; pandas' own overhead
        # per call was most of a build's disclosure check): respondents per (fine, coarse) cell,
        # in order of first appearance
        if self._records is None:
            self._records = list(zip(*(self.combos[c].tolist() for c in self.columns), self.combos["_r"].tolist(),
                                     strict=True))
        at = {c: i for i, c in enumerate(self.columns)}
        f_at, c_at = [at[c] for c in fine], [at[c] for c in coarse]
        cells: dict[tuple[tuple, tuple], int] = {}
        for record in self._records:
            f = tuple(record[i] for i in f_at)
            if None in f:
                continue
            key = (f, tuple(record[i] for i in c_at))
            cells[key] = cells.get(key, 0) + record[-1]
        if len({f for f, _ in cells}) < len(cells):
            return None  # a fine group spans several coarse groups
        out: dict[tuple, list[tuple[tuple, float]]] = defaultdict(list)
        for (f, c), r in cells.items():
            if None not in c:
                out[c].append((f, float(r)))
        return dict(out)


# --- the rule --------------------------------------------------------------------------------------

@dataclass
class _Relation:
    total: list[int]                    # rows carrying the total cell
    parts: list[tuple[list[int] | None, float, tuple]]   # (rows of a published part or None, size, sort key)


class _Gate:
    def __init__(self, frames: list[_Frame], data: pd.DataFrame, min_cell: int):
        self.min_cell = min_cell
        self.rows = rows = _Rows(frames, min_cell)
        columns = sorted({c for f in frames for c in f.grouping})
        self.nesting = _Nesting(data, columns)
        rows.close()
        compares = self._compares()
        # a difference of cells (a change, a difference in differences) is hidden with them; a
        # test of a whole table (no estimate) gives no cell away, only its n (a total, below)
        self.rests = [(contrast, compared) for contrast, compared in compares if rows.estimated[contrast[0]]]
        self.cells = self._cells(compares)
        self.relations = self._relations()
        # the row space of each audit matrix met, by its bytes: the levels of one question share
        # their cells' hidden state, so their matrices are equal (an explorer of 200 sites and 50
        # questions factorised one 628 x 1200 matrix per level and pass, most of its build)
        self._bases: dict[tuple, np.ndarray] = {}

    # cells: rows sharing a group and a measure (an item's n); a group's size (respondents)
    def _cells(self, compares: list[tuple[list[int], list[int]]]) -> dict[tuple, dict[tuple[str, ...], dict[tuple, list[int]]]]:
        """measure -> colset -> values -> rows. A contrast's or test's n that is the sum of the
        n of the cells it compares (of one measure: a test of shares counts the answers the
        shares rest on) is a total of that measure too."""
        rows = self.rows
        cells: dict[tuple, dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))

        def add(measure: tuple, r: int) -> None:
            g = rows.group[r]
            cells[measure][tuple(c for c, _ in g)][tuple(v for _, v in g)].append(r)

        for r in range(len(rows.hidden)):
            add(rows.measure[r], r)
            if rows.measure[r] != _RESPONDENTS:
                add(_RESPONDENTS, r)  # the group's size, given away by df
        for (r,), compared in compares:
            by_measure: dict[tuple, dict[Group, float]] = defaultdict(dict)
            for m in compared:
                by_measure[rows.measure[m]][rows.group[m]] = rows.n[m]
            for measure, ns in by_measure.items():
                if measure != rows.measure[r] and abs(sum(ns.values()) - rows.n[r]) < 0.5:
                    add(measure, r)
        return cells

    def _n(self, rows: list[int], measure: tuple) -> float:
        """A cell's n (its group's respondents for a group's size, or where a row protected
        before has lost its n)."""
        known = [self.rows.n[r] for r in rows if not np.isnan(self.rows.n[r])]
        if measure == _RESPONDENTS or not known:
            return self.nesting.size(self.rows.group[rows[0]])
        return max(known)

    def _relations(self) -> list[_Relation]:
        """Every (total, parts) of every measure; relations that differ only by the answer level
        (the same units with the same n) are kept once."""
        out: list[_Relation] = []
        seen: set = set()
        units = self.rows.unit_of
        for measure, by_colset in sorted(self.cells.items(), key=lambda kv: repr(kv[0])):
            for fine, coarse in permutations(sorted(by_colset), 2):
                mapping = self.nesting.parts(fine, coarse)
                if mapping is None:
                    continue
                for values, total in by_colset[coarse].items():
                    parts = []
                    for fine_values, size in mapping.get(values, []):
                        rows = by_colset[fine].get(fine_values)
                        group = tuple(zip(fine, fine_values, strict=True))
                        n = self._n(rows, measure) if rows else size
                        parts.append((rows, n, (size, n, repr(group))))
                    if not parts:
                        continue
                    key = (frozenset(units[total]), tuple((frozenset(units[rows]) if rows else None, n)
                                                          for rows, n, _ in parts))
                    if key not in seen:
                        seen.add(key)
                        out.append(_Relation(total, parts))
        # the smallest totals first: a complement chosen inside a small total also serves the
        # larger totals around it (sites within a site type before the overall n)
        out.sort(key=lambda rel: (self.nesting.size(self.rows.group[rel.total[0]]), len(rel.parts)))
        return out

    def _compares(self) -> list[tuple[list[int], list[int]]]:
        """(rows of a contrast or test, rows it compares) within each result."""
        rows = self.rows
        members: dict[tuple, list[int]] = defaultdict(list)
        contrasts: dict[tuple, list[int]] = defaultdict(list)
        for r in range(len(rows.hidden)):
            f = rows.frames[rows.frame_of[r]]
            target = contrasts if f.contrast else members
            target[(f.result, rows.item[r][1])].append(r)
        out = []
        for key, crows in contrasts.items():
            for r in crows:
                group = set(rows.group[r])
                compared = [m for m in members.get(key, []) if group <= set(rows.group[m])]
                if compared:
                    out.append(([r], compared))
        return out

    def _hidden(self, rows: list[int]) -> bool:
        return bool(self.rows.hidden[rows].all())

    def _hideable(self, rows: list[int]) -> bool:
        return not any(self.rows.fixed[r] for r in rows)

    def _settle(self, rel: _Relation) -> bool:
        """Make one relation safe; True if something was hidden."""
        m = self.min_cell
        hidden = [(rows, n) for rows, n, _ in rel.parts if rows is not None and n > 0 and self._hidden(rows)]
        unnamed = [n for rows, n, _ in rel.parts if rows is None and n > 0]
        shown = [(key, rows) for rows, n, key in rel.parts
                 if rows is not None and n > 0 and not self._hidden(rows) and self._hideable(rows)]
        if self._hidden(rel.total):
            if hidden or unnamed or not shown:
                return False   # the total is unknown and so is some part: nothing follows
        else:
            pooled = sum(n for _, n in hidden) + sum(unnamed)
            if not hidden and (not unnamed or pooled >= m):
                return False
            if hidden and len(hidden) + len(unnamed) >= 2 and pooled >= m:
                return False
            if not shown:
                return self._hideable(rel.total) and self.rows.hide(rel.total)
        return self.rows.hide(min(shown, key=lambda s: s[0])[1])

    def _audit(self) -> bool:
        """The exact check: hide one more cell where a hidden cell (with respondents) is a linear
        combination of shown cells of its measure (linked tables that no single total-minus-parts
        relation covers, e.g. sites by type and by municipality). True if something was hidden."""
        for measure, by_colset in sorted(self.cells.items(), key=lambda kv: repr(kv[0])):
            cells = [(colset, values, rows) for colset, vals in by_colset.items() for values, rows in vals.items()]
            if any(self._hidden(rows) and self._n(rows, measure) > 0 for _, _, rows in cells) \
                    and self._audit_measure(measure, cells):
                return True
        return False

    def _audit_measure(self, measure: tuple, cells: list[tuple[tuple[str, ...], tuple, list[int]]]) -> bool:
        atoms = self.nesting.atoms(sorted({c for colset, _, _ in cells for c in colset}))
        known = np.zeros(atoms.size, bool)   # hidden cells with no answer: an attacker may know them empty
        for colset, values, rows in cells:
            if self._hidden(rows) and self._n(rows, measure) == 0:
                known |= atoms.members(colset, values)
        shown = [(colset, values, rows) for colset, values, rows in cells if not self._hidden(rows)]
        hidden = [(colset, values, rows) for colset, values, rows in cells
                  if self._hidden(rows) and self._n(rows, measure) > 0]
        width = int((~known).sum())
        matrix = np.zeros((len(shown), width))
        for k, (c, v, _) in enumerate(shown):
            matrix[k] = atoms.members(c, v)[~known]
        targets = np.zeros((len(hidden), width))
        for k, (c, v, _) in enumerate(hidden):
            targets[k] = atoms.members(c, v)[~known]
        key = (matrix.shape, hashlib.blake2b(matrix.tobytes(), digest_size=16).digest())
        if key not in self._bases:
            self._bases[key] = _row_basis(matrix)
        found = np.flatnonzero(_spanned_rows(matrix, targets, self._bases[key]) & targets.any(axis=1))
        if not found.size:
            return False
        target = targets[found[0]]
        coef = np.linalg.lstsq(matrix.T, target, rcond=None)[0]
        used = [k for k in np.flatnonzero(np.abs(coef) > 1e-9) if self._hideable(shown[k][2])]
        used.sort(key=lambda k: (self.nesting.size(self.rows.group[shown[k][2][0]]),
                                 self._n(shown[k][2], measure), repr(shown[k][:2])))
        for k in used:   # the smallest cell without which the hidden one no longer follows
            if not _spanned_rows(np.delete(matrix, k, axis=0), target[None, :])[0]:
                return self.rows.hide(shown[k][2])
        return bool(used) and self.rows.hide(shown[used[0]][2])

    def run(self) -> np.ndarray:
        changed = True
        while changed:
            changed = False
            for contrast, compared in self.rests:
                if self.rows.hidden[compared].any() and not self._hidden(contrast):
                    changed |= self.rows.hide(contrast)
            for rel in self.relations:
                changed |= self._settle(rel)
            if not changed:
                changed = self._audit()
        return self.rows.hidden


def _row_basis(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the row space of ``matrix`` (its right singular vectors of nonzero
    singular values), as rows."""
    if not matrix.size:
        return np.zeros((0, matrix.shape[1]))
    _, sv, vt = np.linalg.svd(matrix, full_matrices=False)
    return vt[sv > sv.max() * max(matrix.shape) * np.finfo(float).eps]


def _spanned_rows(matrix: np.ndarray, targets: np.ndarray, basis: np.ndarray | None = None) -> np.ndarray:
    """For each row of ``targets``: whether it is a linear combination of the rows of ``matrix``
    (``basis``: its :func:`_row_basis`, when known)."""
    if not matrix.size or not targets.size:
        return np.zeros(len(targets), bool)
    basis = _row_basis(matrix) if basis is None else basis
    residual = targets - (targets @ basis.T) @ basis
    return np.abs(residual).max(axis=1) < 1e-7


def protect(results: Mapping[str, Any], data: pd.DataFrame, min_cell: int, *,
            fixed: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """``results`` (name -> result value or DataFrame) with the small-cell rule of this module
    applied across all of them; the same types back, every DataFrame field protected.

    ``data`` is one row per respondent with every grouping column the results use (the
    study's responses): it tells which groups nest in which and how many respondents each
    has. ``fixed`` (name -> frame with ``n``) are totals published as they are.
    """
    frames: list[_Frame] = []
    columns = set(data.columns) - _LABELS
    for name, result in results.items():
        published_frames(result)  # refuses what it cannot read
        for path, frame in _walk(result, ()):
            frames.append(_frame(name, path, frame, columns))
    for name, frame in (fixed or {}).items():
        frames.append(_frame(f"\0fixed:{name}", (), frame.drop(columns="suppressed", errors="ignore"), columns))
    gate = _Gate(frames, data, int(min_cell or 0))
    hidden = gate.run()
    rows = gate.rows
    masks = {k: np.zeros(len(f.frame), bool) for k, f in enumerate(frames)}
    for r in np.flatnonzero(hidden):
        masks[rows.frame_of[r]][rows.pos[r]] = True
    new: dict[str, dict[Path, pd.DataFrame]] = defaultdict(dict)
    for k, f in enumerate(frames):
        if f.fixed:
            continue
        out = f.frame.copy()
        out["suppressed"] = out["suppressed"].fillna(False).astype(bool).to_numpy() | masks[k]
        new[f.result][f.path] = blank(out, f.grouping)
    return {name: _replaced(result, new.get(name, {}), ()) for name, result in results.items()}


def _frame(result: str, path: Path, frame: pd.DataFrame, columns: set[str]) -> _Frame:
    grouping = tuple(sorted(c for c in frame.columns if c in columns))   # a group is named the same in every table
    return _Frame(result, path, frame, grouping, "suppressed" not in frame, "contrast" in frame
                  and "outcome" not in frame)
