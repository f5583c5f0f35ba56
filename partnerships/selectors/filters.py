"""Filters of the portal's lists (django-filter), applied to querysets that are already scoped."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.forms import bootstrap_classes
from common.text import vi_order
from partnerships import geography
from partnerships.access.scoping import sees_whole_province
from partnerships.selectors.activities import activity_search
from partnerships.models import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    Agency,
    ConfirmationStatus,
    DevelopmentModel,
    Partnership,
    PartnershipStatus,
)

FIRST_YEAR = 2021  # Directive 16-CT/TU dates from 9 September 2021.

# Sortable columns: URL value → ORDER BY expression (a tie-break on -pk keeps pages stable).
ACTIVITY_SORTS = {
    "start_date": (F("start_date").asc(), F("pk").asc()),
    "-start_date": (F("start_date").desc(), F("pk").desc()),
    "title": (F("title").asc(), F("pk").asc()),
    "-title": (F("title").desc(), F("pk").desc()),
    "agency": (F("partnership__agency__name").asc(), F("pk").asc()),
    "-agency": (F("partnership__agency__name").desc(), F("pk").desc()),
    "commune": (F("commune__name").asc(nulls_first=True), F("pk").asc()),
    "-commune": (F("commune__name").desc(nulls_last=True), F("pk").desc()),
    "money": (F("money_total").asc(), F("pk").asc()),
    "-money": (F("money_total").desc(), F("pk").desc()),
    "status": (F("status").asc(), F("pk").asc()),
    "-status": (F("status").desc(), F("pk").desc()),
}


def in_district(unit_path: str, district) -> Q:
    """The unit at `unit_path` is the district itself or one of its communes, or a commune formed
    from its communes after the 2025 reform (the list follows the dashboard's district areas)."""
    return geography.in_district_area_q(unit_path, district)


def year_choices():
    return [(year, str(year)) for year in range(datetime.date.today().year + 1, FIRST_YEAR - 1, -1)]


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """An administrative unit shown by name (districts and communes have unique codes, not names)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra["widget"] = forms.Select(attrs={"class": "form-select"})


class YearFilter(django_filters.NumberFilter):
    """A year typed in a URL: a whole number in the portal's range, else ignored (a huge or odd
    value would otherwise reach the date arithmetic of the __year lookups and crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR - 21)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm"), choices=year_choices, field_name="start_date", lookup_expr="year", empty_label=_("Tất cả các năm")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Loại hoạt động"), queryset=ActivityCategory.objects.all(), empty_label=_("Tất cả các loại")
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ActivityStatus.choices, empty_label=_("Tất cả trạng thái")
    )
    confirmation_status = django_filters.ChoiceFilter(
        label=_("Xác nhận của địa phương"), choices=ConfirmationStatus.choices, empty_label=_("Tất cả")
    )
    district = UnitChoiceFilter(
        label=_("Huyện kết nghĩa"),
        # Only districts and communes that appear in the data (an EXISTS probe, cheap on large tables).
        queryset=geography.districts()
        .filter(Exists(Partnership.objects.filter(geography.in_district_area_q("unit", OuterRef("pk")))))
        .order_by(vi_order("name")),
        method="filter_district",
        empty_label=_("Tất cả các huyện"),
    )
    commune = UnitChoiceFilter(
        label=_("Xã thực hiện"),
        method="filter_commune",
        queryset=geography.communes()
        .filter(Exists(Activity.objects.filter(commune=OuterRef("pk"))))
        .order_by(vi_order("name")),
        empty_label=_("Tất cả các xã"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.order_by(vi_order("name")),
        field_name="partnership__agency",
        empty_label=_("Tất cả cơ quan, đơn vị"),
    )
    # Not on the form: set by links from the dashboard and reports so that a figure's list shows
    # exactly the rows behind it (a range of years, approved + submitted, an agency kind, one
    # partnership). Kept as hidden fields while the user refines the list.
    year_from = YearFilter(
        label=_("Từ năm"), field_name="start_date", lookup_expr="year__gte", widget=forms.HiddenInput
    )
    year_to = YearFilter(
        label=_("Đến năm"), field_name="start_date", lookup_expr="year__lte", widget=forms.HiddenInput
    )
    statuses = django_filters.MultipleChoiceFilter(
        label=_("Các trạng thái"), field_name="status", choices=ActivityStatus.choices, widget=forms.MultipleHiddenInput
    )
    agency_kind = django_filters.ChoiceFilter(
        label=_("Loại cơ quan, đơn vị"), field_name="partnership__agency__kind", choices=Agency.Kind.choices,
        widget=forms.HiddenInput,
    )
    partnership = django_filters.ModelChoiceFilter(
        label=_("Quan hệ kết nghĩa"), queryset=Partnership.objects.all(), widget=forms.HiddenInput
    )
    # Set by the reports' links "as of today": a commune then also stands for the old communes it
    # took over (geography.units_carried_by), as on the dashboard.
    geography = django_filters.ChoiceFilter(
        label=_("Địa giới hành chính"),
        choices=[(geography.AS_RECORDED, _("Theo địa giới khi ghi nhận")),
                 (geography.AS_OF_TODAY, _("Theo địa giới hiện nay"))],
        method="filter_geography",
        widget=forms.HiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"), choices=[(key, key) for key in ACTIVITY_SORTS], method="filter_sort", empty_label=None
    )

    class Meta:
        fields = ["q", "year", "category", "status", "confirmation_status", "district", "commune", "agency",
                  "year_from", "year_to", "statuses", "agency_kind", "partnership", "geography"]

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        if user is not None and not sees_whole_province(user):
            # Officers see their own agency only; the filter would only list other agencies' names.
            del self.filters["agency"]
        if user is not None:
            # A partnership named in the URL is described under the form: only one the user may see.
            self.filters["partnership"].queryset = Partnership.objects.visible_to(user)
        if user is not None and not sees_whole_province(user):
            # An officer (or focal point) is offered the communes of their partnerships' areas only.
            areas = Partnership.objects.visible_to(user).values("unit")
            self.filters["commune"].queryset = geography.communes_of(areas).order_by(vi_order("name"))
        # 120+ communes: grouped under their districts (validation still reads the queryset).
        commune = self.form.fields["commune"]
        commune.widget.choices = [("", commune.empty_label)] + [
            (district.name, [(c.pk, c.name) for c in members])
            for district, members in geography.communes_by_district(commune.queryset)
        ]
        bootstrap_classes(self.form.fields, skip={"sort"})

    def filter_text(self, queryset, name, value):
        return activity_search(queryset, value)

    # Filters the summary table can answer, and the summary's condition for each value. The search
    # and the focal point's confirmation are not in it: their lists count their own rows.
    SUMMARY_CONDITIONS = {
        "year": lambda v: Q(year=int(v)),
        "year_from": lambda v: Q(year__gte=int(v)),
        "year_to": lambda v: Q(year__lte=int(v)),
        "category": lambda v: Q(category=v),
        "status": lambda v: Q(status=v),
        "statuses": lambda v: Q(status__in=v),
        "district": lambda v: in_district("partnership__unit", v),
        "commune": lambda v, geo: Q(commune_id__in=geography.units_carried_by([v.pk], geo).values("pk")),
        "geography": lambda v: Q(),
        "agency": lambda v: Q(partnership__agency=v),
        "agency_kind": lambda v: Q(partnership__agency__kind=v),
        "partnership": lambda v: Q(partnership=v),
    }

    def summary_of(self, summary):
        """`summary` (ActivitySummary rows already scoped like the list) narrowed to the rows
        behind this filter's activities, or None when a condition in force cannot be read there."""
        if not self.is_bound:
            return summary
        self.errors  # noqa: B018  (validates; invalid conditions are left out, as the list does)
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []):
                continue
            if name not in self.SUMMARY_CONDITIONS:
                return None
            condition = self.SUMMARY_CONDITIONS[name]
            if name == "commune":
                summary = summary.filter(condition(value, self._geography()))
            else:
                summary = summary.filter(condition(value))
        return summary

    def _geography(self) -> str:
        return (self.form.cleaned_data.get("geography") if hasattr(self.form, "cleaned_data") else None) or (
            geography.AS_RECORDED
        )

    def filter_commune(self, queryset, name, value):
        return queryset.filter(commune__in=geography.units_carried_by([value.pk], self._geography()).values("pk"))

    def filter_geography(self, queryset, name, value):
        return queryset  # read by filter_commune

    def filter_district(self, queryset, name, value):
        # Partnerships with the district itself, or with one of its communes.
        return queryset.filter(in_district("partnership__unit", value))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*ACTIVITY_SORTS[value])


# --- partnership and development-model lists ------------------------------------------------

class YesNoAll(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


ALL = _("Tất cả")




class PartnershipFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan, đơn vị"), queryset=Agency.objects.none(), empty_label=ALL
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"),
        queryset=geography.districts().order_by("code"),
        method="filter_district",
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=PartnershipStatus.choices, empty_label=ALL
    )
    mountainous = django_filters.BooleanFilter(
        label=_("Miền núi"), field_name="unit__is_mountainous", widget=YesNoAll
    )
    border = django_filters.BooleanFilter(
        label=_("Biên giới"), field_name="unit__is_border", widget=YesNoAll
    )
    difficult = django_filters.BooleanFilter(
        label=_("Đặc biệt khó khăn"),
        field_name="unit__is_especially_difficult",
        widget=YesNoAll,
    )
    ethnic = django_filters.BooleanFilter(
        label=_("Vùng đồng bào DTTS"),
        field_name="unit__is_ethnic_minority_area",
        widget=YesNoAll,
    )

    class Meta:
        model = Partnership
        fields = ["agency", "district", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.filter(
            pk__in=Partnership.objects.visible_to(user).values("agency_id")
        )
        bootstrap_classes(self.form.fields, small=True)

    def filter_district(self, queryset, name, value):
        return queryset.filter(in_district("unit", value))


class DevelopmentModelFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label=_("Giai đoạn"), choices=DevelopmentModel.Stage.choices, empty_label=ALL)
    sector = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=DevelopmentModel.Sector.choices, empty_label=ALL)
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"),
        queryset=geography.districts().order_by("code"),
        method="filter_district",
        empty_label=ALL,
    )
    partnership = django_filters.ModelChoiceFilter(
        label=_("Quan hệ kết nghĩa"), queryset=Partnership.objects.none(), empty_label=ALL
    )

    class Meta:
        model = DevelopmentModel
        fields = ["stage", "sector", "district", "partnership"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.filters["partnership"]
        field.queryset = Partnership.objects.visible_to(user).select_related("agency", "unit")
        bootstrap_classes(self.form.fields, small=True)
        self.form.fields["partnership"].label_from_instance = (
            lambda p: f"{p.agency.short_name or p.agency.name} – {p.unit.name}"
        )

    def filter_district(self, queryset, name, value):
        return queryset.filter(in_district("commune", value))
