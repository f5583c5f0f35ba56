"""Admin for the evaluation settings and the finalised reports.

Criteria and bands of a finalised year are refused like the year's activities. Overrides and
finalisation have their own portal pages (they record who and why), so here they are read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partnerships import services
from partnerships.admin.mixins import ReadOnlyAdmin, ServiceAdminMixin, YearLockAdminMixin
from reports.models import ClassificationBand, ClassificationOverride, EvaluationCriterion, FinalisedReport
from reports.services import evaluation_settings


class EvaluationSettingAdmin(ServiceAdminMixin, YearLockAdminMixin, admin.ModelAdmin):
    list_filter = ("year",)

    def save_service(self, request, obj, form, change):
        return evaluation_settings.setting_save(actor=request.user, setting=obj)

    def delete_service(self, request, obj):
        evaluation_settings.setting_delete(actor=request.user, setting=obj)

    def year_lock_check(self, obj, data):
        services.require_years_open(obj and obj.year, (data or {}).get("year"))


@admin.register(EvaluationCriterion)
class EvaluationCriterionAdmin(EvaluationSettingAdmin):
    list_display = ("year", "code", "weight", "threshold", "is_active")


@admin.register(ClassificationBand)
class ClassificationBandAdmin(EvaluationSettingAdmin):
    list_display = ("year", "classification", "min_score")


@admin.register(ClassificationOverride)
class ClassificationOverrideAdmin(ReadOnlyAdmin):
    list_display = ("year", "agency", "classification", "decided_by", "decided_at", "reason")
    list_filter = ("year", "classification")
    list_select_related = ("agency", "decided_by")
    search_fields = ("agency__name", "reason")


@admin.register(FinalisedReport)
class FinalisedReportAdmin(ReadOnlyAdmin):
    list_display = ("year", "version", "finalised_by", "finalised_at", "locks", "reopened_by", "reopened_at",
                    "reopen_reason")
    list_filter = ("year",)
    list_select_related = ("finalised_by", "reopened_by")
    exclude = ("xlsx", "docx")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("xlsx", "docx")

    @admin.display(description=_("Đang khóa năm"), boolean=True)
    def locks(self, obj):
        return obj.is_locking
