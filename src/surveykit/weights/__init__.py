"""surveykit.weights."""
