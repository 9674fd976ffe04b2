"""Integration fixtures: the real Redis at 127.0.0.1:6379 (database 13, cleaned before and after) and a
real Celery worker started as a subprocess (`factcheck worker --pool solo`), stopped at the end.

When Redis is unreachable these tests skip on a developer machine but FAIL when CI is set: CI must
never pass without having run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from processes import free_port, stop_process, wait_until

REDIS_HOST = "127.0.0.1"
REDIS_PORT = 6379
REDIS_DB = 13  # ours alone: never db 0, never FLUSHALL
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def redis_db() -> Iterator[redis.Redis]:
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_HOST}:{REDIS_PORT} is unreachable ({exc})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: the integration tests must run in CI", pytrace=False)
        pytest.skip(f"{message}; start it to run the integration tests")
    client.flushdb()  # database 13 only
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index cache shared by the worker and the API of the test session (built once)."""
    return tmp_path_factory.mktemp("index")


def service_env(index_cache: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env.update({
        "FACTCHECK_REDIS_URL": REDIS_URL,
        "FACTCHECK_INDEX_CACHE_DIR": str(index_cache),
        "FACTCHECK_LOG_LEVEL": "INFO",
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    })
    env.update(overrides)
    return env


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[Any], log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def scored(self, job_id: str) -> int:
        """How many times this worker scored the job (from its log)."""
        return self.output().count(f"job {job_id}: scored")


@pytest.fixture(scope="session")
def worker(redis_db: redis.Redis, index_cache: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerProcess]:
    factcheck = shutil.which("factcheck", path=str(BIN))
    assert factcheck, f"the factcheck command is not installed in {BIN}"
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with open(log, "w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [factcheck, "worker", "--pool", "solo", "--hostname", f"test-{os.getpid()}@%h",
             "--without-gossip", "--without-mingle"],
            env=service_env(index_cache), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )
    handle = WorkerProcess(process, log)
    try:
        # "ready" is logged once the worker consumes; with --pool solo the engine is built before that.
        wait_until(lambda: process.poll() is not None or " ready." in handle.output(), 240, "the worker")
        if process.poll() is not None:
            raise AssertionError(f"the worker exited with {process.returncode}:\n{handle.output()[-4000:]}")
        yield handle
    finally:
        stop_process(process)
        print(f"--- worker log (tail) ---\n{handle.output()[-3000:]}")


@pytest.fixture(scope="session")
def api(worker: WorkerProcess, index_cache: Path) -> Any:
    """The API built by the same factory gunicorn uses, in Redis mode, driven by Flask's test client."""
    from service.app import build_app
    from workers.settings import Settings

    settings = Settings.from_env(service_env(index_cache))
    return build_app(settings)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[Any]]]:
    """A throw-away redis-server on a free port, for tests that kill Redis (never the shared one)."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed", pytrace=False)
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    try:
        wait_until(answers, 10, "the private redis-server")
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        client.close()
        stop_process(process, timeout=5)
