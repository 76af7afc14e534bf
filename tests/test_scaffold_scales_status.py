"""SurveyXact's status question: the Danish "Gennemført" is the completed option (the draft kept
every unfinished questionnaire and said the export marks none), and a status the draft cannot
read is said under REVIEW instead of "the export marks no ... unfinished answers".

The exports are written as SurveyXact writes a CSV trio: dataset.csv, labels.csv and
structure.csv, ';'-separated, cp1252, CRLF, the status as the multiple question `statoverall`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from surveykit import cli

STATUS_DA = ["Ny", "Distribueret", "Nogle svar", "Gennemført", "Frafaldet"]
AGREE_DA = {1: "Helt uenig", 2: "Delvist uenig", 3: "Hverken enig eller uenig", 4: "Delvist enig", 5: "Helt enig",
            6: "Ved ikke"}


def _write(path: Path, rows: list[list], encoding: str = "cp1252") -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def surveyxact_trio(folder: Path, *, status: list[str] = STATUS_DA, n: int = 120, seed: int = 3,
                    extra: list[tuple[str, str, dict[int, str], list[int]]] = ()) -> tuple[Path, list[int]]:
    """A SurveyXact trio in ``folder``: the status question (one 0/1 column per option), an agreement
    question, and ``extra`` single questions (variable, text, labels, the code of each row). Returns
    the dataset file and each row's status option (1-based); the unfinished rows leave the question empty."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    states = [int(rng.choice([4, 3, 5], p=[0.8, 0.15, 0.05])) for _ in range(n)]
    cols = [f"stato_{i}" for i in range(1, len(status) + 1)] + ["s_1"] + [v for v, *_ in extra]
    rows: list[list] = [cols]
    for r, st in enumerate(states):
        row = [int(i == st) for i in range(1, len(status) + 1)]
        row.append(int(rng.integers(1, 7)) if st == 4 else "")
        row += [codes[r] for *_, codes in extra]
        rows.append(row)
    _write(folder / "dataset.csv", rows)
    labels: list[list] = []
    for i in range(1, len(status) + 1):
        labels += [[f"stato_{i}", 0, "Ikke valgt"], [f"stato_{i}", 1, "Valgt"]]
    labels += [["s_1", k, v] for k, v in AGREE_DA.items()]
    for var, _text, labs, _codes in extra:
        labels += [[var, k, v] for k, v in labs.items()]
    _write(folder / "labels.csv", labels)
    structure: list[list] = [["questionName", "variableName", "questionType", "subType", "questionText",
                              "choiceValue", "choiceText"]]
    structure += [["statoverall", f"stato_{i}", "Closed", "Multiple", "Samlet status", i, opt]
                  for i, opt in enumerate(status, start=1)]
    structure.append(["s_1", "s_1", "Closed", "Single", "Jeg føler mig velkommen på rådhuset", "", ""])
    structure += [[var, var, "Closed", "Single", text, "", ""] for var, text, *_ in extra]
    _write(folder / "structure.csv", structure)
    return folder / "dataset.csv", states


def draft(tmp_path: Path, *exports: Path, quiet: bool = True) -> Path:
    """`init`, the exports under data/raw as given (relative to ``tmp_path / 'raw'``), `codebook draft`
    (with its warnings on stderr unless ``quiet``)."""
    study = tmp_path / "study"
    assert cli.main(["-q", "init", str(study)]) == 0
    given = []
    for export in exports:
        rel = export.parent.relative_to(tmp_path / "raw")
        target = study / "data" / "raw" / rel
        target.mkdir(parents=True, exist_ok=True)
        for f in export.parent.iterdir():
            (target / f.name).write_bytes(f.read_bytes())
        given.append(str(target / export.name))
    assert cli.main([*(["-q"] if quiet else []), "codebook", "draft", *given,
                     "-o", str(study / "config" / "codebook.yaml")]) == 0
    return study


def settings(study: Path) -> dict:
    return yaml.safe_load((study / "surveykit.yaml").read_text(encoding="utf-8"))


def test_danish_gennemfort_is_the_completed_option_and_unfinished_questionnaires_are_rejected(tmp_path):
    export, states = surveyxact_trio(tmp_path / "raw" / "2023")
    study = draft(tmp_path, export)
    rule = settings(study)["screening"]["complete"]
    assert rule == {"variable": "completed", "values": [1]}
    cb = yaml.safe_load((study / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    completed = next(v for v in cb["variables"] if v["name"] == "completed")
    assert completed["sources"]["1"]["column"] == "stato_4"   # the "Gennemført" option's column
    assert cli.main(["-q", "validate", "--study", str(study)]) == 0
    kept = pd.read_parquet(study / "data" / "processed" / "responses.parquet")
    rejects = pd.read_csv(study / "data" / "processed" / "rejects.csv")
    assert len(kept) == states.count(4) and 0 < states.count(4) < len(states)
    assert (rejects["reason"] == "incomplete").sum() == len(states) - states.count(4)


def test_a_status_without_a_known_completed_option_is_said_under_review(tmp_path):
    # a status question whose options the draft does not know ("Afleveret": handed in)
    status = ["Ny", "Udsendt", "Delvist besvaret", "Afleveret"]
    export, _ = surveyxact_trio(tmp_path / "raw" / "2023", status=status)
    study = draft(tmp_path, export)
    text = (study / "surveykit.yaml").read_text(encoding="utf-8")
    block = text.split("\nscreening:", 1)[1].split("\nweighting:", 1)[0]
    assert "marks no" not in block
    assert "REVIEW" in block and "none of its options is known as completed" in block
    assert "'Afleveret'" in block and "stato_4" in block
    assert not settings(study)["screening"]   # nothing guessed: no rule
    # "Delvist besvaret" (partly answered) ends in "besvaret" but is no completed option
    assert "completed" not in {v["name"] for v in yaml.safe_load(
        (study / "config" / "codebook.yaml").read_text(encoding="utf-8"))["variables"]}


def test_a_status_column_of_another_tool_without_a_known_completed_answer_is_said_under_review(tmp_path):
    # a plain CSV export with a 'Status' column whose answers the draft does not know
    raw = tmp_path / "raw" / "export"
    raw.mkdir(parents=True)
    rows = [["Respondent", "Status", "Jeg føler mig velkommen på rådhuset"]]
    rows += [[f"R{i:03d}", "Afleveret" if i % 5 else "Påbegyndt", AGREE_DA[1 + i % 5]] for i in range(60)]
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (raw / "svar_2024.csv").write_text(buf.getvalue(), encoding="utf-8")
    study = draft(tmp_path, raw / "svar_2024.csv")
    block = (study / "surveykit.yaml").read_text(encoding="utf-8").split("\nscreening:", 1)[1].split("\nweighting:")[0]
    assert "REVIEW: wave 1: the column 'Status' looks like a status ('Afleveret', 'Påbegyndt')" in block
    assert "complete:" not in block.replace("add `complete:", "")   # no rule guessed
