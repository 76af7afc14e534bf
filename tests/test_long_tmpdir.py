"""A long TMPDIR (the fork server's socket lives there, and a socket's path has about 100
characters at most) is said plainly, naming TMPDIR and what to do, not 'a file: AF_UNIX path too long'."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(sys.platform == "win32", reason="no fork server on Windows")
def test_reading_an_spss_file_under_a_too_long_tmpdir_names_tmpdir(tmp_path):
    long = tmp_path / ("t" * max(10, 120 - len(str(tmp_path))))
    long.mkdir()
    code = ("import sys\nfrom surveykit.errors import SurveykitError\nfrom surveykit.io.sav import read_sav\n"
            "try:\n    read_sav(sys.argv[1])\nexcept SurveykitError as exc:\n    print(exc)\n    sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "data" / "raw" / "wave2_opinion_2023.sav")],
                          env={**os.environ, "TMPDIR": str(long)}, capture_output=True, encoding="utf-8", timeout=120)
    assert done.returncode == 3, done.stderr
    assert "TMPDIR" in done.stdout and str(long) in done.stdout and "shorter" in done.stdout
