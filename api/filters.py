"""The lists' FilterSets, as the API takes them: units and categories named by their codes (the
API never exposes a unit's database id), and no `sort` (cursor pagination fixes the order)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from partnerships import geography
from partnerships.models import ActivityCategory, AdministrativeUnit, Partnership
from partnerships.selectors.filters import (
    ActivityFilter,
    DevelopmentModelFilter,
    PartnershipFilter,
    in_district,
    year_choices,
)

Level = AdministrativeUnit.Level


def _units(level):
    return AdministrativeUnit.objects.filter(level=level)


class ScopedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that hands the FilterSet the user, as the pages do (the choices a
    FilterSet offers, e.g. partnerships, are themselves scoped)."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "user": request.user}


class _DistrictByCode(django_filters.FilterSet):
    """The page's district filter, the district named by its official code (put first among the
    bases: the first base's filter of a name wins)."""

    district = django_filters.ModelChoiceFilter(
        label=_("Huyện (mã)"), queryset=_units(Level.DISTRICT), to_field_name="code", method="filter_district"
    )

    @extend_schema_field(OpenApiTypes.STR)  # a district's official code
    def filter_district(self, queryset, name, value):
        return super().filter_district(queryset, name, value)


class ApiActivityFilter(_DistrictByCode, ActivityFilter):
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện kết nghĩa (mã)"), queryset=_units(Level.DISTRICT), to_field_name="code", method="filter_district"
    )
    # A commune code names different communes before and after the 2025 reform (20443 was Xã A
    # Xan, now Xã Hùng Sơn): it is read on each activity's own start date, which is what the
    # activity's commune carries (an activity's commune is valid on its start date).
    commune = django_filters.CharFilter(label=_("Xã thực hiện (mã)"), method="filter_commune")
    category = django_filters.ModelChoiceFilter(
        label=_("Loại hoạt động (mã)"), queryset=ActivityCategory.objects.all(), to_field_name="code"
    )
    sort = None


    def filter_commune(self, queryset, name, value):
        code = value.strip()
        if self._geography() == geography.AS_OF_TODAY:  # today's commune with that code, and the work it took over
            unit = geography.unit_for_code(code, level=Level.COMMUNE)
            return super().filter_commune(queryset, name, unit) if unit else queryset.none()
        return queryset.filter(commune__code=code)


class _CommuneByCode(django_filters.FilterSet):
    """The lists' hidden commune filter (partnerships covering a commune), the commune named by
    its code (a reused code covers the partnerships of both communes that carried it)."""

    commune = django_filters.CharFilter(label=_("Xã (mã)"), method="filter_commune")

    def filter_commune(self, queryset, name, value):
        return queryset.filter(geography.covering_q(self._path("unit"), code=value.strip()))


class ApiPartnershipFilter(_DistrictByCode, _CommuneByCode, PartnershipFilter):
    pass


class ApiDevelopmentModelFilter(_DistrictByCode, _CommuneByCode, DevelopmentModelFilter):
    pass


class ApiPlanFilter(ApiPartnershipFilter):
    """The plans page filters partnerships (PartnershipFilter) and picks a year; here the same
    criteria apply through each plan's partnership."""

    year = django_filters.ChoiceFilter(label=_("Năm"), choices=year_choices)
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan, đơn vị"), queryset=PartnershipFilter.base_filters["agency"].queryset,
        field_name="partnership__agency",
    )
    status = None
    mountainous = django_filters.BooleanFilter(label=_("Miền núi"), field_name="partnership__unit__is_mountainous")
    border = django_filters.BooleanFilter(label=_("Biên giới"), field_name="partnership__unit__is_border")
    difficult = django_filters.BooleanFilter(
        label=_("Đặc biệt khó khăn"), field_name="partnership__unit__is_especially_difficult"
    )
    ethnic = django_filters.BooleanFilter(
        label=_("Vùng đồng bào DTTS"), field_name="partnership__unit__is_ethnic_minority_area"
    )
    partnership = django_filters.ModelChoiceFilter(label=_("Quan hệ kết nghĩa"), queryset=Partnership.objects.none())

    class Meta:
        model = None
        fields = ["year", "agency", "district", "partnership"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["partnership"].queryset = Partnership.objects.visible_to(user)

    @extend_schema_field(OpenApiTypes.STR)
    def filter_district(self, queryset, name, value):
        return queryset.filter(in_district("partnership__unit", value))


class ApiUnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=Level.choices)
    # Codes were reused by the reform (48 is the old Đà Nẵng and the new city): a parent is
    # named by its code, and `on` keeps the units in force on one date.
    parent = django_filters.CharFilter(label=_("Đơn vị cấp trên (mã)"), field_name="parent__code")
    on = django_filters.DateFilter(label=_("Còn hiệu lực vào ngày (YYYY-MM-DD)"), method="filter_on")

    def filter_on(self, queryset, name, value):
        return queryset.filter(geography.valid_on_q(on=value))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
