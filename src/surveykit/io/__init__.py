"""surveykit.io."""
