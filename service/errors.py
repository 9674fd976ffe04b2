"""One error shape for every failure: RFC 9457 problem details (application/problem+json).

Handlers are installed on the app after flask-smorest's own, so validation errors, unknown routes,
wrong methods, oversized bodies and uncaught exceptions all come out the same way, without
tracebacks or host names.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)

PROBLEM_MIME = "application/problem+json"
RETRY_AFTER_UNAVAILABLE = 5  # seconds


class Problem(Exception):
    """An error the API reports on purpose, with a detail a person can act on."""

    def __init__(self, status: int, detail: str, *, title: str | None = None, type_: str = "about:blank",
                 headers: dict[str, str] | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.type = type_
        self.headers = headers or {}
        self.extensions = extensions


class ServiceUnavailable(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(503, detail, type_="urn:factcheck:problem:service-unavailable",
                         headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)})


def problem_response(status: int, detail: str, *, title: str | None = None, type_: str = "about:blank",
                     headers: dict[str, str] | None = None, **extensions: Any) -> Response:
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }
    if request:
        body.setdefault("instance", request.path)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# Plain-language details for the HTTP errors werkzeug raises itself.
_DETAILS = {
    400: "The request body could not be read. Send a JSON object, e.g. {\"claim\": \"...\"}.",
    404: "There is nothing at this URL. See /openapi.json for the routes this API has.",
    405: "This URL does not accept the {method} method. See /openapi.json for the methods it accepts.",
    413: "The request body is larger than the {limit} bytes this API accepts.",
    415: "Send the body as JSON with the header Content-Type: application/json.",
}


def _validation_errors(exc: HTTPException) -> dict[str, Any] | None:
    # flask-smorest/webargs put marshmallow's messages on exc.data["messages"], keyed by location.
    data = getattr(exc, "data", None)
    if not isinstance(data, dict):
        return None
    messages = data.get("messages")
    if not isinstance(messages, dict):
        return None
    if set(messages) <= {"json", "query", "view_args", "headers", "form", "files", "cookies", "path"}:
        merged: dict[str, Any] = {}
        for value in messages.values():
            if isinstance(value, dict):
                merged.update(value)
            else:
                merged.setdefault("_body", value)
        return merged
    return messages


_NOT_AN_OBJECT = 'must be a JSON object, e.g. {"claim": "..."}.'


def _flatten(errors: dict[str, Any], prefix: str = "") -> list[str]:
    lines: list[str] = []
    for field, value in errors.items():
        name = f"{prefix}{field}" if field != "_schema" else prefix.rstrip(".") or "body"
        if isinstance(value, dict):
            lines.extend(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            words = " ".join(_NOT_AN_OBJECT if v == "Invalid input type." else str(v) for v in value)
            lines.append(f"{name}: {words}")
        else:
            lines.append(f"{name}: {value}")
    return lines


def handle_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers: dict[str, str] = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
    errors = _validation_errors(exc)
    if errors is not None and status in (400, 422):
        if errors.get("json") == ["Invalid JSON body."] or errors.get("_body") == ["Invalid JSON body."]:
            return problem_response(400, "The request body is not valid JSON.", headers=headers)
        return problem_response(
            422,
            "The request body did not pass validation: " + "; ".join(_flatten(errors)),
            type_="urn:factcheck:problem:validation-error",
            headers=headers,
            errors=errors,
        )
    template = _DETAILS.get(status)
    if template is not None:
        from flask import current_app

        detail = template.format(method=request.method, limit=current_app.config.get("MAX_CONTENT_LENGTH"))
    else:
        detail = exc.description or HTTPStatus(status).phrase
    return problem_response(status, detail, headers=headers)


def handle_problem(exc: Problem) -> Response:
    return problem_response(exc.status, exc.detail, title=exc.title, type_=exc.type, headers=exc.headers,
                            **exc.extensions)


def handle_unexpected(exc: Exception) -> Response:
    # The traceback goes to the log, never to the client.
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return problem_response(500, "Something went wrong on our side. The error has been logged; "
                                 "try again, and report it if it persists.")


def install_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Problem, handle_problem)
    app.register_error_handler(Exception, handle_unexpected)
