"""surveykit.config."""
