"""Draw and save report figures: in the calling process, or in worker processes at once.

Drawing is most of a build's time and each figure is independent of the others, so
:class:`Renderer` hands them to a small process pool (``jobs`` workers, started from a
fork server that has imported matplotlib once) while the caller computes the next figure's
numbers. ``jobs=1`` draws in the calling process. The files are byte-identical either way.

The workers never import code from the study folder (or the current folder): the fork server
starts with Python's safe-path mode and each worker drops those folders from ``sys.path``
(a ``numpy.py`` planted beside surveykit.yaml is not run). A worker watches the build process
and exits within a second when it is gone (even after ``kill -9``). Figures are written only
inside the folders the build confined its writes to (:func:`surveykit.outputs.confined`).

Example:
    >>> with Renderer(jobs=1) as r:                                  # doctest: +SKIP
    ...     r.submit(FigureJob(spec, result, presentation, stem, ("png",)), done=print)
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from surveykit._processes import child_init, context, main_hidden, parent_token, preload
from surveykit.errors import SurveykitError
from surveykit.outputs import allowed_roots, check_place, check_target, confined, process_umask
from surveykit.presentation import Presentation
from surveykit.report.spec import Spec

__all__ = ["JOBS_VARIABLE", "FigureJob", "Renderer", "default_jobs", "jobs_from_environment", "render", "usable_cores"]

# the fork server imports matplotlib and the drawing code once for all workers
preload("surveykit.report.render", "surveykit.report.figures", "surveykit.plots")


@dataclass(frozen=True)
class FigureJob:
    """Everything one figure needs, picklable: its spec, result value, presentation and files."""

    spec: Spec
    result: Any
    presentation: Presentation
    stem: Path
    formats: tuple[str, ...]
    roots: tuple[Path, ...] = ()  # the folders the files must land in (set by Renderer.submit)
    umask: int | None = None  # the build's umask when the job was submitted (set by Renderer.submit)
    dpi: int = 200


def render(job: FigureJob) -> list[Path]:
    """Draw one report figure in the report theme and save it in each format; the paths."""
    # the files get the modes the build's own files get, whatever umask this process started with
    previous = os.umask(job.umask) if job.umask is not None else None
    try:
        return _render(job)
    finally:
        if previous is not None:
            os.umask(previous)


def _render(job: FigureJob) -> list[Path]:
    import matplotlib.pyplot as plt  # here, not at import: a build that only computes never loads it

    from surveykit.plots.save import save_figure
    from surveykit.plots.theme import add_footer, report_theme
    from surveykit.report.figures import draw

    with confined(*job.roots) if job.roots else contextlib.nullcontext():
        check_target(job.stem)
        with report_theme():
            fig = draw(job.spec.kind, job.result, job.presentation, job.spec.text(job.presentation.language))
            try:
                add_footer(fig, job.presentation.footer)
                return save_figure(fig, job.stem, job.formats, dpi=job.dpi)
            finally:
                plt.close(fig)


JOBS_VARIABLE = "SURVEYKIT_JOBS"


def usable_cores() -> int:
    """The cores this process may run on, at least 1: fewer than the machine's under ``taskset``,
    in a container's cpuset, or under a cgroup CPU quota (``docker --cpus=2``: 2; a quota of 1.5
    cores: 2)."""
    cores = os.cpu_count() or 1
    with contextlib.suppress(AttributeError, OSError):   # no affinity on macOS and Windows
        cores = min(cores, len(os.sched_getaffinity(0)))
    quota = _cgroup_cores()
    if quota is not None:
        cores = min(cores, quota)
    return max(cores, 1)


def _cgroup_cores(root: Path = Path("/")) -> int | None:
    """The CPU quota of this process's cgroups (v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), in whole
    cores rounded up, the smallest of the cgroup and its parents; None where there is none (or no
    /proc: macOS, Windows). ``root`` is the file system's root (tests give a folder)."""
    try:
        entries = (root / "proc" / "self" / "cgroup").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    base = root / "sys" / "fs" / "cgroup"
    found: list[int] = []
    for entry in entries:
        parts = entry.split(":", 2)
        if len(parts) != 3:
            continue
        controllers, where = parts[1].split(","), Path("/" + parts[2].strip().lstrip("/"))
        if parts[1] == "":   # cgroup v2: one hierarchy
            folders = [base / p.relative_to("/") for p in (where, *where.parents)]
            found += [q for q in map(_quota_v2, folders) if q is not None]
        elif "cpu" in controllers:   # cgroup v1: the cpu controller's own mount
            for mount in (base / parts[1], base / "cpu", base / "cpu,cpuacct", base / "cpuacct,cpu"):
                folders = [mount / p.relative_to("/") for p in (where, *where.parents)]
                found += [q for q in map(_quota_v1, folders) if q is not None]
    return min(found) if found else None


def _cores(quota: str, period: str) -> int | None:
    try:
        q, p = int(quota), int(period)
    except ValueError:
        return None
    return -(-q // p) if q > 0 and p > 0 else None


def _quota_v2(folder: Path) -> int | None:
    try:
        words = (folder / "cpu.max").read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return None
    return _cores(words[0], words[1]) if len(words) == 2 and words[0] != "max" else None


def _quota_v1(folder: Path) -> int | None:
    try:
        return _cores((folder / "cpu.cfs_quota_us").read_text(encoding="utf-8").strip(),
                      (folder / "cpu.cfs_period_us").read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return None


def jobs_from_environment() -> int | None:
    """``SURVEYKIT_JOBS``: the drawing processes of a build not told how many (``--jobs``, ``jobs=``):
    a whole number of 1 or more, or ``auto`` (one per usable core); None when unset or empty.
    Anything else is a :class:`SurveykitError` naming the variable, its value and what to write."""
    value = os.environ.get(JOBS_VARIABLE)
    if value is None or not value.strip():
        return None
    word = value.strip()
    if word.lower() == "auto":
        return usable_cores()
    if word.isascii() and word.isdigit() and int(word) >= 1:
        return int(word)
    cores = usable_cores()
    raise SurveykitError(
        f"{JOBS_VARIABLE}={value!r} (an environment variable): set it to the number of processes drawing a build's "
        f"figures, a whole number from 1 (draw in the build's own process) to {cores} (the cores this process may "
        f"use), or to auto (one per core: {cores}); or unset it for the default ({min(2, cores)}). `--jobs N` "
        "overrides it for one build")


def default_jobs() -> int:
    """Worker processes for drawing when none are asked for: ``SURVEYKIT_JOBS`` when set, else 2
    where this process may use 2 or more cores, else 1."""
    from_environment = jobs_from_environment()
    if from_environment is not None:
        return from_environment
    return 2 if usable_cores() >= 2 else 1


def _worker_start(parent: int, parent_started: str | None) -> None:
    child_init(parent, parent_started)
    import matplotlib

    matplotlib.use("Agg")  # a worker never shows a window, whatever the parent's backend


class Renderer:
    """Render :class:`FigureJob` s, in ``jobs`` worker processes (``1``: here, at once).

    ``submit(job, done)`` calls ``done(job, paths)`` in the calling thread when the figure is
    written: at once with ``jobs=1``, else at a later ``submit`` or at ``finish()``.
    A failure in a worker is raised again here, and the other figures are cancelled.
    """

    def __init__(self, jobs: int = 1):
        if jobs < 1:
            raise ValueError(f"jobs must be 1 or more, got {jobs}")
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Future, tuple[FigureJob, Callable[[FigureJob, list[Path]], None]]] = {}

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.stop()
            return
        self.finish()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """Stop drawing at once (a failed or interrupted build): the figures not drawn are
        dropped and the worker processes terminated, not left to draw into folders that are
        being removed."""
        self._pending.clear()
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # shut down first: no task and no process is started after this (the warm-up thread may be
        # starting one); then every process stopped and waited for, killed if it does not end. A
        # process started after the others were terminated would wait forever for a task queue
        # whose lock a terminated one held, and the pool's shutdown(wait=True) with it.
        # The pool's table of processes and its manager thread are taken before: shutdown() drops
        # its references to both (the processes went on drawing into the staging folders while
        # they were removed, and a staging folder was left). Once shutdown() has taken the pool's
        # lock, no process is added to that table any more.
        table = getattr(pool, "_processes", None)   # the pool's own dict, even while still empty
        if table is None:
            table = {}
        manager = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=False, cancel_futures=True)
        processes = list(table.values())
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        deadline = time.monotonic() + 5
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(1)
        if manager is not None:
            manager.join(5)

    def start(self) -> None:
        """Start the worker processes now (they import matplotlib while the caller works)."""
        if self.jobs > 1 and self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context(), initializer=_worker_start,
                                             initargs=parent_token())
            # starting a process waits for the fork server's imports: do that in the background
            threading.Thread(target=_warm_up, args=(self._pool, self.jobs), daemon=True).start()

    def submit(self, job: FigureJob, done: Callable[[FigureJob, list[Path]], None]) -> None:
        check_target(job.stem)  # here, in the build, where its writes are confined
        for fmt in job.formats:   # a file named like its folder is a message here, not a drawing process's error
            check_place(job.stem.with_suffix(f".{fmt}"))
        job = dataclasses.replace(job, roots=allowed_roots(), umask=process_umask())
        if self.jobs == 1:
            done(job, render(job))
            return
        self.start()
        with main_hidden():   # a worker may be started here
            self._pending[self._pool.submit(render, job)] = (job, done)
        self._collect(block=False)

    @property
    def pending(self) -> int:
        """Figures submitted and not yet written."""
        return len(self._pending)

    def finish(self) -> None:
        """Wait for every submitted figure."""
        while self._pending:
            self._collect(block=True)

    def _collect(self, block: bool) -> None:
        finished, _ = wait(list(self._pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in [f for f in self._pending if f in finished]:  # in submission order
            job, done = self._pending.pop(future)
            try:
                paths = future.result()
            except BrokenProcessPool as exc:
                raise SurveykitError(
                    f"drawing figure {job.spec.id!r}: a drawing process stopped unexpectedly (out of memory?); "
                    "run again with --jobs 1 to draw in one process") from exc
            done(job, paths)


def _warm_up(pool: ProcessPoolExecutor, jobs: int) -> None:
    """Start the pool's processes (a no-op task each); quietly nothing once it is shut down."""
    try:
        with main_hidden():
            for _ in range(jobs):
                pool.submit(os.getpid)
    except RuntimeError:
        pass
