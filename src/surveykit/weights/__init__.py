"""surveykit.weights: post-stratification, raking, calibration, trimming and diagnostics.

Every function maps a Design to a new Design whose variance accounts for the weighting
(GREG residuals), as R's ``survey`` does.
"""

from surveykit.weights.calibrate import calibrate
from surveykit.weights.poststratify import poststratify
from surveykit.weights.rake import rake

__all__ = ["calibrate", "poststratify", "rake"]
