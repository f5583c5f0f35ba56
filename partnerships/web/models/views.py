"""Development models (mô hình phát triển kinh tế - xã hội): list, page with its stage dates, create/edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.paging import page_context
from partnerships import geography, services
from partnerships.models import Activity, DevelopmentModel
from partnerships.selectors import lists
from partnerships.selectors.plans import activity_totals, replication_tree
from partnerships.web.models.forms import DevelopmentModelForm
from partnerships.web.shortcuts import save_through, scoped_or_404
from partnerships.access import policy

LATEST_ACTIVITIES = 20


@login_required
def model_list(request):
    filterset, queryset = lists.model_list(request.user, request.GET)
    context = page_context(request, queryset, filter=filterset, can_add=policy.can_record_activities(request.user))
    return render(request, "partnerships/model_list.html", context)


@login_required
def model_detail(request, pk):
    model = get_object_or_404(
        DevelopmentModel.objects.visible_to(request.user).select_related(
            "partnership__agency", "partnership__unit", *geography.naming_joins("commune"), "commune__current_unit", "replicated_from"
        ),
        pk=pk,
    )
    visible_models = DevelopmentModel.objects.visible_to(request.user)
    activities = Activity.objects.visible_to(request.user).filter(development_model=model)
    return render(
        request,
        "partnerships/model_detail.html",
        {
            "model": model,
            "commune_today": geography.as_of(model.commune),
            "replicated_from": visible_models.filter(pk=model.replicated_from_id).first()
            if model.replicated_from_id
            else None,
            "replicas": visible_models.filter(replicated_from=model).select_related("commune", "partnership__agency"),
            # A long-running model gathers hundreds of activities: the latest ones, and the totals.
            "activities": activities.select_related("category", "commune").order_by("-start_date", "-pk")[
                :LATEST_ACTIVITIES
            ],
            "activity_totals": activity_totals(activities),
            "stages": model.stage_dates(),
            "tree": replication_tree(model, request.user),
            "can_edit": policy.can_write_for_partnership(request.user, model.partnership),
        },
    )


def _model_form_view(request, model=None):
    form = DevelopmentModelForm(request.POST or None, instance=model, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = save_through(form, services.development_model_save, actor=request.user, model=model, **data)
        if saved:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("partnerships:model_detail", pk=saved.pk)
    return render(request, "partnerships/model_form.html", {"form": form, "model": model})


@login_required
def model_create(request):
    if not policy.can_record_activities(request.user):
        raise PermissionDenied
    return _model_form_view(request)


@login_required
def model_update(request, pk):
    model = scoped_or_404(DevelopmentModel, request.user, pk=pk)
    if not policy.can_write_for_partnership(request.user, model.partnership):
        raise PermissionDenied
    return _model_form_view(request, model)
