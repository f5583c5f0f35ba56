"""Development models (mô hình phát triển kinh tế - xã hội): list, page with stage history, create/edit."""

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms_plans import DevelopmentModelForm
from .models import Activity, AdministrativeUnit, DevelopmentModel, Partnership
from .selectors_plans import activity_totals
from .views_partnerships import ALL, paginate, query_without_page, save_through, scoped_or_404, style_filter_form


class DevelopmentModelFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label=gettext_lazy("Giai đoạn"), choices=DevelopmentModel.Stage.choices, empty_label=ALL)
    sector = django_filters.ChoiceFilter(label=gettext_lazy("Lĩnh vực"), choices=DevelopmentModel.Sector.choices, empty_label=ALL)
    district = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Huyện"),
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("code"),
        method="filter_district",
        empty_label=ALL,
    )
    partnership = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Quan hệ kết nghĩa"), queryset=Partnership.objects.none(), empty_label=ALL
    )

    class Meta:
        model = DevelopmentModel
        fields = ["stage", "sector", "district", "partnership"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.filters["partnership"]
        field.queryset = Partnership.objects.visible_to(user).select_related("agency", "unit")
        style_filter_form(self)
        self.form.fields["partnership"].label_from_instance = (
            lambda p: f"{p.agency.short_name or p.agency.name} – {p.unit.name}"
        )

    def filter_district(self, queryset, name, value):
        return queryset.filter(Q(commune=value) | Q(commune__parent=value))


LATEST_ACTIVITIES = 20


@login_required
def model_list(request):
    visible = DevelopmentModel.objects.visible_to(request.user)
    filterset = DevelopmentModelFilter(request.GET or None, queryset=visible, user=request.user)
    queryset = (
        filterset.qs.select_related("partnership__agency", "partnership__unit", "commune__parent", "replicated_from")
        .annotate(replica_count=Count("replicas", distinct=True))
        .order_by("name", "pk")
    )
    return render(
        request,
        "partnerships/model_list.html",
        {
            "filter": filterset,
            "page_obj": paginate(request, queryset),
            "query": query_without_page(request),
            "can_add": services.can_record_activities(request.user),
        },
    )


def stage_history(model: DevelopmentModel) -> list:
    """Each time the stage changed (the first version counts as reaching its stage): date, stage, who."""
    changes, previous = [], None
    for version in model.history.select_related("history_user").order_by("history_date", "history_id"):
        if version.stage != previous:
            changes.append(
                {"date": version.history_date, "stage": DevelopmentModel.Stage(version.stage).label,
                 "user": version.history_user}
            )
            previous = version.stage
    return list(reversed(changes))


@login_required
def model_detail(request, pk):
    model = get_object_or_404(
        DevelopmentModel.objects.visible_to(request.user).select_related(
            "partnership__agency", "partnership__unit", "commune__parent", "replicated_from"
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
            "replicated_from": visible_models.filter(pk=model.replicated_from_id).first()
            if model.replicated_from_id
            else None,
            "replicas": visible_models.filter(replicated_from=model).select_related("commune", "partnership__agency"),
            # A long-running model gathers hundreds of activities: the latest ones, and the totals.
            "activities": activities.select_related("category", "commune").order_by("-start_date", "-pk")[
                :LATEST_ACTIVITIES
            ],
            "activity_totals": activity_totals(activities),
            "stages": stage_history(model),
            "can_edit": services.can_write_for_partnership(request.user, model.partnership),
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
    if not services.can_record_activities(request.user):
        raise PermissionDenied
    return _model_form_view(request)


@login_required
def model_update(request, pk):
    model = scoped_or_404(DevelopmentModel, request.user, pk=pk)
    if not services.can_write_for_partnership(request.user, model.partnership):
        raise PermissionDenied
    return _model_form_view(request, model)
