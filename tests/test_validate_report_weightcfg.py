"""`surveykit validate` checks config/report.yaml against the study as the build does before
it draws: an entry that does not fit (a top-box table of a scale without `top_box`) is an error
at validate time, not only when building."""

from __future__ import annotations

from surveykit.cli import main
from tests.test_unweightable_weightcfg import CODEBOOK, write_study

TOPBOX = "tables:\n  - {id: del_einig, kind: topbox, items: [nojd], by: [gender]}\n"


def test_validate_refuses_a_report_entry_the_build_would_refuse(tmp_path, capsys):
    root = write_study(tmp_path, others=0, blank=0, report=TOPBOX)
    assert main(["validate", "--study", str(root)]) == 0
    assert "config/report.yaml fits the study: 0 figure(s), 1 table(s)" in capsys.readouterr().err
    # the scale without `top_box`: the build's check, at validate time
    (root / "config" / "codebook.yaml").write_text(CODEBOOK.replace("    top_box: [4, 5]\n", ""), encoding="utf-8")
    assert main(["validate", "--study", str(root)]) == 2
    err = capsys.readouterr().err
    assert "report.yaml: `tables[0]` ('del_einig'): item(s) ['nojd'] are on scales without `top_box`" in err, err
    assert "Traceback" not in err and "valid:" not in err


def test_validate_refuses_an_unknown_breakdown(tmp_path, capsys):
    root = write_study(tmp_path, others=0, blank=0, report=TOPBOX.replace("by: [gender]", "by: [kommun]"))
    assert main(["validate", "--study", str(root), "--no-write"]) == 2
    err = capsys.readouterr().err
    assert "tables[0]" in err and "kommun" in err, err
