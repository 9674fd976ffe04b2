"""GET /v1/jobs/<job_id>: the state of a submitted claim, and its result when done."""

from __future__ import annotations

import re
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.context import POLL_AFTER_SECONDS, job_view, service
from service.errors import PROBLEM_MIME, Problem, ServiceUnavailable
from service.schemas import JobSchema, ProblemSchema
from workers.stores import UNFINISHED, StoreUnavailable

JOB_ID = re.compile(r"^[0-9a-f]{32}$")


def _not_found(job_id: str) -> Problem:
    return Problem(404, f"There is no job {job_id!r}: it never existed or has expired. "
                        "Submit the claim again with POST /v1/claims.",
                   type_="urn:factcheck:problem:job-not-found")


def create_blueprint() -> Blueprint:
    blp = Blueprint("jobs", __name__, url_prefix="/v1/jobs", description="Follow submitted claims.")

    @blp.route("/<string:job_id>")
    class JobResource(MethodView):
        @blp.response(200, JobSchema)
        @blp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM_MIME,
                          description="Unknown or expired job.")
        def get(self, job_id: str) -> Any:
            """Get a job (poll until status is done or failed)"""
            if not JOB_ID.match(job_id):
                raise _not_found(job_id)
            try:
                job = service().jobs.get(job_id)
            except StoreUnavailable as exc:
                raise ServiceUnavailable("The job store (Redis) is unreachable; try again in a few "
                                         "seconds.") from exc
            if job is None:
                raise _not_found(job_id)
            headers = {"Retry-After": str(POLL_AFTER_SECONDS)} if job.status in UNFINISHED else {}
            return job_view(job), 200, headers

    return blp
