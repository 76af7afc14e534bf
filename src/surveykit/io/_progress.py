"""Progress lines from inside a long read (an .xlsx of millions of rows), without threading a
callback through every reader's signature: the caller puts one in force with :func:`reporting`.

Example:
    >>> seen = []
    >>> with reporting(seen.append, every=0):
    ...     tick = ticker("wave1.xlsx")
    ...     tick(100_000)
    >>> seen
    ['reading wave1.xlsx: 100,000 rows so far']
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["EVERY", "announce", "reporting", "size_text", "ticker"]

EVERY = 5.0  # seconds between two progress lines of one read

_REPORT: contextvars.ContextVar[tuple[Callable[[str], None], float] | None] = contextvars.ContextVar(
    "surveykit_read_progress", default=None)


@contextmanager
def reporting(callback: Callable[[str], None] | None, every: float | None = None) -> Iterator[None]:
    """Readers inside the block report their progress to ``callback``, at most every ``every``
    seconds (default :data:`EVERY`)."""
    token = _REPORT.set((callback, EVERY if every is None else every) if callback else None)
    try:
        yield
    finally:
        _REPORT.reset(token)


def ticker(name: str) -> Callable[[int], None]:
    """A function ``tick(rows)`` that reports ``rows`` read so far when a report is due."""
    active = _REPORT.get()
    if active is None:
        return lambda _rows: None
    callback, every = active
    last = [time.monotonic()]

    def tick(rows: int) -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            callback(f"reading {name}: {rows:,} rows so far")

    return tick


def announce(message: str) -> None:
    """Say ``message`` at once to the callback in force, if any (a long read about to begin)."""
    active = _REPORT.get()
    if active is not None:
        active[0](message)


def size_text(size: int) -> str:
    """A file size for a progress line.

    Example:
        >>> size_text(23_456_789), size_text(2_048), size_text(12)
        ('23.5 MB', '2 kB', '12 bytes')
    """
    if size >= 1_000_000:
        return f"{size / 1e6:,.1f} MB"
    return f"{size / 1e3:,.0f} kB" if size >= 1_000 else f"{size} bytes"
