"""The audit trail: one row per change of rights or figures, whoever made it and however.

django-simple-history keeps every version of the models that carry figures; changes that are
not a row's new version (an account created, locked or given a role, a file removed, a year
finalised, an import batch) are written here by their services (`services.audit.audit`).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    CREATED = "created", _("Tạo mới")
    CHANGED = "changed", _("Sửa")
    DELETED = "deleted", _("Xóa")
    USER_CREATED = "user_created", _("Tạo tài khoản")
    USER_CHANGED = "user_changed", _("Sửa tài khoản")
    USER_DEACTIVATED = "user_deactivated", _("Khóa tài khoản")
    USER_REACTIVATED = "user_reactivated", _("Mở lại tài khoản")
    USER_RESET_SENT = "user_reset_sent", _("Gửi liên kết đặt mật khẩu")
    PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
    ATTACHMENT_ADDED = "attachment_added", _("Thêm tệp")
    ATTACHMENT_REMOVED = "attachment_removed", _("Xóa tệp")
    YEAR_FINALISED = "year_finalised", _("Chốt số liệu năm")
    YEAR_REOPENED = "year_reopened", _("Mở lại số liệu năm")
    IMPORT = "import", _("Nhập từ Excel")
    REPOINTED = "repointed", _("Chuyển quan hệ kết nghĩa sang đơn vị mới")
    ACTIVITY_MOVED = "activity_moved", _("Chuyển hoạt động sang đơn vị mới")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=30, choices=AuditKind.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.object_repr}"


class ImportBatch(models.Model):
    """One officer or admin import: who, when, which file (name and SHA-256), rows written.
    Every row written carries the batch in its history (`history_change_reason`)."""

    class Source(models.TextChoices):
        OFFICER = "officer", _("Cán bộ nhập tệp Excel")
        ADMIN = "admin", _("Trang quản trị nhập tệp")

    REASON_PREFIX = "import-batch:"

    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(_("đường nhập"), max_length=30, choices=Source.choices)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows_written = models.PositiveIntegerField(_("số dòng ghi"), default=0)

    class Meta:
        verbose_name = _("lượt nhập")
        verbose_name_plural = _("lượt nhập")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.file_name} ({self.at:%d/%m/%Y %H:%M})"

    @property
    def change_reason(self) -> str:
        """What the history of every row written by this batch says, read back by `id_of_reason`."""
        return f"{self.REASON_PREFIX}{self.pk}"

    @classmethod
    def id_of_reason(cls, reason: str | None) -> int | None:
        if reason and reason.startswith(cls.REASON_PREFIX) and reason[len(cls.REASON_PREFIX):].isdigit():
            return int(reason[len(cls.REASON_PREFIX):])
        return None
