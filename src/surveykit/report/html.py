"""reports/index.html: one self-contained page (figures embedded, key tables, links to the
CSV tables and the workbook, method notes), readable from a phone (390 px) to a desktop.

Layout rules that keep a narrow screen free of sideways scrolling: figures scale to the
column (``max-width: 100%``) and link their full-size files (PNG, SVG), which a phone opens
and zooms, each table sits in its own horizontally scrolling box, long words wrap. Accessibility basics: ``lang`` on the page, alt texts, numbered captions under
the figures, header cells with ``scope``, scroll boxes reachable by keyboard.

Example:
    >>> page = render_html(title, sections, notes, language="nb",              # doctest: +SKIP
    ...                    date=report_date([Path("surveykit.yaml")]), workbook="tables.xlsx")
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import shutil
import struct
import subprocess
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from surveykit._epoch import source_date_epoch
from surveykit.errors import ConfigError, SurveykitWarning
from surveykit.labels import (
    MISSING,
    format_interval,
    format_number,
    format_percent,
    text,
    value_label,
)

__all__ = ["Section", "did_table", "render_html", "report_date", "topbox_table"]

_LANGS = ("nb", "nn", "en", "sv", "da")

_CSS = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.5;overflow-wrap:break-word}
h1{font-size:1.6rem;line-height:1.25}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}
p,li,figcaption,caption,h1,h2,h3{overflow-wrap:anywhere}
a{color:#005a8c}
.meta{color:#555;font-size:.9rem;margin-top:-.5rem}
.banner{background:#fff3cd;border:1px solid #e0c060;padding:.6rem 1rem;border-radius:4px}
.note{background:#eef4fa;border-left:4px solid #0072B2;padding:.5rem 1rem}
figure{margin:1rem 0}figure img{display:block;max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#444;margin-top:.3rem}.fignum{font-weight:600}
.scroll{max-width:100%;overflow-x:auto;margin:.5rem 0;background:
linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2rem 100% no-repeat local,
linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2rem 100% no-repeat local,
radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) left/.8rem 100% no-repeat scroll,
radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) right/.8rem 100% no-repeat scroll}
.scroll:focus{outline:2px solid #0072B2;outline-offset:2px}
table{border-collapse:collapse;font-size:.85rem}th,td{padding:.2rem .5rem;border-bottom:1px solid #eee;
text-align:right;white-space:nowrap}thead th{background:#f5f5f5;white-space:normal;vertical-align:bottom}
tbody th{font-weight:normal;text-align:left;white-space:normal;min-width:10rem}
thead th:first-child{text-align:left}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0;position:sticky;left:0;
max-width:min(calc(100vw - 2rem),58rem)}
.nw{white-space:nowrap}
.downloads li{margin:.2rem 0}
.tnote{font-size:.8rem;color:#333;margin:.1rem 0}
"""


@dataclass(frozen=True)
class Section:
    """One figure with its caption and (optionally) a formatted table of its numbers.

    ``tables`` are links (paths relative to the page) to the CSV files holding the section's
    numbers; they are listed under the figure or table.
    """

    title: str
    image: Path | None
    caption: str = ""
    table: pd.DataFrame | None = None
    table_caption: str = ""
    tables: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()   # the table's footnote, under it (a figure's notes, under the figure)
    # the figure's files (paths relative to the page: "figures/likert.png", "figures/likert.svg"): the
    # image links to the first, the caption to each, so a phone's reader can open it at full size and zoom
    files: tuple[str, ...] = ()


def report_date(inputs: Iterable[str | Path], environ: Mapping[str, str] | None = None) -> dt.date:
    """The date a report is dated by, the same for every build of the same inputs.

    In this order: ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, the reproducible-builds
    convention) if set; else, when the ``inputs`` (files, or folders of files) are in a git
    checkout, every one of them committed and unchanged, the date of the last commit that
    touched them (``git log -1 --format=%ct -- <inputs>``), the same in every clone; else (no
    git, not a checkout, git refusing, an input new, changed or ignored) the newest
    modification time among them, which a copy or a fresh clone sets to the day it was made.
    All are read as UTC dates. The clock of the build is never used, so two builds of
    unchanged inputs give the same page.

    Example:
        >>> report_date([], {"SOURCE_DATE_EPOCH": "1700000000"})
        datetime.date(2023, 11, 14)
    """
    epoch = source_date_epoch(environ)
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    paths = [Path(p).absolute() for p in inputs]
    files = [p for p in paths if p.is_file()] + [f for p in paths if p.is_dir() for f in p.rglob("*") if f.is_file()]
    if not files:
        raise ConfigError("cannot date the report: none of its input files exist "
                          f"({', '.join(str(p) for p in paths) or 'none given'}); set SOURCE_DATE_EPOCH to date it")
    committed = _commit_time([p for p in paths if p.exists()])
    if committed is not None:
        return dt.datetime.fromtimestamp(committed, dt.UTC).date()
    return dt.datetime.fromtimestamp(max(f.stat().st_mtime for f in files), dt.UTC).date()


def _commit_time(paths: Sequence[Path]) -> int | None:
    """Seconds since 1970 of the last commit touching ``paths`` when git has every one of them
    committed and unchanged; None when git is missing or refuses, the paths are in no checkout
    (or in another), or one of them is new, changed or ignored (the commit does not date it)."""
    git = shutil.which("git")
    if git is None or not paths:
        return None
    where = paths[0] if paths[0].is_dir() else paths[0].parent
    names = [str(p) for p in paths]

    refused = []

    def run(*args: str, paths: bool = True) -> str | None:
        try:
            done = subprocess.run([git, "-C", str(where), *args, *(["--", *names] if paths else [])],
                                  capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return None
        refused.append(done.stderr)
        return done.stdout if done.returncode == 0 else None

    status = run("status", "--porcelain", "--ignored", "--untracked-files=all")
    if status is None and any("dubious ownership" in e for e in refused):
        _warn_date("git refuses to read this checkout, which another user owns (git's 'dubious ownership'), so "
                   "the report is dated by the inputs' modification times, not by their last commit, and its "
                   "date may differ from another clone's")
    if status is None or status.strip():
        return None
    stamp = (run("log", "-1", "--format=%ct") or "").strip()
    if stamp.isdigit() and (run("rev-parse", "--is-shallow-repository", paths=False) or "").strip() == "true":
        _warn_date("this is a shallow clone (git clone --depth), so the report is dated by the oldest commit it "
                   "holds, not by the last commit touching the inputs, and its date may differ from a full clone's")
    return int(stamp) if stamp.isdigit() else None


_WARNED: set[str] = set()


def _warn_date(why: str) -> None:
    """Say once per process why the report's date may differ from another clone's."""
    if why in _WARNED:
        return
    _WARNED.add(why)
    warnings.warn(f"report date: {why}. Set SOURCE_DATE_EPOCH (seconds since 1970) to give the report the same "
                  "date everywhere.", SurveykitWarning, stacklevel=3)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, None if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _img(path: Path, alt: str = "") -> str:
    raw = path.read_bytes()
    size = _png_size(raw)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    data = base64.b64encode(raw).decode("ascii")
    return f'<img alt="{html.escape(alt)}"{dims} src="data:image/png;base64,{data}">'


def _links(hrefs: Sequence[str]) -> str:
    return ", ".join(f'<a href="{html.escape(h)}">{html.escape(PurePosixPath(h).name)}</a>' for h in hrefs)


def _header(text: str) -> str:
    """A column header as HTML: one of parts ("Veit ikkje · 2023") breaks only between them.

    Example:
        >>> _header("Veit ikkje · 2023"), _header("Endring (2023 − 2022)")
        ('<span class="nw">Veit ikkje</span> · 2023', 'Endring (2023 − 2022)')
    """
    parts = text.split(" · ")
    if len(parts) == 1:
        return html.escape(text)
    return " · ".join(f'<span class="nw">{html.escape(p)}</span>' if " " in p and len(p) <= 24 else html.escape(p)
                      for p in parts)


def _table(frame: pd.DataFrame, caption: str, ident: str) -> str:
    """A table in its own scrolling box; column headers and the first cell of each row are <th>.
    The caption stays in view over a table wider than the screen (sticky, as wide as the box)."""
    # a header of parts ("Veit ikkje · 2023") breaks between its parts, not inside one
    head = "".join(f'<th scope="col">{_header(str(c))}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f'<th scope="row">{html.escape(str(v))}</th>' if j == 0 else f"<td>{html.escape(str(v))}</td>"
                         for j, v in enumerate(row)) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (f'<div class="scroll" role="region" tabindex="0" aria-labelledby="{ident}">'
            f'<table><caption id="{ident}">{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _section(sec: Section, number: int | None, index: int, language: str) -> list[str]:
    parts = [f'<section aria-labelledby="s{index}"><h2 id="s{index}">{html.escape(sec.title)}</h2>']
    data = (f' <span class="data">{html.escape(text("data_links", language))}: {_links(sec.tables)}.</span>'
            if sec.tables else "")
    if number is not None:
        words = sec.caption or sec.title
        label = f"{text('figure', language)} {number}"
        # a caption ends as a sentence, so the links after it do not run on from it ("Answers The numbers ...")
        ended = words if not data or words.rstrip().endswith((".", "!", "?", "…", ":")) else words.rstrip() + "."
        image = _img(sec.image, f"{label}: {words}")
        if sec.files:   # the image opens its full-size file; the caption names every file
            image = f'<a class="full" href="{html.escape(sec.files[0])}">{image}</a>'
            ended = ended if ended.rstrip().endswith((".", "!", "?", "…", ":")) else ended.rstrip() + "."
            full = ", ".join(f'<a href="{html.escape(h)}">{html.escape(PurePosixPath(h).suffix.lstrip(".").upper())}</a>'
                             for h in sec.files)
            data = f' <span class="files">{html.escape(text("figure_files", language))}: {full}.</span>{data}'
        parts.append(f"<figure>{image}"
                     f'<figcaption><span class="fignum">{label}.</span> {html.escape(ended)}{data}</figcaption></figure>')
    elif sec.caption:
        parts.append(f"<p>{html.escape(sec.caption)}</p>")
    if sec.table is not None and len(sec.table):
        parts.append(_table(sec.table, sec.table_caption or sec.title, f"t{index}"))
        parts.extend(f'<p class="tnote">{html.escape(n)}</p>' for n in sec.notes)
    elif number is not None:   # a figure's own notes (a question worded differently in its waves)
        parts.extend(f'<p class="tnote">{html.escape(n)}</p>' for n in sec.notes)
    if number is None and data:
        parts.append(f"<p>{data.strip()}</p>")
    parts.append("</section>")
    return parts


def _downloads(tables: Sequence[str], workbook: str | None, language: str, explorers: Sequence[str] = (),
               one_wave: bool = False) -> list[str]:
    if not tables and not workbook and not explorers:
        return []
    link = text("explorer_link_one_wave" if one_wave else "explorer_link", language)
    items = [f"<li>{html.escape(link)} {_links([e])}</li>" for e in explorers]
    if workbook:
        items.append(f"<li>{html.escape(text('workbook', language))}: {_links([workbook])}</li>")
    if tables:
        items.append(f"<li>{html.escape(text('csv_tables', language))}: {_links(tables)}</li>")
    return [f'<section aria-labelledby="downloads"><h2 id="downloads">{html.escape(text("downloads", language))}</h2>',
            f"<p>{html.escape(text('downloads_intro', language))}</p>", f'<ul class="downloads">{"".join(items)}</ul></section>']


def render_html(title: str, sections: Sequence[Section], notes: Sequence[tuple[str, str]], *,
                banner: str | None = None, language: str = "nb", intro: str = "", date: dt.date | None = None,
                tables: Sequence[str] = (), workbook: str | None = None, explorers: Sequence[str] = (),
                one_wave: bool = False) -> str:
    """The page as text: title, date, banner (e.g. synthetic data), the figures (numbered, with
    captions and links to their CSV files) and key tables, the downloads, then method notes.

    ``date`` (see :func:`report_date`) is shown under the title; ``tables`` and ``workbook``
    are links relative to the page (``"tables/means.csv"``, ``"tables.xlsx"``), ``explorers`` the
    explorer pages (``"explorer.html"``; ``one_wave``: their study has one wave, nothing to choose
    there but question and breakdown). Every text of
    the page's own comes from surveykit.labels in ``language``. The same arguments give the
    same text, byte for byte.

    Example:
        >>> page = render_html("Rapport", [], [], language="en", date=dt.date(2024, 5, 1),
        ...                    tables=["tables/means.csv"], workbook="tables.xlsx")
        >>> '<html lang="en">' in page, 'href="tables/means.csv"' in page, "2024-05-01" in page
        (True, True, True)
    """
    method = text("method", language) if language in _LANGS else "Method"
    parts = [f"<!doctype html><html lang=\"{html.escape(language)}\"><head><meta charset=\"utf-8\">",
             f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{html.escape(title)}</title>",
             f"<style>{_CSS}</style></head><body><header><h1>{html.escape(title)}</h1>"]
    if date is not None:
        shown = html.escape(text("report_date", language, date=date.isoformat()))
        parts.append(f'<p class="meta"><time datetime="{date.isoformat()}">{shown}</time></p>')
    if banner:
        parts.append(f'<p class="banner" role="note">{html.escape(banner)}</p>')
    parts.append("</header><main>")
    if intro:
        parts.append(f"<p>{html.escape(intro)}</p>")
    number = 0
    for index, sec in enumerate(sections, start=1):
        has_image = sec.image is not None and sec.image.exists()
        number += has_image
        parts.extend(_section(sec, number if has_image else None, index, language))
    parts.extend(_downloads(tables, workbook, language, explorers, one_wave))
    if notes:
        parts.append(f'<section aria-labelledby="method"><h2 id="method">{html.escape(method)}</h2>')
        for heading, body in notes:
            parts.append(f'<h3>{html.escape(heading)}</h3><div class="note"><p>{html.escape(body)}</p></div>')
        parts.append("</section>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


EMPTY_MARK = "__mark"   # a display frame's column: the text shown for a cell without a number that was not suppressed


def _suppressed(row) -> bool:
    return bool(row.get("suppressed", False)) or pd.isna(row["estimate"])


def topbox_table(frame: pd.DataFrame, by: list[str], language: str = "nb",
                 labels: dict | None = None) -> pd.DataFrame:
    """Top-box shares as a display table: items (rows) × groups (columns), "62,3 % [58,1; 66,4]".

    Suppressed cells show an en dash; a row whose column :data:`EMPTY_MARK` holds a text
    (a cell resting on no answer: "not asked") shows that text. The strings are for display
    only (the CSV and the workbook keep the numbers).

    Example:
        >>> f = pd.DataFrame({"site_type": ["co_located"], "variable": ["q"], "estimate": [0.5],
        ...                   "conf_low": [0.4], "conf_high": [0.6], "suppressed": [False]})
        >>> topbox_table(f, ["site_type"], "nb").iloc[0, 1]
        '50,0\xa0% [40,0; 60,0]'
    """
    pct = lambda x: format_percent(x, language, 1)  # noqa: E731
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
            mark = row.get(EMPTY_MARK)
            cells.append(mark if isinstance(mark, str) and mark else MISSING if _suppressed(row) else
                         f"{pct(row['estimate'])} {format_interval(row['conf_low'], row['conf_high'], language, 1, percent=True)}")
        rows.append(cells)
    return pd.DataFrame(rows, columns=[text("question", language), *columns])


def did_table(frame: pd.DataFrame, language: str = "nb", labels: dict | None = None) -> pd.DataFrame:
    """Difference-in-differences estimates as a display table (scale points, CI, p-values).

    A suppressed row shows en dashes; a row whose column :data:`EMPTY_MARK` holds a text (a
    group compared that rests on no answer: "not asked") shows that text instead.

    Example:
        >>> f = pd.DataFrame({"variable": ["q"], "estimate": [0.3], "conf_low": [0.1],
        ...                   "conf_high": [0.5], "p_value": [0.01], "suppressed": [False]})
        >>> list(did_table(f, "en").iloc[0])[:3]
        ['q', '+0.30', '[0.10, 0.50]']
    """
    rows = []
    for _, row in frame.iterrows():
        name = value_label(None, row["variable"], language, labels)
        mark = row.get(EMPTY_MARK)
        if isinstance(mark, str) and mark and pd.isna(row["estimate"]):
            rows.append([name, mark, mark, mark, mark])
            continue
        if _suppressed(row):
            rows.append([name, MISSING, MISSING, MISSING, MISSING])
            continue
        p_values = [format_number(row[col], language, 3) if col in row and pd.notna(row[col]) else MISSING
                    for col in ("p_value", "p_adjusted")]
        rows.append([name, format_number(row["estimate"], language, 2, sign=True),
                     format_interval(row["conf_low"], row["conf_high"], language, 2), *p_values])
    header = [text("question", language), f"{text('did', language)} ({text('scale_points', language)})",
              text("ci_bracket", language, level=95).strip("[]"), text("p_value", language),
              text("p_adjusted", language)]
    return pd.DataFrame(rows, columns=header)
