"""The report: figures, tables, workbook and index.html from config/report.yaml."""

from surveykit.report.build import build

__all__ = ["build"]
