"""What every report figure needs besides its numbers (kept apart from the drawing code, so
computing a report does not import matplotlib).

Example:
    >>> DrawContext("nb", {}, 10, {}, {}, {}).site_order
    ()
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DrawContext"]


@dataclass(frozen=True)
class DrawContext:
    """What every figure needs besides its numbers: language, labels, scales, the rule."""

    language: str
    labels: dict[str, str]
    min_cell: int
    scale_order: dict[str, list[str]]      # item -> substantive labels in order (+ non-substantive)
    neutral: dict[str, str | None]
    nonsubstantive: dict[str, list[str]]
    site_order: tuple[str, ...] = ()
    site_short: dict[str, str] = field(default_factory=dict)         # site id -> place name
    site_group: dict[str, str] = field(default_factory=dict)         # site id -> municipality
    co_located: frozenset[tuple[str, str]] = frozenset()              # (site id, wave) co-located
