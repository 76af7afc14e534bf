"""The study's own texts (labels, questions, titles, notes) that have no entry in the report's
language, so that a build or a validate can say so instead of silently showing another
language's text (:func:`surveykit.config.yamlfile.pick_text` falls back to bokmål, then English).

A text written as plain text (``label: "Kön"``) is meant for every language and is never
missing; a mapping (``label: {nb: Kjønn, en: Gender}``) without the language is.

Example:
    >>> texts = [("config/codebook.yaml", "variables.help: label", {"nb": "Lett å få hjelp"}),
    ...          ("config/codebook.yaml", "variables.age: label", {"*": "Alder"})]
    >>> untranslated(texts, "da")
    [('config/codebook.yaml', 'variables.help: label', 'Lett å få hjelp')]
    >>> print(untranslated_message(texts, "da"))  # doctest: +ELLIPSIS
    1 text of the study has no `da` entry and is shown in another language (config/codebook.yaml: 1)...
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from surveykit.config.codebook import Codebook
from surveykit.config.study import StudyConfig
from surveykit.config.yamlfile import pick_text
from surveykit.errors import SurveykitWarning

__all__ = ["Text", "study_texts", "untranslated", "untranslated_message", "warn_untranslated"]

Text = tuple[str, str, dict]   # (file, where in it, {language: text})
_EXAMPLES = 4


def study_texts(config: StudyConfig, codebook: Codebook) -> list[Text]:
    """The texts of surveykit.yaml (wave labels, the source, the labels of `sites:`) and of the
    codebook (variable labels and questions, multi-select options, scale levels, indices)."""
    out: list[Text] = []
    study = _relative(config.file, config)
    out += [(study, f"waves.{w.id}: label", w.label) for w in config.waves]
    out.append((study, "study.source", config.source))
    out += [(study, f"sites.columns.{c.name}: label", c.label) for c in config.sites.columns]
    for g in config.sites.groupings:
        out.append((study, f"sites.groupings.{g.name}: label", g.label))
        out += [(study, f"sites.groupings.{g.name}.levels.{lv.value}: label", lv.label) for lv in g.levels]
    book = _relative(codebook.file, config)
    for var in codebook.variables:
        out.append((book, f"variables.{var.name}: label", var.label))
        if var.question:
            out.append((book, f"variables.{var.name}: question", var.question))
        out += [(book, f"variables.{var.name}.sources.{w}: question", src.question)
                for w, src in var.sources.items() if src.question]
        out += [(book, f"variables.{var.name}.options.{key}", label) for key, label in (var.options or {}).items()]
    for name, scale in codebook.scales.items():
        out += [(book, f"scales.{name}: level {_code(lv.code)}", lv.label)
                for lv in (*scale.levels, *scale.nonsubstantive)]
    out += [(book, f"indices.{i.name}: label", i.label) for i in codebook.indices]
    return out


def _code(code: float) -> str:
    """A level's code as the codebook writes it (9, not 9.0)."""
    return str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)


def _relative(file: object, config: StudyConfig) -> str:
    """A configuration file as the study's folder names it (config/codebook.yaml)."""
    path = Path(str(file))
    try:
        return path.resolve().relative_to(Path(config.root).resolve()).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return path.as_posix()


def untranslated(texts: Iterable[Text], language: str) -> list[tuple[str, str, str]]:
    """(file, where, the text shown instead) of each text with neither a ``language`` entry nor
    a plain text for every language (empty texts are no text)."""
    return [(file, where, pick_text(labels, language)) for file, where, labels in texts
            if labels and language not in labels and "*" not in labels and any(v.strip() for v in labels.values())]


def untranslated_message(texts: Sequence[Text], language: str) -> str | None:
    """One message naming how many texts have no ``language`` entry, per file, with a few
    examples and what to add; None when every text has one."""
    missing = untranslated(texts, language)
    if not missing:
        return None
    per_file = Counter(file for file, _, _ in missing)
    files = ", ".join(f"{file}: {n}" for file, n in per_file.items())
    by_file: dict[str, list] = {}
    for entry in missing:
        by_file.setdefault(entry[0], []).append(entry)
    picked = [e for rank in range(_EXAMPLES) for e in (group[rank] for group in by_file.values() if rank < len(group))]
    examples = "; ".join(f"{file} {where} ({shown!r})" for file, where, shown in picked[:_EXAMPLES])
    more = f"; and {len(missing) - _EXAMPLES} more" if len(missing) > _EXAMPLES else ""
    one = len(missing) == 1
    other = next((lang for _, _, labels in texts for lang in labels or {} if lang not in (language, "*")),
                 "en" if language != "en" else "nb")   # the example: a language the texts have, and the one missing
    return (f"{len(missing)} text{'' if one else 's'} of the study {'has' if one else 'have'} no `{language}` entry and "
            f"{'is' if one else 'are'} shown in another language ({files}), e.g. {examples}{more}. Add a "
            f"`{language}:` entry to each (label: {{{other}: ..., {language}: ...}}), or write a text meant for every "
            "language as plain text (label: \"...\").")


def warn_untranslated(texts: Sequence[Text], language: str) -> str | None:
    """Warn once (a SurveykitWarning: `surveykit validate` and `build` print it) when texts have
    no entry in ``language``; returns the message."""
    message = untranslated_message(texts, language)
    if message:
        warnings.warn(message, SurveykitWarning, stacklevel=3)
    return message
