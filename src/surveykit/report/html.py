"""reports/index.html: one self-contained page (figures embedded, key tables, method notes).

Example:
    >>> page = render_html(title, sections, notes, language="nb")    # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Section", "render_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
.banner{background:#fff3cd;border:1px solid #e0c060;padding:.6rem 1rem;border-radius:4px}
.note{background:#eef4fa;border-left:4px solid #0072B2;padding:.5rem 1rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{padding:.2rem .5rem;border-bottom:1px solid #eee;
text-align:right}th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
"""


@dataclass(frozen=True)
class Section:
    """One figure with its caption and (optionally) a formatted table of its numbers."""

    title: str
    image: Path | None
    caption: str = ""
    table: pd.DataFrame | None = None


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame, caption: str) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def render_html(title: str, sections: Sequence[Section], notes: Sequence[tuple[str, str]], *,
                banner: str | None = None, language: str = "nb", intro: str = "") -> str:
    """The page as text: a banner (e.g. synthetic data), the figures, then method notes."""
    parts = [f"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\">",
             f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{html.escape(title)}</title>",
             f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>"]
    if banner:
        parts.append(f'<p class="banner">{html.escape(banner)}</p>')
    if intro:
        parts.append(f"<p>{html.escape(intro)}</p>")
    for sec in sections:
        parts.append(f"<h2>{html.escape(sec.title)}</h2><figure>")
        if sec.image is not None and sec.image.exists():
            parts.append(_img(sec.image))
        if sec.caption:
            parts.append(f"<figcaption>{html.escape(sec.caption)}</figcaption>")
        parts.append("</figure>")
        if sec.table is not None and len(sec.table):
            parts.append(_table(sec.table, sec.title))
    for heading, body in notes:
        parts.append(f'<h2>{html.escape(heading)}</h2><div class="note"><p>{html.escape(body)}</p></div>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
