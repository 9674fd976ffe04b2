from pathlib import Path

import pytest

from workers.settings import Settings, SettingsError


def test_defaults_are_embedded_and_consistent() -> None:
    settings = Settings.from_env({})
    assert settings.embedded
    assert settings.effective_broker_url is None
    assert settings.task_soft_time_limit < settings.task_time_limit < settings.visibility_timeout
    assert settings.effective_worker_concurrency >= 1
    assert settings.inflight_ttl > settings.visibility_timeout


def test_reads_prefixed_variables_with_types() -> None:
    settings = Settings.from_env({
        "FACTCHECK_REDIS_URL": "redis://cache:6379/2",
        "FACTCHECK_CORPUS": "/data/corpus.jsonl",
        "FACTCHECK_CACHE_TTL": "60",
        "FACTCHECK_WORKER_CONCURRENCY": "3",
        "FACTCHECK_INDEX_CACHE_DIR": "none",
        "FACTCHECK_LOG_LEVEL": "debug",
        "FACTCHECK_STANCE_MODEL": "",  # empty = unset
        "REDIS_URL": "redis://ignored:1/0",  # unprefixed variables are not ours
    })
    assert settings.redis_url == "redis://cache:6379/2"
    assert settings.effective_broker_url == "redis://cache:6379/2"
    assert not settings.embedded
    assert settings.corpus == Path("/data/corpus.jsonl")
    assert settings.cache_ttl == 60
    assert settings.effective_worker_concurrency == 3
    assert settings.index_cache_dir is None
    assert settings.log_level == "DEBUG"
    assert settings.stance_model is None


def test_separate_broker_url_wins() -> None:
    settings = Settings.from_env({"FACTCHECK_REDIS_URL": "redis://a/0", "FACTCHECK_BROKER_URL": "redis://b/1"})
    assert settings.effective_broker_url == "redis://b/1"


@pytest.mark.parametrize(("env", "message"), [
    ({"FACTCHECK_JOB_TTL": "soon"}, "FACTCHECK_JOB_TTL must be a whole number"),
    ({"FACTCHECK_CACHE_TTL": "0"}, "FACTCHECK_CACHE_TTL must be a positive number"),
    ({"FACTCHECK_WORKER_CONCURRENCY": "-2"}, "FACTCHECK_WORKER_CONCURRENCY"),
    ({"FACTCHECK_TASK_SOFT_TIME_LIMIT": "100", "FACTCHECK_TASK_TIME_LIMIT": "90"}, "must be below"),
    ({"FACTCHECK_VISIBILITY_TIMEOUT": "80"}, "FACTCHECK_VISIBILITY_TIMEOUT (80s) must be longer"),
])
def test_rejects_unusable_values_with_the_variable_name(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env(env)


def test_env_names_cover_every_field() -> None:
    names = Settings.env_names()
    assert {"FACTCHECK_REDIS_URL", "FACTCHECK_CORPUS", "FACTCHECK_CACHE_TTL", "FACTCHECK_JOB_TTL",
            "FACTCHECK_INDEX_CACHE_DIR", "FACTCHECK_STANCE_MODEL", "FACTCHECK_WORKER_CONCURRENCY",
            "FACTCHECK_TASK_SOFT_TIME_LIMIT", "FACTCHECK_TASK_TIME_LIMIT",
            "FACTCHECK_VISIBILITY_TIMEOUT"} <= names
    assert all(name.startswith("FACTCHECK_") for name in names)
