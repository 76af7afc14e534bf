"""Population counts per weighting cell, read from ``config/population.csv``.

Example:
    >>> pop = load_population("config/population.csv", count="population")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.config._table import read_table
from surveykit.config.codebook import Scale, normalise_label
from surveykit.errors import ConfigError
from surveykit.textnumbers import read_numbers

__all__ = ["MAX_COUNT", "check_complete", "load_population", "population_levels"]

MAX_COUNT = 1e12  # far above any population; a larger count is a typing or export error


def load_population(path: str | Path, *, count: str = "population", columns: list[str] | None = None,
                    strata: Collection[str] = ()) -> pd.DataFrame:
    """Read the population table; cell columns as text, the count as a positive number.
    ``columns``: those of the weighting (``strata``: the ones ``weighting.strata`` names)."""
    path = Path(path)
    table = read_table(path, f"file not found. It holds one row per weighting cell with a `{count}` column.")
    if table.empty:
        raise ConfigError(f"{path}: no rows: the file has a header but no population counts. Add one row per "
                          "weighting cell.")
    if count not in table:
        others = [str(c) for c in table.columns if c not in (columns or ())]
        example = others[0] if len(others) == 1 else "antall"
        raise ConfigError(
            f"{path}: no column {count!r} with the counts (the column named by `weighting.count` in surveykit.yaml, "
            f"'population' when it is not set). Found {list(table.columns)}. "
            f"Set `weighting.count` to the column that holds the counts (e.g. `count: {example}`), or rename "
            f"that column to {count!r}.")
    if columns is not None:
        missing = [c for c in columns if c not in table]
        if missing:
            keys = " and ".join(f"`weighting.{k}`" for k, named in (("strata", [c for c in missing if c in strata]),
                                                                     ("margins", [c for c in missing if c not in strata]))
                                if named)
            raise ConfigError(
                f"{path}: {keys} in surveykit.yaml use{'s' if ' and ' not in keys else ''} column(s) {missing}, which "
                f"the file lacks. Found {list(table.columns)}. Add them to the file, or change {keys} in surveykit.yaml."
            )
        for col in columns:
            blank = table[col].str.strip().eq("")
            if blank.any():
                i = int(blank.idxmax())
                raise ConfigError(
                    f"{path}, row {i + 2}, column \"{col}\": empty ({int(blank.sum())} row(s)). Every row needs a value "
                    f"in every margin column {columns}: one row per cell of the full cross-classification "
                    "(surveykit reads one population table and sums it to each margin; separate tables per margin "
                    "are not read). Fill in the cells."
                )
    values, ambiguous = read_numbers(table[count], None)
    if ambiguous.any():
        i = int(ambiguous.idxmax())
        raise ConfigError(
            f"{path}, row {i + 2}, column \"{count}\": {table.at[i, count]!r} is a decimal or a whole number by the "
            "decimal mark (12,345 and 12.345 are 12345 with a thousands separator), and no other count tells "
            "which. Write the counts as plain digits (12345) or with a space between thousands (12 345)."
        )
    bad = values.isna() | (values < 0) | ~np.isfinite(values.fillna(0))
    if bad.any():
        i = int(bad.idxmax())
        raise ConfigError(
            f"{path}, row {i + 2}, column \"{count}\": {table.at[i, count]!r} is not a non-negative number. "
            "Give the population count of that cell (0 if it has none)."
        )
    huge = values > MAX_COUNT
    if huge.any():
        i = int(huge.idxmax())
        raise ConfigError(
            f"{path}, row {i + 2}, column \"{count}\": {table.at[i, count]!r} is more than {MAX_COUNT:.0e}, not a "
            "population count. Check that cell (a stray exponent or digits?)."
        )
    keys = [c for c in table.columns if c != count]
    twice = table.duplicated(keys, keep=False) if keys else pd.Series(False, index=table.index)
    if twice.any():
        rows = [int(i) + 2 for i in np.flatnonzero(twice)]
        cell = " × ".join(str(table.at[rows[0] - 2, c]) for c in keys)
        raise ConfigError(
            f"{path}: the cell {cell!r} is given on more than one row (rows {rows[:10]}), so its count is unclear. "
            "Keep one row per cell (add the counts together if they are parts of it)."
        )
    table[count] = values.astype(float)
    return table


def population_levels(table: pd.DataFrame, scales: dict[str, Scale], language: str, *, path: str | Path,
                      count: str = "population", columns: list[str] | None = None) -> pd.DataFrame:
    """``table`` with the cells of its scale-coded columns (``scales``: column -> scale) as the
    levels' labels in ``language``, the language the responses are labelled in.

    The processed data are the same in every language, so the weighting is too: a cell may
    name its level by its label in any language of the codebook, by an alias or by its code
    (``Kvinne``, ``Kvinna``, ``Woman`` and ``2`` are one level). A cell that is no level, a
    non-substantive answer, or that could be two levels (one level's label and another's code,
    and the column's other cells do not tell which) is an error naming the row, the column,
    the value and the levels it could be; so are two rows that turn out to be the same cell.

    Example:
        >>> from surveykit.config.codebook import Level
        >>> s = Scale("g", (Level(1, {"nb": "Mann", "sv": "Man"}), Level(2, {"nb": "Kvinne", "sv": "Kvinna"})))
        >>> t = pd.DataFrame({"gender": ["Kvinne", "1"], "population": [4.0, 5.0]})
        >>> population_levels(t, {"gender": s}, "sv", path="population.csv")["gender"].tolist()
        ['Kvinna', 'Man']
    """
    out = table.copy()
    keys = [c for c in table.columns if c != count]
    checked = [c for c in (keys if columns is None else columns) if c in scales and c in keys]
    for column in checked:
        out[column] = _as_levels(table[column], column, scales[column], language, path)
    if checked:
        twice = out.duplicated(keys, keep=False)
        if twice.any():
            rows = [int(i) for i in np.flatnonzero(twice.to_numpy())]
            first = out.iloc[rows[0]]
            same = [i for i in rows if all(out.iat[i, out.columns.get_loc(c)] == first[c] for c in keys)]
            written = ", ".join(f"row {i + 2}: {' × '.join(str(table.iat[i, table.columns.get_loc(c)]) for c in keys)}"
                                for i in same[:5])
            cell = " × ".join(str(first[c]) for c in keys)
            raise ConfigError(
                f"{path}: the rows {[i + 2 for i in same[:10]]} are all the cell {cell!r} ({written}): the same level "
                "written in two ways (in another language, or as its code), so the cell's count is unclear. Keep one "
                "row per cell (add the counts together if they are parts of it)."
            )
    return out


def _as_levels(values: pd.Series, column: str, scale: Scale, language: str, path: str | Path) -> pd.Series:
    """One column's cells as its levels' labels in ``language`` (see :func:`population_levels`)."""
    by_label: dict[str, set[int]] = {}
    by_code: dict[str, int] = {}
    for i, level in enumerate(scale.levels):
        by_code[normalise_label(level.code)] = i
        for text in (*level.label.values(), *level.aliases):
            by_label.setdefault(normalise_label(text), set()).add(i)
    other = {normalise_label(t) for lv in scale.nonsubstantive
             for t in (lv.code, *lv.label.values(), *lv.aliases)}
    keys = {v: normalise_label(v) for v in pd.unique(values)}
    known = [k for k in keys.values() if k in by_label or k in by_code]
    # a text that is one level's label and another's code: the column's other cells tell which
    all_codes = all(k in by_code for k in known)
    all_labels = all(k in by_label for k in known)
    reading = "codes" if all_codes and not all_labels else "labels" if all_labels and not all_codes else None
    levels = scale.allowed_text(language)
    mapped: dict[str, str] = {}
    for value, key in keys.items():
        if not key:
            mapped[value] = value  # an empty cell (outside the margins: load_population refuses it there)
            continue
        labels, code = by_label.get(key, set()), by_code.get(key)
        where = f"{path}, row {int(np.flatnonzero((values == value).to_numpy())[0]) + 2}, column \"{column}\": {value!r}"
        if code is not None and labels and labels != {code}:
            if reading is None:
                raise ConfigError(
                    f"{where} is the code of one level of scale `{scale.name}` and the label of another, and the "
                    f"column's other cells do not tell which it means ({levels}). Write the levels' labels in "
                    f"{language!r} in this column."
                )
            candidates = {code} if reading == "codes" else labels
        else:
            candidates = labels | ({code} if code is not None else set())
        if len(candidates) > 1:
            shown = ", ".join(repr(scale.levels[i].text(language)) for i in sorted(candidates))
            raise ConfigError(
                f"{where} is a label of more than one level of scale `{scale.name}` (in different languages of "
                f"config/codebook.yaml: {shown}). Write the level's label in {language!r} ({levels})."
            )
        if not candidates:
            what = (f"is a non-substantive answer of scale `{scale.name}` (such as \"don't know\"): respondents "
                    f"giving it have no {column} and are in no weighting cell. Remove the row, or give its count to "
                    "the cells it belongs to" if key in other else
                    f"matches no level of scale `{scale.name}`, in any language of config/codebook.yaml nor as a code")
            fix = ("" if key in other else
                   f" Write the level it counts in this column, or, if {value!r} is another wording of a level (a "
                   "statistics office's plural, such as 'Kvinder' for 'Kvinde'), add it to that level's `aliases` "
                   f"in scale `{scale.name}` of config/codebook.yaml.")
            raise ConfigError(f"{where} {what}. The levels it could be: {levels} (or their labels in another "
                              f"language, or their codes).{fix}")
        mapped[value] = scale.levels[candidates.pop()].text(language)
    return values.map(mapped)


def check_complete(table: pd.DataFrame, columns: list[str], *, by: list[str], path: str | Path,
                   count: str = "population", respondents: pd.DataFrame | None = None,
                   margins: list[list[str]] | tuple = ()) -> None:
    """Refuse a cross table with a cell missing: within each group of ``by`` (the wave), every
    combination of the levels of ``columns`` present there needs a row.

    The margins are sums of the table, so a missing row lowers two or more margins alike and
    they still agree: the weights change and nothing looks wrong (and a stratum short of a
    level the others have is short of its population). A column nested in another
    (each of its levels with one level of the other, as districts in regions) is crossed with
    the others as the pair, not level by level. ``table`` holds the cells as levels (after
    :func:`population_levels`, so ``Kvinne`` and ``2`` are one level).

    A missing cell is refused even when it is a whole cell of a margin and holds ``respondents``
    (the message counts them): ``weighting.unweightable: drop`` rejected those respondents
    quietly (all men 75+ of a wave), where the file has every level of the cell and the gap is
    in the file. A level the file lacks altogether (gender "Annet") is the weighting's to name.

    Example:
        >>> t = pd.DataFrame({"gender": ["Mann", "Mann", "Kvinne"], "age": ["20-29", "30-44", "20-29"],
        ...                   "population": [1.0, 2.0, 3.0]})
        >>> check_complete(t, ["gender", "age"], by=[], path="population.csv")
        Traceback (most recent call last):
        ...
        surveykit.errors.ConfigError: population.csv: no row for the cell gender=Kvinne, age=30-44 (1 missing). ...
    """
    by = [c for c in dict.fromkeys(by) if c in table]
    crossed = [c for c in table.columns if c in columns and c not in by and c != count]   # in the file's order
    if len(crossed) < 2:
        return
    groups = table.groupby(by, sort=False, dropna=False) if by else [((), table)]
    absent: list[dict[str, str]] = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        cells = part[crossed].astype(str).drop_duplicates()
        factors = _factors(cells, crossed)
        if len(factors) < 2:
            continue
        want = None
        for factor in factors:
            levels = cells[factor].drop_duplicates()
            want = levels if want is None else want.merge(levels, how="cross")
        have = set(map(tuple, cells[crossed].to_numpy().tolist()))
        for row in want[crossed].to_numpy().tolist():
            if tuple(row) not in have:
                absent.append({**dict(zip(by, map(str, key), strict=True)), **dict(zip(crossed, row, strict=True))})
    order = [c for c in table.columns if c in by or c in crossed]   # as the file has them
    if absent:
        held = {}
        if respondents is not None and all(c in respondents for c in order):
            held = respondents[order].astype(str).value_counts().to_dict()
        inside = sum(held.get(tuple(cell[c] for c in order), 0) for cell in absent)
        shown = "; ".join(", ".join(f"{c}={cell[c]}" for c in order) for cell in absent[:5])
        more = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
        raise ConfigError(
            f"{path}: no row for the cell {shown}{more} ({len(absent)} missing). Every combination of the levels "
            f"of {crossed} that the file has{' within each ' + ' × '.join(by) if by else ''} needs a row: the "
            "margins are sums of the rows, so a missing row changes the weights without any other sign. Add a "
            f"row for each with its count in `{count}` (0 if there truly is no one in that cell)."
            + (f" {inside} respondent{'s are' if inside != 1 else ' is'} in {'these cells' if len(absent) > 1 else 'it'}; "
               "`weighting.unweightable: drop` does not leave them out: the file has every level of the cell, so "
               "the gap is in the file." if inside else "")
        )


def _factors(cells: pd.DataFrame, columns: list[str]) -> list[list[str]]:
    """The columns in crossed groups: a column nested in another (each of its levels with one
    level of the other) goes with it; columns of one level cross trivially and stand alone."""
    parent = {c: c for c in columns}

    def root(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    many = [c for c in columns if cells[c].nunique() > 1]
    for x in many:
        for y in many:
            if x != y and cells.groupby(x)[y].nunique().max() == 1:
                parent[root(x)] = root(y)
    out: dict[str, list[str]] = {}
    for c in columns:
        out.setdefault(root(c), []).append(c)
    return list(out.values())
