"""Property: whatever report ids, configuration values and file contents a study holds, the
command writes nothing outside data/processed/ and reports/, and never prints a traceback
(issue 14). Each example writes the mini study with random changes and runs
``surveykit build`` from the study's folder (the command's own ``main``, in this process:
tests/test_hostile_cli.py runs the installed command and ``python -m surveykit`` as processes).

``SURVEYKIT_HOSTILE_EXAMPLES`` sets how many examples run (default 12).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from surveykit import cli
from tests.study_fixture import SURVEYKIT_YAML, write_mini_study

EXAMPLES = int(os.environ.get("SURVEYKIT_HOSTILE_EXAMPLES", "12"))

# ABSOLUTE stands for an absolute path in the example's own folder (outside/abs), put in by the test: a
# fixed /tmp name would be shared by every run and user of the machine, and a file left there by one
# run (or another user) would fail every later run
ABSOLUTE = "<absolute path>"
ATTACK_IDS = ["x/../../../data/raw/w1", "../../config/population", ABSOLUTE, "a:b", "..", ".",
              "figures/../../../outside/owned", "con", "x\\..\\..\\y", "~", "$HOME", "a" * 300, "tables.xlsx",
              "index", "../reports.staging-1/x", "\u202etxt.exe", "x\x00y"]
FILES = ["data/raw/w1.csv", "data/raw/w2.csv", "config/sites.csv", "config/population.csv", "config/codebook.yaml",
         "config/report.yaml", "surveykit.yaml"]
KEYS = [("study", "synthetic"), ("study", "language"), ("study", "name"), ("privacy", "min_cell"),
        ("privacy", "key_env"), ("weighting", "trim"), ("weighting", "method"), ("weighting", "population"),
        ("weighting", "margins"), ("weighting", "strata"), ("screening", "test", "pattern"), ("waves", 0, "file"),
        ("waves", 0, "options"), ("waves", 0, "format"), ("waves", 0, "sheet"), ("waves", 1, "id"),
        ("waves", 0, "field_date"), ("limits",)]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40), st.sampled_from(["../../outside/x.csv", "/etc/passwd", "/dev/zero", "(",
                                                           "data/raw/../../../outside/x.csv", "*", ";;", "\t"]))
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=8), scalars, max_size=3))
ids = st.one_of(st.sampled_from(ATTACK_IDS), st.text(max_size=70))


@st.composite
def file_change(draw):
    target = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["bytes", "insert", "truncate"]))
    if kind == "bytes":
        return target, ("bytes", draw(st.binary(max_size=3000)))
    return target, (kind, draw(st.integers(0, 3000)), draw(st.text(max_size=20)))


def _apply(root: Path, change) -> None:
    target, (kind, *args) = change
    path = root / target
    if kind == "bytes":
        path.write_bytes(args[0])
        return
    data = path.read_text(encoding="utf-8")
    at = min(args[0], len(data))
    path.write_text(data[:at] + args[1] + data[at:] if kind == "insert" else data[:at], encoding="utf-8",
                    errors="surrogatepass")


def _set(config: dict, key: tuple, value) -> None:
    node = config
    for part in key[:-1]:
        if isinstance(node, dict):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return
    if isinstance(node, dict) or (isinstance(node, list) and isinstance(key[-1], int) and key[-1] < len(node)):
        node[key[-1]] = value


def _snapshot(folder: Path, outputs: tuple[Path, ...]) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if any(path == o or o in path.parents for o in outputs):
            continue
        if path.is_symlink():
            out[str(path)] = "link " + os.readlink(path)
        elif path.is_file():
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[str(path)] = "dir"
    return out


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(figure_id=ids, table_id=ids, config=st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=2),
       change=st.one_of(st.none(), file_change()))
@example(figure_id=ABSOLUTE, table_id="t", config=[], change=None)
def test_nothing_is_written_outside_the_outputs_and_no_traceback(tmp_path_factory, figure_id, table_id, config,
                                                                  change):
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    (outside / "x.csv").write_text("ID;Sted\nx;Askim\n", encoding="utf-8")
    study = write_mini_study(base / "study")
    figure_id, table_id = (str(outside / "abs") if i == ABSOLUTE else i for i in (figure_id, table_id))
    report = {"figures": [{"id": figure_id, "kind": "means", "items": ["help"], "by": ["municipality", "wave"]}],
              "tables": [{"id": table_id, "kind": "topbox", "items": ["help"], "by": ["wave"]}]}
    (study / "config" / "report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    settings_ = copy.deepcopy(yaml.safe_load(SURVEYKIT_YAML))
    for key, value in config:
        _set(settings_, key, value)
    (study / "surveykit.yaml").write_text(yaml.safe_dump(settings_, allow_unicode=True), encoding="utf-8")
    if change is not None:
        _apply(study, change)
    outputs = (study / "data" / "processed", study / "reports")
    before = _snapshot(base, outputs)
    code, out, err = _build_in(study, {"SURVEYKIT_KEY": "k" * 16})
    assert code in (0, 2), err
    assert "Traceback" not in err and "Traceback" not in out, err
    assert "internal error" not in err, err  # every failure a user can cause is a message of its own
    assert _snapshot(base, outputs) == before, err
    assert not [p for p in base.rglob("*") if ".staging-" in p.name or ".old-" in p.name or p.name.endswith(".lock")]


def _build_in(folder: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """``surveykit build --jobs 1`` run from ``folder`` with ``env`` set: exit code, stdout, stderr."""
    out, err, before, saved = io.StringIO(), io.StringIO(), Path.cwd(), {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["build", "--jobs", "1"])
    finally:
        os.chdir(before)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return code, out.getvalue(), err.getvalue()
