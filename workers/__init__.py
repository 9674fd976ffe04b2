"""Celery app, tasks and the scoring engine."""
