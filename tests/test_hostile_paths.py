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
    "nfd": unicodedata.normalize("NFD", "Våler kommune"),   # a + combining ring: what macOS writes
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


def test_a_path_too_long_for_the_file_system_says_what_to_do(tmp_path, monkeypatch, capsys):
    import errno

    root = write_mini_study(tmp_path / "study")
    monkeypatch.setenv("SURVEYKIT_KEY", "hostile-paths-key")
    real = open
    target = root / "data" / "processed"

    def too_long(file, *args, **kwargs):   # a study nested deep enough that its outputs pass PATH_MAX
        mode = args[0] if args else kwargs.get("mode", "r")
        if str(file).startswith(str(root / "data")) and "w" in mode:
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", too_long)
    assert main(["-q", "validate", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "the path is too long for this file system" in err and "Move the study to a folder with a shorter path" in err
    assert "Traceback" not in err and "internal error" not in err
    assert not target.exists() or not any(target.iterdir())


def test_the_message_of_a_path_too_long_names_the_cure():
    import errno

    from surveykit.cli import system_message

    said = system_message(OSError(errno.ENAMETOOLONG, "File name too long", "/s/" + "d" * 300 + "/reports/tables.xlsx"))
    assert "the path is too long for this file system (File name too long; 323 characters)" in said
    assert "Move the study to a folder with a shorter path" in said


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux file systems keep names that are not UTF-8")
def test_a_draft_from_an_export_whose_name_is_not_utf8_says_to_rename_it(tmp_path, capsys):
    from tests.study_fixture import W2_CSV

    export = tmp_path / os.fsdecode(b"svar_\xf8.csv")
    export.write_text(W2_CSV, encoding="utf-8")
    out = tmp_path / "out" / "codebook.yaml"
    assert main(["-q", "codebook", "draft", str(export), "-o", str(out), "--no-report", "--no-sites"]) == 2
    err = capsys.readouterr().err
    assert "svar_\\xf8.csv: the file name is not UTF-8 text" in err and "Rename the file (e.g. to 'svar_ø.csv')" in err
    assert "internal error" not in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux file systems keep names that are not UTF-8")
def test_the_synthetic_parquet_export_is_written_in_a_folder_whose_name_is_not_utf8(tmp_path):
    import pandas as pd

    from surveykit.io.parquet import read_parquet
    from surveykit.synth.export import write_parquet

    folder = tmp_path / os.fsdecode(b"stud\xf8y")
    folder.mkdir()
    write_parquet(pd.DataFrame({"Kjønn": ["Kvinne", "Mann"], "Alder": [34, 51]}), folder / "w1.parquet")
    assert read_parquet(folder / "w1.parquet").data["Alder"].tolist() == [34, 51]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux file systems keep names that are not UTF-8")
def test_a_whole_build_in_a_folder_whose_name_is_not_utf8(tmp_path, monkeypatch, capsys):
    report = "figures:\n  - {id: m, kind: means, items: [help], by: [wave]}\n  - {id: l, kind: likert, items: [help], by: [wave]}\n"
    root = write_mini_study(tmp_path / os.fsdecode(b"Bj\xf8rnafjorden 2024"), **{"config/report.yaml": report})
    monkeypatch.setenv("SURVEYKIT_KEY", "hostile-paths-key")
    assert main(["-q", "build", "--jobs", "2", "--study", str(root)]) == 0, capsys.readouterr().err
    reports = root / "reports"
    assert all((reports / "figures" / f"{fig}.png").is_file() for fig in ("m", "l"))
    assert (reports / "index.html").is_file() and (reports / "tables.xlsx").is_file()
    assert not [p for p in root.rglob("*") if ".staging-" in p.name]


@pytest.mark.parametrize(("on_disk", "said"), [
    (unicodedata.normalize("NFD", "w1_Våler.csv"), "the same name with its letters stored as other Unicode code points"),
    ("W1_VÅLER.csv", "which differs in upper and lower case only"),
])
def test_an_export_named_the_same_in_other_code_points_or_case_is_pointed_at(tmp_path, capsys, on_disk, said):
    from tests.study_fixture import SURVEYKIT_YAML

    root = write_mini_study(tmp_path / "study", **{"surveykit.yaml": SURVEYKIT_YAML.replace("w1.csv", "w1_Våler.csv")})
    try:
        (root / "data" / "raw" / "w1.csv").rename(root / "data" / "raw" / on_disk)
    except (OSError, UnicodeEncodeError):
        pytest.skip(f"this file system refuses the name {on_disk!r}")
    if (root / "data" / "raw" / "w1_Våler.csv").exists():
        pytest.skip("this file system treats both names as one (macOS, Windows)")
    assert main(["-q", "validate", "--no-write", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "w1_Våler.csv: file not found. The folder has " in err and said in err, err


def test_a_non_ascii_file_name_under_an_ascii_locale_says_what_to_set(tmp_path):
    import subprocess
    from pathlib import Path

    import surveykit
    from tests.study_fixture import SURVEYKIT_YAML

    root = write_mini_study(tmp_path / "study", **{"surveykit.yaml": SURVEYKIT_YAML.replace("w1.csv", "w1_Våler.csv")})
    (root / "data" / "raw" / "w1.csv").rename(root / "data" / "raw" / "w1_Våler.csv")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "SURVEYKIT_KEY": "hostile-paths-key",
           "PYTHONPATH": str(Path(surveykit.__file__).resolve().parents[1])}
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"], env=env,
                           capture_output=True, encoding="utf-8", check=True)
    if probe.stdout.strip().lower() not in ("ascii", "ansi_x3.4-1968", "us-ascii"):
        pytest.skip(f"file names here are {probe.stdout.strip()} under LC_ALL=C (not Linux)")
    done = subprocess.run([sys.executable, "-m", "surveykit", "-q", "validate", "--no-write", "--study", str(root)],
                          env=env, capture_output=True, encoding="utf-8", timeout=300)
    assert done.returncode == 2, done.stderr
    assert "has the letter 'å', which this Python cannot use in a file name" in done.stderr
    assert "LC_ALL=C.UTF-8" in done.stderr and "internal error" not in done.stderr
