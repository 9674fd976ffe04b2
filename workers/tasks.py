"""Scoring one job: the logic shared by the Celery task and the embedded in-process worker.

A task carries only the job id. Everything else (claim, options, cache key) is in the job record,
so a task delivered twice, or after its job already finished, does no harm and no double work.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

import redis
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

from workers.stores import (
    DONE,
    FAILED,
    RUNNING,
    UNFINISHED,
    CachedResult,
    Job,
    JobStore,
    ResultCache,
    StoreUnavailable,
)

if TYPE_CHECKING:
    from celery import Celery, Task

    from workers.runtime import WorkerRuntime

logger = logging.getLogger(__name__)

TASK_NAME = "factcheck.score_claim"

# Worth another try after a pause; anything else is a fault in the claim or the engine.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    StoreUnavailable, redis.ConnectionError, redis.TimeoutError,
)


class ScoringEngine(Protocol):
    def check(self, claim: str, top_k: int = ...) -> Any: ...


def score_job(job_id: str, *, jobs: JobStore, cache: ResultCache, engine: ScoringEngine,
              max_starts: int = 5) -> str:
    """Score the job's claim and store the result; returns what happened, for the log.

    Safe to call twice for the same job: a finished job is left alone, and a result already in
    the cache (a redelivered task, or an identical claim scored meanwhile) is reused, not rescored.
    """
    job = jobs.get(job_id)
    if job is None:
        logger.warning("job %s does not exist (expired or withdrawn); nothing to do", job_id)
        return "missing"
    if job.status == DONE:
        return "already done"
    if job.status == FAILED:
        return "already failed"

    cached = cache.get(job.cache_key)
    if cached is not None:
        _finish(jobs, job, cached.result)
        return "from cache"

    def start(current: Job) -> Job | None:
        if current.status not in UNFINISHED:
            return None
        return current.started()

    started = jobs.update(job_id, start)
    if started is None or started.status != RUNNING:
        return "not runnable"
    # acks_late + reject_on_worker_lost deliver a task again when its worker dies; a claim that
    # kills the worker every time must end as a failure, not loop for ever.
    if started.attempts > max_starts:
        record_failure(job_id, "scoring was started too many times without finishing", jobs=jobs)
        return "given up"

    result = engine.check(started.claim, top_k=started.top_k).to_dict()
    cache.put(started.cache_key, CachedResult(result=result, job_id=job_id))
    _finish(jobs, started, result)
    return "scored"


def _finish(jobs: JobStore, job: Job, result: dict[str, Any]) -> None:
    jobs.update(job.job_id, lambda current: None if current.status == DONE else current.finished(result))
    jobs.release_inflight(job.cache_key, job.job_id)


def record_failure(job_id: str, error: str, *, jobs: JobStore) -> None:
    """Mark an unfinished job failed and stop identical claims from joining it."""
    job = jobs.update(job_id, lambda current: current.failed(error) if current.status in UNFINISHED else None)
    if job is not None:
        jobs.release_inflight(job.cache_key, job_id)


def describe_failure(exc: BaseException, *, soft_time_limit: int) -> str:
    """A message for the job record: what went wrong in words an API client can act on, no internals."""
    if isinstance(exc, SoftTimeLimitExceeded | TimeLimitExceeded):
        return f"scoring took longer than the {soft_time_limit}s limit; try again later"
    if isinstance(exc, TRANSIENT_ERRORS):
        return "the job store was unreachable while scoring, even after retries; submit the claim again"
    return f"the engine failed on this claim ({type(exc).__name__}); the worker log has the details"


def register_tasks(app: Celery, runtime: WorkerRuntime) -> Task:
    """Register the scoring task on `app`; the task gets its engine and stores from `runtime`."""
    from celery import Task

    settings = runtime.settings

    class ScoringTask(Task):
        def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
            # Called once retries are exhausted, for errors that are not retried, and (in the Celery
            # versions installed here) in the main process when the hard time limit killed the task.
            job_id = (args[0] if args else None) or (kwargs or {}).get("job_id")
            if not job_id:
                return
            logger.error("job %s failed: %r", job_id, exc)
            try:
                record_failure(job_id, describe_failure(exc, soft_time_limit=settings.task_soft_time_limit),
                               jobs=runtime.jobs())
            except StoreUnavailable:
                logger.error("could not record the failure of job %s: Redis unreachable; it expires in %ss",
                             job_id, settings.job_ttl)

    @app.task(
        name=TASK_NAME,
        shared=False,  # bound to this app and runtime only, never to other Celery apps in the process
        base=ScoringTask,
        autoretry_for=TRANSIENT_ERRORS,
        retry_backoff=True,
        retry_backoff_max=settings.retry_backoff_max,
        retry_jitter=True,
        max_retries=settings.task_max_retries,
        acks_late=True,
        reject_on_worker_lost=True,
        soft_time_limit=settings.task_soft_time_limit,
        time_limit=settings.task_time_limit,
        ignore_result=True,
    )
    def score_claim(job_id: str) -> str:
        outcome = score_job(job_id, jobs=runtime.jobs(), cache=runtime.cache(), engine=runtime.engine(),
                            max_starts=settings.task_max_retries + 2)
        logger.info("job %s: %s", job_id, outcome)
        return outcome

    task: Task = score_claim
    return task
