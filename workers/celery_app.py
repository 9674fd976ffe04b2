"""The Celery application (a factory) and the queue the API uses to hand jobs to Celery workers.

The same configuration is used by the producer (API) and the consumers (workers), so settings
that must agree on both sides, such as the broker's visibility timeout, cannot drift apart.
"""

from __future__ import annotations

import logging
from typing import Any

import kombu.exceptions
import redis
from celery import Celery, signals

from workers.runtime import QueueUnavailable, WorkerRuntime
from workers.settings import Settings
from workers.tasks import TASK_NAME, register_tasks

logger = logging.getLogger(__name__)

QUEUE_NAME = "factcheck"
# Publishing gives up fast when the broker is down: the API answers 503 instead of hanging.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.5}


def celery_config(settings: Settings) -> dict[str, Any]:
    broker = settings.effective_broker_url
    if broker is None:
        raise ValueError("Celery needs FACTCHECK_REDIS_URL (or FACTCHECK_BROKER_URL); "
                         "without it, `factcheck serve` runs the embedded worker instead")
    return {
        "broker_url": broker,
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout,
            "socket_connect_timeout": 3,
        },
        "broker_connection_timeout": 3,
        "broker_connection_retry_on_startup": True,
        "result_backend": None,
        "task_ignore_result": True,  # results live in our own job records
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
        "task_default_queue": QUEUE_NAME,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "worker_prefetch_multiplier": 1,
        "worker_concurrency": settings.effective_worker_concurrency,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "worker_hijack_root_logger": False,
        "task_always_eager": False,
    }


def create_celery(settings: Settings, *, runtime: WorkerRuntime | None = None) -> Celery:
    """A Celery app with the scoring task registered; `runtime` supplies engine and stores to the task."""
    app = Celery("factcheck")
    app.conf.update(celery_config(settings))
    register_tasks(app, runtime or WorkerRuntime(settings))
    return app


def warm_up_on_worker_start(runtime: WorkerRuntime) -> None:
    """Build the engine when a worker process starts, so the first task does not pay for it.

    prefork: in every child after the fork (worker_process_init). solo/threads: in the worker itself.
    """

    @signals.worker_process_init.connect(weak=False)
    def _in_child(**_: Any) -> None:
        runtime.engine()

    @signals.worker_init.connect(weak=False)
    def _in_worker(sender: Any = None, **_: Any) -> None:
        pool = str(getattr(sender, "pool_cls", "")).lower()
        if "solo" in pool or "thread" in pool:
            runtime.engine()


class CeleryQueue:
    """The producer side: send the scoring task by name, ask workers for a ping."""

    def __init__(self, app: Celery, *, ping_timeout: float = 1.0) -> None:
        self.app = app
        self.ping_timeout = ping_timeout

    def enqueue(self, job_id: str) -> None:
        try:
            self.app.send_task(TASK_NAME, args=[job_id], queue=QUEUE_NAME, retry=True,
                               retry_policy=PUBLISH_RETRY_POLICY)
        except (kombu.exceptions.OperationalError, redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            raise QueueUnavailable("the task broker is unreachable") from exc

    def workers_ready(self) -> tuple[bool, str]:
        try:
            replies = self.app.control.ping(timeout=self.ping_timeout)
        except (kombu.exceptions.OperationalError, redis.ConnectionError, redis.TimeoutError, OSError):
            return False, "task broker unreachable"
        if not replies:
            return False, "no worker answered"
        return True, f"{len(replies)} worker(s) answering"
