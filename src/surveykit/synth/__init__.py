"""surveykit.synth."""
