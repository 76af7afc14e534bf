"""The figure cache key: derived from everything that shapes a figure, never a hand-kept list.

A figure is redrawn when its key changes; the key hashes its result value (every field:
the numbers and the drawing's settings), its recipe entry, the whole presentation (language,
labels, min_cell, footer text), the formats, the package's own source (every ``.py`` file
of surveykit) and the matplotlib version.

Example:
    >>> from surveykit.report.spec import Spec
    >>> from surveykit.presentation import Presentation
    >>> a = figure_key(("x", 1), Spec("f", "means"), Presentation(), ("png",), source="s")
    >>> a == figure_key(("x", 1), Spec("f", "means"), Presentation(footer="Kilde: B"), ("png",), source="s")
    False
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["figure_key", "fingerprint", "source_digest"]


def fingerprint(value: Any) -> str:
    """A digest of a value: dataclasses field by field (but those left out of comparison),
    DataFrames by their columns, types and cells, mappings and sequences item by item (the same
    in every process)."""
    h = hashlib.sha256()
    _feed(h, value)
    return h.hexdigest()


def _feed(h, value: Any) -> None:
    if isinstance(value, pd.DataFrame):
        h.update(b"frame")
        h.update(json.dumps([[str(c), str(t)] for c, t in value.dtypes.items()]).encode())
        h.update(pd.util.hash_pandas_object(value.astype(str), index=False).to_numpy().tobytes())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(type(value).__qualname__.encode())
        for f in dataclasses.fields(value):
            if not f.compare:  # bookkeeping (where a spec was written), not what is drawn
                continue
            h.update(f.name.encode())
            _feed(h, getattr(value, f.name))
    elif isinstance(value, dict):
        h.update(b"dict")
        for key in sorted(value, key=repr):
            h.update(repr(key).encode())
            _feed(h, value[key])
    elif isinstance(value, (set, frozenset)):
        h.update(b"set")
        for item in sorted(value, key=repr):
            _feed(h, item)
    elif isinstance(value, (list, tuple)):
        h.update(b"seq")
        for item in value:
            _feed(h, item)
    else:
        h.update(f"{type(value).__name__}:{value!r}".encode())
        h.update(b"\x00")


@functools.cache
def source_digest(folder: Path | None = None) -> str:
    """A digest of every ``.py`` file under ``folder`` (default: the surveykit package).

    Example:
        >>> len(source_digest())
        64
    """
    root = Path(folder) if folder is not None else Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _matplotlib() -> str:
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover - matplotlib is a dependency
        return "?"


def figure_key(result: Any, spec: Any, presentation: Any, formats: tuple[str, ...], *,
               source: str | None = None, dpi: int = 200) -> str:
    """The cache key of one figure (``source``: the package digest, by default computed)."""
    parts = [fingerprint(result), fingerprint(spec), fingerprint(presentation), fingerprint(tuple(formats)),
             source if source is not None else source_digest(), _matplotlib(), str(dpi)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
