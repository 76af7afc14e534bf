"""surveykit.io: read exactly what survey tools export.

Every reader returns a :class:`~surveykit.io.raw.RawExport` (data indexed by the row number
in the file, unique column names in file order, values as exported, question texts, value
labels and what was learned about the source in ``meta``) and never modifies the file.

Example:
    >>> import surveykit.io as skio
    >>> skio.detect_format("wave1.xlsx")  # doctest: +SKIP
    'msforms'
    >>> raw = skio.read_export("wave1.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

from surveykit.io.delimited import read_csv
from surveykit.io.detect import FORMATS, detect_format
from surveykit.io.multi import infer_options, split_answers, split_multi
from surveykit.io.parquet import read_parquet
from surveykit.io.raw import RawExport
from surveykit.io.read import read_export
from surveykit.io.sav import read_sav
from surveykit.io.xlsx import read_xlsx

__all__ = [
    "FORMATS",
    "RawExport",
    "detect_format",
    "infer_options",
    "read_csv",
    "read_export",
    "read_parquet",
    "read_sav",
    "read_xlsx",
    "split_answers",
    "split_multi",
]
