"""Mistakes in ``weighting.replicates`` of surveykit.yaml are said in its own terms: the key
(`weighting.replicates.type`, `.columns`, `.scale`), the allowed values, and for a pattern
that matches nothing the few variables that look like weights, never the Python arguments of
Design (replicate_type=, repweights=, scale=) nor a dump of every column."""

from __future__ import annotations

import pytest

from surveykit.cli import main
from tests.test_report_method_texts import add_replicates, write_study


def _study(tmp_path, old: str, new: str):
    root = add_replicates(write_study(tmp_path))
    config = root / "surveykit.yaml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")
    return root


def _build(root, capsys) -> tuple[int, str]:
    """The exit code and what the build said, the study's folder written as <study>."""
    code = main(["-q", "build", "--study", str(root), "--jobs", "1"])
    return code, capsys.readouterr().err.replace(str(root), "<study>")


def test_an_unknown_replicate_type_names_the_key_and_the_types(tmp_path, capsys):
    root = _study(tmp_path, "type: JK1", "type: jackknife")
    code, err = _build(root, capsys)
    assert code == 2
    assert "<study>/surveykit.yaml: `weighting.replicates.type`: 'jackknife' is not a type" in err
    assert "JK1, JKn, JK2, bootstrap" in err
    assert "replicate_type" not in err and "codebook" not in err and "Traceback" not in err


def test_a_replicate_pattern_that_matches_nothing_lists_what_looks_like_weights(tmp_path, capsys):
    root = _study(tmp_path, "'^repwt[0-9]+$'", "'^rpw[0-9]+$'")
    code, err = _build(root, capsys)
    assert code == 2
    assert "<study>/surveykit.yaml: `weighting.replicates.columns`: '^rpw[0-9]+$' matches no variable" in err
    assert "Variables that look like weights: repwt1 … repwt8 (8 columns)." in err
    assert "(e.g. '^repwt[0-9]+$')" in err
    for python in ("repweights", "__dk", "'gender'", "visits", "Columns:"):
        assert python not in err, python


def test_jk1_without_scale_warns_in_the_terms_of_surveykit_yaml(tmp_path, capsys):
    root = _study(tmp_path, "scale: 0.875, ", "")
    code, err = _build(root, capsys)
    assert code == 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == ["surveykit: warning: <study>/surveykit.yaml: `weighting.replicates`: JK1 without "
                     "`weighting.replicates.scale`: taking (R-1)/R = 7/8, i.e. one replicate per PSU (as R, which "
                     "guesses the same). Give `weighting.replicates.scale` to be explicit."], err


@pytest.mark.parametrize("given", ["'^repwt[0-9+$'"])
def test_a_replicate_pattern_that_is_no_regular_expression_says_so(tmp_path, capsys, given):
    root = _study(tmp_path, "'^repwt[0-9]+$'", given)
    code, err = _build(root, capsys)
    assert code == 2 and "`weighting.replicates.columns`: '^repwt[0-9+$' is not a regular expression" in err
