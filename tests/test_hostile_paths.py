"""Study folders with names a file system allows but libraries stumble on: bytes that are not
UTF-8 (a Latin-1 'ø' made on an old Linux box), spaces, '#' and '%' (URI characters to
pyarrow), decomposed unicode. A build there works, and its processed data reads back."""

from __future__ import annotations

import os
import sys
import unicodedata

import pytest

from surveykit.cli import main
from surveykit.processed import read_responses
from tests.study_fixture import write_mini_study

NAMES = {
    "not-utf8": os.fsdecode(b"stud\xf8y") if sys.platform.startswith("linux") else None,
    "uri-characters": "my study #2 %20 (copy)",
    "nfd": unicodedata.normalize("NFD", "Bø kommune"),
}


@pytest.mark.parametrize("kind", list(NAMES))
def test_a_build_in_a_folder_with_an_unusual_name_writes_its_data(tmp_path, monkeypatch, capsys, kind):
    name = NAMES[kind]
    if name is None:
        pytest.skip("only Linux file systems keep file names that are not UTF-8")
    try:
        (tmp_path / name).mkdir()
    except (OSError, UnicodeEncodeError):
        pytest.skip(f"this file system refuses the folder name {name!r}")
    root = write_mini_study(tmp_path / name)
    monkeypatch.setenv("SURVEYKIT_KEY", "hostile-paths-key")
    assert main(["-q", "validate", "--study", str(root)]) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    responses = read_responses(root / "data" / "processed" / "responses.parquet", language="en")
    assert len(responses) > 0
