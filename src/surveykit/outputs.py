"""Writing outputs safely: atomically (temporary file + rename), deterministically, and with
text cells that a spreadsheet would execute neutralised.

Example:
    >>> import pandas as pd
    >>> neutralise_cells(pd.DataFrame({"c": ["=SUM(A1)", "ok", "-", "-3"]}))["c"].tolist()
    ["'=SUM(A1)", 'ok', '-', '-3']
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["atomic_path", "neutralise_cells", "write_csv", "write_json", "write_parquet"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step.

    An exception (or an interrupted build) leaves the previous ``target`` untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _is_formula(value: Any) -> bool:
    if not isinstance(value, str) or not value.startswith(_DANGEROUS):
        return False
    try:  # plain negative or signed numbers are data, not formulas
        float(value.replace(",", "."))
        return False
    except ValueError:
        return value not in ("-", "+")


def neutralise_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells starting with = + - @ tab or CR get a leading apostrophe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            mask = out[col].map(_is_formula).fillna(False).astype(bool)
            if mask.any():
                out[col] = out[col].astype(object)
                out.loc[mask, col] = "'" + out.loc[mask, col].astype(str)
    return out


def _write(target: str | Path, writer: Callable[[Path], None]) -> Path:
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def write_csv(frame: pd.DataFrame, target: str | Path) -> Path:
    """CSV (UTF-8, comma, '.' decimals, full float precision) with neutralised cells, atomically."""
    safe = neutralise_cells(frame)
    return _write(target, lambda p: safe.to_csv(p, index=False, lineterminator="\n"))


def write_parquet(frame: pd.DataFrame, target: str | Path) -> Path:
    """Parquet (pyarrow), atomically."""
    return _write(target, lambda p: frame.to_parquet(p, index=False, engine="pyarrow"))


def write_json(data: Any, target: str | Path) -> Path:
    """Pretty JSON (UTF-8, sorted keys for stable bytes), atomically."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    return _write(target, lambda p: p.write_text(text, encoding="utf-8"))
