"""A publication table: its numbers (the one result schema), how it reads, and its outputs.

A :class:`Table` holds the published estimates and tests of a table (suppression completed by
the one disclosure rule, :func:`surveykit.report.disclosure.protect`, when they were
computed), the presentation it is shown in, and its
footnote. It shows itself in Jupyter (``_repr_html_``) and writes Markdown, LaTeX, CSV (the
result schema) and a formatted workbook (the report's own workbook formatter,
:func:`surveykit.report.tables.write_workbook`: its numbers stay numbers).

Example:
    >>> t = sk.table(design, rows=["help_ease"], by="site_type")      # doctest: +SKIP
    >>> print(t.to_markdown())                                         # doctest: +SKIP
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from surveykit.labels import text
from surveykit.outputs import write_csv
from surveykit.presentation import Presentation

__all__ = ["Table"]


@dataclass(frozen=True)
class Table:
    """A publication table (see :func:`surveykit.tables.table` and :func:`surveykit.tables.crosstab`)."""

    estimates: pd.DataFrame
    tests: pd.DataFrame
    presentation: Presentation
    notes: tuple[str, ...]
    rows: tuple[str, ...] = ()
    by: str | None = None
    panel: str | None = None
    stat: str = "share"
    crosstab: tuple[str, str] | None = None
    percent: str = "row"
    title: str = ""
    dont_know: dict = field(default_factory=dict)

    # -- the numbers ------------------------------------------------------------------------
    def tables(self) -> dict[str, pd.DataFrame]:
        """The result tables: ``""`` the estimates, ``"tests"`` the tests (if any)."""
        out = {"": self.estimates}
        if len(self.tests):
            out["tests"] = self.tests
        return out

    def result(self) -> pd.DataFrame:
        """Estimates and tests in one frame of the result schema (tests carry the contrast columns)."""
        from surveykit.estimate.schema import CONTRAST_COLUMNS, CONTRAST_PARTS

        est = self.estimates.copy()
        for col in CONTRAST_COLUMNS:
            if col not in est:
                est[col] = None if col in ("contrast", *CONTRAST_PARTS) else np.nan
        parts = [est]
        if len(self.tests):
            parts.append(self.tests)
        return pd.concat(parts, ignore_index=True)[list(dict.fromkeys(c for p in parts for c in p.columns))]

    # -- how it reads -----------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """The table as a reader sees it: labels and formatted numbers (strings), suppressed cells "–"."""
        from surveykit.tables.layout import layout

        return layout(self)

    def _columns_and_rows(self) -> tuple[list[str], list[tuple[str, list[str]]]]:
        f = self.frame()
        return list(f.columns), [(str(kind), list(map(str, row))) for kind, row in zip(f.attrs["kinds"], f.to_numpy(),
                                                                                      strict=True)]

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        """The table as an HTML fragment: caption, header cells with scope, the footnote in ``<tfoot>``."""
        columns, rows = self._columns_and_rows()
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
        body = []
        for kind, cells in rows:
            first = f'<th scope="row"{" class=sk-head" if kind == "head" else ""}>{esc(cells[0])}</th>'
            body.append("<tr>" + first + "".join(f"<td>{esc(c)}</td>" for c in cells[1:]) + "</tr>")
        notes = "".join(f"<div>{esc(n)}</div>" for n in self.notes)
        style = ("<style>.sk-table{border-collapse:collapse;font-size:.9em}.sk-table th,.sk-table td{padding:.2em .6em;"
                 "text-align:right;border-bottom:1px solid #ddd;white-space:nowrap}.sk-table th[scope=row]{text-align:left;"
                 "font-weight:normal;white-space:normal;padding-left:1.4em}.sk-table th.sk-head{font-weight:bold;padding-left:.6em}"
                 ".sk-table thead th:first-child{text-align:left}.sk-table caption{text-align:"
                 "left;font-weight:bold}.sk-table tfoot td{text-align:left;white-space:normal;font-size:.85em;"
                 "color:#333}</style>")
        caption = f"<caption>{esc(self.title)}</caption>" if self.title else ""
        return (f'{style}<table class="sk-table">{caption}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
                f'<tfoot><tr><td colspan="{len(columns)}">{notes}</td></tr></tfoot></table>')

    def to_markdown(self) -> str:
        """The table in Markdown (a pipe table, question rows in bold), the footnote below it."""
        columns, rows = self._columns_and_rows()

        def cell(s: str) -> str:
            return s.replace("|", "\\|")

        lines = [f"**{self.title}**", ""] if self.title else []
        lines.append("| " + " | ".join(map(cell, columns)) + " |")
        lines.append("|" + "|".join([":---"] + ["---:"] * (len(columns) - 1)) + "|")
        for kind, cells in rows:
            first = f"**{cell(cells[0])}**" if kind == "head" else cell(cells[0])
            lines.append("| " + " | ".join([first, *map(cell, cells[1:])]) + " |")
        lines.append("")
        lines.extend(f"{n}  " for n in self.notes)
        return "\n".join(lines).rstrip() + "\n"

    def to_latex(self) -> str:
        """The table for LaTeX (booktabs: ``\\usepackage{booktabs}``), the footnote under it."""
        columns, rows = self._columns_and_rows()
        out = ["\\begin{table}[htbp]", "\\centering"]
        if self.title:
            out.append(f"\\caption{{{_tex(self.title)}}}")
        out += [f"\\begin{{tabular}}{{l{'r' * (len(columns) - 1)}}}", "\\toprule",
                " & ".join(_tex(c) for c in columns) + " \\\\", "\\midrule"]
        for kind, cells in rows:
            first = f"\\textbf{{{_tex(cells[0])}}}" if kind == "head" else f"\\quad {_tex(cells[0])}"
            out.append(" & ".join([first, *(_tex(c) for c in cells[1:])]) + " \\\\")
        out += ["\\bottomrule", "\\end{tabular}"]
        if self.notes:
            out.append("\\par\\smallskip\\begin{minipage}{\\linewidth}\\footnotesize " +
                       " \\\\ ".join(_tex(n) for n in self.notes) + "\\end{minipage}")
        out.append("\\end{table}")
        return "\n".join(out) + "\n"

    # -- files ------------------------------------------------------------------------------
    def to_csv(self, path: str | Path) -> Path:
        """The estimates and tests as CSV in the result schema (:meth:`result`), written atomically."""
        return write_csv(self.result(), Path(path))

    def to_excel(self, path: str | Path) -> Path:
        """A workbook formatted as the report's (numbers stay numbers): a sheet with the footnote,
        the estimates and the tests."""
        from surveykit.report.tables import write_workbook

        p = self.presentation
        sheets = {text("estimate", p.language): self.estimates}
        if len(self.tests):
            sheets["p"] = self.tests
        method = pd.DataFrame({"topic": [self.title or text("method", p.language)] * len(self.notes),
                               "note": list(self.notes)})
        return write_workbook(sheets, method, Path(path), presentation=p)

    def __repr__(self) -> str:
        columns, rows = self._columns_and_rows()
        widths = [max(len(c), *(len(r[1][j]) for r in rows)) if rows else len(c) for j, c in enumerate(columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
        for kind, cells in rows:
            cells = [cells[0] if kind == "head" else "  " + cells[0], *cells[1:]]
            lines.append("  ".join(c.ljust(w + 2) if j == 0 else c.rjust(w)
                                   for j, (c, w) in enumerate(zip(cells, widths, strict=True))))
        return "\n".join([*(lines), *self.notes])


_TEX = {"\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{",
        "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "\u00a0": "~", "\u2212": "$-$",
        "–": "--", "<": "$<$", ">": "$>$"}


def _tex(s: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in str(s))

