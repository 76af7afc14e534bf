"""`surveykit validate` makes the design the build weights by, whatever the report holds:
replicate settings the design refuses stopped the build but passed validate, which made the
design only for a weighting method or a report with an explorer (tester C's finding 3)."""

from __future__ import annotations

import pytest

from surveykit.cli import main
from tests.test_report_method_texts import add_replicates, write_study


@pytest.mark.parametrize("columns, said", [
    ("[]", "`weighting.replicates.columns`"),
    ("[finwt]", "`weighting.replicates"),
])
def test_validate_refuses_replicates_the_build_refuses_without_an_explorer(tmp_path, capsys, monkeypatch,
                                                                           columns, said):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    root = add_replicates(write_study(tmp_path))
    config = root / "surveykit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("columns: '^repwt[0-9]+$'", f"columns: {columns}"),
                      encoding="utf-8")
    assert "explorer" not in (root / "config" / "report.yaml").read_text(encoding="utf-8")
    code = main(["-q", "validate", "--no-write", "--study", str(root)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert said in err and "Traceback" not in err
