"""Annual plans of a partnership and their targets per activity category."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.access.scoping import ScopedQuerySet
from partnerships.models.activities import ActivityCategory
from partnerships.models.partnerships import Partnership


class AnnualPlan(models.Model):
    """What an agency commits to for its partner in a year; results are held against it."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    money_target = models.PositiveBigIntegerField(_("kinh phí dự kiến (đồng)"), default=0)
    society_money_target = models.PositiveBigIntegerField(_("trong đó vận động xã hội hóa (đồng)"), default=0)
    people_trained_target = models.PositiveIntegerField(_("số người đào tạo, bồi dưỡng"), default=0)
    jobs_target = models.PositiveIntegerField(_("số việc làm"), default=0)
    households_out_of_poverty_target = models.PositiveIntegerField(_("số hộ thoát nghèo"), default=0)
    models_target = models.PositiveIntegerField(_("số mô hình xây dựng, nhân rộng"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("lịch sử kế hoạch"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year", "partnership__agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="plan_one_per_partnership_year",
                violation_error_message=_("Quan hệ kết nghĩa này đã có kế hoạch cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="plan_year_plausible",
                violation_error_message=_("Năm kế hoạch không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=Q(society_money_target__lte=models.F("money_target")),
                name="plan_society_within_total",
                violation_error_message=_("Kinh phí xã hội hóa không được lớn hơn tổng kinh phí dự kiến."),
            ),
        ]

    def __str__(self):
        return f"{self.partnership} – {self.year}"


class PlanCategoryTarget(models.Model):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="category_targets"
    )
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT, related_name="+"
    )
    activities_target = models.PositiveIntegerField(_("số hoạt động dự kiến"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu theo loại hoạt động")
        verbose_name_plural = _("chỉ tiêu theo loại hoạt động")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "category"],
                name="plan_target_one_per_category",
                violation_error_message=_("Mỗi loại hoạt động chỉ có một chỉ tiêu trong kế hoạch."),
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.activities_target}"
