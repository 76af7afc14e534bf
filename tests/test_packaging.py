"""The wheel and the sdist carry the whole package: every file of src/surveykit (the embedded study,
the templates, the Hadamard table, ...), so an installed surveykit (`pip install surveykit`, not the
editable install of a checkout the rest of the suite runs on) finds every file its code opens by
path. A data file that pyproject.toml's package-data does not name (a new `.js`, `.ttf`, `.json`) is
in the checkout, so every other test passes, and missing from the wheel: `surveykit build` fails only
on the user's machine.

The wheel is built as pip builds it (setuptools' PEP 517 hooks, in a copy of the package's files:
nothing is written into the checkout), with the setuptools of the test extras (no build isolation, so
no package index is needed: the suite runs offline), and once more from the sdist, as pip builds it
from PyPI's source archive.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "surveykit"
pytestmark = pytest.mark.skipif(not SOURCE.is_dir(), reason="needs the source tree (src/surveykit) to build from")

BUILD = ("import sys\n"
         "from setuptools import build_meta\n"
         "build_meta.build_sdist(sys.argv[2])\n")


def _tracked() -> list[str]:
    """The package's files, relative to the repository ('src/surveykit/templates/report.yaml'): the
    ones git tracks in a checkout (not a scratch file of the developer's), else every file but caches."""
    done = subprocess.run(["git", "ls-files", "-z", "--", "src/surveykit"], cwd=ROOT, capture_output=True)
    if done.returncode == 0 and done.stdout:
        return sorted(p for p in done.stdout.decode().split("\0") if p and (ROOT / p).is_file())
    return sorted(p.relative_to(ROOT).as_posix() for p in SOURCE.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def _build(kind: str, source: Path, out: Path) -> Path:
    """The wheel as pip builds it (with the installed setuptools: no package index needed), or the
    sdist (setuptools' hook, run here in a copy of the package)."""
    if kind == "wheel":
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-cache-dir", "-q", "-w",
                   str(out), str(source)]
    else:
        command = [sys.executable, "-c", BUILD, kind, str(out)]
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(command, cwd=source if source.is_dir() else None, capture_output=True, encoding="utf-8",
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    (built,) = out.iterdir()
    return built


def _wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return {n for n in z.namelist() if n.startswith("surveykit/") and not n.endswith("/")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, object]:
    """The package's files, and the wheel built from a copy of them and the one built from its sdist."""
    base = tmp_path_factory.mktemp("packaging")
    tree = base / "tree"
    files = _tracked()
    for rel in [*files, "pyproject.toml", "README.md", *(n for n in ("MANIFEST.in", "setup.cfg", "setup.py")
                                                       if (ROOT / n).exists())]:
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, tree / rel)
    wheel = _build("wheel", tree, base / "wheel")
    sdist = _build("sdist", tree, base / "sdist")
    with tarfile.open(sdist) as tar:   # the sdist holds what pyproject.toml says, as PyPI would get it
        assert all(m.name.startswith("surveykit-") and ".." not in m.name for m in tar.getmembers())
    from_sdist = _build("wheel", sdist, base / "wheel-from-sdist")
    return {"package": {p.removeprefix("src/") for p in files}, "wheel": _wheel_files(wheel),
            "from_sdist": _wheel_files(from_sdist), "wheel_path": wheel}


def test_the_wheel_holds_every_file_of_the_package(built):
    package, wheel = built["package"], built["wheel"]
    assert len(package) > 150 and any(not p.endswith(".py") for p in package)
    assert sorted(package - wheel) == [], "not in the wheel: add them to package-data in pyproject.toml"
    assert sorted(wheel - package) == []


def test_the_wheel_built_from_the_sdist_is_the_same(built):
    assert sorted(built["wheel"] ^ built["from_sdist"]) == []


def test_the_wheel_has_the_command(built):
    with zipfile.ZipFile(built["wheel_path"]) as z:
        entry = next(n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt"))
        assert "surveykit = surveykit.cli:main" in z.read(entry).decode()


# what the code opens by path: resources.files("surveykit.synth") / "study" / "sites.csv",
# Path(__file__).with_name("hadamard.csv"); a name made at run time (templates / name) is checked as
# far as it is written out (the folder)
_RESOURCE = re.compile(r'resources\.files\("([\w.]+)"\)((?:\s*/\s*"[^"]+")+)')
_SIBLING = re.compile(r'Path\(__file__\)\.with_name\("([^"]+)"\)')


def test_every_file_the_code_opens_by_path_is_in_the_wheel(built):
    wanted = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for package, parts in _RESOURCE.findall(text):
            wanted.add("/".join([*package.split("."), *re.findall(r'"([^"]+)"', parts)]))
        for name in _SIBLING.findall(text):
            wanted.add(path.relative_to(SOURCE.parent).with_name(name).as_posix())
    assert len(wanted) >= 5, wanted   # the scan finds the references it is for
    wheel = built["wheel"]
    missing = sorted(w for w in wanted if w not in wheel and not any(f.startswith(w + "/") for f in wheel))
    assert missing == []
