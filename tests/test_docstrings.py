"""Every docstring example in the package runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import sys

import pytest

import surveykit

MODULES = sorted(m.name for m in pkgutil.walk_packages(surveykit.__path__, "surveykit.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=report.append)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    assert runner.failures == 0, "".join(report)


def test_the_examples_are_found():
    examples = sum(len(t.examples) for name in MODULES
                          for t in doctest.DocTestFinder().find(importlib.import_module(name), name))
    assert examples > 200
