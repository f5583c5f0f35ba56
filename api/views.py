"""Read-only resources under /api/v1/. Every queryset starts from `visible_to(request.user)`
(the scoping module), so a token reads exactly what its owner's pages show."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships import geography
from partnerships.access.reach import place_concerns, visible_agencies
from partnerships.models import (
    Activity,
    AdministrativeUnit,
    Agency,
    AnnualPlan,
    DevelopmentModel,
    Partnership,
    PlanCategoryTarget,
)
from reports.selectors import ReportFilter

from . import filters, figures, serializers
from .pagination import ApiCursorPagination


class _Scoped(viewsets.ReadOnlyModelViewSet):
    model = None
    related = ()

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related(*self.related)


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units (reference data, the same for everyone with a role), by official code."""

    serializer_class = serializers.UnitSerializer
    filterset_class = filters.ApiUnitFilter
    lookup_field = "code"
    queryset = AdministrativeUnit.objects.select_related("parent")

    class pagination_class(ApiCursorPagination):
        ordering = "code"

    def get_object(self):
        """A code names one unit per date (the reform reused codes): the one in force on `?on=`
        (YYYY-MM-DD; today by default), else the latest that carried it."""
        on = None
        if self.request.query_params.get("on"):
            try:
                on = datetime.date.fromisoformat(self.request.query_params["on"])
            except ValueError:
                raise ValidationError({"on": [_("Ngày không hợp lệ; ghi theo dạng YYYY-MM-DD, ví dụ 2026-03-15.")]}) from None
        unit = geography.unit_for_code(self.kwargs["code"], on=on or datetime.date.today())
        if unit is None:
            raise NotFound
        return unit


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies: all of them for province-wide roles; otherwise those of the partnerships the
    user sees (as the agency pages)."""

    serializer_class = serializers.AgencySerializer
    filterset_class = None

    def get_queryset(self):
        return visible_agencies(self.request.user)


class PartnershipViewSet(_Scoped):
    model = Partnership
    related = ("agency", "unit__parent", "unit__former_district")
    serializer_class = serializers.PartnershipSerializer
    filterset_class = filters.ApiPartnershipFilter


class ActivityViewSet(_Scoped):
    model = Activity
    related = ("partnership", "category", "commune")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ApiActivityFilter


class DevelopmentModelViewSet(_Scoped):
    model = DevelopmentModel
    related = ("commune",)
    serializer_class = serializers.DevelopmentModelSerializer
    filterset_class = filters.ApiDevelopmentModelFilter


class PlanViewSet(_Scoped):
    model = AnnualPlan
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.ApiPlanFilter

    def get_queryset(self):
        targets = PlanCategoryTarget.objects.select_related("category").order_by("category__sort_order", "pk")
        return super().get_queryset().prefetch_related(Prefetch("category_targets", queryset=targets))


class FiguresView(APIView):
    """The dashboard's key figures and breakdowns (by category, by district, by year) for the
    dashboard's filters, counted in the user's scope: the same selectors as the dashboard."""

    @extend_schema(
        parameters=figures.PARAMETERS, responses=figures.FiguresSerializer, operation_id="figures_retrieve"
    )
    def get(self, request):
        try:
            f = ReportFilter.from_querydata(request.query_params)
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from None
        # `agency` and `commune` are the drill-down pages' criteria, and so is their check: a
        # query about an agency or a commune the user has nothing to do with is out of scope
        # (404), not an empty answer. (`district` is the dashboard's own filter, as on the page.)
        if f.agency_id and not place_concerns(request.user, agency=Agency(pk=f.agency_id)):
            raise NotFound
        if f.commune_code and not place_concerns(
            request.user, units=list(AdministrativeUnit.objects.select_related("parent").filter(code=f.commune_code))
        ):
            raise NotFound
        return Response(figures.FiguresSerializer(figures.build(f, request.user)).data)
