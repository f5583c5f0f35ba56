"""The day's scheduled work: reminders, the e-mail digest, pruning expired files.

Queued for the worker (a task each) unless --inline. Production: a systemd timer or cron runs it
(docs/systemd/ketnghia-scheduled.timer); `make run` runs it every 15 minutes. Reminders run once
a day per schedule whatever the frequency; the digest sends what waits, so run it as often as
the digest should go out (once a day by default in the timer).
"""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy các việc theo lịch: nhắc việc, thư tổng hợp, xóa tệp hết hạn."

    def add_arguments(self, parser):
        parser.add_argument("--inline", action="store_true", help="Run here instead of queueing for the worker.")
        parser.add_argument("--no-digest", action="store_true", help="Reminders only, no digest e-mail.")

    def handle(self, *args, inline=False, no_digest=False, **options):
        from jobs.services import job_prune
        from notifications import services

        if inline:
            self.stdout.write(f"reminders: {services.run_reminders()}")
            if not no_digest:
                self.stdout.write(f"digests: {services.send_digests()}")
            self.stdout.write(f"pruned: {job_prune()}")
            return
        services.run_reminders_task.using(queue_name=settings.JOBS_QUEUE).enqueue()
        if not no_digest:
            services.send_digests_task.using(queue_name=settings.JOBS_QUEUE).enqueue()
        job_prune()
