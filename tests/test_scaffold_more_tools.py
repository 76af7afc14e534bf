"""The draft on exports of KoboToolbox, REDCap and Typeform, written here the way each tool writes
them: a select_multiple / checkbox question is one multi-select variable whose counts are the
tool's own, a typed-in answer spelled two ways is one option, and markup in a question text is
not a label."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from surveykit.scaffold.multi import joined
from tests.test_scaffold_layouts import codebook, responses, run_study, variable


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ Typeform "Other"
OTHER_ANSWERS = ["Panic Disorder", "Tourette's", "Autism Spectrum Disorder", "Depression, Anxiety, Developmental Trauma",
                 "Depression", "Panic disorder", "Depression", "Autism", "Gender Dysphoria", "Depression "]


def test_an_option_typed_in_two_spellings_is_one_option():
    """Fewer than 20 answers: every inferred option counts as common, also "Panic disorder",
    which the cleaning matches to "Panic Disorder" (was a KeyError)."""
    found = joined(pd.Series([*OTHER_ANSWERS, None, None]), "Other")
    assert found is not None and found.separator == ","
    assert [o for o in found.options if o.casefold() == "panic disorder"] == ["Panic Disorder"]
    assert {"Depression", "Anxiety", "Developmental Trauma", "Autism"} <= set(found.options)


def test_typeform_other_column_drafts_and_counts_both_spellings(tmp_path):
    ids = [f"{i:032x}" for i in range(40)]
    cells = OTHER_ANSWERS + [""] * 30
    export = _write_csv(tmp_path / "typeform.csv", ["#", "Other"], [[i, c] for i, c in zip(ids, cells, strict=True)])
    study = run_study(tmp_path, export, build=False)
    other = variable(codebook(study), "Other")
    assert other["type"] == "multi"
    key = next(k for k, v in other["options"].items() if v.casefold() == "panic disorder")
    assert sum(v.casefold() == "panic disorder" for v in other["options"].values()) == 1
    data = responses(study)
    assert int(data[f"{other['name']}__{key}"].sum()) == 2
    depression = next(k for k, v in other["options"].items() if v == "Depression")
    assert int(data[f"{other['name']}__{depression}"].sum()) == 4
