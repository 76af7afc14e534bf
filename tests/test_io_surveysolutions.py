"""Survey Solutions' tab-separated main data file (one row per interview), written here in the
tool's shape: ``interview__key`` and ``interview__id`` first, the questions by variable name, a
multi-select as ``<question>__<code>`` 0/1 columns, a GPS question as ``gps__Latitude``,
``__Longitude``, ``__Accuracy``, ``__Altitude``, ``__Timestamp``, then the tool's ``sssys_irnd``,
``has__errors``, ``interview__status``, ``assignment__id``; -999999999 (a number) and ``##N/A##``
(a text) for a question asked but not answered. Learnt from surveysolutions/surveysolutions
(src/Services/Export/WB.Services.Export/Interview/ServiceColumns.cs: the service columns) and
surveysolutions/docs (content/headquarters/export/missing-values.md: the two codes,
content/headquarters/export/system-generated---export-file-anatomy/index.md and a .do file's
``label define interview__status``); no real file of interviews was found in a public repository.

Was: read as a plain CSV, -999999999 was a number (``hh_size`` drafted with valid [-2000000000, 20],
its mean pulled to about -10^8; a -999999999 in a multi-select's option column counted as chosen),
``##N/A##`` a non-substantive answer of a single choice, the multi-select three numeric questions,
and ``sssys_irnd``, ``has__errors``, ``interview__status`` questions of the report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from surveykit.io import read_export
from tests.test_scaffold_layouts import codebook, responses, run_study, variable

HEADER = ["interview__key", "interview__id", "region", "hh_size", "libuse__1", "libuse__2", "libuse__3", "libuse__4",
          "comment", "gps__Latitude", "gps__Longitude", "gps__Accuracy", "gps__Altitude", "gps__Timestamp",
          "sssys_irnd", "has__errors", "interview__status", "assignment__id"]
COMMENTS = ["Good service", "More books please", "Longer opening hours", "Friendly staff", "Too noisy"]


def _rows(n: int = 50) -> list[list[str]]:
    rows = []
    for i in range(n):
        skipped = i % 7 == 3                     # the multi-select asked, not answered
        chosen = ["-999999999"] * 4 if skipped else [str((i >> k) & 1) for k in range(4)]
        rows.append([f"{10 + i}-{20 + i % 50}-{30 + i % 7}-{40 + i % 11}", f"{i:032x}", str(1 + i % 3),
                     "-999999999" if i % 10 == 4 else str(1 + i % 6), *chosen,
                     "##N/A##" if i % 9 == 2 else "" if i % 4 == 1 else f"{COMMENTS[i % 5]} {i}",
                     f"{59.7 + i / 1000:.6f}", f"{10.2 + i / 1000:.6f}", "12.5", "45.0",
                     f"2023-01-1{i % 9}T10:{i % 60:02d}:00", f"{(i * 37 % 100) / 100:.9f}", "0",
                     ["100", "120", "130"][i % 3], str(100 + i)])
    return rows


def _export(folder: Path) -> Path:
    path = folder / "household.tab"
    path.write_text("\n".join("\t".join(r) for r in [HEADER, *_rows()]) + "\n", encoding="utf-8")
    return path


def test_read_as_survey_solutions_codes_of_no_answer_are_empty(tmp_path):
    raw = read_export(_export(tmp_path))
    assert raw.format == "surveysolutions" and raw.meta["id_column"] == "interview__id"
    assert raw.meta["system_columns"] == ["interview__key", "sssys_irnd", "has__errors", "interview__status",
                                          "assignment__id"]
    rows = _rows()
    assert raw.meta["not_answered"] == {"hh_size": 5, "libuse__1": 7, "libuse__2": 7, "libuse__3": 7,
                                        "libuse__4": 7, "comment": 6}
    assert raw.data["hh_size"].isna().sum() == 5 and raw.data["hh_size"].min() == 1
    assert not raw.data["comment"].astype(str).str.contains("##N/A##").any()
    assert raw.data["hh_size"].dropna().tolist() == [float(r[3]) for r in rows if r[3] != "-999999999"]


def test_draft_multi_select_tool_columns_and_means_without_the_codes(tmp_path):
    study = run_study(tmp_path, _export(tmp_path), build=False)
    cb = codebook(study)
    drafted = {v["sources"]["1"].get("column") for v in cb["variables"]}
    assert not {"sssys_irnd", "has__errors", "interview__status", "assignment__id", "interview__key",
                "gps__Latitude", "gps__Longitude", "gps__Accuracy", "gps__Altitude", "gps__Timestamp"} & drafted
    libuse = variable(cb, "libuse__1")
    assert libuse["type"] == "multi"
    assert sorted(libuse["sources"]["1"]["columns"].values()) == ["libuse__1", "libuse__2", "libuse__3", "libuse__4"]
    size = variable(cb, "hh_size")
    assert size["type"] == "numeric" and size["valid"][0] >= 0
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert "'interview__status' is the interview's status in Survey Solutions (100 Completed x17, 120 " in text
    assert variable(cb, "comment")["type"] == "text"
    labels = [lv["label"] for sc in cb.get("scales", {}).values() for lv in [*sc["levels"], *sc.get("nonsubstantive", [])]]
    assert "##N/A##" not in labels

    frame = responses(study)
    rows = _rows()
    sizes = [float(r[3]) for r in rows if r[3] != "-999999999"]
    assert frame["hh_size"].mean() == sum(sizes) / len(sizes)
    first = f"{libuse['name']}__{next(k for k, c in libuse['sources']['1']['columns'].items() if c == 'libuse__1')}"
    asked = [r for r in rows if r[4] != "-999999999"]
    assert int(frame[first].notna().sum()) == len(asked) == 43
    assert int(frame[first].fillna(False).sum()) == sum(r[4] == "1" for r in asked)
    assert pd.isna(frame[first].iloc[3])   # the row answering -999999999: no answer, not 'chosen'


def test_survey_solutions_spss_file_tool_columns_and_codes_named(tmp_path):
    """The same columns in Survey Solutions' SPSS file (written here with pyreadstat; the tool's own
    SPSS export was not found in a public repository, so its labels are not claimed): its own columns
    are no questions, its status is counted under REVIEW, and the columns holding -999999999 are named
    under REVIEW (the SPSS reader keeps them as numbers). Was: sssys_irnd, has__errors,
    interview__status, assignment__id and interview__key were drafted as questions, -999999999 in
    silence."""
    import pyreadstat

    rows = _rows(40)
    frame = pd.DataFrame({c: [r[k] for r in rows] for k, c in enumerate(HEADER)})
    for c in ("region", "hh_size", "libuse__1", "libuse__2", "libuse__3", "libuse__4", "has__errors",
              "interview__status", "assignment__id"):
        frame[c] = frame[c].astype(int)
    frame["sssys_irnd"] = frame["sssys_irnd"].astype(float)
    frame = frame.drop(columns=[c for c in HEADER if c.startswith("gps__")] + ["comment"])
    path = tmp_path / "household.sav"
    pyreadstat.write_sav(frame, str(path))
    study = run_study(tmp_path, path, build=False)
    drafted = {v["sources"]["1"].get("column") for v in codebook(study)["variables"]}
    assert not {"sssys_irnd", "has__errors", "interview__status", "assignment__id", "interview__key"} & drafted
    text = (study / "config" / "codebook.yaml").read_text(encoding="utf-8")
    assert ("'interview__status' is the interview's status in Survey Solutions (100 Completed x14, "
            "120 ApprovedBySupervisor x13, 130 ApprovedByHeadquarters x13)") in text
    assert ("5 column(s) hold them here (hh_size, libuse__1, libuse__2, libuse__3, libuse__4), drafted as answers"
            in text)
