"""What the reader found in an export's layout, as the draft's header notes: a row-number column
without a header, a header of two rows, title lines above it, formulas written as text, values
merged over rows, and the reader's own doubts (SPSS multiple-response sets, Qualtrics groups).

Example:
    >>> import pandas as pd
    >>> from surveykit.io.raw import RawExport
    >>> raw = RawExport(pd.DataFrame({"Q1": ["Yes"]}), "x.xlsx", "xlsx", meta={"review_notes": ["check Q1"]})
    >>> layout_notes(raw, "1", set())
    ['REVIEW: wave 1: check Q1']
"""

from __future__ import annotations

import re
from pathlib import Path

from surveykit.io.raw import formula_text_note, merged_rows_note
from surveykit.scaffold.answers import row_numbers

__all__ = ["layout_notes"]


def layout_notes(raw, wave: str, done: set[str]) -> list[str]:
    """The notes on ``raw``'s layout; a row-number column not yet in ``done`` is added to it (left out)."""
    data = raw.data
    notes: list[str] = []
    for col in row_numbers(raw):  # an unnamed 0, 1, 2 ... column: pandas' index, a spreadsheet's
        if col in done:
            continue
        done.add(col)
        notes.append(f"REVIEW: wave {wave}: {col!r} has no header and numbers the rows "
                     f"({', '.join(map(str, data[col].iloc[:3].tolist()))} ...), as a program writes its "
                     "row index: left out. Map it as `type: id` if it is the respondent id")
    if raw.meta.get("sub_header"):
        first, second = raw.meta["header_rows"][:2]
        notes.append(f"REVIEW: wave {wave}: the header has two rows ({first} and {second}): a question "
                     f"written over several columns in row {first} and its options (or a grid's rows) in row {second}; "
                     "those columns are read as 'question: option'. Check the multiple-choice questions and "
                     "the grids below (a grid's rows are labelled by the texts of row "
                     f"{second}).")
    titles = raw.meta.get("title_rows") or []
    if titles:  # lines above the header (a report's name, a date) were passed over
        notes.append(f"REVIEW: wave {wave}: the export has title line(s) above its header, "
                     f"skipped: {'; '.join(titles)}; the header is row {raw.meta['header_rows'][0]}. "
                     "Check that the columns below are the questions.")
    if formulas := raw.meta.get("formula_texts"):  # written by a program that does not compute them
        notes.append(f"REVIEW: wave {wave}: {formula_text_note(formulas)}")
    if merged := raw.meta.get("merged_rows"):  # a value shown over rows, stored in one
        notes.append(f"REVIEW: wave {wave}: {merged_rows_note(merged)}")
    if _surveyxact_alone(raw):
        notes.append(f"REVIEW: wave {wave}: {Path(str(raw.source)).name} looks like SurveyXact's dataset.csv drafted "
                     "without its labels.csv and structure.csv, so the draft has no question texts and no answer "
                     "labels (the columns are named by their codes, the answers are numbers). SurveyXact exports the "
                     "three files together (Dataset, Labels, Structure; or as the sheets of one workbook): put "
                     "labels.csv and structure.csv in the folder of dataset.csv and draft again from that folder")
    notes += [f"wave {wave}: {note}" for note in raw.meta.get("draft_notes", []) or []]   # what a reader knows
    # SPSS multiple-response sets not taken as such; a reader's doubts on its groups (Qualtrics)
    for note in [*(raw.meta.get("mr_notes", []) or []), *(raw.meta.get("review_notes", []) or [])]:
        notes.append(f"REVIEW: wave {wave}: {note}")
    return notes


# SurveyXact's variable names: s_2 (single), v_1_3 (an option of a multiple), k_1, p_01 ...; its own columns
_SX_NAME = re.compile(r"^[a-z]_\d+(?:_\d+)?$")
_SX_OWN = ("respondentid", "statoverall", "stattotal")


def _surveyxact_alone(raw) -> bool:
    """A file named dataset*.csv (or .txt) read as a plain CSV (its labels.csv and structure.csv not
    beside it) whose columns are named as SurveyXact names them: most ``s_2``, ``v_1_3`` ..., or
    its ``respondentid`` and ``statoverall`` columns."""
    if raw.format == "surveyxact" or not raw.source:
        return False
    path = Path(str(raw.source))
    if not path.stem.lower().startswith("dataset") or path.suffix.lower() not in (".csv", ".txt"):
        return False
    names = [str(c).strip().lower() for c in raw.data.columns]
    coded = sum(bool(_SX_NAME.match(n)) for n in names)
    own = sum(n.startswith(_SX_OWN) for n in names)
    return bool(names) and (own >= 2 or (coded >= 2 and coded * 2 >= len(names)))
