"""Annual plan use cases."""


from django.db import transaction
from django.utils.translation import gettext as _

from partnerships import geography
from partnerships.access.policy import _require_partnership_writer
from partnerships.exceptions import DomainError
from partnerships.models import (
    AnnualPlan,
    Partnership,
    PlanCategoryTarget,
)
from partnerships.services.base import _full_clean, _with_history_user
from partnerships.services.year_lock import require_years_open

# The targets of an annual plan (besides the activities per category), for forms and reports.
PLAN_TARGET_FIELDS = (
    "money_target",
    "society_money_target",
    "people_trained_target",
    "jobs_target",
    "households_out_of_poverty_target",
    "models_target",
)


@transaction.atomic
def plan_save(
    *, actor, partnership: Partnership, year: int, category_targets: dict | None = None, **targets
) -> AnnualPlan:
    """Create or update the annual plan of a partnership; `category_targets` maps category → count."""
    _require_partnership_writer(actor, partnership)
    require_years_open(year)
    last_year = partnership.ended_on.year if partnership.ended_on else None
    if year < partnership.signed_on.year or (last_year is not None and year > last_year):
        raise DomainError(
            _("Năm %(year)s nằm ngoài thời gian kết nghĩa (từ năm %(first)s đến %(last)s): không lập kế hoạch được.")
            % {"year": str(year), "first": str(partnership.signed_on.year),
               "last": str(last_year) if last_year else _("nay")}
        )
    refused = geography.validity_error_in_year(partnership.unit, year)
    if refused:  # a 2026 plan for a commune merged on 01/07/2025: the partnership is re-pointed first
        raise DomainError(_("Địa phương kết nghĩa: %(why)s Quan hệ kết nghĩa cần được chuyển sang đơn vị mới "
                            "(trang “Chuyển quan hệ kết nghĩa” của cán bộ tổng hợp).") % {"why": refused})
    plan = AnnualPlan.objects.select_for_update().filter(partnership=partnership, year=year).first()
    if plan is None:
        plan = AnnualPlan(partnership=partnership, year=year)
    for name, value in targets.items():
        setattr(plan, name, value)
    _full_clean(plan)
    _with_history_user(plan, actor).save()
    if category_targets is not None:
        plan.category_targets.exclude(category__in=list(category_targets)).delete()
        for category, count in category_targets.items():
            PlanCategoryTarget.objects.update_or_create(
                plan=plan, category=category, defaults={"activities_target": count}
            )
    return plan


@transaction.atomic
def plan_delete(*, actor, plan: AnnualPlan) -> None:
    """Delete an annual plan (with its targets per category) by those who may write it."""
    plan = AnnualPlan.objects.select_for_update().select_related("partnership").get(pk=plan.pk)
    _require_partnership_writer(actor, plan.partnership)
    require_years_open(plan.year)
    _with_history_user(plan, actor).delete()
