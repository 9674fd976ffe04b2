"""End to end with the real Redis and a real Celery worker: the API built as gunicorn builds it, the worker
started as `factcheck worker`, the real engine on the default corpus."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import redis

pytestmark = pytest.mark.integration

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CLAIM = "The call lasted two hours."
RESULT_KEYS = {"claim", "verdict", "confidence", "explanation", "evidence", "sources", "corpus_version",
               "engine_version"}
EVIDENCE_KEYS = {"doc_id", "title", "outlet", "published", "text", "start", "end", "stance", "score"}


def poll(client: Any, job_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/v1/jobs/{job_id}")
        assert response.status_code == 200, response.get_data(as_text=True)
        body: dict[str, Any] = response.get_json()
        if body["status"] in ("done", "failed"):
            return body
        assert body["status"] in ("queued", "running")
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_result_shape(result: dict[str, Any], claim: str) -> None:
    assert set(result) == RESULT_KEYS
    assert result["claim"] == claim
    assert result["verdict"] in {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO", "CONFLICTING"}
    assert 0.0 <= result["confidence"] <= 1.0
    assert result["explanation"].strip()
    assert set(result["sources"]) == {"supporting", "contradicting", "consulted"}
    assert result["evidence"], "the seed corpus has passages about this claim"
    for item in result["evidence"]:
        assert set(item) == EVIDENCE_KEYS
        assert item["stance"] in {"supports", "contradicts", "neutral"}
        original = (SEEDS / f"{item['doc_id']}.txt").read_text(encoding="utf-8")
        # start/end locate the passage in the original document (up to whitespace)
        assert squash(original[item["start"]:item["end"]]) == squash(item["text"])


def test_post_poll_done_with_the_result_shape(api: Any, worker: Any, redis_db: redis.Redis) -> None:
    client = api.test_client()
    response = client.post("/v1/claims", json={"claim": CLAIM, "top_k": 3})
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id = response.get_json()["job_id"]
    assert response.headers["Location"] == f"/v1/jobs/{job_id}"
    assert redis_db.exists(f"factcheck:job:{job_id}") and redis_db.ttl(f"factcheck:job:{job_id}") > 0

    body = poll(client, job_id)
    assert body["status"] == "done", body
    assert_result_shape(body["result"], CLAIM)
    assert len(body["result"]["evidence"]) <= 3
    assert worker.scored(job_id) == 1
    # the in-flight key is released, the result cached with a TTL
    assert redis_db.keys("factcheck:inflight:*") == []
    result_keys = redis_db.keys("factcheck:result:*")
    assert result_keys and all(redis_db.ttl(k) > 0 for k in result_keys)

    # a cached repeat answers 200 with the finished job, at once
    started = time.perf_counter()
    repeat = client.post("/v1/claims", json={"claim": "  The call lasted   two hours.", "top_k": 3})
    elapsed = time.perf_counter() - started
    assert repeat.status_code == 200
    assert repeat.get_json()["job_id"] == job_id and repeat.get_json()["result"] == body["result"]
    assert elapsed < 1.0
    assert worker.scored(job_id) == 1


def test_concurrent_identical_posts_share_one_job_and_one_scoring(api: Any, worker: Any) -> None:
    claim = "Lavrov and Blinken met in person in Geneva."
    barrier = threading.Barrier(6)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def submit() -> None:
        client = api.test_client()
        barrier.wait()
        response = client.post("/v1/claims", json={"claim": claim})
        with lock:
            answers.append((response.status_code, response.get_json()["job_id"]))

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(answers) == 6
    job_ids = {job_id for _, job_id in answers}
    assert len(job_ids) == 1, answers
    assert {status for status, _ in answers} <= {200, 202}
    job_id = job_ids.pop()
    body = poll(api.test_client(), job_id)
    assert body["status"] == "done"
    assert_result_shape(body["result"], claim)
    assert worker.scored(job_id) == 1


def test_batch_through_the_worker(api: Any, worker: Any) -> None:
    client = api.test_client()
    claims = [{"claim": "The call was the first since February.", "id": "a"},
              {"claim": "Russia detained two Americans.", "id": "b"}]
    response = client.post("/v1/claims/batch", json={"claims": claims})
    assert response.status_code == 202
    jobs = response.get_json()["jobs"]
    assert [j["id"] for j in jobs] == ["a", "b"]
    for job, sent in zip(jobs, claims, strict=True):
        body = poll(client, job["job_id"])
        assert body["status"] == "done"
        assert_result_shape(body["result"], sent["claim"])


def test_unknown_job_is_404(api: Any) -> None:
    response = api.test_client().get(f"/v1/jobs/{'f' * 32}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_ready_with_a_worker_answering(api: Any, worker: Any) -> None:
    response = api.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "ready"


def test_broker_unreachable_is_503_and_nothing_half_written(
    api: Any, worker: Any, redis_db: redis.Redis, private_redis: tuple[str, Any], index_cache: Path
) -> None:
    """The job store (db 13) is up; the broker is a private Redis that is killed before the POST."""
    from service.app import create_app
    from workers.celery_app import CeleryQueue, create_celery
    from workers.runtime import build_stores
    from workers.settings import Settings

    broker_url, broker_process = private_redis
    settings = Settings(redis_url="redis://127.0.0.1:6379/13", broker_url=broker_url,
                        index_cache_dir=index_cache)
    context = api.extensions["factcheck"]
    jobs, cache = build_stores(settings)
    app = create_app(settings, engine=context.engine, jobs=jobs, cache=cache,
                     queue=CeleryQueue(create_celery(settings), ping_timeout=0.5))
    client = app.test_client()
    assert client.get("/readyz").get_json()["checks"]["workers"] == "no worker answered"

    broker_process.kill()
    broker_process.wait(5)
    claim = "The broker was down when this claim arrived."
    before = set(redis_db.keys("factcheck:job:*"))
    started = time.perf_counter()
    response = client.post("/v1/claims", json={"claim": claim})
    assert time.perf_counter() - started < 10
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert "not accepted" in response.get_json()["detail"]
    # nothing is left queued or in flight: the job record written before the send is marked failed
    assert redis_db.keys("factcheck:inflight:*") == []
    for key in set(redis_db.keys("factcheck:job:*")) - before:
        job = jobs.get(key.decode().rsplit(":", 1)[1])
        assert job is not None and job.status == "failed" and job.claim == claim
    readiness = client.get("/readyz")
    assert readiness.status_code == 503


def test_redis_unreachable_is_503(private_redis: tuple[str, Any], api: Any, index_cache: Path) -> None:
    """Job store and broker are a private Redis that is killed: every request that needs it gets 503."""
    from service.app import create_app
    from workers.celery_app import CeleryQueue, create_celery
    from workers.runtime import build_stores
    from workers.settings import Settings

    url, process = private_redis
    settings = Settings(redis_url=url, index_cache_dir=index_cache)
    jobs, cache = build_stores(settings)
    app = create_app(settings, engine=api.extensions["factcheck"].engine, jobs=jobs, cache=cache,
                     queue=CeleryQueue(create_celery(settings), ping_timeout=0.5))
    client = app.test_client()
    accepted = client.post("/v1/claims", json={"claim": "Accepted while Redis was up."})
    assert accepted.status_code == 202  # queued: no worker listens to this broker, which is fine here

    process.kill()
    process.wait(5)
    post = client.post("/v1/claims", json={"claim": "Sent after Redis went away."})
    assert post.status_code == 503 and int(post.headers["Retry-After"]) > 0
    assert post.mimetype == "application/problem+json"
    get = client.get(accepted.headers["Location"])
    assert get.status_code == 503
    assert "127.0.0.1" not in post.get_data(as_text=True) + get.get_data(as_text=True)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["store"] == "unreachable"
    assert client.get("/healthz").status_code == 200
