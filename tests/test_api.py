"""The public API: every name in __all__ resolves, importing surveykit stays light."""

from __future__ import annotations

import subprocess
import sys

import surveykit as sk


def test_every_public_name_resolves():
    missing = [name for name in sk.__all__ if not hasattr(sk, name)]
    assert missing == []


def test_import_does_not_load_matplotlib_or_change_rcparams():
    code = "import sys, surveykit; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True).stdout
    assert out.strip() == "False"


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        sk.nope  # noqa: B018
