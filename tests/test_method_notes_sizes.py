"""The margin of error in the method notes: waves of different sizes give the smallest wave's
margin and say so (a three-wave study of 420, 380 and 450 answers read "With 380 answers per
wave")."""

from __future__ import annotations

import pandas as pd

from surveykit.report.notes import method_notes
from tests.repo_study import repo_study


def _margin_text(summary: pd.DataFrame) -> str:
    study = repo_study()
    pairs = method_notes(study, summary, (), study.presentation())
    return next(body for head, body in pairs if head == "Feilmarginer")


def test_waves_of_different_sizes_name_the_smallest():
    text = _margin_text(pd.DataFrame({"wave": ["1", "2"], "n": [1200, 1190], "n_eff": [905.4, 781.2]}))
    assert text.startswith("Med effektivt utvalg på om lag 781 i den minste runden er feilmarginen"), text
    alike = _margin_text(pd.DataFrame({"wave": ["1", "2"], "n": [1200, 1190], "n_eff": [781.4, 781.2]}))
    assert alike.startswith("Med effektivt utvalg på om lag 781 per runde er feilmarginen"), alike
