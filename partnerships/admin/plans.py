"""Admin of development models and annual plans."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.templatetags.ketnghia import vnd
from partnerships import services
from partnerships.admin.mixins import AGENCY_KIND, KetNghiaAdminMixin, YearLockAdminMixin
from partnerships.models import (
    AnnualPlan,
    DevelopmentModel,
    PlanCategoryTarget,
)


@admin.register(DevelopmentModel)
class DevelopmentModelAdmin(KetNghiaAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "partnership", "commune", "sector", "stage", "households", "replicated_from")
    list_filter = ("sector", "stage")
    list_select_related = ("partnership__agency", "partnership__unit", "commune", "replicated_from")
    search_fields = ("name", "commune__name", "partnership__agency__name", "partnership__unit__name")
    autocomplete_fields = ("partnership", "commune", "replicated_from")


class PlanCategoryTargetInline(admin.TabularInline):
    model = PlanCategoryTarget
    autocomplete_fields = ("category",)
    extra = 0


@admin.register(AnnualPlan)
class AnnualPlanAdmin(YearLockAdminMixin, KetNghiaAdminMixin, SimpleHistoryAdmin):
    list_display = ("partnership", "year", "money", "society_money", "people_trained_target", "jobs_target",
                    "households_out_of_poverty_target", "models_target")
    list_filter = ("year", ("partnership__agency__kind", AGENCY_KIND))
    list_select_related = ("partnership__agency", "partnership__unit")
    search_fields = ("partnership__agency__name", "partnership__unit__name", "note")
    autocomplete_fields = ("partnership",)
    inlines = [PlanCategoryTargetInline]

    def year_lock_check(self, obj, data):
        services.require_years_open(obj and obj.year, (data or {}).get("year"))

    @admin.display(description=_("Kinh phí dự kiến"), ordering="money_target")
    def money(self, obj):
        return vnd(obj.money_target)

    @admin.display(description=_("Xã hội hóa"), ordering="society_money_target")
    def society_money(self, obj):
        return vnd(obj.society_money_target)


@admin.register(PlanCategoryTarget)
class PlanCategoryTargetAdmin(YearLockAdminMixin, KetNghiaAdminMixin, admin.ModelAdmin):
    scope_through = ("plan", AnnualPlan)
    list_display = ("plan", "category", "activities_target")
    list_filter = ("plan__year", "category")
    list_select_related = ("plan__partnership__agency", "plan__partnership__unit", "category")
    search_fields = ("plan__partnership__agency__name", "plan__partnership__unit__name", "category__name")
    autocomplete_fields = ("plan", "category")

    def year_lock_check(self, obj, data):
        plan = (data or {}).get("plan")
        services.require_years_open(obj and obj.plan.year, plan and plan.year)
