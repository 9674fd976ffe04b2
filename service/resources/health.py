"""GET /healthz (the process answers) and GET /readyz (it can take and finish claims)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.context import service
from service.errors import RETRY_AFTER_UNAVAILABLE
from service.schemas import HealthSchema


def create_blueprint() -> Blueprint:
    blp = Blueprint("health", __name__, url_prefix="", description="Liveness and readiness probes.")

    @blp.route("/healthz")
    class Health(MethodView):
        @blp.response(200, HealthSchema)
        def get(self) -> Any:
            """The process is alive"""
            return {"status": "ok"}

    @blp.route("/readyz")
    class Ready(MethodView):
        @blp.response(200, HealthSchema)
        @blp.alt_response(503, schema=HealthSchema, description="Redis unreachable or no worker answering.")
        def get(self) -> Any:
            """Redis is reachable and at least one worker answers"""
            context = service()
            store_ok = context.jobs.ping()
            workers_ok, workers_detail = context.queue.workers_ready() if store_ok else (False, "not checked")
            body = {
                "status": "ready" if store_ok and workers_ok else "unavailable",
                "checks": {"store": "ok" if store_ok else "unreachable", "workers": workers_detail},
            }
            if store_ok and workers_ok:
                return body, 200
            return body, 503, {"Retry-After": str(RETRY_AFTER_UNAVAILABLE)}

    return blp
