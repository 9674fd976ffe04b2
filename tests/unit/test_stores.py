from collections.abc import Iterator

import fakeredis
import pytest

from workers.stores import (
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    CachedResult,
    Job,
    MemoryJobStore,
    MemoryResultCache,
    RedisJobStore,
    RedisResultCache,
    StoreUnavailable,
    cache_key,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["redis", "memory"])
def store(request: pytest.FixtureRequest) -> Iterator[RedisJobStore | MemoryJobStore]:
    if request.param == "redis":
        yield RedisJobStore(fakeredis.FakeRedis(server=fakeredis.FakeServer()), job_ttl=100, inflight_ttl=50)
    else:
        yield MemoryJobStore(job_ttl=100, inflight_ttl=50)


def make_job(claim: str = "The call lasted two hours.") -> Job:
    return Job.new(claim=claim, top_k=5, key=cache_key(corpus_version="c", engine_version="e", top_k=5,
                                                       claim=claim))


def test_cache_key_changes_with_every_input() -> None:
    base = {"corpus_version": "c1", "engine_version": "e1", "top_k": 5, "claim": "A claim."}
    key = cache_key(**base)  # type: ignore[arg-type]
    assert key == cache_key(**base)  # type: ignore[arg-type]
    changes = [("corpus_version", "c2"), ("engine_version", "e2"), ("top_k", 3), ("claim", "a claim.")]
    for field, other in changes:
        assert cache_key(**{**base, field: other}) != key  # type: ignore[arg-type]


def test_create_get_round_trip(store: RedisJobStore | MemoryJobStore) -> None:
    job = make_job()
    store.create(job)
    assert store.get(job.job_id) == job
    assert store.get("0" * 32) is None
    with pytest.raises(RuntimeError, match="exists already"):
        store.create(job)


def test_update_applies_change_and_none_leaves_job(store: RedisJobStore | MemoryJobStore) -> None:
    job = make_job()
    store.create(job)
    running = store.update(job.job_id, lambda j: j.started())
    assert running is not None and running.status == RUNNING and running.attempts == 1
    unchanged = store.update(job.job_id, lambda j: None)
    assert unchanged == running
    done = store.update(job.job_id, lambda j: j.finished({"verdict": "REFUTED"}))
    assert done is not None and done.status == DONE and done.finished_at is not None
    assert store.get(job.job_id) == done
    assert store.update("f" * 32, lambda j: j.failed("x")) is None


def test_inflight_is_claimed_once_and_released_only_by_its_job(store: RedisJobStore | MemoryJobStore) -> None:
    assert store.claim_inflight("key", "job-a") is None
    assert store.claim_inflight("key", "job-b") == "job-a"
    store.release_inflight("key", "job-b")  # not the holder: no effect
    assert store.inflight("key") == "job-a"
    store.release_inflight("key", "job-a")
    assert store.inflight("key") is None
    assert store.claim_inflight("key", "job-b") is None


def test_delete(store: RedisJobStore | MemoryJobStore) -> None:
    job = make_job()
    store.create(job)
    store.delete(job.job_id)
    assert store.get(job.job_id) is None


def test_redis_records_all_expire() -> None:
    client = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    store = RedisJobStore(client, job_ttl=100, inflight_ttl=50)
    cache = RedisResultCache(client, ttl=200)
    job = make_job()
    store.create(job)
    store.claim_inflight(job.cache_key, job.job_id)
    cache.put(job.cache_key, CachedResult(result={"verdict": "SUPPORTED"}, job_id=job.job_id))
    store.update(job.job_id, lambda j: j.failed("boom"))
    keys = client.keys("factcheck:*")
    assert len(keys) == 3
    ttls = {k.decode().split(":")[1]: client.ttl(k) for k in keys}
    assert 0 < ttls["job"] <= 100 and 0 < ttls["inflight"] <= 50 and 0 < ttls["result"] <= 200


def test_memory_records_expire_with_the_clock() -> None:
    clock = Clock()
    store = MemoryJobStore(job_ttl=100, inflight_ttl=50, clock=clock)
    cache = MemoryResultCache(ttl=200, clock=clock)
    job = make_job()
    store.create(job)
    store.claim_inflight("k", job.job_id)
    cache.put("k", CachedResult(result={"v": 1}, job_id=job.job_id))
    clock.now += 60
    assert store.inflight("k") is None
    assert store.get(job.job_id) == job
    clock.now += 50
    assert store.get(job.job_id) is None
    assert cache.get("k") == CachedResult(result={"v": 1}, job_id=job.job_id)
    clock.now += 100
    assert cache.get("k") is None


def test_result_cache_round_trip_redis() -> None:
    cache = RedisResultCache(fakeredis.FakeRedis(server=fakeredis.FakeServer()), ttl=10)
    assert cache.get("k") is None
    cache.put("k", CachedResult(result={"claim": "Zoë’s claim", "evidence": []}, job_id="j1"))
    assert cache.get("k") == CachedResult(result={"claim": "Zoë’s claim", "evidence": []}, job_id="j1")


def test_unreachable_redis_raises_store_unavailable() -> None:
    server = fakeredis.FakeServer()
    client = fakeredis.FakeRedis(server=server)
    store = RedisJobStore(client, job_ttl=100, inflight_ttl=50)
    cache = RedisResultCache(client, ttl=10)
    server.connected = False
    assert store.ping() is False
    with pytest.raises(StoreUnavailable):
        store.create(make_job())
    with pytest.raises(StoreUnavailable):
        store.get("a" * 32)
    with pytest.raises(StoreUnavailable):
        store.claim_inflight("k", "j")
    with pytest.raises(StoreUnavailable):
        cache.get("k")


def test_job_json_round_trip_keeps_unicode() -> None:
    job = make_job("Zoë said “no”.").finished({"claim": "Zoë said “no”."})
    assert Job.from_json(job.to_json()) == job
    assert job.status == DONE
    assert make_job().status == QUEUED
    assert make_job().failed("x").status == FAILED
