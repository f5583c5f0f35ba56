"""What awaits someone: in-app notices (with an unread badge), their e-mail, reminders.

This app sits below `partnerships`: the services that cause an event call `services.notify`
with the recipients and a link; nothing here reads activities or plans. Reminder rules are
registered by the apps that own the data (`reminders.py`, see `registry.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SUBMITTED = "submitted", _("Hoạt động chờ duyệt")
    RETURNED = "returned", _("Hoạt động bị trả lại")
    TO_CONFIRM = "to_confirm", _("Hoạt động chờ địa phương xác nhận")
    DISCREPANCY = "discrepancy", _("Địa phương báo chưa khớp")
    RECOMMENDATION_DUE = "rec_due", _("Kiến nghị sắp đến hạn")
    RECOMMENDATION_OVERDUE = "rec_overdue", _("Kiến nghị quá hạn")
    RECOMMENDATION_NEW = "rec_new", _("Kiến nghị mới sau kiểm tra")
    FOLLOW_UP_REPORTED = "follow_up", _("Báo cáo thực hiện kiến nghị")
    PLAN_MISSING = "plan_missing", _("Chưa có kế hoạch năm")
    REPORT_READY = "report_ready", _("Báo cáo năm đã sẵn sàng")
    REMINDER = "reminder", _("Nhắc việc")


# What blocks someone until they act: e-mailed at once; the rest goes in the daily digest.
BLOCKING_EVENTS = {Event.RETURNED, Event.DISCREPANCY, Event.RECOMMENDATION_OVERDUE}


class EmailState(models.TextChoices):
    NONE = "none", _("Không gửi")
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("sự việc"), max_length=16, choices=Event.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=300)
    # Reminders and repeated checks say "the same thing" with the same key: one notice, not one a day.
    key = models.CharField(_("khóa"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lúc đọc"), null=True, blank=True)
    email_state = models.CharField(_("thư điện tử"), max_length=8, choices=EmailState.choices, default=EmailState.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi thư"), default=0)
    emailed_at = models.DateTimeField(_("lúc gửi thư"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def is_blocking(self) -> bool:
        return self.event in BLOCKING_EVENTS


class Preference(models.Model):
    """A person's choice about e-mail; without a row, e-mail is on (when they have an address)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(_("nhận thư điện tử"), default=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self):
        return str(self.user)


class ReminderSchedule(models.Model):
    """A reminder the coordinator sets: which rule, its parameter, from which date, whether on."""

    rule = models.CharField(_("loại nhắc việc"), max_length=40)
    days = models.PositiveSmallIntegerField(
        _("số ngày"), default=7,
        help_text=_("Nhắc trước hạn bao nhiêu ngày, hoặc nhắc bản nháp chưa gửi sau bao nhiêu ngày."),
    )
    deadline = models.DateField(
        _("hạn"), null=True, blank=True,
        help_text=_("Hạn báo cáo, hoặc ngày mà kế hoạch năm phải có; để trống với loại không cần hạn."),
    )
    is_active = models.BooleanField(_("đang bật"), default=True)
    last_run_on = models.DateField(_("lần chạy gần nhất"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đặt"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lịch nhắc việc")
        verbose_name_plural = _("lịch nhắc việc")
        ordering = ["rule", "deadline", "pk"]

    def __str__(self):
        from .registry import rule_title

        return str(rule_title(self.rule))
