"""The Flask application factory.

`create_app` takes its collaborators (engine, stores, queue) as arguments, so tests pass fakes and
the two ways of running (Redis + Celery workers, or embedded) differ only in what is passed in.
`build_app` makes those collaborators from Settings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response, request, send_from_directory
from flask_smorest import Api

from service.context import EXTENSION_KEY, ServiceContext
from service.errors import Problem, install_error_handlers
from service.resources import claims, corpus, health
from service.resources import jobs as jobs_resource
from service.schemas import ProblemSchema
from service.submission import Submitter
from workers.runtime import EngineLike, TaskQueue
from workers.settings import Settings
from workers.stores import JobStore, ResultCache

logger = logging.getLogger(__name__)

SWAGGER_UI_ASSETS = "/docs/assets/"


class FactcheckApi(Api):
    """flask-smorest's Api, documenting errors with the problem+json shape the handlers produce."""

    ERROR_SCHEMA = ProblemSchema


def _swagger_ui_dir() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


def _openapi_config(settings: Settings) -> dict[str, Any]:
    return {
        "API_TITLE": "factcheck",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/docs",
        # Served from the swagger-ui-bundle package, so the docs work without network access.
        "OPENAPI_SWAGGER_UI_URL": SWAGGER_UI_ASSETS,
        # No online validator badge: it would call out to the internet.
        "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Check a claim against a corpus of news articles: POST it, poll the job, "
                               "read a verdict with evidence passages.",
            },
        },
        "MAX_CONTENT_LENGTH": settings.max_content_length,
        "FACTCHECK_MAX_CLAIM_CHARS": settings.max_claim_chars,
    }


def _require_json_body() -> Response | None:
    # Before parsing, so a form post or text body gets 415 rather than "field missing".
    if request.routing_exception is not None or request.method not in ("POST", "PUT", "PATCH"):
        return None
    if not request.is_json:
        raise Problem(415, "Send the body as JSON with the header Content-Type: application/json "
                           f"(got {request.mimetype or 'no content type'}).")
    return None


def create_app(settings: Settings, *, engine: EngineLike, jobs: JobStore, cache: ResultCache,
               queue: TaskQueue) -> Flask:
    app = Flask("factcheck")
    app.config.update(_openapi_config(settings))
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION_KEY] = ServiceContext(
        settings=settings, engine=engine, jobs=jobs, cache=cache, queue=queue,
        submitter=Submitter(engine=engine, jobs=jobs, cache=cache, queue=queue),
    )

    api = FactcheckApi(app)
    for module in (claims, jobs_resource, corpus, health):
        api.register_blueprint(module.create_blueprint())

    @app.get(f"{SWAGGER_UI_ASSETS}<path:filename>")
    def swagger_ui_asset(filename: str) -> Response:
        return send_from_directory(_swagger_ui_dir(), filename)

    app.before_request(_require_json_body)
    install_error_handlers(app)  # after Api(app), replacing flask-smorest's JSON error handler
    return app


def build_app(settings: Settings) -> Flask:
    """The app with real collaborators: Redis + Celery, or the embedded worker without Redis."""
    from workers.runtime import EmbeddedQueue, build_engine, build_stores

    job_store, result_cache = build_stores(settings)
    engine = build_engine(settings)
    queue: TaskQueue
    if settings.embedded:
        queue = EmbeddedQueue(jobs=job_store, cache=result_cache, engine=engine, settings=settings)
    else:
        from workers.celery_app import CeleryQueue, create_celery

        queue = CeleryQueue(create_celery(settings))
    return create_app(settings, engine=engine, jobs=job_store, cache=result_cache, queue=queue)
