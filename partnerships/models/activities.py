"""Activities: categories, the activity itself, its workflow history and evidence files."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships import geography
from partnerships.access.scoping import ScopedQuerySet
from partnerships.models.dev_models import DevelopmentModel
from partnerships.models.partnerships import Partnership
from partnerships.models.stored_files import StoredFile
from partnerships.models.units import AdministrativeUnit


class ActivityCategory(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại hoạt động"), max_length=150, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_substantive = models.BooleanField(
        _("thiết thực"),
        default=True,
        help_text=_("Hỗ trợ cụ thể, thiết thực theo Chỉ thị 16 (không phải thăm hỏi, tặng quà, nhà tình nghĩa)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    # The substantive flag moves every share of the reports: who changed it, when, is kept.
    history = HistoricalRecords(verbose_name=_("lịch sử loại hoạt động"))

    class Meta:
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", _("Chưa xác nhận")
    CONFIRMED = "confirmed", _("Địa phương đã xác nhận")
    DISPUTED = "disputed", _("Địa phương phản ánh chưa khớp")


def money_total():
    """An activity's money from every source (whole đồng), as a query expression."""
    return F("budget_state") + F("budget_society") + F("budget_in_kind")


class Activity(models.Model):
    """One support activity that an agency carried out for its partner locality."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.PROTECT, related_name="activities"
    )
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("tên hoạt động"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), db_index=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Xã nơi hoạt động diễn ra; để trống nếu hoạt động chung cho cả địa bàn kết nghĩa."),
    )
    budget_state = models.PositiveBigIntegerField(_("ngân sách nhà nước (đồng)"), default=0)
    budget_society = models.PositiveBigIntegerField(_("xã hội hóa (đồng)"), default=0)
    budget_in_kind = models.PositiveBigIntegerField(_("hiện vật quy đổi (đồng)"), default=0)
    households_reached = models.PositiveIntegerField(_("số hộ được hỗ trợ"), default=0)
    people_reached = models.PositiveIntegerField(_("số người được hỗ trợ"), default=0)
    ethnic_minority_people = models.PositiveIntegerField(_("trong đó người dân tộc thiểu số"), default=0)
    people_trained = models.PositiveIntegerField(_("số người được đào tạo, bồi dưỡng"), default=0)
    jobs_created = models.PositiveIntegerField(_("số việc làm tạo ra"), default=0)
    households_out_of_poverty = models.PositiveIntegerField(_("số hộ thoát nghèo"), default=0)
    development_model = models.ForeignKey(
        DevelopmentModel,
        verbose_name=_("mô hình liên quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT, db_index=True
    )
    confirmation_status = models.CharField(
        _("xác nhận của địa phương"),
        max_length=10,
        choices=ConfirmationStatus.choices,
        default=ConfirmationStatus.PENDING,
        db_index=True,
    )
    confirmation_comment = models.TextField(_("ý kiến của địa phương"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("lịch sử hoạt động"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động hỗ trợ")
        verbose_name_plural = _("hoạt động hỗ trợ")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["status", "start_date"], name="activity_status_start"),
            models.Index(fields=["partnership", "start_date"], name="activity_partnership_start"),
            # The list's "by money" sort (its default order reads start_date's own index; migration
            # 0011 also adds the search's column and trigram index on PostgreSQL, unknown to the ORM).
            models.Index(money_total(), "id", name="activity_money_id"),
            # The list's sorts by title and by status (`ACTIVITY_SORTS`: the column, then the id),
            # which sorted the whole table at 1 M: 1-4 s (docs/performance.md).
            models.Index(fields=["title", "id"], name="activity_title_id"),
            models.Index(fields=["status", "id"], name="activity_status_id"),
            # A page of the sort by commune inside one commune reads its rows in id order
            # (`name_spans`); without it the planner walked the primary key from one end,
            # testing the commune of ~30,000 rows for a commune of 1,500 (23 ms → 0,7 ms).
            models.Index(fields=["commune", "id"], name="activity_commune_id_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activity_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(ethnic_minority_people__lte=models.F("people_reached")),
                name="activity_minority_within_people",
                violation_error_message=_("Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ."),
            ),
            models.CheckConstraint(
                condition=Q(budget_state__gte=0) & Q(budget_society__gte=0) & Q(budget_in_kind__gte=0),
                name="activity_money_not_negative",
                violation_error_message=_("Số tiền không được âm."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def total_money(self) -> int:
        return self.budget_state + self.budget_society + self.budget_in_kind

    @property
    def year(self) -> int:
        """The reporting year of an activity is the year in which it started."""
        return self.start_date.year

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.commune_id:
            # A unit's identity includes its validity: a 2026 activity cannot be at a commune
            # merged away on 01/07/2025 (the message names the successor to choose instead).
            refused = geography.validity_error(self.commune, on=self.start_date)
            if refused:
                raise ValidationError({"commune": refused})
        if self.start_date and self.partnership_id:
            refused = geography.validity_error(self.partnership.unit, on=self.start_date)
            if refused:
                raise ValidationError({"partnership": _("Địa phương kết nghĩa: %(why)s Quan hệ kết nghĩa cần được "
                                                        "chuyển sang đơn vị mới (trang “Chuyển quan hệ kết nghĩa” "
                                                        "của cán bộ tổng hợp).") % {"why": refused}})
        if self.partnership_id and self.commune_id and not geography.in_area(self.commune, self.partnership.unit):
            raise ValidationError({"commune": _("Xã thực hiện phải thuộc địa phương kết nghĩa.")})
        if (
            self.development_model_id
            and self.partnership_id
            and self.development_model.partnership_id != self.partnership_id
            # a model built before a re-pointing goes on under the successor partnership
            and not self.partnership.predecessors.filter(pk=self.development_model.partnership_id).exists()
        ):
            raise ValidationError({"development_model": _("Mô hình phải thuộc cùng quan hệ kết nghĩa.")})


class ActivityStatusChange(models.Model):
    """One move through the review workflow (see workflow.py)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=ActivityStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=ActivityStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt chuyển trạng thái")
        verbose_name_plural = _("lịch sử chuyển trạng thái")
        ordering = ["created_at", "pk"]
        indexes = [
            # The submissions of an activity, read without the table: the evaluation's "on time".
            models.Index(fields=["activity", "created_at"], condition=Q(to_status="submitted"),
                         name="status_change_submitted"),
        ]

    def __str__(self):
        return f"{self.get_from_status_display() or '–'} → {self.get_to_status_display()}"


class ActivityConfirmation(models.Model):
    """One answer of the locality's focal point: support received (confirmed) or not as recorded
    (disputed), with a comment and the photos or receipt attached to it. The activity keeps the
    latest answer in its confirmation_* fields; these rows keep every answer for the timeline."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="confirmations"
    )
    status = models.CharField(_("trả lời"), max_length=10, choices=[
        (ConfirmationStatus.CONFIRMED.value, ConfirmationStatus.CONFIRMED.label),
        (ConfirmationStatus.DISPUTED.value, ConfirmationStatus.DISPUTED.label),
    ])
    comment = models.TextField(_("ý kiến"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), on_delete=models.SET_NULL, null=True,
        related_name="+"
    )
    # A default, not auto_now_add: the migration copies the answers given before this table existed.
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("lượt xác nhận của địa phương")
        verbose_name_plural = _("các lượt xác nhận của địa phương")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.get_status_display()


class Attachment(StoredFile):
    """Evidence for an activity (photos, PDF, Office files), recorded by the agency, or attached
    by the locality's focal point to a confirmation or a discrepancy (`confirmation` set).
    Served only through a scoped view."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="attachments"
    )
    confirmation = models.ForeignKey(
        ActivityConfirmation, verbose_name=_("kèm lượt xác nhận"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["uploaded_at", "pk"]
