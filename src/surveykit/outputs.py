"""Writing outputs safely: atomically (temporary file + rename), deterministically, and with
text cells that a spreadsheet would execute neutralised.

Two levels of atomicity:

* one file: :func:`atomic_path` (and the ``write_*`` functions) write a temporary file beside
  the target and rename it over the target, so a reader sees the old or the new file, never
  half of one;
* a whole build: :func:`staged_dirs` gives the build copies of its output folders
  (``data/processed``, ``reports``) and swaps them in only when every output is written. An
  interrupted or failed build leaves the previous folders byte-identical. The swap itself
  is two renames per folder; only a crash between those renames can leave a folder under
  its staging name (``.reports.old-<pid>``, restored by the next build).

Example:
    >>> import pandas as pd
    >>> neutralise_cells(pd.DataFrame({"c": ["=SUM(A1)", "ok", "-", "-3"]}))["c"].tolist()
    ["'=SUM(A1)", 'ok', '-', '-3']
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["Staging", "atomic_path", "neutralise_cells", "staged_dirs", "write_csv", "write_json", "write_parquet"]

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
        # mkstemp makes owner-only files; outputs are for sharing: the mode a new file gets
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    """The process's umask (read without changing it where /proc tells it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Staging:
    """Output folders being built: ``dirs[i]`` stands in for ``targets[i]`` until the swap."""

    targets: tuple[Path, ...]
    dirs: tuple[Path, ...]

    def final(self, obj: Any) -> Any:
        """Paths (also inside lists and dicts) under a staging folder mapped to the real folder."""
        if isinstance(obj, dict):
            return {k: self.final(v) for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            return type(obj)(self.final(v) for v in obj)
        if isinstance(obj, Path):
            for stage, target in zip(self.dirs, self.targets, strict=True):
                if obj == stage or stage in obj.parents:
                    return target / obj.relative_to(stage)
        return obj


def _leftovers(target: Path) -> None:
    """Clean up after a build killed mid-way: restore a folder left as .old, drop stale stagings."""
    for old in sorted(target.parent.glob(f".{target.name}.old-*")):
        if not target.exists():
            os.replace(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def staged_dirs(*targets: str | Path) -> Iterator[Staging]:
    """Build into copies of ``targets``; on success swap them in, on any exception drop them.

    Each staging folder starts as a copy of its target (so caches and files the build does
    not rewrite carry over) and lives beside it (``.reports.staging-<pid>``), on the same
    file system, so the swap is a rename.
    """
    finals = tuple(Path(t) for t in targets)
    stages = []
    for target in finals:
        target.parent.mkdir(parents=True, exist_ok=True)
        _leftovers(target)
        stage = target.parent / f".{target.name}.staging-{os.getpid()}"
        if target.exists():
            shutil.copytree(target, stage, symlinks=True)
        else:
            stage.mkdir()
        stages.append(stage)
    staging = Staging(finals, tuple(stages))
    try:
        yield staging
    except BaseException:
        for stage in stages:
            shutil.rmtree(stage, ignore_errors=True)
        raise
    for stage, target in zip(stages, finals, strict=True):
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if target.exists():
            os.replace(target, old)
        os.replace(stage, target)
        shutil.rmtree(old, ignore_errors=True)


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
    """CSV (UTF-8, comma, '.' decimals, full float precision) with neutralised cells, atomically.

    Line breaks inside text cells are written as ``\n`` (so the cell is quoted): a bare
    carriage return would not be quoted and would split the row for every reader.
    """
    safe = neutralise_cells(frame)
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            text = safe[col].map(lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v)
            if not text.equals(safe[col]):
                safe[col] = text
    return _write(target, lambda p: safe.to_csv(p, index=False, lineterminator="\n"))


def write_parquet(frame: pd.DataFrame, target: str | Path) -> Path:
    """Parquet (pyarrow), atomically."""
    return _write(target, lambda p: frame.to_parquet(p, index=False, engine="pyarrow"))


def write_json(data: Any, target: str | Path) -> Path:
    """Pretty JSON (UTF-8, sorted keys for stable bytes), atomically."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    return _write(target, lambda p: p.write_text(text, encoding="utf-8"))
