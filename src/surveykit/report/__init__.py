"""surveykit.report."""
