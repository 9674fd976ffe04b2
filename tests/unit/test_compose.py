"""The deployment files agree with the code: services, commands and FACTCHECK_* variables."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.cli import build_parser
from workers.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return data


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    assert isinstance(env, dict), "environment must be a mapping"
    return {str(k): str(v) for k, v in env.items()}


def test_three_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"redis", "api", "worker"}


def test_redis_persists_with_aof_and_has_a_healthcheck(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert "redis-cli" in redis["healthcheck"]["test"] and "ping" in redis["healthcheck"]["test"]
    assert any(str(v).endswith(":/data") for v in redis["volumes"])


def test_api_runs_gunicorn_on_the_wsgi_app(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    command = api["command"]
    assert command[0] == "gunicorn"
    module, attribute = command[-1].split(":")
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
    assigned = {t.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    assert attribute in assigned, f"{module} defines no {attribute}"
    bind = command[command.index("--bind") + 1]
    assert any(str(p).endswith(bind.rsplit(":", 1)[1]) for p in api["ports"])


def test_worker_runs_the_cli_worker_and_can_scale(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    assert worker["command"] == ["factcheck", "worker"]
    # scaling with --scale worker=N needs no fixed name and no published ports
    assert "container_name" not in worker and "ports" not in worker
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["factcheck"] == "service.cli:main"
    assert build_parser().parse_args(["worker"]).command == "worker"
    stop_grace = int(str(worker["stop_grace_period"]).rstrip("s"))
    assert stop_grace >= Settings().task_time_limit


def test_depends_on_waits_for_a_healthy_redis(compose: dict[str, Any]) -> None:
    for name in ("api", "worker"):
        assert compose["services"][name]["depends_on"] == {"redis": {"condition": "service_healthy"}}


def test_environment_uses_only_settings_variables(compose: dict[str, Any]) -> None:
    known = Settings.env_names()
    for name in ("api", "worker"):
        env = environment(compose["services"][name])
        unknown = {k for k in env if k.startswith("FACTCHECK_")} - known
        assert not unknown, f"{name} sets variables the code does not read: {unknown}"
        assert env["FACTCHECK_REDIS_URL"].startswith("redis://redis:")
        # Values are literal or ${VAR:-default} with VAR the same variable: config from the environment.
        for key, value in env.items():
            for referenced in re.findall(r"\$\{(\w+)", value):
                assert referenced == key
    api_env, worker_env = (environment(compose["services"][n]) for n in ("api", "worker"))
    shared = set(api_env) & set(worker_env)
    # producer and consumer must agree on what decides cache keys and redelivery
    for key in ("FACTCHECK_REDIS_URL", "FACTCHECK_CORPUS", "FACTCHECK_STANCE_MODEL",
                "FACTCHECK_VISIBILITY_TIMEOUT", "FACTCHECK_TASK_TIME_LIMIT"):
        assert key in shared and api_env[key] == worker_env[key]


def test_compose_defaults_make_valid_settings(compose: dict[str, Any]) -> None:
    env = environment(compose["services"]["worker"])
    resolved = {k: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", v) for k, v in env.items()}
    settings = Settings.from_env(resolved)
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.task_time_limit < settings.visibility_timeout


def test_dockerfile_installs_the_project_and_ships_the_corpus() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^RUN pip install \.", dockerfile, re.M)
    for folder in ("service", "workers", "seeds"):
        assert re.search(rf"^COPY {folder} ", dockerfile, re.M)
    assert "HF_HUB_OFFLINE=1" in dockerfile
    assert ".venv" in (ROOT / ".dockerignore").read_text()
