"""The service's collaborators, attached to the Flask app by create_app and read by the resources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from service.submission import Submitter
from workers.runtime import EngineLike, TaskQueue
from workers.settings import Settings
from workers.stores import DONE, FAILED, Job, JobStore, ResultCache

EXTENSION_KEY = "factcheck"
POLL_AFTER_SECONDS = 1  # Retry-After on unfinished jobs: scoring one claim takes about a second


@dataclass(frozen=True)
class ServiceContext:
    settings: Settings
    engine: EngineLike
    jobs: JobStore
    cache: ResultCache
    queue: TaskQueue
    submitter: Submitter


def service() -> ServiceContext:
    context: ServiceContext = current_app.extensions[EXTENSION_KEY]
    return context


def job_url(job_id: str) -> str:
    return f"/v1/jobs/{job_id}"


def job_view(job: Job, *, ref: str | None = None) -> dict[str, Any]:
    """A job as the API shows it: result only when done, error only when failed."""
    view: dict[str, Any] = {
        "job_id": job.job_id,
        "status": job.status,
        "claim": job.claim,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "links": {"self": job_url(job.job_id)},
    }
    if ref is not None:
        view["id"] = ref
    if job.status == DONE and job.result is not None:
        view["result"] = job.result
    if job.status == FAILED:
        view["error"] = job.error or "the job failed"
    return view
