"""One build (or writing validate) of a study at a time: a lock file in the study folder.

``.surveykit.lock`` beside surveykit.yaml is held with an operating-system lock (``flock``)
for the whole build and removed when it ends. A second build of the same study fails at once
with a :class:`~surveykit.errors.LockError` naming the running one (process id, host, start
time). The operating system releases the lock of a process that dies, even by ``kill -9``:
the file it leaves behind is then *stale*, recognised as such by the next build, reported as a
warning and taken over. (Without ``flock``, on Windows, the file is created exclusively and
a stale one is recognised by its process no longer running.)

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with study_lock(root):
    ...     with study_lock(root):
    ...         pass
    Traceback (most recent call last):
    surveykit.errors.LockError: another surveykit build of this study is running (process ...). Wait for it to finish, then run again.
    >>> (root / LOCK_NAME).exists()
    False
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from surveykit.config.study import output_folders
from surveykit.errors import LockError, OutputError
from surveykit.outputs import check_output_folder

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

__all__ = ["LOCK_NAME", "study_lock"]

LOCK_NAME = ".surveykit.lock"
log = logging.getLogger("surveykit.lock")


def _describe(info: dict) -> str:
    started = info.get("started", "?")
    host = info.get("host")
    return (f"process {info.get('pid', '?')}{f' on {host}' if host else ''}, "
            f"`surveykit {info.get('command', 'build')}` started {started}")


def _read(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 4096).decode("utf-8", "replace")
        info = json.loads(text) if text.strip() else {}
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if os.path.islink(path):
            raise OutputError(f"{path}: the lock file is a symbolic link; remove it and run again.") from None
        raise OutputError(f"{path}: cannot create the build lock ({exc.strerror}). The study folder must be "
                          "writable to build.") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"{path}: is not a file; remove it and run again.")
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _acquire_flock(path: Path) -> int:
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                # a file system without locks (some network drives): go on, and say so
                log.warning("%s: the file system cannot lock files (%s); make sure no other build of this study "
                            "runs at the same time", path, exc.strerror)
                return fd
            info = _read(fd)
            os.close(fd)
            raise LockError(f"another surveykit build of this study is running ({_describe(info)}). "
                            "Wait for it to finish, then run again.") from None
        if _same_file(fd, path):  # not a file the previous holder removed as we opened it
            return fd
        os.close(fd)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _acquire_exclusive(path: Path) -> int:
    """Without flock: create the file exclusively; a file of a process no longer running is stale."""
    for _ in range(3):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            fd = os.open(path, os.O_RDONLY)
            info = _read(fd)
            os.close(fd)
            if info.get("host") == socket.gethostname() and not _alive(info.get("pid")):
                log.warning("%s: the build lock of %s was stale (that build did not finish); taken over",
                            path, _describe(info))
                os.unlink(path)
                continue
            raise LockError(f"another surveykit build of this study is running ({_describe(info)}). Wait for it "
                            f"to finish, then run again. If it is not running any more, delete {path}.") from None
    raise LockError(f"{path}: cannot take the build lock; delete the file if no build is running.")


@contextmanager
def study_lock(root: str | Path, command: str = "build") -> Iterator[Path]:
    """Hold the study's build lock inside the block; :class:`LockError` if another build holds it.

    The study's output folders must be real folders inside it (not links elsewhere).
    """
    root = Path(root)
    for folder in output_folders(root):
        check_output_folder(root, folder)
    path = root / LOCK_NAME
    fd = _acquire_flock(path) if fcntl is not None else _acquire_exclusive(path)
    try:
        stale = _read(fd) if fcntl is not None else {}
        if stale:
            log.warning("a previous build (%s) did not finish (killed or crashed?); its lock %s was stale and is "
                        "taken over; its outputs were left as they were before it", _describe(stale), path)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode())
        yield path
    finally:
        try:
            if _same_file(fd, path):
                os.unlink(path)
        finally:
            os.close(fd)  # releases the lock
