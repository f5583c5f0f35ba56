"""A background-job worker for browser tests: django-tasks-db's own worker loop in a thread
beside the live server, for `max_tasks` tasks (then it stops)."""

import threading

from django.conf import settings
from django.db import connection


class Worker(threading.Thread):
    def __init__(self, max_tasks: int = 1):
        super().__init__(daemon=True)
        self.max_tasks = max_tasks

    def run(self):
        from django_tasks_db.management.commands.db_worker import Worker as DBWorker

        try:
            DBWorker(queue_names=[settings.JOBS_QUEUE], interval=0.1, batch=False, backend_name="default",
                     startup_delay=False, max_tasks=self.max_tasks, worker_id="browser-test",
                     excluded_queue_names=[]).run()
        finally:
            connection.close()
