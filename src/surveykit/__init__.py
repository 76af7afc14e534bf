"""surveykit: design-based analysis of citizen surveys, from raw exports to report figures."""

from __future__ import annotations

from surveykit.errors import (
    ConfigError,
    DataError,
    DesignError,
    ReadError,
    SurveykitError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataError",
    "DesignError",
    "ReadError",
    "SurveykitError",
    "ValidationError",
    "__version__",
]
