"""surveykit.estimate."""
