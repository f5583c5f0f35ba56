"""A job someone started and waits for: what it is, how far it got, and the file it made.

The task backend (django-tasks: database or RQ) only carries `run_job(job_id)`; everything the
user sees (progress, the error in Vietnamese, the file, its expiry) lives here, so it reads the
same whichever backend runs the work.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def dedupe_key(kind: str, params: dict) -> str:
    """Same kind, same parameters → same key (the one-copy rule and `JobQuerySet.same` read it)."""
    text = json.dumps([kind, params], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person's own jobs only: an export carries the rows its owner may see, nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def active(self):
        return self.filter(status__in=ACTIVE)

    def same(self, kind: str, params: dict):
        """Jobs of this kind with exactly these parameters (a page shows the ones it started)."""
        return self.filter(kind=kind, dedupe_key=dedupe_key(kind, params))


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("người yêu cầu")
    )
    kind = models.CharField(_("loại tác vụ"), max_length=80)
    title = models.CharField(_("tên"), max_length=300)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    # Same owner, same kind, same parameters: a second click finds the running job instead of
    # starting a copy (the partial unique constraint below makes that hold under a race too).
    dedupe_key = models.CharField(_("khóa chống trùng"), max_length=64)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    file = models.FileField(_("tệp"), upload_to="jobs/", max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("lúc yêu cầu"), default=timezone.now)
    started_at = models.DateTimeField(_("lúc bắt đầu"), null=True, blank=True)
    # Touched by every progress report; a running job whose heartbeat is older than
    # JOBS_STALLED_AFTER lost its worker (killed, machine restarted).
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "dedupe_key"],
                condition=Q(status__in=["queued", "running"]),
                name="jobs_one_active_copy",
            ),
            models.CheckConstraint(condition=Q(done__lte=models.F("total")) | Q(total=0), name="jobs_done_le_total"),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    def is_stalled(self, now=None) -> bool:
        if self.status != JobStatus.RUNNING:
            return False
        now = now or timezone.now()
        last = self.heartbeat_at or self.started_at or self.created_at
        return (now - last).total_seconds() > settings.JOBS_STALLED_AFTER

    def is_expired(self, now=None) -> bool:
        return bool(self.expires_at and self.expires_at <= (now or timezone.now()))

    @property
    def may_retry(self) -> bool:
        return self.status == JobStatus.FAILED or self.is_stalled()

    @property
    def has_file(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file) and not self.is_expired()
