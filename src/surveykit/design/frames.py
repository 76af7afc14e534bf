"""The data a :class:`~surveykit.design.core.Design` is given, checked and read as surveykit reads it.

Analysts bring frames shaped by many readers: ``pd.read_parquet(..., dtype_backend="pyarrow")``
gives a pandas Categorical back as ``dictionary<values=string, ...>[pyarrow]`` (its levels, their
order and ``ordered`` kept by Arrow), a polars or pyarrow table is not a pandas frame at all, and
``pd.read_excel(header=[0, 1])`` or ``pd.DataFrame(array)`` give column names that no estimator's
argument or formula can name. Each is converted where the meaning is certain (an Arrow dictionary
is a Categorical of the same levels in the same order, as R reads a factor) and refused otherwise,
with the line of pandas that makes the frame surveykit reads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveykit.errors import DesignError

__all__ = ["as_design_frame", "normalised_columns"]

#: the conversions of the frames analysts pass by mistake, by the module their type comes from
_OTHER_FRAMES = (
    ("polars", "a polars DataFrame", "data.to_pandas()"),
    ("pyarrow", "a pyarrow Table", "data.to_pandas()"),
    ("numpy", "a numpy array", "pd.DataFrame(data) (a record array: its fields become the columns)"),
)


def _refuse_other(data, who: str) -> None:
    kind = type(data)
    module = kind.__module__.split(".")[0]
    for prefix, what, fix in _OTHER_FRAMES:
        if module == prefix:
            raise DesignError(
                f"{who}: data must be a pandas DataFrame, got {what} ({module}.{kind.__name__}); "
                f"convert it first: {fix}."
            )
    if data is None:
        raise DesignError(f"{who}: data must be a pandas DataFrame, got NoneType; give the data frame as "
                          "the first argument: sk.Design(df, weights=...).")
    if isinstance(data, pd.Series):
        fix = "data.to_frame() (and give the weights as another column)"
    elif isinstance(data, dict):
        fix = "pd.DataFrame(data)"
    else:
        fix = "pd.DataFrame(...)"
    raise DesignError(f"{who}: data must be a pandas DataFrame, got {kind.__name__}; convert it first: {fix}.")


def _refuse_column_names(columns: pd.Index, who: str) -> None:
    if isinstance(columns, pd.MultiIndex):
        raise DesignError(
            f"{who}: the data's columns have {columns.nlevels} levels of names (a MultiIndex, e.g. "
            f"{columns[0]!r}), which no argument or formula can name as one column. Make them one "
            "name each first, e.g. df.columns = ['_'.join(map(str, c)) for c in df.columns]."
        )
    odd = [c for c in columns if not isinstance(c, str)]
    if odd:
        raise DesignError(
            f"{who}: the data has column names that are not text ({', '.join(map(repr, odd[:5]))}"
            f"{' and more' if len(odd) > 5 else ''}: {type(odd[0]).__name__}), as pd.DataFrame(array) "
            "or read_excel(header=None) give; a formula or a result's variable column cannot name "
            "them as the data does. Name them first, e.g. df.columns = df.columns.map(str) (0 becomes "
            "'0'), or df = df.rename(columns={0: 'age', ...})."
        )


def _dictionary_as_categorical(s: pd.Series) -> pd.Series:
    """An Arrow dictionary column as the pandas Categorical of its levels in the dictionary's
    order (unused levels kept, as R keeps a factor's), ordered when Arrow says so."""
    import pyarrow as pa

    kind = s.dtype.pyarrow_dtype
    chunks = pa.chunked_array(s.array.__arrow_array__(), type=kind).unify_dictionaries()
    levels = chunks.chunk(0).dictionary if chunks.num_chunks else pa.array([], kind.value_type)
    values = chunks.cast(kind.value_type).to_pandas(types_mapper=None)
    cats = pd.Index(levels.to_pandas()).dropna().drop_duplicates()
    out = pd.Categorical(values, categories=cats, ordered=bool(kind.ordered))
    return pd.Series(out, index=s.index, name=s.name)


def normalised_columns(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every ``dictionary<...>[pyarrow]`` column a pandas Categorical (same levels,
    order and ``ordered``): what read_parquet's pyarrow backend gives for a Categorical, which
    the estimators would otherwise read as text in code-point order; an index named as a
    column unnamed; and every column of
    True/False held as Python objects (a bool column given a missing value by a merge, a
    reindex or ``where``) pandas' nullable ``boolean``, as a study's own flags are, which the
    estimators would otherwise read as the text 'False', 'True'; a NaN in an Arrow float
    column missing (null), as R's is.na(NaN) and numpy take it and pandas' isna() does not."""
    if any(n is not None and n in df.columns for n in df.index.names):
        # df.set_index('id', drop=False): pandas' groupby('id') is "both an index level and a
        # column label, which is ambiguous"; the labels stay, their name goes
        df = df.copy(deep=False)
        df.index = df.index.set_names([None] * df.index.nlevels)
    kinds = df.dtypes
    names = [c for c, t in zip(df.columns, kinds, strict=True)
             if isinstance(t, pd.ArrowDtype) and _is_dictionary(t)]
    flags = [c for c, t in zip(df.columns, kinds, strict=True)
             if t == np.dtype(object) and pd.api.types.infer_dtype(df[c], skipna=True) == "boolean"]
    nans = [c for c, t in zip(df.columns, kinds, strict=True) if _has_nan(df[c], t)]
    if not names and not flags and not nans:
        return df
    return df.assign(**{c: _dictionary_as_categorical(df[c]) for c in names},
                     **{c: df[c].astype("boolean") for c in flags},
                     **{c: _nan_as_null(df[c]) for c in nans})


def _has_nan(s: pd.Series, kind) -> bool:
    """An Arrow float column holding NaN (0/0 in pyarrow, R arrow's NaN in a parquet file),
    which pandas' isna() does not call missing while numpy reads it as missing: R's is.na(NaN)."""
    if not isinstance(kind, pd.ArrowDtype):
        return False
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_floating(kind.pyarrow_dtype):
        return False
    return bool(pc.any(pc.is_nan(s.array.__arrow_array__())).as_py())


def _nan_as_null(s: pd.Series) -> pd.Series:
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = s.array.__arrow_array__()
    out = pc.if_else(pc.is_nan(arr), pa.scalar(None, arr.type), arr)
    return pd.Series(pd.arrays.ArrowExtensionArray(out), index=s.index, name=s.name)


def _is_dictionary(kind: pd.ArrowDtype) -> bool:
    import pyarrow as pa

    return pa.types.is_dictionary(kind.pyarrow_dtype)


def as_design_frame(data, who: str = "Design") -> pd.DataFrame:
    """``data`` checked as a design's data: a pandas DataFrame whose columns have one text name
    each; anything else refused with the fix (its columns are read by :func:`normalised_columns`)."""
    if not isinstance(data, pd.DataFrame):
        _refuse_other(data, who)
    _refuse_column_names(data.columns, who)
    return data
