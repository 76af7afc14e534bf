"""A scale with two non-substantive answers (9 = "Vet ikke", 8 = "Vil ikke svare") pools them in
one share; that share was named by the first alone ("Vet ikke"), so the refusals were published
as don't-knows (found drafting two SPSS waves whose 9 meant "No answer" in one, "Don't know" in
the other)."""

from __future__ import annotations

import pandas as pd
import pytest

from surveykit.report.build import build
from surveykit.study import load_study
from tests.study_fixture import CODEBOOK_YAML, W2_CSV, write_mini_study

CODEBOOK = CODEBOOK_YAML.replace(
    "      - {code: 9, label: {nb: Vet ikke, en: Don't know}}\n",
    "      - {code: 9, label: {nb: Vet ikke, en: Don't know}}\n"
    "      - {code: 8, label: {nb: Vil ikke svare, en: Rather not say}}\n")
W2 = W2_CSV.replace("s4;Askim;1;25;3;", "s4;Askim;1;25;8;")
REPORT = "figures:\n  - {id: help_fig, kind: likert, items: [help], by: [wave]}\n"


def test_the_pooled_share_is_named_by_every_answer_it_pools(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEYKIT_KEY", "k" * 16)
    assert CODEBOOK != CODEBOOK_YAML and W2 != W2_CSV
    root = write_mini_study(tmp_path, **{"config/codebook.yaml": CODEBOOK, "data/raw/w2.csv": W2,
                                         "config/report.yaml": REPORT})
    build(root, jobs=1)
    table = pd.read_csv(root / "reports" / "tables" / "help_fig.csv")
    pooled = table[table["level"].astype(str).str.contains("Vil ikke svare|Vet ikke")]
    assert set(pooled["level"]) == {"Vet ikke / Vil ikke svare"}
    wave2 = pooled[pooled["wave"].astype(str) == "2"]
    study = load_study(root)
    data, w = study.design().data, study.design().weights
    two = (data["wave"].astype(str) == "2").to_numpy()
    dk = data["help__dk"].fillna(False).to_numpy(dtype=bool)
    answered = data["help"].notna().to_numpy() | dk
    assert dk[two].sum() == 2                                        # s2 (9) and s4 (8)
    assert wave2["estimate"].iloc[0] == pytest.approx(w[two & dk].sum() / w[two & answered].sum(), rel=1e-12)
