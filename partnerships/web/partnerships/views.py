"""Partnership pages: list, page per partnership, agreement download; coordinators create, edit, end.

Rows come from `Partnership.objects.visible_to(user)` (out of scope → 404); the verbs are checked
after the row is found (not allowed → 403), so an officer learns nothing about other agencies.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.paging import page_context
from common.text import vi_order
from partnerships import geography, services
from partnerships.exceptions import DomainError
from partnerships.models import Activity, Partnership, PartnershipStatus
from partnerships.selectors import lists
from partnerships.selectors.plans import activities_per_year
from partnerships.web.partnerships.forms import PartnershipEndForm, PartnershipForm
from partnerships.web.shortcuts import save_through, scoped_or_404
from partnerships.access import policy


@login_required
def partnership_list(request):
    filterset, queryset = lists.partnership_list(request.user, request.GET)
    context = page_context(request, queryset, filter=filterset, can_manage=policy.is_coordinator_or_admin(request.user))
    # Counted for this page only (one grouped query on the partnership index), not for every row.
    counts = lists.activity_counts(request.user, [p.pk for p in context["page_obj"]])
    for partnership in context["page_obj"]:
        partnership.activity_count = counts.get(partnership.pk, 0)
    return render(request, "partnerships/partnership_list.html", context)


@login_required
def partnership_detail(request, pk):
    partnership = get_object_or_404(
        Partnership.objects.visible_to(request.user).select_related("agency", *geography.naming_joins("unit")), pk=pk
    )
    per_year = activities_per_year(Activity.objects.visible_to(request.user).filter(partnership=partnership))
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "per_year": per_year,
            "plans": partnership.plans.visible_to(request.user).order_by("-year"),
            "models": partnership.models.visible_to(request.user).select_related("commune").order_by(vi_order("name")),
            "history_records": partnership.history.select_related("history_user").order_by("-history_date", "-history_id"),
                    "activity_query": urlencode({"partnership": partnership.pk}),
            "can_manage": policy.is_coordinator_or_admin(request.user),
            "current_year": datetime.date.today().year,
            "can_plan": policy.can_write_for_partnership(request.user, partnership),
        },
    )


@login_required
def partnership_agreement(request, pk):
    partnership = scoped_or_404(Partnership, request.user, pk=pk)
    if not partnership.agreement_file:
        raise Http404(_("Quan hệ kết nghĩa này chưa có tệp văn bản."))
    try:
        handle = partnership.agreement_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp văn bản.")) from None
    name = partnership.agreement_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


def _save_partnership(form, *, actor, partnership=None):
    """save_through the create or update service. Returns the partnership or None."""
    data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
    if partnership is None:
        service = services.partnership_create
    else:
        service, data["partnership"] = services.partnership_update, partnership
        if data.get("agreement_file") is None:
            data.pop("agreement_file", None)
        elif data["agreement_file"] is False:  # "clear" ticked on the file input
            data["agreement_file"] = ""
    try:
        # The savepoint lets a constraint race (two coordinators, same pair) end as a form error.
        with transaction.atomic():
            return save_through(form, service, actor=actor, **data)
    except IntegrityError:
        form.add_error(None, _("Cơ quan này đang kết nghĩa với địa phương này."))
    return None


@login_required
def partnership_create(request):
    if not policy.is_coordinator_or_admin(request.user):
        raise PermissionDenied
    form = PartnershipForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        partnership = _save_partnership(form, actor=request.user)
        if partnership:
            messages.success(request, _("Đã tạo quan hệ kết nghĩa."))
            return redirect("partnerships:partnership_detail", pk=partnership.pk)
    return render(request, "partnerships/partnership_form.html", {"form": form})


@login_required
def partnership_update(request, pk):
    partnership = scoped_or_404(Partnership, request.user, pk=pk)
    if not policy.is_coordinator_or_admin(request.user):
        raise PermissionDenied
    form = PartnershipForm(request.POST or None, request.FILES or None, instance=Partnership.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        if _save_partnership(form, actor=request.user, partnership=partnership):
            messages.success(request, _("Đã lưu quan hệ kết nghĩa."))
            return redirect("partnerships:partnership_detail", pk=partnership.pk)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership})


@login_required
def partnership_end(request, pk):
    partnership = scoped_or_404(Partnership, request.user, pk=pk)
    if not policy.is_coordinator_or_admin(request.user):
        raise PermissionDenied
    if partnership.status == PartnershipStatus.ENDED:
        messages.info(request, _("Quan hệ kết nghĩa này đã kết thúc."))
        return redirect("partnerships:partnership_detail", pk=pk)
    form = PartnershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_through(
            form,
            services.partnership_end,
            actor=request.user,
            partnership=partnership,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        ):
            messages.success(request, _("Đã kết thúc quan hệ kết nghĩa."))
            return redirect("partnerships:partnership_detail", pk=pk)
    return render(request, "partnerships/partnership_end.html", {"form": form, "partnership": partnership})



@login_required
def partnership_repointing(request):
    """Coordinators: every partnership whose district or commune was abolished, with the new
    unit(s) proposed from the successor map; tick and confirm many at once."""
    if not policy.may_repoint_partnerships(request.user):
        raise PermissionDenied
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("partnership") if value.isdigit()]
        if not chosen:
            messages.error(request, _("Chưa chọn quan hệ kết nghĩa nào để chuyển."))
        else:
            try:
                successors = services.partnerships_repoint(actor=request.user, partnerships=[int(v) for v in chosen])
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Đã chuyển %(old)s quan hệ kết nghĩa sang %(new)s quan hệ kết nghĩa với đơn vị mới.")
                                 % {"old": len(chosen), "new": len(successors)})
        return redirect("partnerships:partnership_repointing")
    proposals = services.repointing_proposals(actor=request.user)
    stray = services.activities_at_abolished_units().count()
    return render(request, "partnerships/partnership_repointing.html", {"proposals": proposals, "stray_activities": stray})


@login_required
def activity_repointing(request):
    """Coordinators: activities dated after their commune (or their partnership's unit) was
    abolished, each with the new commune proposed; tick, pick where several took it, and move."""
    if not policy.may_repoint_partnerships(request.user):
        raise PermissionDenied
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("activity") if value.isdigit()]
        if not chosen:
            messages.error(request, _("Chưa chọn hoạt động nào để chuyển."))
        else:
            moves = {pk: request.POST.get(f"commune-{pk}", "") for pk in chosen}
            moves = {pk: value if value.isdigit() else None for pk, value in moves.items()}
            try:
                moved = services.activities_move_to_successor(actor=request.user, moves=moves)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Đã chuyển %(n)s hoạt động sang đơn vị mới.") % {"n": len(moved)})
        return redirect("partnerships:activity_repointing")
    context = page_context(request, services.activities_at_abolished_units())
    context["proposals"] = services.activity_move_proposals(actor=request.user, activities=context["page_obj"])
    return render(request, "partnerships/activity_repointing.html", context)
