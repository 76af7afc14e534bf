"""A build removes from reports/ what earlier builds wrote and it no longer writes (an entry
removed from the recipe, a format no longer asked for), and nothing else: the manifest
reports/.surveykit-manifest.json lists the files a build wrote; a file a user put there stays."""

from __future__ import annotations

import json

from surveykit.report import build
from tests.test_report_studies import write_one_wave_study


def _names(folder) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_build_removes_the_files_of_entries_and_formats_it_no_longer_writes(tmp_path):
    root = write_one_wave_study(tmp_path)
    reports = root / "reports"
    build(root, progress=lambda _m: None, jobs=1, formats=("png", "svg"))
    assert {"grid.svg", "grid.png", "means.svg"} <= _names(reports / "figures")
    assert "grid.csv" in _names(reports / "tables")
    (reports / "figures" / "logo.svg").write_text("<svg/>", encoding="utf-8")   # the user's own files
    (reports / "tables" / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    (reports / "grid_old.html").write_text("mine", encoding="utf-8")
    report = root / "config" / "report.yaml"
    report.write_text("\n".join(line for line in report.read_text(encoding="utf-8").splitlines()
                                if "id: grid" not in line) + "\n", encoding="utf-8")
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1, formats=("png",))
    assert _names(reports / "figures") == {"answers.png", "means.png", "logo.svg"}
    assert _names(reports / "tables") == {"answers.csv", "means.csv", "agree.csv", "notes.csv"}
    assert (reports / "grid_old.html").read_text(encoding="utf-8") == "mine"
    said = [m for m in messages if m.startswith("removed ")]
    assert said == ["removed 5 file(s) that earlier builds wrote and this build does not: figures/answers.svg, "
                    "figures/grid.png, figures/grid.svg, figures/means.svg, tables/grid.csv"], messages
    wrote = next(m for m in messages if m.startswith("wrote ") and "figure files" in m)
    assert wrote.startswith("wrote 2 figure files, 3 tables")
    # nothing changed: the figures are kept from the cache, nothing removed, the manifest the same bytes
    manifest = (reports / ".surveykit-manifest.json").read_bytes()
    assert json.loads(manifest)["files"] == ["figures/answers.png", "figures/means.png", "tables/agree.csv",
                                              "tables/answers.csv", "tables/means.csv"]
    messages = []
    build(root, progress=messages.append, jobs=1, formats=("png",))
    assert sum("unchanged, kept" in m for m in messages) == 2
    assert not any(m.startswith("removed ") for m in messages)
    assert (reports / ".surveykit-manifest.json").read_bytes() == manifest


def test_a_manifest_never_removes_what_lies_outside_the_reports_outputs(tmp_path):
    root = write_one_wave_study(tmp_path)
    reports = root / "reports"
    build(root, progress=lambda _m: None, jobs=1, formats=("png",))
    (root / "keep.txt").write_text("x", encoding="utf-8")
    (reports / "mine.txt").write_text("x", encoding="utf-8")
    (reports / ".surveykit-manifest.json").write_text(json.dumps(
        {"files": ["../keep.txt", "mine.txt", "figures/../../keep.txt", "index.html", "tables.xlsx"]}),
        encoding="utf-8")
    build(root, progress=lambda _m: None, jobs=1, formats=("png",))
    assert (root / "keep.txt").exists() and (reports / "mine.txt").exists()
    assert (reports / "index.html").exists() and (reports / "tables.xlsx").exists()


def test_a_study_built_without_a_manifest_keeps_its_files_and_says_so(tmp_path):
    root = write_one_wave_study(tmp_path)
    reports = root / "reports"
    build(root, progress=lambda _m: None, jobs=1, formats=("png",))
    (reports / ".surveykit-manifest.json").unlink()   # as built by an earlier surveykit
    (reports / "figures" / "old.png").write_bytes(b"x")
    messages: list[str] = []
    build(root, progress=messages.append, jobs=1, formats=("png",))
    assert (reports / "figures" / "old.png").exists()
    assert any(m.startswith("1 file(s) in ") and "(figures/old.png)" in m and "no record" in m for m in messages)
    messages = []
    build(root, progress=messages.append, jobs=1, formats=("png",))   # now there is a manifest: nothing more said
    assert (reports / "figures" / "old.png").exists() and not any("no record" in m for m in messages)
