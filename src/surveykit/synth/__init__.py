"""The synthetic demo study: a seeded generator with planted, documented effects.

Everything it writes is **synthetic** (see ``data/raw/TRUTH.md``).

Example:
    >>> from surveykit.synth import generate_waves
    >>> waves = generate_waves(n_per_municipality=100)
    >>> sorted(waves), len(waves["1"])
    (['1', '2'], 200)
"""

from __future__ import annotations

from surveykit.synth.generate import DEFAULT_SEED, generate_waves
from surveykit.synth.study import write_study

__all__ = ["DEFAULT_SEED", "generate_waves", "write_study"]
