"""POST /v1/claims, GET /v1/jobs/<id>: accepting, deduplicating and following claims."""

from __future__ import annotations

from typing import Any

from workers.stores import DONE, FAILED
from workers.tasks import score_job

CLAIM = "The call lasted two hours."


def run_worker(h: Any) -> None:
    """What a worker would do with every queued job (the same scoring logic, called in-process)."""
    while h.queue.enqueued:
        score_job(h.queue.enqueued.pop(0), jobs=h.jobs, cache=h.cache, engine=h.engine)


def test_post_accepts_the_claim_and_queues_one_job(harness: Any) -> None:
    response = harness.post_claim(CLAIM)
    assert response.status_code == 202
    body = response.get_json()
    job_id = body["job_id"]
    assert body["status"] == "queued"
    assert body["links"] == {"self": f"/v1/jobs/{job_id}"}
    assert body["claim"] == CLAIM and body["finished_at"] is None
    assert "result" not in body and "error" not in body
    assert response.headers["Location"] == f"/v1/jobs/{job_id}"
    assert int(response.headers["Retry-After"]) >= 1
    assert harness.queue.enqueued == [job_id]


def test_poll_until_done_returns_the_result_shape(harness: Any, expected_result: Any) -> None:
    job_id = harness.post_claim(CLAIM, top_k=3).get_json()["job_id"]
    polled = harness.client.get(f"/v1/jobs/{job_id}")
    assert polled.status_code == 200 and polled.get_json()["status"] == "queued"
    assert "Retry-After" in polled.headers

    run_worker(harness)
    done = harness.client.get(f"/v1/jobs/{job_id}")
    body = done.get_json()
    assert done.status_code == 200
    assert body["status"] == DONE and body["finished_at"] is not None
    assert body["result"] == expected_result(CLAIM, top_k=3)
    assert set(body) == {"job_id", "status", "claim", "created_at", "finished_at", "result", "links"}
    assert "Retry-After" not in done.headers
    assert harness.engine.calls == [(CLAIM, 3)]


def test_repeat_of_a_scored_claim_answers_200_at_once(harness: Any) -> None:
    first = harness.post_claim(CLAIM).get_json()["job_id"]
    run_worker(harness)
    repeat = harness.post_claim("  The call   lasted two hours. ")  # same after normalisation
    assert repeat.status_code == 200
    body = repeat.get_json()
    assert body["job_id"] == first and body["status"] == DONE and body["result"]["claim"] == CLAIM
    assert harness.queue.enqueued == []
    assert len(harness.engine.calls) == 1


def test_cached_result_outlives_its_job(harness: Any) -> None:
    first = harness.post_claim(CLAIM).get_json()["job_id"]
    run_worker(harness)
    harness.jobs.delete(first)  # the job record expired; the cached result has not
    repeat = harness.post_claim(CLAIM)
    assert repeat.status_code == 200
    body = repeat.get_json()
    assert body["job_id"] != first and body["status"] == DONE
    assert harness.client.get(f"/v1/jobs/{body['job_id']}").get_json()["result"] == body["result"]
    assert harness.engine.calls == [(CLAIM, 5)]


def test_identical_claims_in_flight_share_one_job(harness: Any) -> None:
    ids = {harness.post_claim(claim).get_json()["job_id"]
           for claim in (CLAIM, CLAIM, "The call\u00a0lasted two hours.", "The call lasted\ntwo hours.")}
    assert len(ids) == 1
    assert len(harness.queue.enqueued) == 1
    assert len(harness.keys("job")) == 1  # the joining requests left no job records behind
    run_worker(harness)
    assert len(harness.engine.calls) == 1


def test_normalisation_is_nfc_but_keeps_case(harness: Any) -> None:
    composed = harness.post_claim("Caf\u00e9 owners protested.").get_json()["job_id"]
    decomposed = harness.post_claim("Cafe\u0301 owners protested.").get_json()["job_id"]
    lower = harness.post_claim("café owners protested.").get_json()["job_id"]
    assert composed == decomposed != lower


def test_different_options_are_different_jobs(harness: Any) -> None:
    a = harness.post_claim(CLAIM, top_k=3).get_json()["job_id"]
    b = harness.post_claim(CLAIM, top_k=4).get_json()["job_id"]
    assert a != b and len(harness.queue.enqueued) == 2


def test_a_new_engine_version_does_not_reuse_old_results(harness: Any) -> None:
    harness.post_claim(CLAIM)
    run_worker(harness)
    harness.engine.version = "fake-2"
    assert harness.post_claim(CLAIM).status_code == 202


def test_failed_job_is_reported_and_the_claim_can_be_retried(harness: Any, make_engine: Any) -> None:
    harness.engine.error = RuntimeError("engine crashed")
    job_id = harness.post_claim(CLAIM).get_json()["job_id"]
    from workers.tasks import describe_failure, record_failure
    try:
        run_worker(harness)
    except RuntimeError as exc:  # the Celery task's on_failure does this
        record_failure(job_id, describe_failure(exc, soft_time_limit=60), jobs=harness.jobs)
    body = harness.client.get(f"/v1/jobs/{job_id}").get_json()
    assert body["status"] == FAILED and "RuntimeError" in body["error"] and "result" not in body
    harness.engine.error = None
    retry = harness.post_claim(CLAIM)
    assert retry.status_code == 202 and retry.get_json()["job_id"] != job_id


def test_stale_inflight_key_does_not_capture_new_claims(harness: Any) -> None:
    job_id = harness.post_claim(CLAIM).get_json()["job_id"]
    harness.jobs.delete(job_id)  # its record vanished, the in-flight key did not
    again = harness.post_claim(CLAIM)
    assert again.status_code == 202 and again.get_json()["job_id"] != job_id


def test_unknown_job_is_404_problem(harness: Any) -> None:
    for job_id in ("0" * 32, "not-a-job-id"):
        response = harness.client.get(f"/v1/jobs/{job_id}")
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
        body = response.get_json()
        assert body["status"] == 404 and "POST /v1/claims" in body["detail"]
    nested = harness.client.get("/v1/jobs/a/b")
    assert nested.status_code == 404 and nested.mimetype == "application/problem+json"


def test_batch_gives_one_job_per_claim_in_order(harness: Any) -> None:
    claims = [{"claim": CLAIM, "id": "a"}, {"claim": "Another claim.", "id": "b"}, {"claim": CLAIM}]
    response = harness.client.post("/v1/claims/batch", json={"claims": claims})
    assert response.status_code == 202
    jobs = response.get_json()["jobs"]
    assert [j.get("id") for j in jobs] == ["a", "b", None]
    assert [j["claim"] for j in jobs] == [CLAIM, "Another claim.", CLAIM]
    assert jobs[0]["job_id"] == jobs[2]["job_id"] != jobs[1]["job_id"]
    assert len(harness.queue.enqueued) == 2
    run_worker(harness)
    again = harness.client.post("/v1/claims/batch", json={"claims": [{"claim": "Another claim."}]})
    assert again.get_json()["jobs"][0]["status"] == DONE


def test_batch_limits(harness: Any) -> None:
    assert harness.client.post("/v1/claims/batch", json={"claims": []}).status_code == 422
    many = {"claims": [{"claim": f"Claim number {n}."} for n in range(101)]}
    too_many = harness.client.post("/v1/claims/batch", json=many)
    assert too_many.status_code == 422 and "claims" in too_many.get_json()["errors"]
    bad_item = harness.client.post("/v1/claims/batch", json={"claims": [{"claim": CLAIM, "colour": "red"}]})
    assert bad_item.status_code == 422
    assert harness.queue.enqueued == []
