"""Run the background-job worker for whichever backend TASKS_BACKEND selects.

database → django-tasks-db's `db_worker`; rq → django-rq's `rqworker` with the job class that
django-tasks-rq needs. One command, so `make run`, the README and the systemd unit never differ.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (xuất tệp, báo cáo năm, nhập dữ liệu, thư điện tử)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, burst=False, **options):
        backend = settings.TASKS_BACKEND
        if backend == "database":
            # No autoreload: `make run` stops the worker by its pid, which a reloader's child would outlive.
            call_command("db_worker", queue_name=settings.JOBS_QUEUE, batch=burst, interval=1, reload=False)
        elif backend == "rq":
            call_command("rqworker", settings.JOBS_QUEUE, job_class="django_tasks_rq.Job", burst=burst,
                         with_scheduler=True)
        else:
            raise CommandError(f"TASKS_BACKEND={backend} runs jobs inside the request; there is no worker.")
