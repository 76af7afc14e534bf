"""surveykit.weights: post-stratification, raking, calibration, trimming and diagnostics.

Every function maps a Design to a new Design whose variance accounts for the weighting
(GREG residuals), as R's ``survey`` does.
"""

from surveykit.weights.calibrate import calibrate
from surveykit.weights.diagnostics import design_effects, kish_n_eff, trim_weights, weight_summary
from surveykit.weights.poststratify import poststratify
from surveykit.weights.rake import rake

__all__ = [
    "calibrate",
    "design_effects",
    "kish_n_eff",
    "poststratify",
    "rake",
    "trim_weights",
    "weight_summary",
]
