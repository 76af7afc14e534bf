"""A file read as cp1252 is named with the characters to check, those its text holds outside ASCII
("’" and "é" in an English export), not "æ, ø and å" whatever the file's language (tester B's
SurveyMonkey export in English was told to check æ, ø and å)."""

from __future__ import annotations

import logging

from surveykit.clean.wave import _reader_warnings
from surveykit.config._table import read_table
from surveykit.io import read_export


def test_a_cp1252_export_is_told_to_check_the_characters_it_holds(tmp_path):
    export = tmp_path / "sleeping.csv"
    rows = ["Respondent,How often?,Comment"] + [f"{i},Once a week,Don’t know – café {i}" for i in range(30)]
    export.write_bytes("\r\n".join(rows).encode("cp1252"))
    raw = read_export(export)
    [warning] = [w for w in _reader_warnings(raw) if "cp1252" in w]
    assert "’" in warning and "é" in warning and "–" in warning
    assert "æ" not in warning and "ø" not in warning


def test_a_cp1252_config_table_is_told_to_check_the_characters_it_holds(tmp_path, caplog):
    table = tmp_path / "sites.csv"
    table.write_bytes("site_id,label\nn,Café North\ns,South’s branch\n".encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        assert list(read_table(table)["label"]) == ["Café North", "South’s branch"]
    [message] = [r.getMessage() for r in caplog.records if "cp1252" in r.getMessage()]
    assert "(é, ’)" in message or "(’, é)" in message
    assert "æ, ø and å" not in message


def test_no_advice_to_give_an_option_the_wave_already_gives(tmp_path):
    # A Swedish tester gave `options: {encoding: cp1252, decimal: ","}` as the warnings advised,
    # and the same two warnings came on every build after.
    export = tmp_path / "svar.csv"
    rows = ["Id;Kommundel;Avstånd (km)"] + [f"{i};Öster;{i},5" for i in range(30)]
    export.write_bytes("\r\n".join(rows).encode("cp1252"))
    raw = read_export(export)
    guessed = _reader_warnings(raw)
    assert any("read as cp1252" in w for w in guessed) and any("decimal commas" in w for w in guessed)
    given = _reader_warnings(read_export(export, encoding="cp1252", decimal=","), {"encoding": "cp1252", "decimal": ","})
    assert not any("cp1252" in w or "decimal commas" in w for w in given)
    assert any("read as cp1252" in w for w in _reader_warnings(raw, {"delimiter": ";"}))
