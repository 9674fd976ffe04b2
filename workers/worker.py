"""Entry module for `celery -A workers.worker worker`: the Celery app, built from the environment.

Importing this module reads the settings; nothing else in the code base builds apps at import time.
"""

from workers.celery_app import create_celery, warm_up_on_worker_start
from workers.runtime import WorkerRuntime
from workers.settings import Settings

settings = Settings.from_env()
runtime = WorkerRuntime(settings)
app = create_celery(settings, runtime=runtime)
warm_up_on_worker_start(runtime)
