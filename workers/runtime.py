"""Building the engine and the stores from Settings, once per process, and the embedded worker.

The engine (corpus index, embedding model) is expensive to build, so each worker process builds
it once, at start-up or on first use, never per task. Redis clients are made per process too:
a connection opened before a fork must not be shared by the children.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from workers.settings import Settings
from workers.stores import (
    JobStore,
    MemoryJobStore,
    MemoryResultCache,
    RedisJobStore,
    RedisResultCache,
    ResultCache,
    redis_client,
)
from workers.tasks import describe_failure, record_failure, score_job

logger = logging.getLogger(__name__)


class CorpusInfo(Protocol):
    @property
    def version(self) -> str: ...


class EngineLike(Protocol):
    """What the service needs from the engine (the real Engine, or a small fake in tests)."""

    @property
    def version(self) -> str: ...

    @property
    def corpus(self) -> CorpusInfo: ...

    def check(self, claim: str, top_k: int = ...) -> Any: ...

    def describe_corpus(self) -> dict[str, Any]: ...


class QueueUnavailable(RuntimeError):
    """The task could not be handed to a worker (broker unreachable)."""


class TaskQueue(Protocol):
    def enqueue(self, job_id: str) -> None:
        """Hand the job to a worker; raises QueueUnavailable when that is impossible right now."""
        ...

    def workers_ready(self) -> tuple[bool, str]:
        """Whether at least one worker can take jobs, and a short description for /readyz."""
        ...


def build_engine(settings: Settings) -> EngineLike:
    """Load the corpus and build (or load from the index cache) the engine described by settings."""
    from workers.engine import Engine, load_corpus

    corpus = load_corpus(settings.corpus)
    scorer = None
    if settings.stance_model:
        # Imported only when asked for: it pulls in torch and transformers.
        from workers.engine.stance.nli import NLICrossEncoderScorer

        scorer = NLICrossEncoderScorer(settings.stance_model)
    engine = Engine.build(corpus, cache_dir=settings.index_cache_dir, scorer=scorer,
                          threads=settings.engine_threads)
    report = engine.build_report
    logger.info("engine %s ready: corpus %s, %d passages, %.1fs (%s), peak RSS %.0f MB", engine.version,
                corpus.version, report.passages, report.seconds,
                "index from cache" if report.from_cache else "index built", report.peak_rss_mb)
    return engine


def build_stores(settings: Settings) -> tuple[JobStore, ResultCache]:
    if settings.redis_url is None:
        return (MemoryJobStore(job_ttl=settings.job_ttl, inflight_ttl=settings.inflight_ttl),
                MemoryResultCache(ttl=settings.cache_ttl))
    client = redis_client(settings.redis_url)
    return (RedisJobStore(client, job_ttl=settings.job_ttl, inflight_ttl=settings.inflight_ttl),
            RedisResultCache(client, ttl=settings.cache_ttl))


class WorkerRuntime:
    """The engine and stores of one worker process, each built on first use."""

    def __init__(self, settings: Settings, *,
                 engine_factory: Callable[[Settings], EngineLike] = build_engine,
                 stores_factory: Callable[[Settings], tuple[JobStore, ResultCache]] = build_stores) -> None:
        self.settings = settings
        self._engine_factory = engine_factory
        self._stores_factory = stores_factory
        self._lock = threading.Lock()
        self._engine: EngineLike | None = None
        self._stores: tuple[JobStore, ResultCache] | None = None
        self._stores_pid: int | None = None

    def engine(self) -> EngineLike:
        with self._lock:
            if self._engine is None:
                self._engine = self._engine_factory(self.settings)
            return self._engine

    def _get_stores(self) -> tuple[JobStore, ResultCache]:
        with self._lock:
            if self._stores is None or self._stores_pid != os.getpid():
                self._stores = self._stores_factory(self.settings)
                self._stores_pid = os.getpid()
            return self._stores

    def jobs(self) -> JobStore:
        return self._get_stores()[0]

    def cache(self) -> ResultCache:
        return self._get_stores()[1]


class EmbeddedQueue:
    """An in-process worker: a thread pool running the same scoring logic as the Celery task.

    For trying the service without Redis. Jobs live in memory and are lost with the process, and
    the time limits are not enforced (a thread cannot be killed).
    """

    def __init__(self, *, jobs: JobStore, cache: ResultCache, engine: EngineLike, settings: Settings) -> None:
        self.jobs = jobs
        self.cache = cache
        self.engine = engine
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=settings.embedded_workers, thread_name_prefix="scoring")
        self._closed = False

    def enqueue(self, job_id: str) -> None:
        if self._closed:
            raise QueueUnavailable("the in-process worker has stopped")
        future: Future[None] = self._pool.submit(self._run, job_id)
        del future  # outcomes are recorded on the job itself

    def _run(self, job_id: str) -> None:
        try:
            outcome = score_job(job_id, jobs=self.jobs, cache=self.cache, engine=self.engine)
            logger.info("job %s: %s", job_id, outcome)
        except Exception as exc:
            logger.exception("job %s failed", job_id)
            record_failure(job_id, describe_failure(exc, soft_time_limit=self.settings.task_soft_time_limit),
                           jobs=self.jobs)

    def workers_ready(self) -> tuple[bool, str]:
        if self._closed:
            return False, "in-process worker stopped"
        return True, f"in-process worker ({self.settings.embedded_workers} thread(s))"

    def close(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
