"""Entry module for gunicorn (`gunicorn service.wsgi:app`): the app, built from the environment."""

from service.app import build_app
from service.cli import configure_logging
from workers.settings import Settings

settings = Settings.from_env()
configure_logging(settings.log_level)
app = build_app(settings)
