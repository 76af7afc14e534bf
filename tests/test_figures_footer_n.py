"""A figure's footer gives the n its numbers rest on, not the study's: a model fitted on the
respondents who answered its outcome, a question some did not answer ("Vet ikke"), estimates
of groups ("n = 70–80 per estimate", a range when they differ), in the report's language."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from surveykit.labels import footer_text
from surveykit.report import build
from tests.test_report_studies import write_three_wave_study

EXTRA = """\
  - {id: model, kind: adjusted, items: [help], title: Model, options: {effect: building, covariates: [gender]}}
  - {id: overall, kind: means, items: [help], title: Overall}
  - {id: groups, kind: means, items: [help], by: [gender], title: Groups}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_three_wave_study(tmp_path_factory.mktemp("footer"), n=150)
    report = root / "config" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("figures:\n", "figures:\n" + EXTRA), encoding="utf-8")
    build(root, progress=lambda _m: None, jobs=1, formats=("svg",))
    return root


def _footer(root, name: str) -> str:
    svg = (root / "reports" / "figures" / f"{name}.svg").read_text(encoding="utf-8")
    texts = [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg)]
    return next(t for t in texts if t.startswith("Source: "))


def _table(root, name: str) -> pd.DataFrame:
    return pd.read_csv(root / "reports" / "tables" / f"{name}.csv")


def test_a_model_fitted_on_those_who_answered_gives_its_n(built):
    coefficients = _table(built, "model")
    n = set(coefficients["n"].dropna().astype(int))
    assert len(n) == 1 and n.pop() < 450            # "Cannot say" is no score: fewer than the 450 respondents
    fitted = int(coefficients["n"].iloc[0])
    assert _footer(built, "model") == f"Source: Round survey · Round A, Round B and Round C · n = {fitted}"


def test_a_question_answered_by_fewer_gives_their_n(built):
    overall = _table(built, "overall")
    answered = int(overall["n"].iloc[0])
    assert answered < 450
    assert _footer(built, "overall").endswith(f" · n = {answered}")
    assert "n = 450" not in _footer(built, "overall")


def test_estimates_of_groups_give_the_range_of_their_n(built):
    groups = _table(built, "groups")
    low, high = int(groups["n"].min()), int(groups["n"].max())
    assert low < high
    assert _footer(built, "groups").endswith(f" · n = {low}–{high} per estimate")
    # the did compares rounds A and C and draws round B between them: the n of its means in the three
    means = _table(built, "moved_means")
    assert set(means["wave"].astype(str)) == {"a", "b", "c"}
    shown = means[~means["suppressed"].astype(bool)]
    assert _footer(built, "moved") == (f"Source: Round survey · Round A, Round B and Round C · "
                                       f"n = {int(shown['n'].min())}–{int(shown['n'].max())} per estimate")


@pytest.mark.parametrize(("language", "text"), [("nb", "n = 598–612 per estimat"), ("sv", "n = 598–612 per skattning"),
                                                ("en", "n = 598–612 per estimate"), ("nb", "n = 1\xa0020")])
def test_footer_n_in_the_report_language(language, text):
    n = (1020, 1020) if "020" in text else (598, 612)
    assert footer_text(language, n=n) == text


def test_a_figure_showing_no_estimate_gives_no_n(built):
    """Every estimate suppressed (or without answers): the footer gives no n; it gave the
    study's respondents, as if the (hidden) estimates rested on them."""
    from surveykit.study import load_study

    study = load_study(built)
    hidden = pd.DataFrame({"estimate": [None, None], "n": [3, 0], "suppressed": [True, False]})
    assert study.footer(base=hidden) == "Source: Round survey · Round A, Round B and Round C"
    shown = pd.DataFrame({"estimate": [3.9, None], "n": [61, 3], "suppressed": [False, True]})
    assert study.footer(base=shown).endswith(" · n = 61")
    assert study.footer().endswith(f" · n = {len(study.responses)}")   # no base: the respondents
