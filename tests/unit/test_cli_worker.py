"""`factcheck worker` starts Celery with the concurrency from settings and passes extra options on."""

from __future__ import annotations

import pytest

from service import cli


def test_worker_starts_celery_with_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing connects in this test
    monkeypatch.setenv("FACTCHECK_WORKER_CONCURRENCY", "3")
    import workers.worker

    started: list[list[str]] = []
    monkeypatch.setattr(workers.worker.app, "worker_main", lambda argv: started.append(list(argv)))
    assert cli.main(["worker", "--pool", "solo"]) == 0
    [argv] = started
    assert argv[0] == "worker"
    assert argv[argv.index("--concurrency") + 1] == "3"
    assert argv[argv.index("--queues") + 1] == "factcheck"
    assert argv[-2:] == ["--pool", "solo"]
    assert "factcheck.score_claim" in workers.worker.app.tasks
