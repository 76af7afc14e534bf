"""Replicate weights in an agency's export, for the draft: a block of numbered numeric columns
sharing a stem (PWGTP1..PWGTP80, BRRWT1..BRRWT96, W_FSTR1..W_FSTR80, repwt_1 ...) next to a
full-sample weight column (the stem itself, PWGTP, or a column named as a weight: NWEIGHT,
W_FSTUWT, finwt, vekt). They are the design, not questions: the draft leaves them out of the
questions and of the report and writes `weighting.replicates` in surveykit.yaml.

How the replicates were made (their type, scale, rho, mse) is not in the data. Only the ACS
PUMS layout is known for certain (PWGTP or WGTP with its 80 replicates: the Census Bureau's
successive-difference formula, 4/80 times the sum of squared differences from the full-sample
estimate, R's ``svrepdesign(type="successive-difference", mse=TRUE)``); for any other the block
is written with `type` and `mse` left empty under a REVIEW note, and `surveykit validate` stops
until they are filled in from the data's documentation.

An export with one survey weight column and no replicates (a polling firm's ``vekt``, ``weight``,
``WGTP``: :func:`weight_columns`) gets `weighting.weights` instead, under a REVIEW note saying how
it was recognised; two or more candidates get none, the note naming them.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": [1, 2, 3], "PWGTP": [10, 20, 30], **{f"PWGTP{i}": [9, 21, 30] for i in range(1, 81)}})
    >>> [(b.full, len(b.replicates), b.known) for b in replicate_blocks(df)]
    [('PWGTP', 80, {'type': 'successive-difference', 'mse': True})]
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from surveykit.textnumbers import read_numbers

__all__ = ["Block", "WeightColumn", "replicate_blocks", "weight_columns", "weighting_block"]

# a stem of replicate weights: named as a weight or as a replication method
_STEM = re.compile(r"(?i)wgt|weight|wt|rep|brr|fay|jk|boot|fstr|vekt|vikt|v(?:æ|ae)gt")
# a full-sample weight's name (NWEIGHT, W_FSTUWT, finwt, PWGTP, vekt)
_FULL = re.compile(r"(?i)wgt|weight|gewicht|vekt|vikt|v(?:æ|ae)gt|(?:^|[^a-z])wt|wt(?:$|[^a-z])|[a-z]wt$")
# a column named as a weight that is no survey weight: a body's weight ("Weight (kg)", "How much do you
# weigh?", birth weight, BMI), a score weighted by something ("weighted_total"), a question ("?")
_NOT_A_WEIGHT = re.compile(r"(?i)\b(?:kg|kgs|kilo\w*|lbs?|pounds?|stones?|grams?|body|birth\w*|bmi|height|heights|"
                           r"gain\w*|loss|lose|lost|ideal|weigh|weighs|weighed|weighted|gewogen|veier|väger|vejer|"
                           r"høyde|längd|højde|größe|groesse)\b|\?")
_NUMBERED = re.compile(r"(?s)(.*?\D)([0-9]+)")
# the ACS PUMS: person (PWGTP) and housing-unit (WGTP) weights, 80 successive-difference replicates
_ACS = {"PWGTP", "WGTP"}


@dataclass
class WeightColumn:
    """A column holding an export's own survey weights: named as a weight, a number above 0 in every row."""

    column: str
    low: float
    high: float
    mean: float
    rows: int

    def values(self) -> str:
        """Its values as the REVIEW notes say them ("0.41 to 2.87, mean 1.00")."""
        return f"{_number(self.low)} to {_number(self.high)}, mean {_number(self.mean)}"


def _number(x: float) -> str:
    return f"{x:.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def _header_words(text: str) -> str:
    """A header as words: camelCase, '_', '-', '.' split ("weightFinal_kg" -> "weight Final kg")."""
    return " ".join(re.sub(r"[_\W]+", " ", re.sub(r"(?<=[a-zæøåäöü])(?=[A-ZÆØÅÄÖÜ])", " ", str(text))).split()) \
        + (" ?" if "?" in str(text) else "")


def weight_columns(data: pd.DataFrame, questions: dict | None = None) -> tuple[list[WeightColumn], list[str]]:
    """The columns of ``data`` that hold one survey weight each, and why each other column named as a
    weight is none. A weight column is named as one (``vekt``, ``weight``, ``wgt``, ``vikt``,
    ``vægt``, ``Gewicht``, ``weight_final``, ``WGTP``, ``finwt``), neither its header nor its question
    text says a body's weight or a weighted score (``Weight (kg)``, "What is your weight?",
    ``weighted_total``), it is not one of a numbered run (``wt1``, ``wt2``, ``wt3``), and every row holds a
    finite number above 0 (not 0/1 only: a flag). A column named so with an empty cell, a 0, a negative
    number or text is refused, with why (a REVIEW note: it may be the weight of a sample whose
    out-of-scope rows weigh 0, or one whose missing rows are to be screened out: a person decides).

    >>> df = pd.DataFrame({"q1": [1, 2, 3], "vekt": [0.5, 1.2, 1.3], "Weight (kg)": [60, 82, 75]})
    >>> found, why = weight_columns(df)
    >>> [w.column for w in found], why
    (['vekt'], [])
    >>> weight_columns(pd.DataFrame({"weight": [0.0, 1.5, 1.5]}))[1]
    ["'weight' is named as a weight but holds 0 in 1 of 3 rows"]
    """
    questions = questions or {}
    found: list[WeightColumn] = []
    refused: list[str] = []
    stems: dict[str, int] = {}
    for col in data.columns:
        m = _NUMBERED.fullmatch(str(col))
        if m:
            stems[m.group(1)] = stems.get(m.group(1), 0) + 1
    for col in data.columns:
        name = str(col)
        question = str(questions.get(col) or "")
        numbered = _NUMBERED.fullmatch(name)
        if numbered and stems[numbered.group(1)] > 1:
            continue   # one of a numbered run (wt1, wt2, wt3: measured again; replicate weights): no one weight
        if not _FULL.search(name) or _NOT_A_WEIGHT.search(_header_words(name)) \
                or (question and question != name and _NOT_A_WEIGHT.search(_header_words(question))):
            continue
        values = data[col]
        if pd.api.types.is_bool_dtype(values.dtype):
            continue
        text = values.astype("string").str.strip()
        blank = int((values.isna() | (text == "")).sum())
        given = values[~(values.isna() | (text == ""))]
        if given.empty:
            continue
        if pd.api.types.is_numeric_dtype(given.dtype):
            numbers = given.astype(float)
        else:
            numbers, ambiguous = read_numbers(given.astype("string").str.strip(), None)
            numbers = pd.to_numeric(numbers, errors="coerce").astype(float).where(~ambiguous)
        shown = f"{name!r} is named as a weight but"
        rows = len(values)
        if numbers.isna().any():
            if numbers.notna().mean() >= 0.5:   # mostly numbers: why it is no weight; else a question of words
                refused.append(f"{shown} holds text in {int(numbers.isna().sum())} of {rows} rows")
            continue
        if set(numbers.unique()) <= {0.0, 1.0}:
            refused.append(f"{shown} holds {' and '.join(_number(x) for x in sorted(set(numbers.unique())))} only "
                           "(a flag, not weights)")
            continue
        bad = [(blank, "no number (an empty cell)"), (int((numbers == 0).sum()), "0"),
               (int((numbers < 0).sum()), "a negative number"),
               (int((~numbers.map(math.isfinite)).sum()), "an infinite number")]
        why = [f"{what} in {n} of {rows} rows" for n, what in bad if n]
        if why:
            refused.append(f"{shown} holds {' and '.join(why)}")
            continue
        found.append(WeightColumn(name, float(numbers.min()), float(numbers.max()), float(numbers.mean()), rows))
    return found, refused


@dataclass
class Block:
    """A full-sample weight column and its replicate weight columns (in number order)."""

    full: str
    replicates: list[str]
    stem: str
    known: dict | None = None            # the type and mse when the layout is known for certain
    others: list[str] = field(default_factory=list)   # other columns that could be the full-sample weight
    negative: int = 0                    # replicate cells below 0 (ACS-type successive-difference files have some)


def _weights(values: pd.Series, negative: bool = False) -> pd.Series | None:
    """The column as numbers when every cell is a number >= 0 (a weight), else None;
    ``negative=True``: numbers below 0 allowed too (a replicate weight of an ACS-type file)."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return None
    if pd.api.types.is_numeric_dtype(values.dtype):
        numbers = values.astype(float)
    else:   # numbers as text, as a CSV of decimal commas gives them ("12,5"): read, never guessed
        text = values.astype("string").str.strip()
        if text.isna().any() or (text == "").any():
            return None
        numbers, ambiguous = read_numbers(text, None)
        if ambiguous.any():
            return None
        numbers = pd.to_numeric(numbers, errors="coerce").astype(float)
    if len(numbers) == 0 or numbers.isna().any() or not np.isfinite(numbers).all() or not (numbers > 0).any():
        return None
    if (numbers < 0).any() and not negative:
        return None
    return numbers


def replicate_blocks(data: pd.DataFrame, misses: list[str] | None = None) -> list[Block]:
    """The blocks of replicate weights of an export, each with its full-sample weight: numbered
    columns 1..R (R >= 2) of one stem named as weights, every cell a number >= 0, whose totals
    are those of a weight column beside them (within a factor 2 of its total on average).
    Replicates named as the full-sample weight's own numbered block (PWGTP1..80 beside PWGTP,
    WGTP1..80 beside WGTP) may have negative cells: the successive-difference replicates of the
    ACS PUMS do (the Census Bureau's formula gives some), and R's svrepdesign takes them.
    ``misses`` gets what kept a run of 4 or more such columns from being one (said, not guessed)."""
    runs: dict[str, dict[int, str]] = {}
    for col in data.columns:
        m = _NUMBERED.fullmatch(str(col))
        if m and _STEM.search(m.group(1)):
            runs.setdefault(m.group(1), {})[int(m.group(2))] = col
    blocks: list[Block] = []
    used: set[str] = set()
    misses = [] if misses is None else misses
    for stem, numbered in runs.items():
        count = len(numbered)
        shown = f"{numbered[min(numbered)]!r} … {numbered[max(numbered)]!r} ({count} columns)"
        if count < 2 or sorted(numbered) != list(range(1, count + 1)):
            if count >= 4:
                misses.append(f"{shown} look like replicate weights but are not numbered 1 to {count}")
            continue
        columns = [numbered[i] for i in range(1, count + 1)]
        sums = []
        core = stem.rstrip("_ .-")
        # the stem's own full-sample weight beside them (PWGTP of PWGTP1..80): negatives allowed
        own = core and any(str(c).casefold() == core.casefold() and _weights(data[c]) is not None
                           for c in data.columns if c not in columns)
        negative = 0
        for col in columns:
            numbers = _weights(data[col], negative=bool(own))
            if numbers is not None:
                negative += int((numbers < 0).sum())
            if numbers is None:
                if count >= 4:
                    misses.append(f"{shown} look like replicate weights but {col!r} holds empty cells, text or "
                                  "negative numbers")
                break
            sums.append(float(numbers.sum()))
        else:
            full = _full_weight(data, stem, columns, sum(sums) / len(sums), used | set(columns))
            if full is None:
                if count >= 4:
                    misses.append(f"{shown} look like replicate weights but no full-sample weight is beside them "
                                  f"(a column {stem.rstrip('_ .-')!r}, or one named as a weight with their totals)")
                continue
            name, others = full
            if negative and str(name).casefold() != core.casefold():  # negatives only beside the stem's own weight
                if count >= 4:
                    misses.append(f"{shown} look like replicate weights but hold negative numbers and are not "
                                  f"numbered after their full-sample weight {name!r}")
                continue
            known = ({"type": "successive-difference", "mse": True}
                     if core.upper() in _ACS and name.upper() == core.upper() and count == 80 else None)
            blocks.append(Block(name, columns, core, known, others, negative))
            used |= {name, *columns}
    return blocks


def _full_weight(data: pd.DataFrame, stem: str, columns: list[str], mean_total: float,
                 taken: set[str]) -> tuple[str, list[str]] | None:
    """The full-sample weight of a block and the other columns that could be it: the stem's own
    column (PWGTP of PWGTP1..80), else a column named as a weight whose total is that of the
    replicates (within a factor 2); the one just before the block first."""
    core = stem.rstrip("_ .-")
    names = [c for c in data.columns if c not in taken and str(c) not in set(map(str, columns))]
    fits = []
    for col in names:
        if not (str(col).casefold() == core.casefold() or _FULL.search(str(col))):
            continue
        numbers = _weights(data[col])
        if numbers is None or not 0.5 <= mean_total / float(numbers.sum()) <= 2:
            continue
        fits.append(col)
    if not fits:
        return None
    own = [c for c in fits if str(c).casefold() == core.casefold()]
    if own:
        return own[0], [c for c in fits if c != own[0]]
    order = list(data.columns)
    first = order.index(columns[0])
    before = next((c for c in fits if order.index(c) == first - 1), None)
    chosen = before if before is not None else fits[0]
    return chosen, [c for c in fits if c != chosen]


_UNKNOWN = """\
    # REVIEW: how these replicate weights were made cannot be read from the data: fill in `type` and `mse`
    # (and `rho`, `scale` or `rscales` where the type needs them) from the data's documentation, then delete
    # this note; `surveykit validate` stops until they are filled in. For example: RECS 2015 (BRRWT1-96):
    # type: Fay, rho: 0.5, mse: true; PISA (W_FSTR1-80): type: Fay, rho: 0.5, mse: true; CPS: type:
    # successive-difference, mse: true; a delete-one-cluster jackknife: type: JK1, scale: (R-1)/R
    type:                             # BRR | Fay | JK1 | JKn | JK2 | bootstrap | successive-difference | ACS | other
    # rho: 0.5                        # Fay: Fay's coefficient (the documentation's epsilon or K)
    # scale: 1                        # JK1, bootstrap, other: the multiplier of the variance formula
    # rscales: [...]                  # JKn: one per replicate, (n_h - 1) / n_h
    mse:                              # true: squares around the full-sample estimate; false: around the replicates' mean
"""


def weighting_block(variables) -> tuple[str | None, list[str]]:
    """The `weighting:` block of surveykit.yaml for drafted variables holding an export's
    replicate weights (``Var.weight``), and the names of those variables (none: ``(None, [])``).
    A known layout (the ACS) gets its type; any other `type:` and `mse:` left empty under a
    REVIEW note (see the module)."""
    full = next((v for v in variables if v.weight == "full"), None)
    if full is None:
        return _data_weights(variables)
    wave, source = next(iter(full.sources.items()))
    block: Block = source.block
    by_column = {v.sources[wave].column: v for v in variables if v.weight == "replicate" and wave in v.sources}
    reps = [by_column[c] for c in block.replicates if c in by_column]
    names = [v.name for v in reps]
    stems = {re.sub(r"[0-9]+$", "", n) for n in names}
    pattern = f"^{re.escape(stems.pop())}[0-9]+$" if len(stems) == 1 else None
    if pattern is not None and {v.name for v in variables if re.search(pattern, v.name)} != set(names):
        pattern = None
    columns = json.dumps(pattern) if pattern is not None else "[" + ", ".join(names) + "]"
    lines = ["weighting:                            # the export's own weights (drafted by `surveykit codebook draft`)",
             "  method: none                        # no population weighting: the full-sample weight below weights "
             "every estimate",
             "  replicates:                         # the export's replicate weights: they give every standard error",
             f"    weights: {full.name}".ljust(38) + f"# the full-sample weight (column {block.full})",
             f"    columns: {columns}".ljust(38)
             + f"# its {len(names)} replicate weights (columns {block.replicates[0]} … {block.replicates[-1]})"]
    others = [w for w in variables if w.weight == "full" and w is not full]
    waves = {k for v in variables for k in v.sources}
    missing = any(set(w.sources) != waves for w in (full, *reps))
    if others:
        lines.append(f"    # REVIEW: the export has other replicate weights too ({', '.join(w.name for w in others)} "
                     "and theirs: a person's and a household's?); these are the first block's: check which the "
                     "analysis of these rows needs, then fill in `type` and `mse`")
    if missing:
        lines.append("    # REVIEW: not every wave has these weights: a wave without them cannot be estimated")
    if block.negative:
        lines.append(f"    # REVIEW: {block.negative} replicate weight cell(s) are below 0 (in {block.replicates[0]} … "
                     f"{block.replicates[-1]}). That is normal in ACS-type successive-difference files (the "
                     "Census Bureau's replicate factors give a few negative weights) and they are used as they are, "
                     "as R's svrepdesign does; regressions, logit intervals of shares and compare() leave a "
                     "replicate's rows of weight 0 or below out of its refit, as R's glm.fit does. Check against "
                     "the data's documentation that negative replicate weights are expected, then delete this note")
    if block.known is not None and not others:   # two blocks: which weights the rows is for a person to say
        lines += [f"    type: {block.known['type']}".ljust(38)
                  + "# the ACS PUMS's 80 successive-difference replicates (the Census Bureau's formula:",
                  f"    mse: {str(block.known['mse']).lower()}".ljust(38)
                  + "# variance = 4/80 × the sum of squared differences from the full-sample estimate)"]
    else:
        lines.append(_UNKNOWN.rstrip("\n"))
    return "\n".join(lines) + "\n", [v.name for v in variables if v.weight]


# the template's commented lines of `weighting:` (surveykit init), kept under a drafted `weights:`
_RAKE_LINES = """\
  # population: config/population.csv # rake | poststratify: counts per cell, e.g. from SSB table 07459 (gender x age)
  # count: population                 # the column of population.csv holding the counts
  # strata: [wave]                    # sampling strata (each wave is its own sample)
  # margins:                          # rake: one entry per margin, each a list of variables (poststratify: one)
  #   - [wave, gender]
  #   - [wave, age_group]
  # trim: [0.3, 3.0]                  # optional: bounded raking, weight / its weight in the data within [0.3, 3]
"""


def _data_weights(variables) -> tuple[str | None, list[str]]:
    """The `weighting:` block for an export's own weight column (``Var.weight == "data"``: see
    :func:`weight_columns`): ``weights: <variable>`` under a REVIEW note saying how it was recognised;
    none when the export has none. Several such columns (``"maybe"``): none is taken, the note names
    them. A weight column some wave lacks is not named (validate needs it in every wave): the note
    says so. The variables returned are no questions (left out of config/report.yaml)."""
    data = [v for v in variables if v.weight == "data"]
    maybe = [v for v in variables if v.weight == "maybe"]
    if not data and not maybe:
        return None, []
    waves = list(dict.fromkeys(w for v in variables for w in v.sources))
    head = ["weighting:                            # the export's own weights (drafted by `surveykit codebook draft`)",
            "  method: none                        # none: every answer weighted by `weights` as they are; rake | "
            "poststratify: calibrated to the population starting from them"]

    def said(v) -> str:
        parts = [f"column {c.column!r}" + (f" of wave {w}" if len(waves) > 1 else "") + f": {c.block.values()}"
                 for w, c in v.sources.items() if isinstance(c.block, WeightColumn)]
        return f"{v.name} ({'; '.join(parts)})"

    if len(data) == 1 and not maybe and set(data[0].sources) == set(waves):
        var = data[0]
        lines = [*head,
                 f"  # REVIEW: {said(var)} was taken as the survey weight by its name and its values (a positive "
                 "number in every row): confirm from the data's documentation that it is the survey weight (not a "
                 "body weight or another number), and whether the study should rake further to the population "
                 "(`method: rake` with `population:` and `margins:` starts from these weights); then delete this "
                 "note. Delete `weights:` to leave the answers unweighted",
                 f"  weights: {var.name}".ljust(38) + "# the data's own weights: a numeric variable of "
                 "config/codebook.yaml, no question"]
    else:
        named = [*data, *maybe]
        if len(named) > 1:
            why = (f"the export has {len(named)} columns that look like survey weights by their names and values ("
                   + "; ".join(said(v) for v in named) + "): the draft took none of them")
        else:
            lacking = [w for w in waves if w not in named[0].sources]
            why = (f"{said(named[0])} looks like the survey weight by its name and values, but wave(s) "
                   f"{', '.join(lacking)} have no such column (validate needs the weight in every wave): it is not "
                   "named. Give it a source in every wave in config/codebook.yaml")
        lines = [*head,
                 f"  # REVIEW: {why}. If one weights the answers, name it (`weights: <variable>`) after checking the "
                 "data's documentation, and say whether the study should rake further (`method: rake`); they are "
                 "kept in config/codebook.yaml as numbers and left out of config/report.yaml",
                 f"  # weights: {named[0].name}"]
    return "\n".join(lines) + "\n" + _RAKE_LINES, [v.name for v in variables if v.weight]
