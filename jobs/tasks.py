"""The one task the backends carry. Which backend (database or RQ) is a setting: `TASKS_BACKEND`."""

from django.conf import settings
from django_tasks import task

from . import runner


@task(queue_name=settings.JOBS_QUEUE)
def run_job(job_id: str) -> None:
    runner.execute(job_id)
