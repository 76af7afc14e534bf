"""`surveykit init`: a blank, commented study folder, or the synthetic demo study."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from pathlib import Path

from surveykit.errors import ConfigError
from surveykit.outputs import unlinked

_TEMPLATES = ("surveykit.yaml", "config/codebook.yaml", "config/sites.csv", "config/population.csv",
              "config/report.yaml")

# words YAML 1.1 reads as booleans or null when unquoted (a label "True" gave `name: true`)
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def slug(text: str, max_len: int = 32) -> str:
    """A snake_case variable name from a question text or column name.

    Whole words up to ``max_len`` characters:

    >>> slug("Hvor fornøyd er du med åpningstidene?")
    'hvor_fornoyd_er_du_med'
    >>> slug("2. Åpningstider", max_len=40)
    'v_2_apningstider'
    >>> slug("True"), slug("Yes")
    ('true_answer', 'yes_answer')

    A first word longer than ``max_len`` (a header in camelCase) is taken in its words, else cut:

    >>> slug("KnowledgeFormativeAssessmentPost", 28), slug("x" * 40, 10)
    ('knowledge_formative', 'xxxxxxxxx')
    """
    text = text.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    if words and len(words[0]) >= max_len:   # "KnowledgeFormativeAssessmentPost": its camelCase words, else cut
        words = re.findall(r"[a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).lower())
        words[0] = words[0][:max_len - 1]
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > max_len:
            break
        out = f"{out}_{w}" if out else w
    out = out or "var"
    if out in _YAML_WORDS:  # a YAML reader takes `name: true` for a yes/no, not a name
        return f"{out}_answer"
    return out if out[0].isalpha() else f"v_{out}"


def init_study(folder: Path, *, example: bool = False, force: bool = False) -> list[Path]:
    """Create a study folder: a blank commented configuration, or (``example``) the synthetic demo study."""
    if example:
        from surveykit.synth import write_study

        if (folder / "surveykit.yaml").exists() and not force:
            raise ConfigError(f"{folder / 'surveykit.yaml'} exists already. Use --force to overwrite, or another folder.")
        write_study(folder)
        return sorted(p for p in folder.rglob("*") if p.is_file())
    written = []
    for rel in _TEMPLATES:
        target = folder / rel
        if target.exists() and not force:
            raise ConfigError(f"{target} exists already. Use --force to overwrite, or choose an empty folder.")
        source = resources.files("surveykit") / "templates" / Path(rel).name
        target.parent.mkdir(parents=True, exist_ok=True)
        unlinked(target, folder).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(target)
    for sub in ("data/raw", "data/processed", "reports"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return written
