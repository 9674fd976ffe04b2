"""Corpus, health and readiness probes, OpenAPI spec and the offline docs page."""

from __future__ import annotations

import re
from typing import Any


def test_corpus_describes_documents(harness: Any) -> None:
    response = harness.client.get("/v1/corpus")
    assert response.status_code == 200
    assert response.get_json() == harness.engine.describe_corpus()


def test_healthz(harness: Any) -> None:
    response = harness.client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_when_redis_and_workers_answer(harness: Any) -> None:
    response = harness.client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready",
                                   "checks": {"store": "ok", "workers": "1 worker(s) answering"}}


def test_readyz_without_workers(harness: Any) -> None:
    harness.queue.workers = False
    response = harness.client.get("/readyz")
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert response.get_json()["checks"]["workers"] == "no worker answered"


def test_readyz_without_redis(harness: Any) -> None:
    harness.server.connected = False
    response = harness.client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["store"] == "unreachable"


def test_openapi_spec_lists_the_api(harness: Any) -> None:
    spec = harness.client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    assert {"/v1/claims", "/v1/claims/batch", "/v1/jobs/{job_id}", "/v1/corpus", "/healthz",
            "/readyz"} <= set(paths)
    responses = paths["/v1/claims"]["post"]["responses"]
    assert {"202", "200", "422", "503"} <= set(responses)
    assert "application/problem+json" in responses["503"]["content"]
    # errors are documented with the problem+json shape the API really returns
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail"} <= set(problem["required"])
    for response in spec["components"]["responses"].values():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_docs_page_loads_nothing_from_outside(harness: Any) -> None:
    page = harness.client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert "http://" not in html and "https://" not in html
    assert '"validatorUrl": null' in html
    for url in urls:
        asset = harness.client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.get_data()) > 1000
