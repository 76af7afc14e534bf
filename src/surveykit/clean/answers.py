"""The answers of scale-coded variables: codes in storage, labels in one language in memory.

A scaled variable's answers are held in memory as a Categorical whose categories are the
scale's substantive levels in scale order, labelled in the language the data were opened in:
category ``i`` *is* level ``i`` (its code ``scale.levels[i].code``), whatever its label says.
Labels are applied from these positions in one place, :func:`label_answers`; the stored
data (``responses.parquet``, :mod:`surveykit.processed`) hold the codes themselves, so they
do not depend on any language, and :func:`answer_codes` / :func:`answers_from_codes` go
between the two.

Example:
    >>> from surveykit.config.codebook import Level, Scale
    >>> s = Scale("kids", (Level(1, {"en": "0", "nb": "0"}), Level(2, {"en": "1", "nb": "1"}),
    ...                    Level(5, {"en": "4 or more", "nb": "4 eller flere"})))
    >>> codes = answer_codes(pd.DataFrame({"kids": pd.Categorical(["1", None, "4 or more"],
    ...                                                          categories=s.labels("en"))}), {"kids": s})
    >>> codes["kids"].tolist()
    [2, <NA>, 5]
    >>> answers_from_codes(codes, {"kids": s}, "nb")["kids"].tolist()
    ['1', nan, '4 eller flere']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from surveykit.config.codebook import Codebook, Level, Scale
from surveykit.errors import ConfigError, DataError

__all__ = ["answer_codes", "answers_from_codes", "label_answers", "scale_from_dict", "scale_to_dict",
           "scaled_columns"]


def scaled_columns(codebook: Codebook) -> dict[str, Scale]:
    """Column -> its scale, for every scale-coded variable of the codebook."""
    return {v.name: codebook.scales[v.scale] for v in codebook.variables if v.scale}


def _labels(scale: Scale, language: str) -> list[str]:
    labels = scale.labels(language)
    if len(set(labels)) != len(labels):
        twice = sorted({x for x in labels if labels.count(x) > 1})
        raise ConfigError(f"config/codebook.yaml: scale `{scale.name}` has the label(s) {twice} for more than one "
                          f"level in {language!r}; give each level its own label in {language!r}.")
    return labels


def _positions(series: pd.Series, column: str, scale: Scale) -> np.ndarray:
    """The level index of every answer (-1: missing) of a column held as the scale's levels."""
    if not isinstance(series.dtype, pd.CategoricalDtype) or len(series.cat.categories) != len(scale.levels):
        raise DataError(f"column {column!r} does not hold the levels of scale `{scale.name}` "
                        f"({len(scale.levels)} of them) as a categorical; it holds {series.dtype}.")
    return series.cat.codes.to_numpy()


def label_answers(frame: pd.DataFrame, scales: Mapping[str, Scale], language: str) -> pd.DataFrame:
    """A copy of ``frame`` whose scaled columns hold their levels' labels in ``language``,
    taken from each answer's level (its position in the scale), never from its old label.

    Example:
        >>> from surveykit.config.codebook import Level, Scale
        >>> s = Scale("yn", (Level(1, {"nb": "Ja", "en": "Yes"}), Level(2, {"nb": "Nei", "en": "No"})))
        >>> nb = pd.DataFrame({"q": pd.Categorical(["Nei", "Ja"], categories=["Ja", "Nei"])})
        >>> label_answers(nb, {"q": s}, "en")["q"].tolist()
        ['No', 'Yes']
    """
    out = frame.copy()
    for column, scale in scales.items():
        if column in out:
            positions = _positions(out[column], column, scale)
            out[column] = pd.Categorical.from_codes(positions, categories=_labels(scale, language),
                                                    ordered=scale.ordered)
    return out


def _code_dtype(scale: Scale) -> str:
    return "Int64" if all(float(lv.code).is_integer() for lv in scale.levels) else "Float64"


def answer_codes(frame: pd.DataFrame, scales: Mapping[str, Scale]) -> pd.DataFrame:
    """A copy of ``frame`` whose scaled columns hold their answers' codes (a nullable integer
    column; nullable float for a scale with a non-integer code), missing where no answer."""
    out = frame.copy()
    for column, scale in scales.items():
        if column in out:
            positions = _positions(out[column], column, scale)
            codes = np.array([lv.code for lv in scale.levels], dtype=float)
            values = pd.array(np.where(positions >= 0, codes[np.maximum(positions, 0)], np.nan), dtype="Float64")
            out[column] = pd.Series(values, index=out.index).astype(_code_dtype(scale))
    return out


def answers_from_codes(frame: pd.DataFrame, scales: Mapping[str, Scale], language: str,
                       file: str = "responses.parquet") -> pd.DataFrame:
    """The inverse of :func:`answer_codes`: codes -> the levels' labels in ``language``; a code
    the scale does not have is an error naming the column and the code."""
    out = frame.copy()
    for column, scale in scales.items():
        if column not in out:
            continue
        values = pd.to_numeric(out[column]).to_numpy(dtype=float, na_value=np.nan)
        positions = pd.Index([float(lv.code) for lv in scale.levels]).get_indexer(values)  # -1: missing or unknown
        unknown = (positions < 0) & ~np.isnan(values)
        if unknown.any():
            bad = values[unknown][0]
            raise DataError(f"{file}: column {column!r} holds the code {bad:g}, which scale `{scale.name}` does not "
                            f"have ({scale.allowed_text(language)}). Rebuild the file with `surveykit validate`.")
        out[column] = pd.Categorical.from_codes(positions, categories=_labels(scale, language), ordered=scale.ordered)
    return out


def _level(level: Level) -> dict[str, Any]:
    return {"code": level.code, "label": dict(level.label)}


def scale_to_dict(scale: Scale) -> dict[str, Any]:
    """The scale as plain data (JSON): name, order, levels and non-substantive levels with
    their codes and labels in every language, top box."""
    return {"name": scale.name, "ordered": scale.ordered, "levels": [_level(lv) for lv in scale.levels],
            "nonsubstantive": [_level(lv) for lv in scale.nonsubstantive], "top_box": list(scale.top_box)}


def scale_from_dict(data: Mapping[str, Any]) -> Scale:
    """The inverse of :func:`scale_to_dict`.

    >>> from surveykit.config.codebook import Level, Scale
    >>> s = Scale("yn", (Level(1, {"nb": "Ja"}), Level(2, {"nb": "Nei"})), ordered=False)
    >>> scale_from_dict(scale_to_dict(s)) == s
    True
    """
    def level(d: Mapping[str, Any]) -> Level:
        return Level(d["code"], dict(d["label"]))

    return Scale(str(data["name"]), tuple(level(d) for d in data["levels"]),
                 tuple(level(d) for d in data.get("nonsubstantive", ())), tuple(data.get("top_box", ())),
                 bool(data.get("ordered", True)))


def relabel_values(frame: pd.DataFrame, scales: Mapping[str, Scale], source: str, target: str) -> pd.DataFrame:
    """A copy of a table written with the levels' labels in ``source`` (config/population.csv)
    whose scaled columns speak ``target``: each label is taken to its level, then to that
    level's label in ``target``. A value that is no label in ``source`` stays as written (the
    weighting names it).

    Example:
        >>> from surveykit.config.codebook import Level, Scale
        >>> s = Scale("g", (Level(1, {"nb": "Mann", "en": "Man"}), Level(2, {"nb": "Kvinne", "en": "Woman"})))
        >>> relabel_values(pd.DataFrame({"g": ["Kvinne", "Mann", "?"]}), {"g": s}, "nb", "en")["g"].tolist()
        ['Woman', 'Man', '?']
    """
    out = frame.copy()
    for column, scale in scales.items():
        if column in out and source != target:
            to = dict(zip(_labels(scale, source), _labels(scale, target), strict=True))
            out[column] = out[column].map(lambda v, to=to: to.get(v, v))
    return out
