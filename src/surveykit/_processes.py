"""Child processes that never import code from the study folder and never outlive their parent.

Used by the drawing workers of a build (:mod:`surveykit.report.render`) and to run a reader
whose C code could crash on a corrupt file (:func:`run_isolated`). Children are forked from
one fork server (spawned on Windows) that is started in Python's safe-path mode: a
``numpy.py`` in the current folder (often the study folder) is never imported. Each child
drops the current folder from ``sys.path`` and exits within a second when its parent process
is gone, even after ``kill -9``. Children never run the caller's script again (see
:func:`main_hidden`): a user's script needs no ``if __name__ == "__main__":`` guard.

Example:
    >>> run_isolated(sum, [1, 2, 3], what="adding")
    6
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["ChildCrashed", "child_init", "context", "main_hidden", "preload", "run_isolated"]

_PRELOAD: list[str] = []
_LOCK = threading.Lock()
_MAIN_LOCK = threading.Lock()
_MAIN_STATE: dict[str, Any] = {"depth": 0, "saved": {}}


class ChildCrashed(RuntimeError):
    """A child process ended without an answer (killed by a signal, or out of memory)."""

    def __init__(self, exitcode: int | None):
        super().__init__(f"the child process ended with exit code {exitcode}")
        self.exitcode = exitcode


def preload(*modules: str) -> None:
    """Modules the fork server imports once for all its children (only before it starts)."""
    for name in modules:
        if name not in _PRELOAD:
            _PRELOAD.append(name)


def context() -> multiprocessing.context.BaseContext:
    """A fork server started safely (spawn where there is none, as on Windows)."""
    if sys.platform == "win32" or "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    with _LOCK:
        ctx.set_forkserver_preload(list(_PRELOAD))
        _start_forkserver_safely()
    return ctx


def _start_forkserver_safely() -> None:
    """Start the fork server (once per process) with Python's safe-path mode.

    It runs ``python -c ...``, which puts the current folder first on ``sys.path``: a module
    there (a ``numpy.py`` in the study folder) would shadow the real one in every child.
    ``PYTHONSAFEPATH=1`` (Python 3.11+) keeps it out; set only while the server starts.
    """
    from multiprocessing import forkserver

    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        with _ctrl_c_ignored():
            forkserver.ensure_running()
    except OSError as exc:
        if "AF_UNIX path too long" not in str(exc):
            raise
        import tempfile

        from surveykit.errors import SurveykitError

        folder = tempfile.gettempdir()
        raise SurveykitError(
            f"cannot start the helper processes (for reading SPSS files and drawing figures): their socket goes in "
            f"the temporary folder {folder} ({len(folder)} characters), whose path is too long for a socket "
            "(about 100 characters with the socket's name). Set TMPDIR to a shorter folder (TMPDIR=/tmp) and run "
            "again") from exc
    finally:
        if previous is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = previous


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """SIGINT ignored while the fork server starts, which it inherits: Ctrl-C in a terminal
    reaches the whole process group, and a fork server importing its preloaded modules would
    print a traceback (its children ignore it too; the build stops them itself)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:   # not the main thread: leave the handlers as they are
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def main_hidden() -> Iterator[None]:
    """While starting children: the caller's ``__main__`` shows no file and no module name.

    multiprocessing starts every child of a fork server (or spawn) by importing the parent's
    main script or ``-m`` module again; a script without an ``if __name__ == "__main__":``
    guard then runs again in the child and fails there (a ``.sav`` wave was reported as a
    corrupt file). These children run only surveykit's own functions and need nothing of it.
    Re-entrant and thread-safe; the attributes are back when the last user leaves.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _MAIN_LOCK:
        if _MAIN_STATE["depth"] == 0:
            _MAIN_STATE["saved"] = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        _MAIN_STATE["depth"] += 1
    try:
        yield
    finally:
        with _MAIN_LOCK:
            _MAIN_STATE["depth"] -= 1
            if _MAIN_STATE["depth"] == 0:
                main.__dict__.pop("__spec__", None)
                main.__dict__.update(_MAIN_STATE["saved"])
                _MAIN_STATE["saved"] = {}


def _unsafe_paths() -> set[str]:
    """Entries of ``sys.path`` that stand for the current folder (the study, often)."""
    cwd = os.getcwd()
    return {p for p in sys.path if p in ("", ".") or os.path.abspath(p) == cwd}


def started(pid: int) -> str | None:
    """When process ``pid`` started (Linux: from /proc; elsewhere None), to tell it from a
    later process that got the same number."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return None


def parent_token() -> tuple[int, str | None]:
    """What a child needs to watch this process: its id and start time."""
    me = os.getpid()
    return me, started(me)


def _alive(pid: int, when: str | None) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return when is None or started(pid) == when


def _watch(pid: int, when: str | None, every: float = 0.5) -> None:
    while _alive(pid, when):
        time.sleep(every)
    os._exit(1)  # nothing will ask this child for anything any more


def child_init(parent: int, parent_started: str | None) -> None:
    """First thing in a child: no import from the current folder; exit when the parent dies."""
    for entry in _unsafe_paths():
        sys.path.remove(entry)
    threading.Thread(target=_watch, args=(parent, parent_started), daemon=True, name="surveykit-parent-watch").start()


def _child(conn, token: tuple[int, str | None], fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    child_init(*token)
    try:
        result = ("ok", fn(*args, **kwargs))
    except BaseException as exc:  # sent back whole, raised again in the parent
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception as exc:  # an unpicklable error: its text is enough
        conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    conn.close()


def run_isolated(fn: Callable[..., Any], *args: Any, what: str = "", **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a child process; its result, or its exception raised here.

    A child that dies without answering (a crash in C code, killed) raises
    :class:`ChildCrashed` here instead of taking this process down with it.
    """
    ctx = context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, parent_token(), fn, args, kwargs), daemon=True,
                       name=f"surveykit {what}".strip())
    with main_hidden():
        proc.start()
    send.close()
    try:
        status, payload = receive.recv()
    except EOFError:
        proc.join()
        raise ChildCrashed(proc.exitcode) from None
    except BaseException:   # interrupted (Ctrl-C, SIGTERM): the child is not left reading on
        proc.terminate()
        proc.join(5)
        raise
    finally:
        receive.close()
    proc.join()
    if status == "error":
        raise payload
    return payload
