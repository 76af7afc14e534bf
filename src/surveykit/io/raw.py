"""The raw export: exactly what a survey tool exported, plus what we know about its source.

Readers return a :class:`RawExport`; they never interpret answers against a codebook
(that is :mod:`surveykit.clean`'s job) and never modify the file they read.

Example:
    >>> import pandas as pd
    >>> raw = RawExport(data=pd.DataFrame({"Kjønn": ["Kvinne"]}, index=pd.Index([2], name="row")),
    ...                 source="wave1.xlsx", format="xlsx")
    >>> raw.n_rows
    1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["NOT_RESPONDENTS", "RawExport", "formula_text_note", "merged_rows_note"]

# rows of an export that a reader found are no respondent: meta key -> (reject reason, what they are)
NOT_RESPONDENTS = {
    "summary_rows": ("summary_row", "a summary line at the end"),
    "repeated_header_rows": ("repeated_header", "a repeat of the header (exports pasted together)"),
}


@dataclass(frozen=True)
class RawExport:
    """One export file as read.

    Attributes:
        data: one row per respondent row of the file, columns as exported (made unique,
            in file order). Values are as the tool wrote them: text labels as ``str``, numeric
            codes as numbers, empty cells as missing. The index is the **1-based row number in
            the file** as a spreadsheet shows it (header rows counted; for a text file the
            record's row, not its first text line, when quoted cells hold line breaks; for
            Parquet the position + 1, as if row 1 were a header), named ``row``.
        source: the path that was read.
        format: the detected or given format: ``"xlsx"``, ``"csv"``, ``"sav"``,
            ``"parquet"``, or a vendor dialect (``"nettskjema"``, ``"msforms"``, ``"googleforms"``, ``"surveyxact"``,
            ``"qualtrics"``, ``"surveymonkey"``, ``"limesurvey"``, ``"soscisurvey"``).
        questions: column -> question text (the header text, SPSS variable label, or the
            vendor's question wording), where known.
        value_labels: column -> {code: label} for coded columns (SPSS value labels,
            SurveyXact labels, Qualtrics choice texts), where known.
        sheet: the sheet that was read (spreadsheets only).
        meta: anything else a reader learned (encoding, delimiter, header rows, vendor
            system columns, multi-select groups), for messages and ``codebook draft``.
    """

    data: pd.DataFrame
    source: str | Path
    format: str
    questions: Mapping[str, str] = field(default_factory=dict)
    value_labels: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)
    sheet: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        """Number of data rows read (every one must end in responses or rejects)."""
        return len(self.data)

    @property
    def name(self) -> str:
        """The file name, for messages."""
        return Path(self.source).name


def formula_text_note(formulas: Mapping[str, Any]) -> str:
    """What to say about a workbook's formula cells that have no stored result (meta
    ``formula_texts``): they are read as their text, which is seldom the answer meant.

    Example:
        >>> formula_text_note({"count": 3, "first": ["C2", "=2024-B2"]})[:46]
        '3 cell(s) hold a formula with no stored result'
    """
    cell, text = formulas["first"]
    return (f"{formulas['count']} cell(s) hold a formula with no stored result (first: {cell} {text!r}), "
            "read as the formula's text: the workbook was written by a program that does not compute "
            "formulas. Open it in Excel (or LibreOffice) and save it, so the results are stored, then "
            "read it again")


def merged_rows_note(merged: Mapping[str, Any]) -> str:
    """What to say about cells merged over several rows below the header (meta
    ``merged_rows``): the value is stored in the merge's first cell only.

    Example:
        >>> merged_rows_note({"count": 2, "first": "B2:B4"})[:44]
        '2 cell range(s) are merged over several rows'
    """
    return (f"{merged['count']} cell range(s) are merged over several rows (first: {merged['first']}): the "
            "value is stored in the first row only, so the other rows read as blank (a missing answer), "
            "though Excel shows the value on each. Unmerge the cells in Excel and fill the value into every "
            "row it belongs to, then read the file again")
