"""A numeric question asking for the age in the words forms use ("Ange din ålder", "Oppgi alderen
din", "Angiv din alder", "Please enter your age") is drafted as `age`, which the weighting and the
age groups look for; it stayed a number named after its words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from surveykit.scaffold.drafts import draft_codebook


@pytest.mark.parametrize("question", ["Ange din ålder", "Oppgi alderen din", "Angiv din alder:",
                                      "Please enter your age"])
def test_an_age_question_in_form_words_is_named_age(tmp_path, question):
    rng = np.random.default_rng(2)
    n = 60
    export = tmp_path / "svar.csv"
    pd.DataFrame({"id": range(n), question: rng.integers(18, 90, n),
                  "Hur nöjd är du?": rng.choice(["Nöjd", "Missnöjd", "Mycket nöjd", "Mycket missnöjd"], n)}
                 ).to_csv(export, index=False)
    out = draft_codebook([export], tmp_path / "out" / "codebook.yaml", report=False, sites=False)
    cb = yaml.safe_load(out.read_text(encoding="utf-8"))
    [var] = [v for v in cb["variables"] if v["sources"]["1"].get("column") == question]
    assert (var["name"], var["type"]) == ("age", "numeric")
