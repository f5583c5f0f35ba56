"""Admin of development models and annual plans."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.templatetags.ketnghia import vnd
from partnerships import services
from partnerships.admin.mixins import (
    AGENCY_KIND,
    KetNghiaAdminMixin,
    ServiceAdminMixin,
    YearLockAdminMixin,
    adopt,
    refusals,
)
from partnerships.models import (
    AnnualPlan,
    DevelopmentModel,
    PlanCategoryTarget,
)


@admin.register(DevelopmentModel)
class DevelopmentModelAdmin(ServiceAdminMixin, KetNghiaAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "partnership", "commune", "sector", "stage", "households", "replicated_from")
    list_filter = ("sector", "stage")
    list_select_related = ("partnership__agency", "partnership__unit", "commune", "replicated_from")
    search_fields = ("name", "commune__name", "partnership__agency__name", "partnership__unit__name")
    autocomplete_fields = ("partnership", "commune", "replicated_from")

    def save_service(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.DEVELOPMENT_MODEL_FIELDS
                  if name in form.cleaned_data}
        return services.development_model_save(actor=request.user, model=obj if change else None, **fields)

    def delete_service(self, request, obj):
        services.development_model_delete(actor=request.user, model=obj)


class PlanCategoryTargetInline(admin.TabularInline):
    model = PlanCategoryTarget
    autocomplete_fields = ("category",)
    extra = 0


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ServiceAdminMixin, YearLockAdminMixin, KetNghiaAdminMixin, SimpleHistoryAdmin):
    list_display = ("partnership", "year", "money", "society_money", "people_trained_target", "jobs_target",
                    "households_out_of_poverty_target", "models_target")
    list_filter = ("year", ("partnership__agency__kind", AGENCY_KIND))
    list_select_related = ("partnership__agency", "partnership__unit")
    search_fields = ("partnership__agency__name", "partnership__unit__name", "note")
    autocomplete_fields = ("partnership",)
    inlines = [PlanCategoryTargetInline]

    def get_readonly_fields(self, request, obj=None):
        # A plan is the plan of one partnership and year (plan_save finds it by them).
        return ("partnership", "year") if obj else ()

    def save_service(self, request, obj, form, change):
        return None  # saved in save_related, with its targets per category, in one service call

    def save_related(self, request, form, formsets, change):
        plan = form.instance
        targets = {name: form.cleaned_data[name] for name in (*services.PLAN_TARGET_FIELDS, "note")
                   if name in form.cleaned_data}
        per_category = None
        for formset in formsets:
            if formset.model is PlanCategoryTarget:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
                per_category = {
                    row.cleaned_data["category"]: row.cleaned_data["activities_target"]
                    for row in formset.forms
                    if row.cleaned_data and row not in formset.deleted_forms
                }
        with refusals():
            saved = services.plan_save(actor=request.user, partnership=plan.partnership, year=plan.year,
                                       category_targets=per_category, **targets)
        adopt(plan, saved)

    def delete_service(self, request, obj):
        services.plan_delete(actor=request.user, plan=obj)

    def year_lock_check(self, obj, data):
        services.require_years_open(obj and obj.year, (data or {}).get("year"))

    @admin.display(description=_("Kinh phí dự kiến"), ordering="money_target")
    def money(self, obj):
        return vnd(obj.money_target)

    @admin.display(description=_("Xã hội hóa"), ordering="society_money_target")
    def society_money(self, obj):
        return vnd(obj.society_money_target)


@admin.register(PlanCategoryTarget)
class PlanCategoryTargetAdmin(ServiceAdminMixin, YearLockAdminMixin, KetNghiaAdminMixin, admin.ModelAdmin):
    scope_through = ("plan", AnnualPlan)
    list_display = ("plan", "category", "activities_target")
    list_filter = ("plan__year", "category")
    list_select_related = ("plan__partnership__agency", "plan__partnership__unit", "category")
    search_fields = ("plan__partnership__agency__name", "plan__partnership__unit__name", "category__name")
    autocomplete_fields = ("plan", "category")

    def get_readonly_fields(self, request, obj=None):
        return ("plan", "category") if obj else ()

    def save_service(self, request, obj, form, change):
        # A plan's targets per category are saved with the plan, through plan_save.
        self._save_plan(request, obj.plan, {**self._targets_of(obj.plan), obj.category: obj.activities_target})
        return PlanCategoryTarget.objects.get(plan=obj.plan, category=obj.category)

    def delete_service(self, request, obj):
        targets = self._targets_of(obj.plan)
        targets.pop(obj.category)
        self._save_plan(request, obj.plan, targets)

    @staticmethod
    def _targets_of(plan) -> dict:
        return {target.category: target.activities_target for target in plan.category_targets.select_related("category")}

    @staticmethod
    def _save_plan(request, plan, targets):
        services.plan_save(actor=request.user, partnership=plan.partnership, year=plan.year, category_targets=targets)

    def year_lock_check(self, obj, data):
        plan = (data or {}).get("plan")
        services.require_years_open(obj and obj.plan.year, plan and plan.year)
