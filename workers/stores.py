"""Job records, the in-flight index and the result cache: in Redis, or in memory for embedded mode.

Celery's result backend is not used: the API reads job state from these records, which carry the
claim, the status and the result, and expire on their own (nothing grows without bound).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

import redis

KEY_PREFIX = "factcheck"

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
UNFINISHED = frozenset({QUEUED, RUNNING})


class StoreUnavailable(RuntimeError):
    """The job store or result cache cannot be reached; the caller should answer 503 or retry."""


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_job_id() -> str:
    return uuid.uuid4().hex


def cache_key(*, corpus_version: str, engine_version: str, top_k: int, claim: str) -> str:
    """Identical inputs to the engine give the same key: a changed corpus or engine never reuses results.

    `claim` must already be normalised (normalize_claim)."""
    material = json.dumps(
        {"corpus": corpus_version, "engine": engine_version, "top_k": top_k, "claim": claim},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Job:
    job_id: str
    status: str
    claim: str
    top_k: int
    cache_key: str
    created_at: str
    finished_at: str | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    attempts: int = 0  # times a worker started scoring it (a claim that kills workers is given up)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Job:
        return cls(**json.loads(raw))

    @classmethod
    def new(cls, *, claim: str, top_k: int, key: str) -> Job:
        return cls(job_id=new_job_id(), status=QUEUED, claim=claim, top_k=top_k, cache_key=key,
                   created_at=utc_now())

    def started(self) -> Job:
        return replace(self, status=RUNNING, attempts=self.attempts + 1)

    def finished(self, result: dict[str, Any]) -> Job:
        return replace(self, status=DONE, result=result, error=None, finished_at=utc_now())

    def failed(self, error: str) -> Job:
        return replace(self, status=FAILED, error=error, finished_at=utc_now())


@dataclass(frozen=True)
class CachedResult:
    result: dict[str, Any]
    job_id: str  # the job that produced it, to answer a repeat with that same job while it lives


class JobStore(Protocol):
    def ping(self) -> bool: ...

    def create(self, job: Job) -> None: ...

    def get(self, job_id: str) -> Job | None: ...

    def update(self, job_id: str, change: Callable[[Job], Job | None]) -> Job | None:
        """Apply `change` atomically to the stored job; `change` returns None to leave it as is."""
        ...

    def delete(self, job_id: str) -> None: ...

    def claim_inflight(self, key: str, job_id: str) -> str | None:
        """Make `job_id` the job scoring `key` unless one is; returns the id of the job already there."""
        ...

    def release_inflight(self, key: str, job_id: str) -> None:
        """Forget the in-flight job for `key`, if it is still `job_id`."""
        ...

    def inflight(self, key: str) -> str | None: ...


class ResultCache(Protocol):
    def get(self, key: str) -> CachedResult | None: ...

    def put(self, key: str, cached: CachedResult) -> None: ...


# --------------------------------------------------------------------------------------------- Redis


def redis_client(url: str) -> redis.Redis:
    # Short timeouts: an unreachable Redis must turn into a quick 503, not a hung request.
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)


class _RedisBase:
    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def _call(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailable("Redis is unreachable") from exc


class RedisJobStore(_RedisBase):
    def __init__(self, client: redis.Redis, *, job_ttl: int, inflight_ttl: int) -> None:
        super().__init__(client)
        self.job_ttl = job_ttl
        self.inflight_ttl = inflight_ttl

    @staticmethod
    def job_key(job_id: str) -> str:
        return f"{KEY_PREFIX}:job:{job_id}"

    @staticmethod
    def inflight_key(key: str) -> str:
        return f"{KEY_PREFIX}:inflight:{key}"

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except (redis.ConnectionError, redis.TimeoutError):
            return False

    def create(self, job: Job) -> None:
        created = self._call(lambda: self.client.set(self.job_key(job.job_id), job.to_json(), ex=self.job_ttl,
                                                     nx=True))
        if not created:
            raise RuntimeError(f"job {job.job_id} exists already")

    def get(self, job_id: str) -> Job | None:
        raw = self._call(lambda: self.client.get(self.job_key(job_id)))
        return None if raw is None else Job.from_json(raw)

    def update(self, job_id: str, change: Callable[[Job], Job | None]) -> Job | None:
        key = self.job_key(job_id)

        def transaction(pipe: redis.client.Pipeline) -> Job | None:
            raw = pipe.get(key)
            if raw is None:
                return None
            current = Job.from_json(raw)
            changed = change(current)
            if changed is None:
                return current
            pipe.multi()
            pipe.set(key, changed.to_json(), ex=self.job_ttl)
            return changed

        outcome: Job | None = self._call(
            lambda: self.client.transaction(transaction, key, value_from_callable=True)  # type: ignore[arg-type]
        )
        return outcome

    def delete(self, job_id: str) -> None:
        self._call(lambda: self.client.delete(self.job_key(job_id)))

    def claim_inflight(self, key: str, job_id: str) -> str | None:
        ikey = self.inflight_key(key)
        while True:
            if self._call(lambda: self.client.set(ikey, job_id, ex=self.inflight_ttl, nx=True)):
                return None
            existing = self._call(lambda: self.client.get(ikey))
            if existing is not None:  # else it expired between the two calls: try again
                return _text(existing)

    def release_inflight(self, key: str, job_id: str) -> None:
        ikey = self.inflight_key(key)

        def transaction(pipe: redis.client.Pipeline) -> None:
            current = pipe.get(ikey)
            if current is not None and _text(current) == job_id:
                pipe.multi()
                pipe.delete(ikey)

        self._call(lambda: self.client.transaction(transaction, ikey))

    def inflight(self, key: str) -> str | None:
        raw = self._call(lambda: self.client.get(self.inflight_key(key)))
        if raw is None:
            return None
        return _text(raw)


class RedisResultCache(_RedisBase):
    def __init__(self, client: redis.Redis, *, ttl: int) -> None:
        super().__init__(client)
        self.ttl = ttl

    @staticmethod
    def result_key(key: str) -> str:
        return f"{KEY_PREFIX}:result:{key}"

    def get(self, key: str) -> CachedResult | None:
        raw = self._call(lambda: self.client.get(self.result_key(key)))
        if raw is None:
            return None
        data = json.loads(raw)
        return CachedResult(result=data["result"], job_id=data["job_id"])

    def put(self, key: str, cached: CachedResult) -> None:
        payload = json.dumps({"result": cached.result, "job_id": cached.job_id}, ensure_ascii=False)
        self._call(lambda: self.client.set(self.result_key(key), payload, ex=self.ttl))


# -------------------------------------------------------------------------------------------- memory


class _ExpiringDict:
    """A dict whose entries expire, for embedded mode (one process, so a lock is enough)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._data: dict[str, tuple[float, Any]] = {}
        self._clock = clock
        self.lock = threading.RLock()

    def get(self, key: str) -> Any | None:
        with self.lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires <= self._clock():
                del self._data[key]
                return None
            return value

    def set(self, key: str, value: Any, ttl: int, *, only_new: bool = False) -> bool:
        with self.lock:
            if only_new and self.get(key) is not None:
                return False
            self._data[key] = (self._clock() + ttl, value)
            self._purge()
            return True

    def delete(self, key: str) -> None:
        with self.lock:
            self._data.pop(key, None)

    def _purge(self) -> None:
        now = self._clock()
        for key in [k for k, (expires, _) in self._data.items() if expires <= now]:
            del self._data[key]

    def __iter__(self) -> Iterator[str]:
        with self.lock:
            return iter(list(self._data))


class MemoryJobStore:
    def __init__(self, *, job_ttl: int, inflight_ttl: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.job_ttl = job_ttl
        self.inflight_ttl = inflight_ttl
        self._jobs = _ExpiringDict(clock)
        self._inflight = _ExpiringDict(clock)

    def ping(self) -> bool:
        return True

    def create(self, job: Job) -> None:
        if not self._jobs.set(job.job_id, job, self.job_ttl, only_new=True):
            raise RuntimeError(f"job {job.job_id} exists already")

    def get(self, job_id: str) -> Job | None:
        job: Job | None = self._jobs.get(job_id)
        return job

    def update(self, job_id: str, change: Callable[[Job], Job | None]) -> Job | None:
        with self._jobs.lock:
            current: Job | None = self._jobs.get(job_id)
            if current is None:
                return None
            changed = change(current)
            if changed is None:
                return current
            self._jobs.set(job_id, changed, self.job_ttl)
            return changed

    def delete(self, job_id: str) -> None:
        self._jobs.delete(job_id)

    def claim_inflight(self, key: str, job_id: str) -> str | None:
        with self._inflight.lock:
            if self._inflight.set(key, job_id, self.inflight_ttl, only_new=True):
                return None
            existing: str | None = self._inflight.get(key)
            return existing

    def release_inflight(self, key: str, job_id: str) -> None:
        with self._inflight.lock:
            if self._inflight.get(key) == job_id:
                self._inflight.delete(key)

    def inflight(self, key: str) -> str | None:
        value: str | None = self._inflight.get(key)
        return value


class MemoryResultCache:
    def __init__(self, *, ttl: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._entries = _ExpiringDict(clock)

    def get(self, key: str) -> CachedResult | None:
        cached: CachedResult | None = self._entries.get(key)
        return cached

    def put(self, key: str, cached: CachedResult) -> None:
        self._entries.set(key, cached, self.ttl)
