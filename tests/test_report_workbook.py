"""tables.xlsx as a report table: headers in the report's language, number formats on numbers
that stay numbers, the interval as text, a frozen header, fitted widths, suppressed rows marked."""

from __future__ import annotations

import hashlib
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from surveykit.labels import MISSING, text
from surveykit.presentation import Presentation
from surveykit.report.tables import column_headers, write_workbook


def _presentation(language: str) -> Presentation:
    """What study.presentation() holds for these tables: the study's labels of columns and values."""
    nb = language != "en"
    return Presentation(
        language, min_cell=10,
        names={"site_type": "Organisering" if nb else "Site type", "wave": text("wave", language),
               "site": text("site", language), "help": "Lett å få hjelp" if nb else "Easy to get help"},
        values={"site_type": {"co_located": "Samlokalisert" if nb else "Co-located"},
                "wave": {"1": "År 1" if nb else "Year 1", "2": "År 2" if nb else "Year 2"},
                "site": {"askim": "Askim bibliotek" if nb else "Askim library"},
                "help": {"Enig": "Enig" if nb else "Agree", "Uenig": "Uenig" if nb else "Disagree"}})


LABELS, LABELS_EN = _presentation("nb"), _presentation("en")


LONG_NOTE = "Hver bølge er vektet til befolkningen etter kommune, kjønn og alder (raking), med designbaserte feil."


def _shares() -> pd.DataFrame:
    """A Likert distribution in two groups; 'separate' is suppressed (as the build's disclosure
    gate hands it over: its whole distribution, whatever numbers the frame still holds)."""
    return pd.DataFrame({
        "site_type": ["co_located", "co_located", "separate", "separate"],
        "wave": ["1", "1", "1", "1"],
        "variable": "help", "level": ["Uenig", "Enig", "Uenig", "Enig"],
        "estimate": [0.25, 0.75, 0.1, 0.9], "std_error": [0.05, 0.05, 0.04, 0.04],
        "conf_low": [0.162, 0.655, 0.04, 0.81], "conf_high": [0.345, 0.838, 0.19, 0.96],
        "df": [99.0, 99.0, 39.0, 39.0], "n": [100, 100, 40, 40], "n_eff": [90.5, 90.5, 35.0, 35.0],
        "deff": [1.1, 1.1, 1.14, 1.14], "suppressed": [False, False, True, True],
    })


def _means() -> pd.DataFrame:
    return pd.DataFrame({
        "site": ["askim", "=HYPERLINK(\"x\")"], "wave": ["2", "2"], "variable": ["help", "help"], "level": [None, None],
        "estimate": [3.456, 2.9], "std_error": [0.0812, 0.1], "conf_low": [3.2967, 2.7], "conf_high": [3.6153, 3.1],
        "df": [120.0, 80.0], "n": [1234, 81], "n_eff": [1100.4, 70.0], "deff": [1.12, 1.16],
        "suppressed": [False, False],
    })


def _change() -> pd.DataFrame:
    return pd.DataFrame({
        "site_type": ["co_located"], "variable": ["help"], "level": [None], "estimate": [-0.123],
        "std_error": [0.05], "conf_low": [-0.221], "conf_high": [-0.025], "df": [300.0], "n": [320],
        "n_eff": [None], "deff": [None], "suppressed": [False], "contrast": ["wave: 2 - 1"],
        "statistic": [-2.46], "p_value": [0.00042], "p_adjusted": [0.0008], "effect_size": [-0.2],
    })


def _indicators() -> pd.DataFrame:
    """Means of 0/1 indicators (a multi-select): shares without an answer level."""
    return pd.DataFrame({"variable": ["aware__nav"], "level": [None], "estimate": [0.64], "std_error": [0.02],
                         "conf_low": [0.6], "conf_high": [0.68], "df": [99.0], "n": [100], "suppressed": [False]})


def _write(tmp_path, language: str, presentation: Presentation):
    method = pd.DataFrame({"topic": ["Vekting", "-minus"], "note": [LONG_NOTE, "=1+1"]})
    path = write_workbook({"likert": _shares(), "means": _means(), "change": _change(), "aware": _indicators()},
                          method, tmp_path / f"tables_{language}.xlsx", presentation=presentation,
                          percent={"aware"})
    return path, load_workbook(path)


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [{h: c for h, c in zip(header, row, strict=True)} for row in ws.iter_rows(min_row=2)]


def test_headers_and_labels_in_the_report_language(tmp_path):
    _, nb = _write(tmp_path, "nb", LABELS)
    _, en = _write(tmp_path, "en", LABELS_EN)
    assert nb.sheetnames == ["Metode", "likert", "means", "change", "aware"]
    assert en.sheetnames == ["Method", "likert", "means", "change", "aware"]
    assert [c.value for c in nb["likert"][1]] == [
        "Organisering", "Runde", "Spørsmål", "Svar", "Andel", "95 % KI", "Nedre grense (95 % KI)",
        "Øvre grense (95 % KI)", "Standardfeil", "Antall svar (n)", "Effektivt utvalg", "Designeffekt",
        "Frihetsgrader", "Merknad"]
    assert [c.value for c in en["likert"][1]] == [
        "Site type", "Wave", "Question", "Answer", "Share", "95% CI", "Lower bound (95% CI)",
        "Upper bound (95% CI)", "Standard error", "Responses (n)", "Effective sample size", "Design effect",
        "Degrees of freedom", "Note"]
    assert [c.value for c in nb["means"][1]][:4] == ["Sted", "Runde", "Spørsmål", "Gjennomsnitt"]
    assert [c.value for c in en["change"][1]] == [
        "Site type", "Question", "Difference", "95% CI", "Lower bound (95% CI)", "Upper bound (95% CI)",
        "Standard error", "Test statistic", "p-value", "p adjusted", "Effect size", "Responses (n)",
        "Degrees of freedom", "Comparison"]  # n_eff and deff are empty here: left out
    assert [c.value for c in en["aware"][1]][:2] == ["Question", "Share"]
    assert [c.value for c in nb["Metode"][1]] == ["Emne", "Merknad"]
    first = [c.value for c in nb["likert"][2]][:4]
    assert first == ["Samlokalisert", "År 1", "Lett å få hjelp", "Uenig"]
    assert [c.value for c in en["likert"][2]][:4] == ["Co-located", "Year 1", "Easy to get help", "Disagree"]
    assert en["means"]["A2"].value == "Askim library"


def test_numbers_stay_numbers_with_number_formats(tmp_path):
    _, wb = _write(tmp_path, "nb", LABELS)
    share = _rows(wb["likert"])[1]   # co-located, "Enig"
    assert share["Andel"].value == 0.75 and share["Andel"].number_format == "0.0%"
    assert share["Nedre grense (95 % KI)"].value == 0.655 and share["Nedre grense (95 % KI)"].number_format == "0.0%"
    assert share["Standardfeil"].value == 0.05 and share["Standardfeil"].number_format == "0.00%"
    assert share["95 % KI"].value == "[65,5; 83,8]"
    assert share["Antall svar (n)"].value == 100 and share["Antall svar (n)"].number_format == "#,##0"
    assert share["Frihetsgrader"].value == 99 and share["Frihetsgrader"].number_format == "0"
    assert share["Designeffekt"].value == 1.1 and share["Designeffekt"].number_format == "0.00"
    mean = _rows(wb["means"])[0]
    assert mean["Gjennomsnitt"].value == 3.456 and mean["Gjennomsnitt"].number_format == "#,##0.00"
    assert mean["Standardfeil"].number_format == "#,##0.000"
    assert mean["95 % KI"].value == "[3,30; 3,62]"
    assert mean["Antall svar (n)"].value == 1234
    diff = _rows(wb["change"])[0]
    assert diff["Differanse"].value == -0.123
    assert diff["Differanse"].number_format == "+#,##0.00;-#,##0.00;#,##0.00"
    assert diff["95 % KI"].value == "[−0,22; −0,03]"
    assert diff["p-verdi"].value == 0.00042 and diff["p-verdi"].number_format == '[<0.001]"<0,001";0.000'
    aware = _rows(wb["aware"])[0]
    assert aware["Andel"].value == 0.64 and aware["Andel"].number_format == "0.0%"
    assert aware["95 % KI"].value == "[60,0; 68,0]"
    _, en = _write(tmp_path, "en", LABELS_EN)
    diff = _rows(en["change"])[0]
    assert diff["p-value"].number_format == '[<0.001]"<0.001";0.000'
    assert diff["95% CI"].value == "[−0.22, −0.03]"
    for ws in wb.worksheets:   # every statistic is a number cell, never a number written as text
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    with pytest.raises(ValueError):
                        float(cell.value.replace(",", "."))


def test_frozen_bold_header_filter_and_widths(tmp_path):
    _, wb = _write(tmp_path, "nb", LABELS)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1])
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            assert max(len(w) for w in cell.value.split()) + 2 <= width <= 62, (ws.title, cell.value, width)
    likert = wb["likert"]
    assert likert.column_dimensions["C"].width >= len("Lett å få hjelp")
    method = wb["Metode"]   # a long text wraps in a capped column; short ones do not
    assert method["B2"].value == LONG_NOTE and method["B2"].alignment.wrap_text is True
    assert method.column_dimensions["B"].width == 62 and not method["A2"].alignment.wrap_text


def test_suppressed_rows_are_marked_never_a_number(tmp_path):
    _, wb = _write(tmp_path, "nb", LABELS)
    rows = _rows(wb["likert"])
    note = text("suppressed", "nb", n=10)
    # every number of a suppressed row is an en dash, even one the frame still holds
    for row in rows[2:]:
        assert row["Merknad"].value == note
        for header in ("Andel", "95 % KI", "Nedre grense (95 % KI)", "Øvre grense (95 % KI)", "Standardfeil",
                       "Antall svar (n)", "Effektivt utvalg", "Designeffekt", "Frihetsgrader"):
            assert row[header].value == MISSING, header
    for row in rows[:2]:
        assert row["Merknad"].value is None and isinstance(row["Andel"].value, float)
    assert "Merknad" not in [c.value for c in wb["means"][1]]   # nothing hidden: no note column


def test_formula_texts_are_neutralised_and_output_is_deterministic(tmp_path):
    path, wb = _write(tmp_path, "nb", LABELS)
    # stored as text, marked with Excel's quote prefix: shown as written, no visible apostrophe (the CSV needs one)
    assert wb["means"]["A3"].value == "=HYPERLINK(\"x\")"
    assert wb["Metode"]["A3"].value == "-minus" and wb["Metode"]["B3"].value == "=1+1"
    for cell in (wb["means"]["A3"], wb["Metode"]["A3"], wb["Metode"]["B3"]):
        assert cell.data_type == "s" and cell.quotePrefix
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    with zipfile.ZipFile(path) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    first = hashlib.sha256(path.read_bytes()).hexdigest()
    again, _ = _write(tmp_path, "nb", LABELS)
    assert hashlib.sha256(again.read_bytes()).hexdigest() == first


def test_column_headers_name_the_estimate_by_what_it_is():
    regression = pd.DataFrame({"outcome": ["help"], "variable": ["co_located"], "estimate": [0.38],
                               "contrast": ["help__score"]})
    assert list(column_headers(regression, Presentation("nb")).values())[:3] == ["Avhengig variabel", "Forklaringsvariabel",
                                                                    "Koeffisient"]
    mixed = pd.DataFrame({"variable": ["age", "gender"], "level": [None, "Kvinne"], "estimate": [44.0, 0.5]})
    assert column_headers(mixed, Presentation("en"))["estimate"] == "Estimate"
    for language in ("nb", "nn", "en", "sv", "da"):
        headers = column_headers(_shares(), Presentation(language))
        assert headers["estimate"] == text("share", language)
        assert headers["conf_low"] == text("column_conf_low", language, level=95)
