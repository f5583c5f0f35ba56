"""The rows of the partnership, plan and model lists, shared by each page and its export (at once
or as a background job), so that a file holds exactly what its page shows: the same FilterSet,
the same scoping, the same order."""

from django.db.models import Count, Q
from django.http import QueryDict

from common.text import vi_order
from partnerships import geography
from partnerships.access.reach import visible_name
from partnerships.models import Activity, AnnualPlan, DevelopmentModel, Partnership, PartnershipStatus
from partnerships.selectors.filters import DevelopmentModelFilter, PartnershipFilter

LIST_ORDER = (vi_order("agency__name"), vi_order("unit__name"))


def _params(query) -> QueryDict:
    return query if isinstance(query, QueryDict) else QueryDict(query or "")


def partnership_list(user, query) -> tuple[PartnershipFilter, object]:
    params = _params(query)
    filterset = PartnershipFilter(params or None, queryset=Partnership.objects.visible_to(user), user=user)
    queryset = filterset.qs.select_related("agency", *geography.naming_joins("unit")).order_by(*LIST_ORDER, "-signed_on", "pk")
    return filterset, queryset


def activity_counts(user, partnership_ids) -> dict:
    """Activities per partnership as the user may see them (one grouped query)."""
    return dict(
        Activity.objects.visible_to(user).filter(partnership__in=partnership_ids).order_by()
        .values_list("partnership").annotate(n=Count("pk"))
    )


def model_list(user, query) -> tuple[DevelopmentModelFilter, object]:
    params = _params(query)
    filterset = DevelopmentModelFilter(params or None, queryset=DevelopmentModel.objects.visible_to(user), user=user)
    queryset = (
        # the commune as of today too: a model that spans the reform shows both
        filterset.qs.select_related("partnership__agency", "partnership__unit", *geography.naming_joins("commune"),
                                    "commune__current_unit")
        .annotate(
            replica_count=Count("replicas", distinct=True),
            origin_name=visible_name(DevelopmentModel, user, "replicated_from"),
        )
        .order_by(vi_order("name"), "pk")
    )
    return filterset, queryset


def plan_list(user, query, year: int) -> tuple[PartnershipFilter, object]:
    """Every visible partnership that is active or has a plan for the year (the page's year
    select, not the list's period filters)."""
    params = _params(query)
    partnerships = Partnership.objects.visible_to(user).filter(
        Q(status=PartnershipStatus.ACTIVE) | Q(pk__in=AnnualPlan.objects.filter(year=year).values("partnership_id"))
    )
    filterset = PartnershipFilter(params or None, queryset=partnerships, user=user, period=False)
    queryset = filterset.qs.select_related("agency", *geography.naming_joins("unit")).order_by(*LIST_ORDER, "pk")
    return filterset, queryset
