"""Evaluation harness for the scoring engine: datasets, metrics, runner, report and `factcheck eval`."""
