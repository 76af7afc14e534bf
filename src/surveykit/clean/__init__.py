"""surveykit.clean."""
