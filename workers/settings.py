"""Configuration of the service and its workers, read once from FACTCHECK_* environment variables.

Everything that differs between a laptop, CI and a deployment lives here, typed and validated up
front, so a bad value stops the process at start-up with a message instead of failing a request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

PREFIX = "FACTCHECK_"


def usable_cores() -> int:
    """Cores this process may run on (respects CPU affinity, e.g. `docker run --cpuset-cpus`)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class SettingsError(ValueError):
    """A FACTCHECK_* variable has a value the service cannot use."""


@dataclass(frozen=True)
class Settings:
    # Redis for the job store and result cache; None = embedded mode (in-memory, in-process worker).
    redis_url: str | None = None
    # Celery broker; defaults to redis_url (a separate broker is possible, e.g. a Redis of its own).
    broker_url: str | None = None
    # Corpus folder or .jsonl file; None = the default corpus shipped in seeds/.
    corpus: Path | None = None
    # Where the engine keeps its built index between runs; None = rebuild in memory every start.
    index_cache_dir: Path | None = Path(".cache/index")
    # Hugging Face NLI cross-encoder used as stance scorer; None = the engine's built-in scorer.
    stance_model: str | None = None
    cache_ttl: int = 7 * 24 * 3600  # finished results, seconds
    job_ttl: int = 24 * 3600  # job records, seconds
    worker_concurrency: int | None = None  # None = one process per core
    embedded_workers: int = 1  # threads scoring claims in embedded mode
    engine_threads: int = 1  # threads the engine may use inside one worker process
    task_soft_time_limit: int = 60  # seconds; the task records a failure when it is reached
    task_time_limit: int = 90  # seconds; the process running the task is killed
    task_max_retries: int = 5  # retries for transient Redis errors
    retry_backoff_max: int = 60  # seconds between retries at most
    visibility_timeout: int = 900  # seconds before an unacknowledged task is delivered again
    max_content_length: int = 512 * 1024  # bytes of a request body
    max_claim_chars: int = 1000  # after normalisation
    log_level: str = "INFO"

    def __post_init__(self) -> None:
        positive = ("cache_ttl", "job_ttl", "embedded_workers", "engine_threads", "task_soft_time_limit",
                    "task_time_limit", "retry_backoff_max", "visibility_timeout", "max_content_length",
                    "max_claim_chars")
        for name in positive:
            if getattr(self, name) <= 0:
                raise SettingsError(f"{PREFIX}{name.upper()} must be a positive number")
        if self.task_max_retries < 0:
            raise SettingsError(f"{PREFIX}TASK_MAX_RETRIES must be 0 or more")
        if self.worker_concurrency is not None and self.worker_concurrency <= 0:
            raise SettingsError(f"{PREFIX}WORKER_CONCURRENCY must be a positive number")
        if self.task_soft_time_limit >= self.task_time_limit:
            raise SettingsError(
                f"{PREFIX}TASK_SOFT_TIME_LIMIT ({self.task_soft_time_limit}s) must be below "
                f"{PREFIX}TASK_TIME_LIMIT ({self.task_time_limit}s), so a slow task can still record "
                "its failure"
            )
        # A message that is still being worked on must not be handed to a second worker, and a
        # retry waiting for its countdown must not be redelivered meanwhile.
        if self.visibility_timeout <= max(self.task_time_limit, self.retry_backoff_max):
            raise SettingsError(
                f"{PREFIX}VISIBILITY_TIMEOUT ({self.visibility_timeout}s) must be longer than "
                f"{PREFIX}TASK_TIME_LIMIT and {PREFIX}RETRY_BACKOFF_MAX"
            )

    @property
    def embedded(self) -> bool:
        return self.redis_url is None

    @property
    def effective_broker_url(self) -> str | None:
        return self.broker_url or self.redis_url

    @property
    def effective_worker_concurrency(self) -> int:
        return self.worker_concurrency or usable_cores()

    @property
    def inflight_ttl(self) -> int:
        """How long identical claims join a job that has not finished: queue wait plus every retry."""
        return self.visibility_timeout + self.task_time_limit * (self.task_max_retries + 1)

    @classmethod
    def env_names(cls) -> set[str]:
        """Every environment variable the service reads."""
        return {PREFIX + f.name.upper() for f in fields(cls)}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            name = PREFIX + f.name.upper()
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                continue
            raw = raw.strip()
            kind = str(f.type)
            if kind.startswith("int"):
                try:
                    values[f.name] = int(raw)
                except ValueError:
                    raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
            elif kind.startswith("Path"):
                values[f.name] = None if raw.lower() == "none" else Path(raw)
            elif f.name == "log_level":
                values[f.name] = raw.upper()
            else:
                values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]
