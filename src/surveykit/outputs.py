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

And confined: inside :func:`confined` (which :func:`staged_dirs` puts in force for its
staging folders) every write of this module resolves its target, symbolic links followed,
and refuses with :class:`~surveykit.errors.OutputError` anything outside the given folders.
Whatever a configuration or a bug makes of a file name, nothing is written elsewhere.

Example:
    >>> import pandas as pd
    >>> neutralise_cells(pd.DataFrame({"c": ["=SUM(A1)", "ok", "-", "-3"]}))["c"].tolist()
    ["'=SUM(A1)", 'ok', '-', '-3']
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from surveykit.errors import OutputError

__all__ = ["Staging", "allowed_roots", "atomic_path", "check_output_folder", "check_place", "check_target", "confined",
           "neutralise_cells", "process_umask", "read_cache", "staged_dirs", "unlinked", "write_csv", "write_json",
           "write_parquet"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


_ROOTS: list[tuple[Path, ...]] = []  # process-wide (threads too): the folders writes may go to


@contextmanager
def confined(*roots: str | Path) -> Iterator[tuple[Path, ...]]:
    """Inside the block, writes through this module must land inside one of ``roots``.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> with confined(out / "reports"):
        ...     write_json({}, out / "reports" / "x" / ".." / ".." / "escape.json")
        Traceback (most recent call last):
        surveykit.errors.OutputError: refusing to write .../escape.json (that is .../escape.json): it is outside the output folder(s) .../reports. ...
    """
    resolved = tuple(Path(r).resolve() for r in roots)
    _ROOTS.append(resolved)
    try:
        yield resolved
    finally:
        _ROOTS.pop()


def allowed_roots() -> tuple[Path, ...]:
    """The folders writes are confined to now (empty: not confined)."""
    return _ROOTS[-1] if _ROOTS else ()


def check_target(target: str | Path, roots: tuple[Path, ...] | None = None) -> Path:
    """``target`` when it (its folder resolved, links followed) lies inside ``roots`` (default:
    the folders of the innermost :func:`confined`); else :class:`OutputError`."""
    target = Path(target)
    roots = allowed_roots() if roots is None else roots
    if not roots:
        return target
    real = Path(os.path.realpath(target.parent)) / target.name
    if target.name in ("", ".", "..") or not any(real.is_relative_to(r) and real != r for r in roots):
        shown = f"{target}" + (f" (that is {real})" if str(real) != str(target) else "")
        raise OutputError(
            f"refusing to write {shown}: it is outside the output folder(s) {', '.join(map(str, roots))}. "
            "surveykit writes only into data/processed/ and reports/ of the study. If a folder there is a "
            "symbolic link, replace it by a real folder; otherwise this is a surveykit bug: please report it."
        )
    return target


def check_output_folder(root: Path, folder: Path) -> Path:
    """``folder`` when it is a real folder inside the study ``root`` (or absent), not a link
    and not inside a linked folder; else :class:`OutputError`."""
    real_root = Path(os.path.realpath(root))
    if os.path.islink(folder) or not Path(os.path.realpath(folder)).is_relative_to(real_root):
        raise OutputError(
            f"{folder}: is a symbolic link (or inside one) leading to {os.path.realpath(folder)}, outside the study "
            f"folder {root}. surveykit writes its outputs only into real folders inside the study; replace the link "
            "by a folder (and copy its contents over if you need them)."
        )
    return folder


def unlinked(target: str | Path, root: str | Path | None = None) -> Path:
    """``target``, about to be (over)written in place by a command that writes a study's
    configuration or exports (``init``, ``demo``, ``codebook draft``), made safe to open for
    writing: a symbolic link there is refused (writing would change the file it leads to,
    wherever that is), a hard link is detached (the new file gets its own inode, the other
    name keeps the old bytes), and with ``root``, a target whose folder leads out of ``root``
    is refused.

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> (d / "mine.yaml").symlink_to("/etc/passwd")
        >>> unlinked(d / "mine.yaml")
        Traceback (most recent call last):
        surveykit.errors.OutputError: .../mine.yaml: is a symbolic link (to /etc/passwd); surveykit does not write through links. Remove the link (or put a copy of the file in its place) and run again.
    """
    target = Path(target)
    if os.path.islink(target):
        raise OutputError(f"{target}: is a symbolic link (to {os.readlink(target)}); surveykit does not write through "
                          "links. Remove the link (or put a copy of the file in its place) and run again.")
    if root is not None:
        real_root, real = Path(os.path.realpath(root)), Path(os.path.realpath(target.parent))
        if not real.is_relative_to(real_root):
            raise OutputError(f"{target}: its folder leads to {real}, outside the study folder {root} (a symbolic "
                              "link); surveykit writes a study's files only inside it. Replace the link by a folder.")
    try:
        if target.is_file() and os.stat(target).st_nlink > 1:
            target.unlink()
    except OSError:
        pass  # whatever it is, opening it for writing will say
    return target


@contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step.

    An exception (or an interrupted build) leaves the previous ``target`` untouched.
    """
    target = check_target(target)
    check_place(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    check_target(target)  # again, now that its folder exists
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp makes owner-only files; outputs are for sharing: the mode a new file gets
        os.chmod(tmp, 0o666 & ~process_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_STAGE = re.compile(r"^\.(.+)\.staging-\d+$")


def shown_path(path: Path) -> Path:
    """``path`` as the user knows it: inside a staging folder of a build, the place it will have
    once the build is swapped in (``reports/figures``, not ``.reports.staging-1791/figures``)."""
    real = Path(os.path.realpath(path))
    for root in allowed_roots():
        match = _STAGE.match(root.name)
        if match and real.is_relative_to(root):
            return root.parent / match.group(1) / real.relative_to(root)
    return path


def check_place(target: Path) -> None:
    """An OutputError when a file is in the place of a folder an output goes into, or a folder
    in the place of the output file: said with the path the user knows and what to do."""
    if target.is_dir() and not target.is_symlink():
        raise OutputError(f"{shown_path(target)}: is a folder, where surveykit writes a file of that name. Move or "
                          "rename the folder, then run again; the previous outputs are left as they were.")
    for folder in reversed(target.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{shown_path(folder)}: is a file, where surveykit writes a folder of outputs of that "
                              "name. Move or rename the file, then run again; the previous outputs are left as they "
                              "were.")


def process_umask() -> int:
    """The process's umask (read without changing it where /proc tells it): the drawing
    processes of a build take the build's, which may have changed since they started."""
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


_PID = re.compile(r"\.(?:staging|old)-(\d+)$")


def _alive(pid: int) -> bool:
    """Whether another process ``pid`` runs on this machine (ours counts as not: it is us)."""
    if pid == os.getpid() or os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_tree(path: Path) -> None:
    """Delete a folder we made, also where it holds read-only folders or files (copied from the
    outputs with their modes); what still cannot be removed is left, never an error."""
    def writable_and_retry(function, name, _exc):
        try:
            parent = os.path.dirname(name)
            os.chmod(parent, stat.S_IMODE(os.lstat(parent).st_mode) | stat.S_IRWXU)
            if not os.path.islink(name) and os.path.isdir(name):
                os.chmod(name, stat.S_IMODE(os.lstat(name).st_mode) | stat.S_IRWXU)
            function(name)
        except OSError:
            pass

    if os.path.islink(path):
        os.unlink(path)
    elif os.path.exists(path):
        shutil.rmtree(path, onexc=writable_and_retry) if _ONEXC else shutil.rmtree(path, onerror=writable_and_retry)


_ONEXC = "onexc" in shutil.rmtree.__code__.co_varnames


def _leftovers(target: Path) -> None:
    """Clean up after a build killed mid-way: restore a folder left as .old, drop stale stagings
    (of processes no longer running: a build that still runs keeps its own)."""
    for old in sorted(target.parent.glob(f".{target.name}.old-*")):
        match = _PID.search(old.name)
        if match and _alive(int(match.group(1))):
            continue
        if not target.exists() and not target.is_symlink():
            os.replace(old, target)
        else:
            remove_tree(old)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        match = _PID.search(stale.name)
        if not (match and _alive(int(match.group(1)))):
            remove_tree(stale)


def _special_files(folder: str, names: list[str]) -> list[str]:
    """Entries of an output folder that are not files, folders or links (a named pipe planted
    there would block the copy): left out of the staging copy."""
    out = []
    for name in names:
        try:
            mode = os.lstat(os.path.join(folder, name)).st_mode
        except OSError:
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
            out.append(name)
    return out


@contextmanager
def staged_dirs(*targets: str | Path) -> Iterator[Staging]:
    """Build into copies of ``targets``; on success swap them in, on any exception drop them.

    Each staging folder starts as a copy of its target (so caches and files the build does
    not rewrite carry over) and lives beside it (``.reports.staging-<pid>``), on the same file system, so the swap is
    a rename. Writes inside the block are :func:`confined` to the staging folders. A target
    that is a symbolic link is refused (its files would be copied from wherever it points).
    """
    finals = tuple(Path(t) for t in targets)
    stages: list[Path] = []
    try:
        for target in finals:
            _replaceable(target)
        for target in finals:
            target.parent.mkdir(parents=True, exist_ok=True)
            _leftovers(target)
            stage = target.parent / f".{target.name}.staging-{os.getpid()}"
            remove_tree(stage)
            stages.append(stage)
            if target.exists():
                shutil.copytree(target, stage, symlinks=True, ignore=_special_files)
            else:
                stage.mkdir()
    except BaseException:
        for stage in stages:
            remove_tree(stage)
        raise
    staging = Staging(finals, tuple(stages))
    try:
        with confined(*stages):
            yield staging
    except BaseException:
        for stage in stages:
            remove_tree(stage)
        raise
    _swap(stages, finals)


def _replaceable(target: Path) -> None:
    """An output folder a build can replace at its end: not a link, not a file, not a mount
    point, in a writable folder; else an :class:`OutputError` before anything is built."""
    fix = "; the previous outputs are left as they were."
    if target.is_symlink():
        raise OutputError(
            f"{target}: is a symbolic link (to {os.path.realpath(target)}). surveykit writes its outputs only "
            "into real folders inside the study; replace the link by a folder.")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: is a file, not a folder. surveykit writes its outputs into a folder of that name: "
                          f"move or rename the file, then run again{fix}")
    if target.is_dir() and os.path.ismount(target):
        raise OutputError(f"{target}: is a mount point (a file system of its own). A build replaces the whole folder at "
                          "its end, which cannot be done to a mount point: mount the study folder instead, or build in a "
                          f"copy of the study and copy {target.name}/ over{fix}")
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{parent}: cannot write in this folder (no permission, or a read-only file system), so "
                          f"{target} cannot be replaced. Make it writable, or build in a copy of the study{fix}")


def _swap(stages: list[Path], finals: tuple[Path, ...]) -> None:
    """Every staging folder in the place of its target, or none: a target that cannot be moved
    (a read-only or busy folder) puts back those already moved and raises an OutputError."""
    moved: list[tuple[Path, Path]] = []    # (target, where it was put aside)
    placed: list[tuple[Path, Path]] = []   # (stage, target)
    try:
        for target in finals:
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            if target.exists():
                os.replace(target, old)
                moved.append((target, old))
        for stage, target in zip(stages, finals, strict=True):
            os.replace(stage, target)
            placed.append((stage, target))
    except OSError as exc:
        for stage, target in reversed(placed):
            os.replace(target, stage)
        for target, old in reversed(moved):
            os.replace(old, target)
        for stage in stages:
            remove_tree(stage)
        if is_disk_full(exc):
            raise
        names = " and ".join(str(t) for t in finals)
        raise OutputError(f"cannot replace {exc.filename or names} with the new outputs ({exc.strerror or exc}). "
                          f"Nothing was changed: {names} are as they were before this build. Make the study's "
                          "output folders writable (not read-only, not mount points), or build in a copy of the "
                          "study.") from None
    for _target, old in moved:
        remove_tree(old)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


def read_cache(path: Path, limit: int = 16 << 20) -> dict:
    """A cache file of an earlier build (a JSON mapping), or ``{}`` when it is missing, not an
    ordinary file, too large or damaged: a cache is never worth failing a build for.

    Example:
        >>> import tempfile
        >>> bad = Path(tempfile.mkdtemp()) / ".cache.json"
        >>> _ = bad.write_text("{not json")
        >>> read_cache(bad), read_cache(bad.with_name("missing.json"))
        ({}, {})
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return {}
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return {}
        data = fh.read(limit + 1)
    try:
        value = json.loads(data) if len(data) <= limit else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


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


def write_parquet(frame: pd.DataFrame, target: str | Path, metadata: dict[str, Any] | None = None) -> Path:
    """Parquet (pyarrow), atomically; ``metadata`` (JSON) goes into the file's schema metadata
    under the key ``surveykit``, in the same write.

    Written through a Python file object, never a path handed to pyarrow: pyarrow encodes a path
    as UTF-8 and reads it as a URI, so a folder name with bytes that are not UTF-8 (an old
    Latin-1 'ø' on Linux) failed, and one with '#' or '%' could be read as a URI's parts.
    """
    if metadata is None:
        return _write(target, lambda p: _to_file(p, lambda fh: frame.to_parquet(fh, index=False, engine="pyarrow")))
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    extra = {b"surveykit": json.dumps(metadata, ensure_ascii=False, sort_keys=True).encode("utf-8")}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})
    return _write(target, lambda p: _to_file(p, lambda fh: pq.write_table(table, fh)))


def _to_file(path: Path, writer: Callable[[Any], None]) -> None:
    """Open ``path`` for binary writing here (Python's own file names) and hand the file to ``writer``."""
    with open(path, "wb") as fh:
        writer(fh)


def write_json(data: Any, target: str | Path) -> Path:
    """Pretty JSON (UTF-8, sorted keys for stable bytes), atomically."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    return _write(target, lambda p: p.write_text(text, encoding="utf-8"))
