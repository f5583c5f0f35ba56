"""The annual report: evaluation settings per year, coordinators' overrides, finalised reports.

A finalised report that has not been reopened locks its year: the services refuse changes with
`YearLocked`, and database triggers (migration 0002) refuse them on every other path.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Classification(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class Criterion(models.TextChoices):
    HAS_PLAN = "has_plan", _("Có kế hoạch kết nghĩa năm")
    SUBSTANTIVE_SHARE = "substantive_share", _("Tỷ lệ kinh phí hỗ trợ thiết thực")
    PLAN_ACHIEVED = "plan_achieved", _("Mức hoàn thành kế hoạch kinh phí")
    SOCIETY_MONEY = "society_money", _("Kinh phí vận động xã hội hóa (đồng)")
    MODELS_REPLICATED = "models_replicated", _("Số mô hình được nhân rộng")
    CONFIRMATIONS = "confirmations", _("Tỷ lệ hoạt động được địa phương xác nhận")
    REPORTS_ON_TIME = "reports_on_time", _("Tỷ lệ hoạt động báo cáo đúng hạn")


class EvaluationCriterion(models.Model):
    """One yardstick of directive point 4 for one year: full points at or above the threshold,
    proportionally fewer below it."""

    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    code = models.CharField(_("tiêu chí"), max_length=20, choices=Criterion.choices)
    weight = models.PositiveSmallIntegerField(_("trọng số (điểm)"), default=10)
    threshold = models.DecimalField(
        _("ngưỡng đạt"),
        max_digits=18,
        decimal_places=4,
        help_text=_("Tỷ lệ ghi dạng thập phân (0,8 = 80%); số tiền ghi bằng đồng; có/không ghi 1."),
    )
    is_active = models.BooleanField(_("áp dụng"), default=True)
    history = HistoricalRecords(verbose_name=_("lịch sử tiêu chí đánh giá"))

    class Meta:
        verbose_name = _("tiêu chí đánh giá")
        verbose_name_plural = _("tiêu chí đánh giá")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="criterion_one_per_year",
                                    violation_error_message=_("Tiêu chí này đã có trong năm.")),
            models.CheckConstraint(condition=Q(threshold__gt=0), name="criterion_threshold_positive",
                                   violation_error_message=_("Ngưỡng đạt phải lớn hơn 0.")),
        ]

    def __str__(self):
        return f"{self.get_code_display()} ({self.year})"


class ClassificationBand(models.Model):
    """The lowest score (0–100) at which an agency earns a classification in a year."""

    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    classification = models.CharField(_("xếp loại"), max_length=14, choices=Classification.choices)
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=5, decimal_places=2)
    history = HistoricalRecords(verbose_name=_("lịch sử mức xếp loại"))

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["year", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["year", "classification"], name="band_one_per_year",
                                    violation_error_message=_("Mức xếp loại này đã có trong năm.")),
            models.CheckConstraint(condition=Q(min_score__gte=0) & Q(min_score__lte=100), name="band_score_0_100",
                                   violation_error_message=_("Điểm tối thiểu phải từ 0 đến 100.")),
        ]

    def __str__(self):
        return f"{self.get_classification_display()} ≥ {self.min_score} ({self.year})"


class ClassificationOverride(models.Model):
    """A coordinator's decision to classify an agency differently from its score, with why."""

    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey("partnerships.Agency", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT,
                               related_name="classification_overrides")
    classification = models.CharField(_("xếp loại điều chỉnh"), max_length=14, choices=Classification.choices)
    reason = models.TextField(_("lý do"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người điều chỉnh"),
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("thời điểm điều chỉnh"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("lịch sử điều chỉnh xếp loại"))

    class Meta:
        verbose_name = _("điều chỉnh xếp loại")
        verbose_name_plural = _("điều chỉnh xếp loại")
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "agency"], name="override_one_per_agency_year",
                                    violation_error_message=_("Cơ quan này đã được điều chỉnh xếp loại trong năm.")),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason",
                                   violation_error_message=_("Cần ghi rõ lý do điều chỉnh xếp loại.")),
        ]

    def __str__(self):
        return f"{self.agency} {self.year}: {self.get_classification_display()}"


class FinalisedReport(models.Model):
    """The report of a year as finalised: its files and figures exactly as they were, with checksums.

    While `reopened_at` is empty the year is locked. Reopening keeps the row (who, when, why);
    finalising again adds a new version.
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveSmallIntegerField(_("lần chốt"), default=1)
    figures = models.JSONField(_("số liệu"))
    xlsx = models.BinaryField(_("bảng tính (.xlsx)"))
    docx = models.BinaryField(_("dự thảo báo cáo (.docx)"))
    xlsx_sha256 = models.CharField(_("SHA-256 bảng tính"), max_length=64)
    docx_sha256 = models.CharField(_("SHA-256 báo cáo"), max_length=64)
    figures_sha256 = models.CharField(_("SHA-256 số liệu"), max_length=64)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người chốt"),
                                     on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(_("thời điểm chốt"), auto_now_add=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người mở lại"),
                                    on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reopened_at = models.DateTimeField(_("thời điểm mở lại"), null=True, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)

    class Meta:
        verbose_name = _("báo cáo năm đã chốt")
        verbose_name_plural = _("báo cáo năm đã chốt")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="finalised_one_per_version",
                                    violation_error_message=_("Lần chốt này đã có.")),
            models.UniqueConstraint(fields=["year"], condition=Q(reopened_at__isnull=True),
                                    name="finalised_one_open_per_year",
                                    violation_error_message=_("Năm này đã được chốt số liệu.")),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True, reopened_by__isnull=True, reopen_reason="")
                | (Q(reopened_at__isnull=False, reopened_by__isnull=False) & ~Q(reopen_reason="")),
                name="finalised_reopen_recorded",
                violation_error_message=_("Mở lại năm đã chốt phải ghi người, thời điểm và lý do."),
            ),
        ]

    def __str__(self):
        return _("Báo cáo năm %(year)s (lần %(version)s)") % {"year": self.year, "version": self.version}

    @property
    def is_locking(self) -> bool:
        return self.reopened_at is None


class PivotView(models.Model):
    """A pivot explorer layout saved under a name by a coordinator, listed for everyone who reads
    reports. It keeps the query string, not figures: whoever opens it sees their own scope today."""

    name = models.CharField(_("tên bảng"), max_length=120, unique=True,
                            error_messages={"unique": _("Đã có bảng lưu với tên này.")})
    query = models.CharField(_("tham số"), max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lưu"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("thời điểm lưu"), auto_now_add=True)

    class Meta:
        verbose_name = _("bảng tổng hợp đã lưu")
        verbose_name_plural = _("bảng tổng hợp đã lưu")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def url(self) -> str:
        from django.urls import reverse

        return f"{reverse('reports:pivot')}?{self.query}"
