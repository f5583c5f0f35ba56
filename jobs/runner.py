"""What the worker does with a job: claim it once, run its kind, report progress, publish its
file atomically, and record success or the error in Vietnamese.

A file is written under a temporary name in `MEDIA_ROOT/jobs/tmp/` and moved into place only
when the job has finished, so a job that fails, or a worker that is killed halfway, never leaves
a half-written file where a user could download it; `prune_jobs` removes the leftovers.
"""

import logging
import os
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Job, JobStatus
from .registry import get_kind

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds): often enough for a smooth bar, rarely
# enough that a 200 000-row export does not spend its time updating one row.
PROGRESS_EVERY = 0.5


def tmp_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "jobs" / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


class JobRun:
    """Handed to a job kind's function: the job, who asked, progress, the output file."""

    def __init__(self, job: Job):
        self.job = job
        self.user = get_user_model().objects.get(pk=job.owner_id)
        self._last_write = 0.0

    def set_total(self, total: int) -> None:
        self.job.total = max(0, int(total))
        self.job.done = 0
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.job.done = self.job.done + count
        if self.job.total and self.job.done > self.job.total:
            self.job.total = self.job.done
        self._write()

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_write < PROGRESS_EVERY:
            return
        # Inside an all-or-nothing write (an import) the progress row would only become visible
        # at commit, and on SQLite a second connection would wait for the lock: skip it there.
        if connection.in_atomic_block:
            return
        try:
            Job.objects.filter(pk=self.job.pk).update(
                total=self.job.total, done=self.job.done, heartbeat_at=timezone.now()
            )
        except OperationalError:
            # Progress is best-effort: SQLite refuses a write while a page's poll reads the row
            # ("database table is locked"); the next write carries the count, the job goes on.
            return
        self._last_write = now

    def keep_result(self, result: dict) -> None:
        """Record the result inside the kind's own transaction, so it commits with the kind's
        writes or not at all. A kind that must never write twice (an import) looks at
        `run.job.result` first: a retry after a worker died between its commit and the end of
        the job finds the result there instead of writing again."""
        Job.objects.filter(pk=self.job.pk).update(result=result)
        self.job.result = result

    @contextmanager
    def output(self, filename: str):
        """A binary stream to write the job's file to; published only if the job succeeds."""
        part = tmp_dir() / f"{self.job.pk}.part"
        stream = part.open("wb")
        try:
            yield stream
        except BaseException:
            stream.close()
            part.unlink(missing_ok=True)
            raise
        stream.close()
        self._pending = (part, get_valid_filename(filename))


def _publish(job: Job, pending) -> None:
    part, filename = pending
    relative = Path("jobs") / str(job.owner_id) / str(job.pk) / filename
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, target)  # atomic on one file system: the file is whole or absent
    job.file.name = relative.as_posix()
    job.filename = filename


def _message(error: BaseException) -> str:
    """The error as the user should read it: a rule's own message, else a plain sentence."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    message = getattr(error, "message", None)  # the portal's DomainError carries one; builtins do not
    if isinstance(message, str) and message:
        return message
    return _("Đã có lỗi khi xử lý nên chưa có kết quả. Hãy bấm “Thử lại”; nếu vẫn lỗi, xin báo quản trị hệ thống.")


def execute(job_id: str) -> None:
    # Claim: only a queued job starts, once, even if the backend delivers it twice.
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(), done=0,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        logger.info("job %s is not queued any more; nothing to do", job_id)
        return
    job = Job.objects.get(pk=job_id)
    kind = get_kind(job.kind)
    run = JobRun(job)
    run._pending = None
    try:
        # Jobs write their files in Vietnamese whatever language the web request used.
        with override(settings.LANGUAGE_CODE):
            result = kind.run(run, **job.params)
    except Exception as error:  # a kill (SIGKILL) never gets here: the heartbeat tells that
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        with override(settings.LANGUAGE_CODE):
            message = _message(error)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message, finished_at=timezone.now())
        return
    with transaction.atomic():
        if run._pending:
            _publish(job, run._pending)
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            done=run.job.total or run.job.done,
            total=run.job.total or run.job.done,
            error="",
            result=result if isinstance(result, dict) else {},
            file=job.file.name or "",
            filename=job.filename,
            finished_at=now,
            expires_at=now + timedelta(seconds=settings.JOBS_FILE_TTL),
        )

