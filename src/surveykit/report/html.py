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

from surveykit.labels import MISSING, format_number, format_percent, text, value_label

__all__ = ["Section", "did_table", "render_html", "topbox_table"]

_LANGS = ("nb", "nn", "en", "sv", "da")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.6rem}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
.banner{background:#fff3cd;border:1px solid #e0c060;padding:.6rem 1rem;border-radius:4px}
.note{background:#eef4fa;border-left:4px solid #0072B2;padding:.5rem 1rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{padding:.2rem .5rem;border-bottom:1px solid #eee;
text-align:right}th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
figcaption{font-size:.85rem;color:#555}.ci{color:#666;font-size:.8em;white-space:nowrap}
td{white-space:nowrap}td:first-child{white-space:normal}
"""


@dataclass(frozen=True)
class Section:
    """One figure with its caption and (optionally) a formatted table of its numbers."""

    title: str
    image: Path | None
    caption: str = ""
    table: pd.DataFrame | None = None
    table_caption: str = ""


def _img(path: Path, alt: str = "") -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


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
        parts.append(f"<h2>{html.escape(sec.title)}</h2>")
        if sec.image is not None and sec.image.exists():
            parts.append("<figure>" + _img(sec.image, sec.title))
            if sec.caption:
                parts.append(f"<figcaption>{html.escape(sec.caption)}</figcaption>")
            parts.append("</figure>")
        elif sec.caption:
            parts.append(f"<p>{html.escape(sec.caption)}</p>")
        if sec.table is not None and len(sec.table):
            parts.append(_table(sec.table, sec.table_caption or sec.title))
    if notes:
        parts.append(f'<h2>{html.escape(text("method", language) if language in _LANGS else "Method")}</h2>')
    for heading, body in notes:
        parts.append(f'<h3>{html.escape(heading)}</h3><div class="note"><p>{html.escape(body)}</p></div>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _suppressed(row) -> bool:
    return bool(row.get("suppressed", False)) or pd.isna(row["estimate"])


def _interval(low: float, high: float, language: str, fmt) -> str:
    sep = ", " if language == "en" else "; "
    return f"[{fmt(low)}{sep}{fmt(high)}]"


def topbox_table(frame: pd.DataFrame, by: list[str], language: str = "nb",
                 labels: dict | None = None) -> pd.DataFrame:
    """Top-box shares as a display table: items (rows) × groups (columns), "62,3 % [58,1; 66,4]".

    Suppressed cells show an en dash. The strings are for display only (the CSV and the
    workbook keep the numbers).

    Example:
        >>> f = pd.DataFrame({"site_type": ["co_located"], "variable": ["q"], "estimate": [0.5],
        ...                   "conf_low": [0.4], "conf_high": [0.6], "suppressed": [False]})
        >>> topbox_table(f, ["site_type"], "nb").iloc[0, 1]
        '50,0\xa0% [40,0; 60,0]'
    """
    pct = lambda x: format_percent(x, language, 1)  # noqa: E731
    bare = lambda x: format_number(100 * x, language, 1)  # noqa: E731
    keys = list(dict.fromkeys(frame[by].itertuples(index=False, name=None))) if by else [()]
    columns = [" · ".join(value_label(b, v, language, labels) for b, v in zip(by, key, strict=True)) or
               text("top_box", language) for key in keys]
    rows = []
    for item in dict.fromkeys(frame["variable"]):
        part = frame[frame["variable"] == item]
        cells = [value_label(None, item, language, labels)]
        for key in keys:
            hit = part
            for b, v in zip(by, key, strict=True):
                hit = hit[hit[b] == v]
            if hit.empty:
                cells.append("")
                continue
            row = hit.iloc[0]
            cells.append(MISSING if _suppressed(row) else
                         f"{pct(row['estimate'])} {_interval(row['conf_low'], row['conf_high'], language, bare)}")
        rows.append(cells)
    return pd.DataFrame(rows, columns=[text("question", language), *columns])


def did_table(frame: pd.DataFrame, language: str = "nb", labels: dict | None = None) -> pd.DataFrame:
    """Difference-in-differences estimates as a display table (scale points, CI, p-values).

    Example:
        >>> f = pd.DataFrame({"variable": ["q"], "estimate": [0.3], "conf_low": [0.1],
        ...                   "conf_high": [0.5], "p_value": [0.01], "suppressed": [False]})
        >>> list(did_table(f, "en").iloc[0])[:3]
        ['q', '+0.30', '[0.10, 0.50]']
    """
    num = lambda x: format_number(x, language, 2)  # noqa: E731
    rows = []
    for _, row in frame.iterrows():
        name = value_label(None, row["variable"], language, labels)
        if _suppressed(row):
            rows.append([name, MISSING, MISSING, MISSING, MISSING])
            continue
        p_values = [format_number(row[col], language, 3) if col in row and pd.notna(row[col]) else MISSING
                    for col in ("p_value", "p_adjusted")]
        rows.append([name, format_number(row["estimate"], language, 2, sign=True),
                     _interval(row["conf_low"], row["conf_high"], language, num), *p_values])
    header = [text("question", language), f"{text('did', language)} ({text('scale_points', language)})",
              text("ci_bracket", language, level=95).strip("[]"), text("p_value", language),
              text("p_adjusted", language)]
    return pd.DataFrame(rows, columns=header)
