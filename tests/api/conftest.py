"""API tests: the Flask test client against create_app with a fake engine, fakeredis and a fake queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import fakeredis
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from workers.runtime import QueueUnavailable
from workers.settings import Settings
from workers.stores import RedisJobStore, RedisResultCache


@dataclass
class RecordingQueue:
    """Records what the API enqueues; can pretend the broker is down or no worker answers."""

    enqueued: list[str] = field(default_factory=list)
    broker_down: bool = False
    workers: bool = True

    def enqueue(self, job_id: str) -> None:
        if self.broker_down:
            raise QueueUnavailable("the task broker is unreachable")
        self.enqueued.append(job_id)

    def workers_ready(self) -> tuple[bool, str]:
        return (True, "1 worker(s) answering") if self.workers else (False, "no worker answered")


@dataclass
class Harness:
    app: Flask
    client: FlaskClient
    engine: Any
    jobs: RedisJobStore
    cache: RedisResultCache
    queue: RecordingQueue
    server: fakeredis.FakeServer
    redis: fakeredis.FakeRedis

    def post_claim(self, claim: Any = "The call lasted two hours.", **extra: Any) -> Any:
        return self.client.post("/v1/claims", json={"claim": claim, **extra})

    def keys(self, kind: str) -> list[str]:
        return sorted(k.decode() for k in self.redis.keys(f"factcheck:{kind}:*"))


@pytest.fixture
def harness(fake_engine: Any) -> Harness:
    server = fakeredis.FakeServer()
    client = fakeredis.FakeRedis(server=server)
    settings = Settings(redis_url="redis://fake/0", index_cache_dir=None, max_content_length=64 * 1024)
    jobs = RedisJobStore(client, job_ttl=settings.job_ttl, inflight_ttl=settings.inflight_ttl)
    cache = RedisResultCache(client, ttl=settings.cache_ttl)
    queue = RecordingQueue()
    app = create_app(settings, engine=fake_engine, jobs=jobs, cache=cache, queue=queue)
    return Harness(app=app, client=app.test_client(), engine=fake_engine, jobs=jobs, cache=cache, queue=queue,
                   server=server, redis=client)
