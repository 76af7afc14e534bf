"""Codebook drafts of real exports, second round of a tester's findings: a closed question whose
words ask to choose "Otro" is a question of its own (not the previous question's "other" box), a
Qualtrics choice with a ``_TEXT`` column folds nothing as typed in, closed questions whose answers
repeat stay closed (or say why not), an option many chose is no personal data, experience scales
are ordered, one REVIEW note per question, and no " - Selected Choice" in labels.

The exports are written here the way the tools write them (Google Forms: a ``Marca temporal``
column, question texts as headers, an "Otro" answer typed into the choice's own column; Qualtrics:
three header rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.test_draft_column_kinds import block, by_column, draft, levels, qualtrics, spread

# -- 1. a Google Forms question mentioning "Otro" is no "other" box of the question before it ------------

REASON = "¿Qué opción refleja mejor la razón principal por la que aprendiste R?"
OBSTACLE = ("¿Cuál crees que fue el mayor obstáculo que tuviste que superar para aprender R? Las siguientes "
            "opciones son solo sugerencias; Si no hemos enumerado su obstáculo, elija \"Otro\" y agregue su "
            "obstáculo en el texto.")
OBSTACLES = {"Sintaxis del lenguaje": 35, "Mensajes de error": 25, "Los materiales de R no están en mi idioma nativo": 20,
             "Comenzar a usarlo": 15}
TYPED_OBSTACLES = ["Aprender a pensar como programador", "Falta de tiempo para estudiar",
                   "No tener a quién preguntar", "Entender los factores"]


def _google_forms(path, n: int = 99):
    rng = np.random.default_rng(3)
    obstacles = spread(OBSTACLES)[:n - len(TYPED_OBSTACLES)] + TYPED_OBSTACLES
    pd.DataFrame({
        "Marca temporal": pd.date_range("2019-11-01", periods=n, freq="h").strftime("%Y/%m/%d %I:%M:%S %p GMT-3"),
        REASON: rng.choice(["Fue requerido para mi trabajo", "Me interesaba a nivel personal",
                            "Queria hacer análisis estadísticos"], n),
        OBSTACLE: obstacles,
        "¿Con qué frecuencia usa R hoy?": rng.choice(["Diariamente", "Semanal", "Mensual"], n),
    }).to_csv(path, index=False)
    return path


def test_a_question_asking_to_choose_otro_is_its_own_single_choice_not_the_previous_ones_other_box(tmp_path):
    cb, text = draft(tmp_path, _google_forms(tmp_path / "2019 Survey Responses.csv"))
    obstacle = by_column(cb, OBSTACLE)
    assert obstacle["type"] == "single" and "other_of" not in obstacle
    assert obstacle["label"].startswith("¿Cuál crees que fue el mayor obstáculo")
    assert "(other, typed in)" not in text
    assert set(OBSTACLES) <= set(levels(cb, obstacle))
    # its singletons keep the typed-in REVIEW note
    assert "look typed in to an 'Other' box" in block(text, OBSTACLE.replace('"', '\\"'))
    reason = by_column(cb, REASON)
    assert reason["type"] == "single"
    assert sum(any(s.get("column") == OBSTACLE for s in v["sources"].values()) for v in cb["variables"]) == 1


# -- 2. Qualtrics: a choice with a _TEXT box folds nothing as typed in -----------------------------------

STUDIED = "In which, if any, have you ever studied economics? (Select all that apply) - Selected Choice"
STUDIED_OPTIONS = ["At school", "In higher education (e.g. university, college)", "Through self-directed study (books)"]


def _studied(n: int = 80, typed: str = "") -> tuple[list[str], list[str]]:
    answers = [",".join(STUDIED_OPTIONS[: 1 + i % 3]) if i % 4 else STUDIED_OPTIONS[i % 3] for i in range(n)]
    answers[5] = "No, I have never studied economics,Other (please specify)"
    answers[6] = answers[9] = "No, I have never studied economics"
    boxes = [""] * n
    boxes[5] = typed
    return answers, boxes


def test_a_qualtrics_option_chosen_once_is_an_option_when_the_question_has_a_text_box(tmp_path):
    for typed in ("", "Online course"):   # the wave's _TEXT column empty (left out) or not
        answers, boxes = _studied(typed=typed)
        export = qualtrics(tmp_path / f"q{len(typed)}.csv", [
            ("Q3.6", STUDIED, answers),
            ("Q3.6_7_TEXT", "In which, if any, have you ever studied economics? (Select all that apply) - "
                            "Other (please specify) - Text", boxes)])
        cb, text = draft(tmp_path / str(len(typed)), export)
        multi = by_column(cb, "Q3.6")
        assert multi["type"] == "multi"
        assert "Other (please specify)" in multi["options"].values()
        assert "No, I have never studied economics" in multi["options"].values()
        assert "folded into `other` (typed in)" not in text
        reading = [v for v in cb["variables"] if any(s.get("column") == "Q3.6" for s in v["sources"].values())]
        assert len(reading) == 1      # no extra "(other, typed in)" variable reading the choice column
        boxed = [v for v in cb["variables"] if any(s.get("column") == "Q3.6_7_TEXT" for s in v["sources"].values())]
        assert len(boxed) == (1 if typed else 0) and all(v["type"] == "text" for v in boxed)
