"""The scoring logic, the Celery task's configuration and the embedded worker, without any I/O."""

import threading
import time
from collections.abc import Callable
from typing import Any

import fakeredis
import pytest
import redis
from celery.exceptions import SoftTimeLimitExceeded

from workers.celery_app import create_celery
from workers.runtime import EmbeddedQueue, WorkerRuntime
from workers.settings import Settings
from workers.stores import (
    DONE,
    FAILED,
    QUEUED,
    CachedResult,
    Job,
    MemoryJobStore,
    MemoryResultCache,
    RedisJobStore,
    RedisResultCache,
    cache_key,
)
from workers.tasks import TASK_NAME, describe_failure, record_failure, score_job

CLAIM = "The call lasted two hours."


def new_job(jobs: MemoryJobStore | RedisJobStore, claim: str = CLAIM) -> Job:
    job = Job.new(claim=claim, top_k=3, key=cache_key(corpus_version="corpus-test", engine_version="fake-1",
                                                       top_k=3, claim=claim))
    jobs.create(job)
    assert jobs.claim_inflight(job.cache_key, job.job_id) is None
    return job


@pytest.fixture
def jobs() -> MemoryJobStore:
    return MemoryJobStore(job_ttl=100, inflight_ttl=100)


@pytest.fixture
def cache() -> MemoryResultCache:
    return MemoryResultCache(ttl=100)


def test_scores_a_queued_job_and_records_everything(
    jobs: MemoryJobStore,
    cache: MemoryResultCache,
    fake_engine: Any,
    expected_result: Callable[..., Any],
) -> None:
    job = new_job(jobs)
    assert score_job(job.job_id, jobs=jobs, cache=cache, engine=fake_engine) == "scored"
    done = jobs.get(job.job_id)
    assert done is not None and done.status == DONE and done.finished_at is not None
    assert done.result == expected_result(CLAIM, top_k=3)
    assert fake_engine.calls == [(CLAIM, 3)]
    assert cache.get(job.cache_key) == CachedResult(result=done.result, job_id=job.job_id)
    assert jobs.inflight(job.cache_key) is None


def test_running_twice_scores_once(jobs: MemoryJobStore, cache: MemoryResultCache,
                                   fake_engine: Any) -> None:
    job = new_job(jobs)
    score_job(job.job_id, jobs=jobs, cache=cache, engine=fake_engine)
    first = jobs.get(job.job_id)
    assert score_job(job.job_id, jobs=jobs, cache=cache, engine=fake_engine) == "already done"
    assert jobs.get(job.job_id) == first
    assert len(fake_engine.calls) == 1


def test_redelivered_unfinished_job_uses_the_cached_result(
    jobs: MemoryJobStore,
    cache: MemoryResultCache,
    fake_engine: Any,
    expected_result: Callable[..., Any],
) -> None:
    # A worker died after caching the result but before marking the job done.
    job = new_job(jobs)
    cache.put(job.cache_key, CachedResult(result=expected_result(CLAIM), job_id=job.job_id))
    assert score_job(job.job_id, jobs=jobs, cache=cache, engine=fake_engine) == "from cache"
    finished = jobs.get(job.job_id)
    assert finished is not None and finished.status == DONE
    assert fake_engine.calls == []


def test_missing_and_failed_jobs_are_left_alone(jobs: MemoryJobStore, cache: MemoryResultCache,
                                                fake_engine: Any) -> None:
    assert score_job("0" * 32, jobs=jobs, cache=cache, engine=fake_engine) == "missing"
    job = new_job(jobs)
    record_failure(job.job_id, "broker down", jobs=jobs)
    assert score_job(job.job_id, jobs=jobs, cache=cache, engine=fake_engine) == "already failed"
    assert fake_engine.calls == []


def test_engine_error_propagates_without_marking_done(
    jobs: MemoryJobStore,
    cache: MemoryResultCache,
    make_engine: Any,
) -> None:
    engine = make_engine(error=ValueError("bad input"))
    job = new_job(jobs)
    with pytest.raises(ValueError):
        score_job(job.job_id, jobs=jobs, cache=cache, engine=engine)
    assert cache.get(job.cache_key) is None
    stored = jobs.get(job.job_id)
    assert stored is not None and stored.status == "running"


def test_a_job_started_too_often_is_given_up(jobs: MemoryJobStore, cache: MemoryResultCache,
                                             fake_engine: Any) -> None:
    job = new_job(jobs)
    for _ in range(3):  # three deliveries whose worker died mid-way
        jobs.update(job.job_id, lambda j: j.started())
    assert score_job(job.job_id, jobs=jobs, cache=cache, engine=fake_engine, max_starts=3) == "given up"
    failed = jobs.get(job.job_id)
    assert failed is not None and failed.status == FAILED and "too many times" in (failed.error or "")
    assert jobs.inflight(job.cache_key) is None
    assert fake_engine.calls == []


def test_record_failure_only_touches_unfinished_jobs(jobs: MemoryJobStore, cache: MemoryResultCache,
                                                     fake_engine: Any) -> None:
    job = new_job(jobs)
    record_failure(job.job_id, "it broke", jobs=jobs)
    failed = jobs.get(job.job_id)
    assert failed is not None and failed.status == FAILED and failed.error == "it broke"
    assert jobs.inflight(job.cache_key) is None

    other = new_job(jobs, "Another claim.")
    score_job(other.job_id, jobs=jobs, cache=cache, engine=fake_engine)
    record_failure(other.job_id, "late failure", jobs=jobs)
    kept = jobs.get(other.job_id)
    assert kept is not None and kept.status == DONE and kept.error is None


def test_failure_messages_name_no_internals() -> None:
    assert "60s limit" in describe_failure(SoftTimeLimitExceeded(), soft_time_limit=60)
    assert "unreachable" in describe_failure(redis.ConnectionError("host x"), soft_time_limit=60)
    message = describe_failure(KeyError("/secret/path"), soft_time_limit=60)
    assert "KeyError" in message and "/secret/path" not in message


# ------------------------------------------------------------------------------------ Celery task


def celery_settings() -> Settings:
    return Settings(redis_url="redis://127.0.0.1:1/0", index_cache_dir=None, task_soft_time_limit=20,
                    task_time_limit=30, task_max_retries=4, retry_backoff_max=10, visibility_timeout=120,
                    worker_concurrency=2)


def memory_runtime(settings: Settings, engine: Any) -> tuple[WorkerRuntime, RedisJobStore,
                                                                    RedisResultCache]:
    client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    jobs = RedisJobStore(client, job_ttl=100, inflight_ttl=100)
    cache = RedisResultCache(client, ttl=100)
    runtime = WorkerRuntime(settings, engine_factory=lambda _: engine, stores_factory=lambda _: (jobs, cache))
    return runtime, jobs, cache


def test_celery_app_configuration_matches_settings(make_engine: Any) -> None:
    settings = celery_settings()
    app = create_celery(settings, runtime=memory_runtime(settings, make_engine())[0])
    conf = app.conf
    assert conf.broker_url == settings.redis_url
    assert conf.broker_transport_options["visibility_timeout"] == 120
    assert conf.task_time_limit == 30 and conf.task_soft_time_limit == 20
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_ignore_result and conf.result_backend is None
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.worker_concurrency == 2
    assert not conf.task_always_eager

    task = app.tasks[TASK_NAME]
    assert task.acks_late and task.reject_on_worker_lost and task.ignore_result
    assert task.max_retries == 4 and task.retry_backoff and task.retry_backoff_max == 10
    assert redis.ConnectionError in task.autoretry_for
    assert task.soft_time_limit == 20 and task.time_limit == 30


def test_celery_needs_a_broker() -> None:
    with pytest.raises(ValueError, match="FACTCHECK_REDIS_URL"):
        create_celery(Settings(index_cache_dir=None))


def test_task_body_scores_through_the_runtime_and_builds_the_engine_once(make_engine: Any) -> None:
    settings = celery_settings()
    engine = make_engine()
    builds = []

    def engine_factory(_: Settings) -> Any:
        builds.append(1)
        return engine

    runtime, jobs, cache = memory_runtime(settings, engine)
    runtime = WorkerRuntime(settings, engine_factory=engine_factory,
                            stores_factory=lambda _: (jobs, cache))
    task = create_celery(settings, runtime=runtime).tasks[TASK_NAME]
    first, second = new_job(jobs), new_job(jobs, "Another claim.")
    assert task.run(first.job_id) == "scored"  # the task body, called directly: no broker, no eager mode
    assert task.run(second.job_id) == "scored"
    assert task.run(first.job_id) == "already done"
    assert len(builds) == 1
    assert len(engine.calls) == 2


def test_task_on_failure_records_the_failure_on_the_job(make_engine: Any) -> None:
    settings = celery_settings()
    runtime, jobs, _ = memory_runtime(settings, make_engine())
    task = create_celery(settings, runtime=runtime).tasks[TASK_NAME]
    job = new_job(jobs)
    task.on_failure(SoftTimeLimitExceeded(), "task-id", (job.job_id,), {}, None)
    failed = jobs.get(job.job_id)
    assert failed is not None and failed.status == FAILED and "20s limit" in (failed.error or "")
    assert jobs.inflight(job.cache_key) is None


# ------------------------------------------------------------------------------------ embedded


def wait_for_status(jobs: MemoryJobStore, job_id: str, statuses: set[str], timeout: float = 5) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs.get(job_id)
        if job is not None and job.status in statuses:
            return job
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} never reached {statuses}")


def test_embedded_queue_scores_in_a_thread(
    jobs: MemoryJobStore,
    cache: MemoryResultCache,
    test_settings: Settings,
    make_engine: Any,
    expected_result: Callable[..., Any],
) -> None:
    engine = make_engine(gate=threading.Event())
    queue = EmbeddedQueue(jobs=jobs, cache=cache, engine=engine, settings=test_settings)
    try:
        job = new_job(jobs)
        queue.enqueue(job.job_id)
        assert wait_for_status(jobs, job.job_id, {"running"}).status == "running"
        assert engine.gate is not None
        engine.gate.set()
        assert wait_for_status(jobs, job.job_id, {DONE}).result == expected_result(CLAIM, top_k=3)
        assert queue.workers_ready()[0]
    finally:
        queue.close()
    assert not queue.workers_ready()[0]


def test_embedded_queue_records_engine_failures(jobs: MemoryJobStore, cache: MemoryResultCache,
                                               test_settings: Settings, make_engine: Any) -> None:
    queue = EmbeddedQueue(jobs=jobs, cache=cache, engine=make_engine(error=RuntimeError("x")),
                          settings=test_settings)
    try:
        job = new_job(jobs)
        queue.enqueue(job.job_id)
        failed = wait_for_status(jobs, job.job_id, {FAILED})
        assert "RuntimeError" in (failed.error or "")
        assert jobs.inflight(job.cache_key) is None
    finally:
        queue.close()
    assert jobs.get(job.job_id) is not None and QUEUED != FAILED
