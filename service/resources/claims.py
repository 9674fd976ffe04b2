"""POST /v1/claims and POST /v1/claims/batch: submit claims for checking."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from service.context import POLL_AFTER_SECONDS, job_url, job_view, service
from service.errors import PROBLEM_MIME, ServiceUnavailable
from service.schemas import (
    BatchRequestSchema,
    BatchResponseSchema,
    ClaimRequestSchema,
    JobSchema,
    ProblemSchema,
)
from service.submission import Submission, SubmissionUnavailable

UNAVAILABLE = ("The claim was not accepted: {reason}. Nothing was queued; send it again in a few seconds.")


def _submit(claim: str, top_k: int) -> Submission:
    try:
        return service().submitter.submit(claim, top_k)
    except SubmissionUnavailable as exc:
        raise ServiceUnavailable(UNAVAILABLE.format(reason=exc)) from exc


def create_blueprint() -> Blueprint:
    blp = Blueprint("claims", __name__, url_prefix="/v1/claims",
                    description="Submit claims to be checked against the corpus.")

    @blp.route("")
    class Claims(MethodView):
        @blp.arguments(ClaimRequestSchema)
        @blp.response(202, JobSchema, description="Accepted: poll the job at the Location header.")
        @blp.alt_response(200, schema=JobSchema,
                          description="This claim was already checked with the same corpus, engine and "
                                      "options: the finished job, at once.")
        @blp.alt_response(503, schema=ProblemSchema, content_type=PROBLEM_MIME,
                          description="Redis or the task broker is unreachable; nothing was queued.")
        def post(self, body: dict[str, Any]) -> Any:
            """Check one claim"""
            submission = _submit(body["claim"], body["top_k"])
            headers = {"Location": job_url(submission.job.job_id)}
            if submission.finished:
                return job_view(submission.job), 200, headers
            headers["Retry-After"] = str(POLL_AFTER_SECONDS)
            return job_view(submission.job), 202, headers

    @blp.route("/batch")
    class ClaimsBatch(MethodView):
        @blp.arguments(BatchRequestSchema)
        @blp.response(202, BatchResponseSchema, description="One job per claim, in the order sent.")
        @blp.alt_response(503, schema=ProblemSchema, content_type=PROBLEM_MIME,
                          description="Redis or the task broker is unreachable.")
        def post(self, body: dict[str, Any]) -> Any:
            """Check up to 100 claims"""
            jobs = []
            for item in body["claims"]:
                submission = _submit(item["claim"], item["top_k"])
                jobs.append(job_view(submission.job, ref=item.get("id")))
            return {"jobs": jobs}, 202, {"Retry-After": str(POLL_AFTER_SECONDS)}

    return blp
