"""surveykit.plots."""
