"""The configuration is parsed by libyaml when PyYAML has it (ten times faster than the
pure-Python parser): the values and every message must be the same as without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import surveykit
from surveykit.config import yamlfile
from surveykit.errors import SurveykitError

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(surveykit.__file__).resolve().parent   # src/surveykit, or an installed wheel's
YAML_FILES = sorted({p for folder in (ROOT / "tests", ROOT / "examples", ROOT / "docs", PACKAGE)
                     for p in folder.rglob("*.y*ml")})
FAST = getattr(yaml, "CSafeLoader", None)
pytestmark = pytest.mark.skipif(FAST is None, reason="this PyYAML has no libyaml: only the pure-Python parser runs")


def test_the_repository_has_yaml_files_to_compare():
    assert len(YAML_FILES) >= 10


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT if p.is_relative_to(ROOT) else PACKAGE.parent)))
def test_libyaml_reads_every_file_as_the_pure_python_parser(path):
    text = path.read_text(encoding="utf-8-sig")
    try:
        want = yamlfile._parse(text, path, yaml.SafeLoader)
    except yaml.YAMLError:  # a deliberately broken file of the tests: libyaml refuses it too
        with pytest.raises(yaml.YAMLError):
            yamlfile._parse(text, path, FAST)
        return
    assert yamlfile._parse(text, path, FAST) == want


BROKEN = [
    "a: b\n\tc: d\n",                       # a tab (libyaml: "found a tab character that violates indentation")
    "a: [1, 2\n",                           # an unclosed list
    "% bad\n",                              # a broken directive
    "a: b: c\n",                            # a mapping in a plain value
    "a: 'x\n",                              # an unclosed quote
    "a: \x07b\n",                           # a control character
    "a: !!python/object:os.system x\n",     # an unsafe tag
    "a: 1\na: 2\n",                         # a key given twice
    "a: &x [*x]\n",                         # a recursive alias
    "a: 2022-02-30\n",                      # a date that does not exist
    "a: " + "[" * 1010 + "]" * 1010 + "\n",  # deeper than libyaml's 1,000 levels
]


@pytest.mark.parametrize("text", BROKEN, ids=range(len(BROKEN)))
def test_a_broken_file_gets_the_same_message_with_or_without_libyaml(text, tmp_path, monkeypatch):
    path = tmp_path / "surveykit.yaml"
    path.write_text(text, encoding="utf-8")
    messages = []
    for loader in (yamlfile._fast_loader(), yaml.SafeLoader):  # libyaml where it bounds nesting
        monkeypatch.setattr(yamlfile, "_fast_loader", lambda loader=loader: loader)
        with pytest.raises(SurveykitError) as info:
            yamlfile.read_yaml(path)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert str(path) in messages[0]


def test_a_configuration_nested_a_hundred_thousand_deep_is_an_error_not_a_crash(tmp_path):
    """The libyaml of older PyYAML wheels (6.0.1, the supported minimum) recurses without bound:
    such a file crashed Python (a segmentation fault). It is read by a parser that refuses it."""
    path = tmp_path / "surveykit.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code = ("import sys; from surveykit.config.yamlfile import read_yaml; from surveykit.errors import ConfigError\n"
            f"try:\n    read_yaml({str(path)!r})\nexcept ConfigError as exc:\n    print(exc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])  # -11: the crash
    assert "nested too deeply" in done.stdout or "YAML syntax error" in done.stdout, done.stdout
