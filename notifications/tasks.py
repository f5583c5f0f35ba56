from django.conf import settings
from django_tasks import task

from . import services


@task(queue_name=settings.JOBS_QUEUE)
def send_notice_email(notice_id: int) -> None:
    services.deliver(notice_id)


@task(queue_name=settings.JOBS_QUEUE)
def send_digests() -> int:
    return services.send_digests()


@task(queue_name=settings.JOBS_QUEUE)
def run_reminders() -> dict:
    return {str(pk): count for pk, count in services.run_reminders().items()}
