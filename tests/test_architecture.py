"""The layering DESIGN.md promises, checked on the source: generic layers name no concept of
the library project (co-location, site types, DiD groups); those are the study's configuration."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

import surveykit

# the source of the surveykit these tests import (src/surveykit, or an installed wheel's)
PACKAGE = Path(surveykit.__file__).resolve().parent
PROJECT_WORDS = ("co_located", "colocation", "site_type", "switched", "became_co_located", "always_separate",
                 "samlokali", "innbyggertorg")


def _code_strings_and_names(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every name and string literal in ``path`` that is not a docstring or comment."""
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.NAME, tokenize.STRING) and tok.start[0] not in docstrings:
            out.append((tok.start[0], tok.string))
    return out


LAYERS = ["io", "clean", "config", "weights", "plots", "report", "tables", "labels.py", "presentation.py", "study.py",
          "weighting.py", "design"]


@pytest.mark.parametrize("layer", [*LAYERS, "estimate"])
def test_generic_layers_name_no_project_concept(layer):
    root = PACKAGE / layer
    files = [root] if root.suffix == ".py" else sorted(root.rglob("*.py"))
    found = [f"{f.relative_to(PACKAGE)}:{line}: {text}" for f in files for line, text in _code_strings_and_names(f)
             if any(word in text.casefold() for word in PROJECT_WORDS)]
    assert found == []


def test_the_embedded_study_names_them_in_its_configuration():
    """The project's concepts are the worked example's configuration (surveykit.yaml, report.yaml)."""
    config = (PACKAGE / "synth" / "study" / "surveykit.yaml").read_text(encoding="utf-8")
    report = (PACKAGE / "synth" / "study" / "report.yaml").read_text(encoding="utf-8")
    assert "site_type:" in config and "colocation_path:" in config and "path: [separate, co_located]" in config
    assert "groups: [always_separate, became_co_located]" in report and "covariates:" in report
    root = Path(__file__).resolve().parents[1]
    assert (root / "surveykit.yaml").read_text(encoding="utf-8") == config
    assert (root / "config" / "report.yaml").read_text(encoding="utf-8") == report
