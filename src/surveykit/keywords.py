"""A keyword a function does not take, refused with the one the caller likely meant.

Shared by :class:`surveykit.design.Design` (R's ``id=``, ``weight=``) and the estimators of the
public API (``levle=0.9``, R's ``level=``, ``quantiles=``): one message, "did you mean ...?".

Example:
    >>> keyword_meant("levle", ["design", "variables", "conf_level"], {})
    'conf_level'
    >>> keyword_meant("quantiles", ["design", "variables", "q"], {"quantiles": "q"})
    'q'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

__all__ = ["keyword_meant", "refuse_keyword"]


def keyword_meant(given: str, params: Sequence[str], r_names: Mapping[str, str]) -> str | None:
    """The parameter ``given`` most likely means: R's name for it (``r_names``) when that is a
    parameter, else the closest by spelling (a parameter or its last part, ``levle`` ->
    ``conf_level``), or None when none is close."""
    if r_names.get(given) in params:
        return r_names[given]

    def likeness(p: str) -> float:
        return max(difflib.SequenceMatcher(None, given, part).ratio() for part in (p, p.rsplit("_", 1)[-1]))

    best = max(params, key=likeness, default=None)
    return best if best is not None and likeness(best) >= 0.6 else None


def refuse_keyword(caller: str, given: str, params: Sequence[str], r_names: Mapping[str, str],
                   error: type[Exception]) -> None:
    """Raise ``error`` saying ``caller`` takes no ``given=``, the one meant and the ones it takes."""
    meant = keyword_meant(given, params, r_names)
    hint = f"did you mean {meant}=? " if meant else ""
    raise error(f"{caller}: takes no argument {given}=; {hint}Its arguments: {', '.join(params)}.")
