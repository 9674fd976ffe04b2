"""Every error is RFC 9457 problem+json with an actionable detail and no internals."""

from __future__ import annotations

from typing import Any

import pytest

CLAIM = "The call lasted two hours."


def assert_problem(response: Any, status: int, *detail_words: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status and body["title"] and body["detail"]
    for word in detail_words:
        assert word in body["detail"], body["detail"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    return body


def test_malformed_json(harness: Any) -> None:
    response = harness.client.post("/v1/claims", data='{"claim": "x",', content_type="application/json")
    assert_problem(response, 400, "not valid JSON")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type(harness: Any, content_type: str | None) -> None:
    kwargs = {"content_type": content_type} if content_type else {}
    response = harness.client.post("/v1/claims", data='{"claim": "x"}', **kwargs)
    assert_problem(response, 415, "Content-Type: application/json")


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"claim": CLAIM, "colour": "red"}, "colour", "Unknown field"),
    ({}, "claim", "Missing data"),
    ({"claim": ""}, "claim", "empty"),
    ({"claim": " \n\t  "}, "claim", "empty"),
    ({"claim": 42}, "claim", "Not a valid string"),
    ({"claim": "x" * 1001}, "claim", "limit is 1000"),
    ({"claim": "The call\x00 lasted"}, "claim", "control characters (U+0000)"),
    ({"claim": "Bell \x07 rings"}, "claim", "U+0007"),
    ({"claim": CLAIM, "top_k": 0}, "top_k", ""),
    ({"claim": CLAIM, "top_k": 21}, "top_k", ""),
    ({"claim": CLAIM, "top_k": "5"}, "top_k", "Not a valid integer"),
])
def test_invalid_bodies_are_422_with_field_errors(harness: Any, body: dict[str, Any], field: str,
                                                   words: str) -> None:
    response = harness.client.post("/v1/claims", json=body)
    problem = assert_problem(response, 422, field)
    assert field in problem["errors"]
    assert words in str(problem["errors"][field])
    assert harness.queue.enqueued == []
    assert harness.keys("job") == []


def test_claim_at_the_limit_after_normalisation_is_accepted(harness: Any) -> None:
    claim = "  " + "y" * 1000 + "\n\n"  # 1,004 characters raw, 1,000 normalised
    assert harness.post_claim(claim).status_code == 202


def test_json_that_is_not_an_object(harness: Any) -> None:
    response = harness.client.post("/v1/claims", json=["The call lasted two hours."])
    assert_problem(response, 422, "body: must be a JSON object")


def test_body_too_large_is_413(harness: Any) -> None:
    response = harness.client.post("/v1/claims", data='{"claim": "' + "z" * 70_000 + '"}',
                                   content_type="application/json")
    assert_problem(response, 413, "65536 bytes")


def test_unknown_route_is_404(harness: Any) -> None:
    assert_problem(harness.client.get("/v2/claims"), 404, "/openapi.json")
    # a body sent to an unknown route is still "not found", not "wrong content type"
    assert_problem(harness.client.post("/nope", data="x", content_type="text/plain"), 404)


def test_wrong_method_is_405_with_allow(harness: Any) -> None:
    response = harness.client.delete("/v1/claims")
    assert_problem(response, 405, "DELETE")
    assert "POST" in response.headers["Allow"]
    assert_problem(harness.client.post("/v1/corpus", json={}), 405)


def test_uncaught_error_is_a_bare_500(harness: Any, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> dict[str, Any]:
        raise RuntimeError("secret internal state at db-host-7.internal")

    harness.engine.describe_corpus = broken
    response = harness.client.get("/v1/corpus")
    body = assert_problem(response, 500, "logged")
    assert "db-host-7" not in response.get_data(as_text=True) and "RuntimeError" not in str(body)
    assert "secret internal state" in caplog.text  # kept for the operator, in the log


def test_broker_down_is_503_and_nothing_half_written(harness: Any) -> None:
    harness.queue.broker_down = True
    response = harness.post_claim(CLAIM)
    assert_problem(response, 503, "not accepted")
    assert int(response.headers["Retry-After"]) > 0
    # the job that could not be queued is marked failed, and does not capture identical claims
    assert harness.keys("inflight") == []
    records = [harness.jobs.get(key.split(":")[-1]) for key in harness.keys("job")]
    assert all(job.status == "failed" and "could not be queued" in job.error for job in records)

    harness.queue.broker_down = False
    again = harness.post_claim(CLAIM)
    assert again.status_code == 202 and harness.queue.enqueued == [again.get_json()["job_id"]]


def test_redis_down_is_503_everywhere(harness: Any) -> None:
    job_id = harness.post_claim(CLAIM).get_json()["job_id"]
    harness.server.connected = False
    post = harness.post_claim("Another claim.")
    assert_problem(post, 503, "Redis")
    assert "Retry-After" in post.headers
    assert_problem(harness.client.get(f"/v1/jobs/{job_id}"), 503, "Redis")
    batch = harness.client.post("/v1/claims/batch", json={"claims": [{"claim": "x"}]})
    assert_problem(batch, 503)
    harness.server.connected = True
    assert harness.keys("job") == [f"factcheck:job:{job_id}"]


def test_redis_failing_between_writes_leaves_no_orphan_job(harness: Any, monkeypatch: Any) -> None:
    from workers.stores import StoreUnavailable

    def unavailable(key: str, job_id: str) -> str | None:
        raise StoreUnavailable("Redis is unreachable")

    monkeypatch.setattr(harness.jobs, "claim_inflight", unavailable)
    assert_problem(harness.post_claim(CLAIM), 503)
    assert harness.keys("job") == [] and harness.queue.enqueued == []
