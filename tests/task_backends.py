"""The task backends under test: every job test (jobs, the annual report's jobs, imports,
notification e-mail) runs once on the database backend and once on RQ, through the
`tasks_backend` fixture (made available everywhere by tests/conftest.py).

Redis is at REDIS_URL (127.0.0.1:6379 on this machine and in CI). Without it the RQ half is
skipped with the reason, unless REQUIRE_REDIS=1 (CI), where it fails instead.
"""

import os
from dataclasses import dataclass
from collections.abc import Callable

import pytest
from django.core.management import call_command

BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}


@dataclass
class Backend:
    name: str
    run_worker: Callable[[], None]
    # Tasks queued to run later (a retry's delay) become due now; the next run_worker runs them.
    make_deferred_due: Callable[[], int]


def _redis_or_skip(settings):
    import redis

    try:
        redis.Redis.from_url(settings.RQ_QUEUES[settings.JOBS_QUEUE]["URL"], socket_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis is needed for the RQ backend: {error}")
        pytest.skip(f"Redis not reachable ({error}); set REQUIRE_REDIS=1 to fail instead")


@pytest.fixture(params=list(BACKENDS))
def tasks_backend(request, settings, monkeypatch):
    name = request.param
    if name == "rq":
        _redis_or_skip(settings)
    settings.TASKS = {"default": {"BACKEND": BACKENDS[name], "QUEUES": [settings.JOBS_QUEUE]}}

    if name == "database":
        # The worker drops connections that are not in autocommit, as a test's transaction is
        # not; everything else about it (claiming with SKIP LOCKED, running, recording) is real.
        monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

        def run_worker():
            call_command("db_worker", queue_name=settings.JOBS_QUEUE, batch=True, interval=0, startup_delay=False)

        def make_deferred_due():
            from datetime import timedelta

            from django.utils import timezone
            from django_tasks_db.models import DBTaskResult, get_date_max

            return (DBTaskResult.objects.filter(status="READY").exclude(run_after=get_date_max())
                    .update(run_after=timezone.now() - timedelta(seconds=1)))
    else:
        import django_rq
        from django_tasks_rq import Job
        from rq import SimpleWorker

        queue = django_rq.get_queue(settings.JOBS_QUEUE, job_class=Job)

        def empty():
            queue.empty()
            for job_id in queue.scheduled_job_registry.get_job_ids():
                queue.scheduled_job_registry.remove(job_id, delete_job=True)

        empty()

        def run_worker():
            # In-process (no fork) so that the job sees this test's database transaction.
            SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

        def make_deferred_due():
            registry = queue.scheduled_job_registry
            moved = 0
            for job_id in registry.get_job_ids():
                job = queue.fetch_job(job_id)
                registry.remove(job_id)
                if job is not None:
                    queue.enqueue_job(job)
                    moved += 1
            return moved

        request.addfinalizer(empty)
    return Backend(name=name, run_worker=run_worker, make_deferred_due=make_deferred_due)
