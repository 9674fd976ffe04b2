"""Accepting a claim: answer from the cache, join the job already scoring it, or create and queue one.

Order matters so that nothing is ever half-written: the job record is written first, then it is
made the in-flight job for its cache key (atomic SET NX), then it is queued. If queueing fails the
job is marked failed and the in-flight key released, and the caller answers 503.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from workers.runtime import EngineLike, QueueUnavailable, TaskQueue
from workers.stores import DONE, UNFINISHED, Job, JobStore, ResultCache, StoreUnavailable, cache_key

logger = logging.getLogger(__name__)

ENQUEUE_FAILED = "the job could not be queued because the task broker was unreachable; submit the claim again"


class SubmissionUnavailable(RuntimeError):
    """Redis or the broker is unreachable: the claim was not accepted."""


@dataclass(frozen=True)
class Submission:
    job: Job
    new: bool  # a job was created for this request (else an existing one was reused)

    @property
    def finished(self) -> bool:
        return self.job.status == DONE


class Submitter:
    def __init__(self, *, engine: EngineLike, jobs: JobStore, cache: ResultCache, queue: TaskQueue) -> None:
        self.engine = engine
        self.jobs = jobs
        self.cache = cache
        self.queue = queue

    def key_for(self, claim: str, top_k: int) -> str:
        return cache_key(corpus_version=self.engine.corpus.version, engine_version=self.engine.version,
                         top_k=top_k, claim=claim)

    def submit(self, claim: str, top_k: int) -> Submission:
        """`claim` must be normalised already (the request schema does it)."""
        try:
            return self._submit(claim, top_k)
        except StoreUnavailable as exc:
            raise SubmissionUnavailable("the job store (Redis) is unreachable") from exc

    def _submit(self, claim: str, top_k: int) -> Submission:
        key = self.key_for(claim, top_k)
        cached = self._from_cache(key, claim, top_k)
        if cached is not None:
            return cached

        # Two tries: the second after clearing an in-flight key whose job is gone or failed.
        for _ in range(2):
            job = Job.new(claim=claim, top_k=top_k, key=key)
            self.jobs.create(job)
            existing_id = self._claim_inflight(job)
            if existing_id is None:
                self._enqueue(job)
                return Submission(job=job, new=True)

            # Someone else is scoring this claim: withdraw ours and join theirs.
            self.jobs.delete(job.job_id)
            existing = self.jobs.get(existing_id)
            if existing is not None and (existing.status in UNFINISHED or existing.status == DONE):
                return Submission(job=existing, new=False)
            self.jobs.release_inflight(key, existing_id)  # stale: its job expired or failed
        raise SubmissionUnavailable("could not settle which job scores this claim; try again")

    def _claim_inflight(self, job: Job) -> str | None:
        try:
            return self.jobs.claim_inflight(job.cache_key, job.job_id)
        except StoreUnavailable:
            # The claim is refused (503): do not leave a queued record that no task will ever run.
            try:
                self.jobs.delete(job.job_id)
            except StoreUnavailable:
                logger.error("could not withdraw job %s; it expires with its TTL", job.job_id)
            raise

    def _from_cache(self, key: str, claim: str, top_k: int) -> Submission | None:
        cached = self.cache.get(key)
        if cached is None:
            return None
        original = self.jobs.get(cached.job_id)
        if original is not None and original.status == DONE:
            return Submission(job=original, new=False)
        # The job that produced the result has expired: give the answer a job record of its own.
        job = Job.new(claim=claim, top_k=top_k, key=key).finished(cached.result)
        self.jobs.create(job)
        return Submission(job=job, new=True)

    def _enqueue(self, job: Job) -> None:
        try:
            self.queue.enqueue(job.job_id)
        except QueueUnavailable as exc:
            logger.error("could not queue job %s: %s", job.job_id, exc)
            try:
                self.jobs.update(job.job_id, lambda current: current.failed(ENQUEUE_FAILED))
                self.jobs.release_inflight(job.cache_key, job.job_id)
            except StoreUnavailable:
                logger.error("could not withdraw job %s either; it expires with its TTL", job.job_id)
            raise SubmissionUnavailable("the task broker is unreachable") from exc
