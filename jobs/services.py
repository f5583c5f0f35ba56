"""Starting and retrying jobs: the only writes to `Job` outside the worker."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus, dedupe_key
from .registry import get_kind


class JobNotRetryable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _enqueue(job: Job) -> None:
    from .tasks import run_job

    def send():
        result = run_job.using(queue_name=settings.JOBS_QUEUE).enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    # Queued only once the job row is committed: a worker must find it, and a rolled-back
    # request must not leave a task pointing at nothing.
    transaction.on_commit(send)


def _give_up_if_stalled(job: Job) -> None:
    if job.is_stalled():
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            error=_("Tiến trình xử lý bị ngắt giữa chừng (máy chủ khởi động lại hoặc tác vụ bị dừng); "
                    "chưa có tệp nào được tạo. Hãy bấm “Thử lại”."),
            finished_at=timezone.now(),
        )
        job.refresh_from_db()


def job_start(*, actor, kind: str, params: dict | None = None, title: str | None = None) -> Job:
    """Start a job for `actor`, or return the same one already waiting or running."""
    params = params or {}
    job_kind = get_kind(kind)
    key = dedupe_key(kind, params)
    existing = Job.objects.active().filter(owner=actor, dedupe_key=key).first()
    if existing:
        _give_up_if_stalled(existing)
        if existing.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            return existing
    job = Job(owner=actor, kind=kind, params=params, dedupe_key=key, title=str(title or job_kind.title)[:300])
    job.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # The other click won the race: hand back its job.
        return Job.objects.active().get(owner=actor, dedupe_key=key)
    _enqueue(job)
    return job


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk, owner=actor)
    _give_up_if_stalled(job)
    if job.status != JobStatus.FAILED:
        raise JobNotRetryable(_("Tác vụ này không ở trạng thái lỗi nên không cần chạy lại."))
    if Job.objects.active().filter(owner=actor, dedupe_key=job.dedupe_key).exists():
        raise JobNotRetryable(_("Một bản sao của tác vụ này đang chạy."))
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, error="", done=0, started_at=None, heartbeat_at=None, finished_at=None
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


def job_prune(*, now=None) -> int:
    """Delete expired jobs with their files, and leftovers of killed workers. Returns the count."""
    from .runner import tmp_dir

    now = now or timezone.now()
    expired = list(Job.objects.filter(expires_at__lte=now))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    Job.objects.filter(pk__in=[job.pk for job in expired]).delete()
    live = {str(pk) for pk in Job.objects.active().values_list("pk", flat=True)}
    for part in tmp_dir().glob("*.part"):
        if part.stem not in live:
            part.unlink(missing_ok=True)
    return len(expired)
