"""The processed data file, ``data/processed/responses.parquet``: written and read back.

The file is language-neutral. Every scale-coded answer column holds the answers' codes (a
nullable integer column), and the file's schema metadata (key ``surveykit``) holds each
such column's scale: its codes in order, whether it is ordered, the labels of every level in
every language of the codebook. Reading it back rebuilds the in-memory form (a Categorical of
the levels, labelled in the language asked for; :mod:`surveykit.clean.answers`), with the
scale's order and its levels nobody chose. The other columns are stored as they are.

Example:
    >>> import surveykit as sk
    >>> responses = sk.read_responses("data/processed/responses.parquet", language="en")  # doctest: +SKIP
    >>> responses["help_ease"].cat.categories[0]                                           # doctest: +SKIP
    'Strongly disagree'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from surveykit.clean.answers import answer_codes, answers_from_codes, scale_from_dict, scale_to_dict
from surveykit.config.codebook import Scale
from surveykit.errors import DataError
from surveykit.outputs import write_parquet

__all__ = ["FORMAT", "read_responses", "write_responses"]

FORMAT = 1  # the version of the metadata below


def write_responses(frame: pd.DataFrame, scales: Mapping[str, Scale], target: str | Path) -> Path:
    """Write ``frame`` (answers held as the levels of ``scales``, column -> scale) as codes, with
    the scales in the file's metadata, atomically."""
    present = {c: s for c, s in scales.items() if c in frame}
    meta = {"format": FORMAT, "scales": {c: scale_to_dict(s) for c, s in present.items()}}
    coded = answer_codes(frame, present)
    coded.attrs = {}   # the labels' codes in one language (read_responses makes them again): not in the file
    return write_parquet(coded, target, metadata=meta)


def read_responses(path: str | Path, *, language: str) -> pd.DataFrame:
    """The processed responses, every scale-coded answer labelled in ``language`` (the labels
    come from the codes and the scales stored in the file; no codebook needed). The frame carries
    each ordered scale's codes (``attrs``, as ``study.design()`` does), so that a design built on
    it scores a scale coded 0-4 by its codes, as the report does, not by position (1-5)."""
    import pyarrow.parquet as pq

    path = Path(path)
    with open(path, "rb") as fh:   # a file object: pyarrow cannot open a path that is not UTF-8 itself
        table = pq.read_table(fh)
    raw = (table.schema.metadata or {}).get(b"surveykit")
    if raw is None:
        raise DataError(f"{path}: not a surveykit processed data file (its metadata has no scales). "
                        "Write it with `surveykit validate` or `surveykit build`.")
    meta = json.loads(raw)
    if meta.get("format") != FORMAT:
        raise DataError(f"{path}: processed data of format {meta.get('format')!r}; this surveykit reads format "
                        f"{FORMAT}. Rebuild it with `surveykit validate`.")
    from surveykit.estimate.scoring import SCORES

    scales = {c: scale_from_dict(d) for c, d in meta["scales"].items()}
    frame = answers_from_codes(table.to_pandas(), scales, language, file=str(path))
    frame.attrs[SCORES] = {c: {lv.text(language): float(lv.code) for lv in s.levels}
                           for c, s in scales.items() if s.ordered and c in frame}
    return frame
