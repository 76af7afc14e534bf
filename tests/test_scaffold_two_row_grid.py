"""A grid question in an Excel export of two header rows: the question merged over its rows'
columns in row 1 ("Hvor fornøyd er du med:"), the rows' texts below it in row 2, the answers the
scale's words. The same layout as the check boxes of tests/test_title_rows_and_sheets.py (an
Excel report's question over its options), here over the rows of a grid; written here by hand.

Was: each row drafted as a question labelled "Hvor fornøyd er du med:: Åpningstider" (the
question, a doubled colon and the row), so every figure and table named its rows by the whole
question; now the rows are labelled by their own texts and the question is the grid's."""

from __future__ import annotations

import openpyxl

from tests.test_scaffold_layouts import codebook, responses, run_study, variable

SCALE = ["Svært misfornøyd", "Misfornøyd", "Verken fornøyd eller misfornøyd", "Fornøyd", "Svært fornøyd"]
ROWS = ["Åpningstider", "Utvalg", "Personalet"]
GRID = "Hvor fornøyd er du med:"


def _export(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Respondent", "Hvor gammel er du?", GRID, None, None, "Hvilke tjenester bruker du?", None, None])
    ws.append([None, None, *ROWS, "Lån av bøker", "Arrangementer", "Lesesal"])
    ws.merge_cells("C1:E1")
    ws.merge_cells("F1:H1")
    for i in range(40):
        ws.append([i + 1, 20 + i, SCALE[i % 5], SCALE[(i + 1) % 5], SCALE[(i * 3) % 5],
                   1 if i % 2 else None, 1 if i % 3 else None, 1 if i % 5 == 0 else None])
    wb.save(path)
    return path


def test_a_grid_under_a_two_row_header_is_labelled_by_its_rows(tmp_path):
    study = run_study(tmp_path, _export(tmp_path / "svar.xlsx"))
    cb = codebook(study)
    frame = responses(study)
    for k, row in enumerate(ROWS):
        var = variable(cb, f"{GRID}: {row}")
        assert var["type"] == "likert" and var["label"] == row
        assert GRID.rstrip(":") in var["question"] and "::" not in var["question"]
        assert [lv["label"] for lv in cb["scales"][var["scale"]]["levels"]] == SCALE
        expected = [SCALE[(i + k) % 5] if k < 2 else SCALE[(i * 3) % 5] for i in range(40)]
        assert frame[var["name"]].astype(str).tolist() == expected
    services = variable(cb, "Hvilke tjenester bruker du?: Lån av bøker")
    assert services["type"] == "multi" and list(services["options"].values()) == ["Lån av bøker", "Arrangementer",
                                                                                   "Lesesal"]
