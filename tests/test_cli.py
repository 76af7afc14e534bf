"""The command line: help everywhere, validate on a study, user errors without traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from surveykit.cli import main
from tests.study_fixture import SURVEYKIT_SITES_YAML, W1_CSV, write_mini_study


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SURVEYKIT_KEY": "cli-test" * 2, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "surveykit", *args], capture_output=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=300)


@pytest.mark.parametrize("args", [[], ["build"], ["validate"], ["init"], ["codebook", "draft"], ["demo"]])
def test_help_everywhere(args, capsys):
    with pytest.raises(SystemExit) as info:
        main([*args, "--help"])
    assert info.value.code == 0
    assert "usage: surveykit" in capsys.readouterr().out


def test_validate_writes_processed_data(tmp_path):
    write_mini_study(tmp_path)
    done = _run("validate", "--study", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "9 rows -> 6 responses, 3 rejected" in done.stderr
    assert (tmp_path / "data" / "processed" / "responses.parquet").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"data/raw/w1.csv": W1_CSV.replace(";Enig;", ";Enigg;", 1)},
         r"unknown_label: 'Enigg' ×1 \(row 2\).*add it to the aliases of scale `agree3`"),
        ({"data/raw/w1.csv": W1_CSV.replace("Kjønn", "Kjonn")},
         r"missing_column: no column named 'Kjønn'"),
        ({"data/raw/w1.csv": W1_CSV.replace("r1;Askim;", "r1;Oslo;")},
         r"unknown_site: 'Oslo' ×1 \(row 2\)"),
        ({"data/raw/w1.csv": "\x00\x01garbage\x02" * 10},
         r"w1.csv"),
    ],
    ids=["unknown-label", "missing-column", "unknown-site", "unreadable-file"],
)
def test_user_errors_exit_2_without_traceback(tmp_path, change, message, capsys, monkeypatch):
    """The command's ``main`` in this process (the tests above and below run it as a process)."""
    import re

    write_mini_study(tmp_path, **change)
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["validate", "--study", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(message, err, re.S), err


def test_no_study_found(tmp_path):
    done = _run("validate", cwd=tmp_path)
    assert done.returncode == 2 and "No surveykit.yaml" in done.stderr and "Traceback" not in done.stderr


def test_init_blank_then_validate_says_what_to_do(tmp_path, capsys):
    assert main(["-q", "init", str(tmp_path / "s")]) == 0
    assert (tmp_path / "s" / "config" / "codebook.yaml").exists()
    assert main(["validate", "--study", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "REPLACE_WITH_YOUR_EXPORT" in err


def test_figure_cache_key_is_the_same_in_every_process(tmp_path):
    """The cache must not depend on hash randomisation (a frozenset once made every build redraw)."""
    write_mini_study(tmp_path, **{"surveykit.yaml": SURVEYKIT_SITES_YAML})
    code = ("import logging; logging.disable(logging.WARNING); from surveykit import load_study; "
            "from surveykit.report.cache import figure_key; from surveykit.report.figures import FIGURES; "
            "from surveykit.report.items import analysis_design; from surveykit.report.spec import Spec; "
            f"s = load_study({str(tmp_path)!r}); "
            "spec = Spec('h', 'heatmap', ('help',), ('site', 'wave'), options={'mark': 'co_located'}); "
            "r = FIGURES['heatmap'].compute(s, analysis_design(s), spec); "
            "print(figure_key(r, spec, s.presentation(), ('png',)), sorted(r.marked))")
    keys = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "SURVEYKIT_KEY": "k" * 16, "PYTHONHASHSEED": seed}
        keys.add(subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", env=env,
                                check=True).stdout)
    assert len(keys) == 1 and "('m', '2')" in keys.pop()  # a frozenset of marked cells, keyed alike


_PIN = """
import os, sys
import surveykit.cli as cli
assert "numpy" not in sys.modules, "importing the CLI loaded numpy: too late to pin BLAS"
cli.pin_blas_threads()
import numpy
print(os.environ["OMP_NUM_THREADS"], os.environ["OPENBLAS_NUM_THREADS"], os.environ["MKL_NUM_THREADS"])
"""


@pytest.mark.parametrize("preset, want", [({}, "1 1 1"), ({"OPENBLAS_NUM_THREADS": "2"}, "1 2 1")])
def test_the_command_pins_blas_to_one_thread_unless_the_user_chose(preset, want):
    env = {k: v for k, v in os.environ.items() if k not in
           ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", _PIN], env={**env, **preset}, capture_output=True,
                         encoding="utf-8", check=True).stdout
    assert out.strip() == want


def test_validate_gives_kish_n_eff_per_wave_as_the_weights_figure(tmp_path, capsys, monkeypatch):
    # each wave is weighted to its own population: the pooled weights' Kish n_eff (across waves)
    # is not the figure's number, the sum of the waves' is
    import re

    import pandas as pd

    from surveykit.design import kish_n_eff
    from surveykit.study import load_study

    write_mini_study(tmp_path)
    monkeypatch.setenv("SURVEYKIT_KEY", "cli-test" * 2)
    assert main(["validate", "--no-write", "--study", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    design = load_study(tmp_path).design()
    frame = pd.DataFrame({"wave": design.data["wave"].astype(str).to_numpy(), "w": design.weights})
    per_wave = {w: kish_n_eff(g["w"].to_numpy()) for w, g in frame.groupby("wave", sort=False)}
    assert len(per_wave) == 2
    total = sum(per_wave.values())
    found = re.search(r"Kish n_eff ([\d,]+) of (\d+) \(waves (.*?)\)", err)
    assert found, err
    assert found.group(1) == f"{total:,.0f}" and int(found.group(2)) == len(design.weights)
    assert found.group(3) == ", ".join(f"{w}: {v:,.0f}" for w, v in per_wave.items())
