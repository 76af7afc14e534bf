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


# -- 3. a closed question worded like free text ("describe", "why?") whose answers repeat ---------------

WORK = "¿Qué categoría describe mejor el trabajo que haces?"
WORKS = {"Científica/o de datos o Analista": 56, "Investigador/a": 45, "Consultoría o Asesoría": 17, "Educador/a": 15,
         "Estudiante": 9, "Desarrollador/a de Software": 6, "Administración": 5, "Profesional de Medicina": 5,
         "Ninguna": 3, "Gerenciamiento": 2, "Ventas": 2}
WORK_TYPED = ["Consultoría en salud pública", "Estadisticas", "Data engineer", "Educador, investigador y analista"]
WHY = "If you haven't been able to attend a previous summit, was there a primary reason why?"
REASONS = {"Funding (no work support, or cannot afford to individually go)": 30, "Not attending KubeCon": 25,
           "Other (please specify)": 9, "Helping at other co-located event": 5, "Attending other conference": 4,
           "Not interested in attending": 2}


def test_closed_questions_worded_like_free_text_stay_single_choices_with_a_review_note(tmp_path):
    works = spread(WORKS) + WORK_TYPED
    reasons = spread(REASONS)
    reasons = [reasons[i % len(reasons)] for i in range(len(works))]
    path = tmp_path / "responses.csv"
    pd.DataFrame({"Marca temporal": pd.date_range("2019-11-01", periods=len(works), freq="h").strftime(
                      "%Y/%m/%d %I:%M:%S %p GMT-3"),
                  WORK: works, WHY: reasons}).to_csv(path, index=False)
    cb, text = draft(tmp_path, path)
    work, why = by_column(cb, WORK), by_column(cb, WHY)
    assert work["type"] == "single" and set(WORKS) <= set(levels(cb, work))
    assert why["type"] == "single" and set(REASONS) == set(levels(cb, why))
    assert "reads like free text ('describe')" in block(text, WORK)
    assert "4 answer(s) were given by one respondent each" in block(text, WORK)
    assert "reads like free text ('why?')" in block(text, WHY.replace('"', '\\"'))


# -- 4. an option naming a street, chosen by many, is an option, not personal data ------------------------

VENUES = {"7 George Square (where the first meeting was held) and nearby (e.g. informatics)": 46,
          "Roving venues around the city (academic institutes, University buildings and companies)": 14,
          "Pub function rooms in the city": 10}


def test_an_option_naming_a_street_chosen_by_many_is_a_level_and_a_rare_address_keeps_the_review(tmp_path):
    venues = spread(VENUES)
    n = len(venues)
    path = tmp_path / "survey_responses.csv"
    pd.DataFrame({"day": [["Monday", "Tuesday", "Wednesday"][i % 3] for i in range(n)],
                  "venue": venues}).to_csv(path, index=False)
    cb, text = draft(tmp_path, path)
    venue = by_column(cb, "venue")
    assert venue["type"] == "single" and set(levels(cb, venue)) == set(VENUES)
    assert "hold a phone number, e-mail address" not in block(text, "venue")
    # the same question where one respondent typed a street address of their own: that one is rare
    venues[3] = "My flat at 12 Marchmont Road"
    pd.DataFrame({"venue": venues}).to_csv(path, index=False)
    cb, text = draft(tmp_path / "rare", path)
    assert by_column(cb, "venue")["type"] == "text"
    assert "1 answer(s) hold a phone number, e-mail address, id number or name" in block(text, "venue")


# -- 5. Spanish and English experience scales are ordered -----------------------------------------------------

def test_spanish_and_english_experience_scales_are_drafted_ordered(tmp_path):
    scales = {"¿Cómo calificarías tu nivel de experiencia usando R?":
              {"Intermedio": 40, "Inicial": 20, "Experto": 14, "Sin experiencia": 6},
              "¿Cuál es tu nivel de inglés?": {"Intermedio": 30, "Avanzado": 25, "Básico": 15, "Ninguna": 10},
              "¿Cuál es tu nivel de Python?": {"Principiante": 35, "Intermedio": 25, "Avanzado": 12, "Experto": 8},
              "How would you rate your SQL?": {"Beginner": 30, "Intermediate": 25, "No experience": 15, "Expert": 10}}
    path = tmp_path / "respuestas.csv"
    pd.DataFrame({"Marca temporal": pd.date_range("2019-11-01", periods=80, freq="h").strftime(
                      "%Y/%m/%d %I:%M:%S %p GMT-3"),
                  **{q: spread(counts) for q, counts in scales.items()}}).to_csv(path, index=False)
    cb, _ = draft(tmp_path, path)
    order = {"¿Cómo calificarías tu nivel de experiencia usando R?": ["Sin experiencia", "Inicial", "Intermedio", "Experto"],
             "¿Cuál es tu nivel de inglés?": ["Ninguna", "Básico", "Intermedio", "Avanzado"],
             "¿Cuál es tu nivel de Python?": ["Principiante", "Intermedio", "Avanzado", "Experto"],
             "How would you rate your SQL?": ["No experience", "Beginner", "Intermediate", "Expert"]}
    for question, levels_in_order in order.items():
        var = by_column(cb, question)
        assert cb["scales"][var["scale"]].get("ordered", True) is True, question   # ordered unless `ordered: false`
        assert levels(cb, var) == levels_in_order


# -- 7. no " - Selected Choice" in Qualtrics labels ---------------------------------------------------------

def test_qualtrics_labels_and_questions_have_no_selected_choice_suffix(tmp_path):
    education = spread({"Bachelor's degree": 30, "Master's degree": 20, "High school": 15, "Other": 5})
    boxes = ["Trade school" if a == "Other" else "" for a in education]
    export = qualtrics(tmp_path / "edu.csv", [
        ("Q3.4", "What is your highest level of education achieved? - Selected Choice", education),
        ("Q3.4_9_TEXT", "What is your highest level of education achieved? - Other - Text", boxes)])
    cb, text = draft(tmp_path, export)
    assert "Selected Choice" not in text
    choice = by_column(cb, "Q3.4")
    assert choice["label"] == "What is your highest level of education achieved?"
    assert choice.get("question", choice["label"]) == "What is your highest level of education achieved?"
    assert by_column(cb, "Q3.4_9_TEXT")["label"] == "What is your highest level of education achieved? (other, typed in)"


# -- 6. one REVIEW note per question, not one per wave ----------------------------------------------------------

def test_the_typed_in_note_is_said_once_for_a_question_asked_in_three_waves(tmp_path):
    from surveykit.scaffold.drafts import draft_codebook
    from tests.test_scaffold_typed_other import OPTIONS, QUESTION

    exports = []
    for wave, typed in enumerate([["Fra legen", "Plakat på butikken", "Skolen til barna"],
                                  ["Hørte det på radio", "Naboen min fortalte det", "Fra en venn på jobb", "Kirken"],
                                  ["Biblioteket", "Avisannonse i fjor", "Treningssenteret"]]):
        answers = spread({o: 12 + 3 * i for i, o in enumerate(OPTIONS)})
        answers[: len(typed)] = typed
        path = tmp_path / f"svar_{2022 + wave}.csv"
        pd.DataFrame({"Tidsmerke": pd.date_range(f"{2022 + wave}-03-01", periods=len(answers), freq="h").strftime(
                          "%Y/%m/%d %I:%M:%S %p GMT+1"),
                      QUESTION: answers}).to_csv(path, index=False)
        exports.append(path)
    out = draft_codebook(exports, tmp_path / "out" / "codebook.yaml", report=False, sites=False)
    text = out.read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if "look typed in to an 'Other' box" in line]
    assert len(notes) == 1
    assert "3 of its 7 answers were each given by one respondent ('Fra legen', 'Plakat på butikken'" in notes[0]
    assert notes[0].endswith("[its counts and examples are wave 1's; the same holds for wave(s) 2, 3, with their own]")
