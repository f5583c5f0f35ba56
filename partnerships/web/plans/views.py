"""Annual plans: enter/edit a partnership's plan for a year, and hold it against approved results."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.paging import page_context
from partnerships import services
from partnerships.models import ActivityCategory, AnnualPlan, Partnership
from partnerships.selectors import lists
from partnerships.selectors.filters import year_choices
from partnerships.selectors.plans import plans_vs_results
from partnerships.web.plans.forms import PlanForm, YearForm
from partnerships.web.shortcuts import save_through, scoped_or_404
from partnerships.access import policy


def _year_from(request) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return datetime.date.today().year


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404(_("Năm không hợp lệ."))


@login_required
def plan_list(request):
    """Every visible partnership that is active or has a plan for the year, plan beside results."""
    year = _year_from(request)
    # The page's own year select says which plans; the list's period filters are not used here.
    filterset, queryset = lists.plan_list(request.user, request.GET, year)
    context = page_context(request, queryset, year=year, filter=filterset,
                           years=[year for year, _label in year_choices()])
    context["rows"] = plans_vs_results(request.user, context["page_obj"].object_list, year)
    return render(request, "partnerships/plan_list.html", context)


@login_required
def plan_results(request, partnership_pk, year):
    _check_year(year)
    partnership = scoped_or_404(Partnership, request.user, pk=partnership_pk)
    row = plans_vs_results(request.user, [partnership], year)[0]
    return render(
        request,
        "partnerships/plan_results.html",
        {
            "row": row,
            "partnership": partnership,
            "year": year,
            "can_edit": policy.can_write_for_partnership(request.user, partnership),
            "history_records": row.plan.history.select_related("history_user").order_by("-history_date", "-history_id")
            if row.plan
            else None,
        },
    )


@login_required
def plan_edit(request, partnership_pk, year):
    _check_year(year)
    partnership = scoped_or_404(Partnership, request.user, pk=partnership_pk)
    if not policy.can_write_for_partnership(request.user, partnership):
        raise PermissionDenied
    plan = AnnualPlan.objects.filter(partnership=partnership, year=year).prefetch_related("category_targets").first()
    categories = ActivityCategory.objects.filter(
        Q(is_active=True) | Q(pk__in=plan.category_targets.values("category_id") if plan else [])
    )
    form = PlanForm(request.POST or None, categories=categories, plan=plan)
    if request.method == "POST" and form.is_valid():
        if save_through(
            form,
            services.plan_save,
            actor=request.user,
            partnership=partnership,
            year=year,
            category_targets=form.category_targets(),
            **form.targets(),
        ):
            messages.success(request, _("Đã lưu kế hoạch năm %(year)s.") % {"year": year})
            return redirect("partnerships:plan_results", partnership_pk=partnership.pk, year=year)
    return render(
        request,
        "partnerships/plan_form.html",
        {"form": form, "partnership": partnership, "year": year, "plan": plan},
    )
