"""Filters of the portal's lists (django-filter), applied to querysets that are already scoped.

Longer than 400 lines on purpose: the lists' FilterSets stand side by side and share their
widgets, choices and the period filter (`PeriodFilterSet`); a list's FilterSet moves to a module
of its own when it grows helpers of its own.
"""

import datetime
import functools

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from common.forms import PlainSelect, bootstrap_classes
from common.text import vi_order
from partnerships import geography
from partnerships.access.reach import agencies_in_reach, districts_in_reach
from partnerships.access.scoping import sees_whole_province
from partnerships.selectors.activities import activity_search
from partnerships.selectors.cache import cached
from partnerships.models.partnerships import in_force_q
from partnerships.services import ACTIVITY_RESULT_FIELDS
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
        self.extra["widget"] = PlainSelect(attrs={"class": "form-select"})


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
        label=_("Năm"), choices=year_choices, field_name="start_date", lookup_expr="year", empty_label=_("Tất cả các năm"),
        widget=PlainSelect,
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Loại hoạt động"), queryset=ActivityCategory.objects.all(), empty_label=_("Tất cả các loại"),
        widget=PlainSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ActivityStatus.choices, empty_label=_("Tất cả trạng thái"), widget=PlainSelect
    )
    confirmation_status = django_filters.ChoiceFilter(
        label=_("Xác nhận của địa phương"), choices=ConfirmationStatus.choices, empty_label=_("Tất cả"),
        widget=PlainSelect,
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
        widget=PlainSelect,
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
    # A dashboard figure of results (jobs, people trained, ...) opens the activities that have some.
    has = django_filters.ChoiceFilter(
        label=_("Có kết quả"), choices=[(name, name) for name in ACTIVITY_RESULT_FIELDS], method="filter_has",
        widget=forms.HiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"), choices=[(key, key) for key in ACTIVITY_SORTS], method="filter_sort", empty_label=None
    )

    class Meta:
        fields = ["q", "year", "category", "status", "confirmation_status", "district", "commune", "agency",
                  "year_from", "year_to", "statuses", "agency_kind", "partnership", "geography", "has"]

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        if user is not None and not sees_whole_province(user):
            # Officers see their own agency only; the filter would only list other agencies' names.
            del self.filters["agency"]
            # Districts: those of the user's own partnerships' areas (reach.districts_in_reach).
            self.filters["district"].queryset = districts_in_reach(user, self.filters["district"].queryset)
        if user is not None:
            # A partnership named in the URL is described under the form: only one the user may see.
            self.filters["partnership"].queryset = Partnership.objects.visible_to(user)
        # (The API names a commune by its code instead, read on each activity's date: no list.)
        by_list = isinstance(self.filters["commune"], django_filters.ModelChoiceFilter)
        if by_list and user is not None and not sees_whole_province(user):
            # An officer (or focal point) is offered the communes of their partnerships' areas only.
            areas = Partnership.objects.visible_to(user).values("unit")
            self.filters["commune"].queryset = geography.communes_of(areas).order_by(vi_order("name"))
        if by_list:
            # The drop-downs' ~500 units, agencies and categories, as plain values read when the
            # form is shown, once per data version and scope (validation still reads each
            # field's queryset; an export builds the form but never reads them).
            parts = (getattr(user, "agency_id", None), getattr(user, "locality_id", None))
            offered = functools.cache(lambda: cached("activity_filter_choices", user, parts, self._list_choices))
            for name in ("commune", "district", "category", "agency"):
                if name in self.form.fields:
                    self.form.fields[name].widget.choices = CallableChoiceIterator(lambda name=name: offered()[name])
        bootstrap_classes(self.form.fields, skip={"sort"})

    def _list_choices(self) -> dict[str, list]:
        """What the drop-downs of units, agencies and categories offer, as (value, label) pairs."""
        fields = self.form.fields
        # 120+ communes: grouped under their districts (a new commune under its former district's area).
        choices = {"commune": [("", str(fields["commune"].empty_label))] + [
            (heading, [(c.pk, c.name) for c in members])
            for heading, members in geography.communes_by_district(fields["commune"].queryset)
        ]}
        for name in ("district", "category", "agency"):
            if name in fields:
                # The rows' names as the fields label them (each model's __str__ is its name), read
                # as plain values: no model rows, no server-side cursor (three round trips each).
                field = fields[name]
                empty = [("", str(field.empty_label))] if field.empty_label is not None else []
                choices[name] = empty + [(str(pk), label) for pk, label in field.queryset.values_list("pk", "name")]
        return choices

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

    def conditions_key(self) -> tuple:
        """The conditions in force (not the order), as plain values: what cached totals are filed under."""
        if not self.is_bound:
            return ()
        self.errors  # noqa: B018
        return tuple(sorted(
            (name, str(getattr(value, "pk", value)) if not isinstance(value, list) else ",".join(sorted(value)))
            for name, value in self.form.cleaned_data.items() if name != "sort" and value not in (None, "", [])
        ))

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

    def filter_has(self, queryset, name, value):
        return queryset.filter(**{f"{value}__gt": 0})


class PeriodFilterSet(django_filters.FilterSet):
    """Hidden parameters set by the dashboard's figures (not on the form): the period as a year or
    a range of years, cut at `until` in a running year, the agency kind, the agency and the
    commune covered, so that a figure's list holds exactly the rows it counts. Subclasses say
    what "in the period" means (`period_q`) and where the partnership is (`partnership_path`)."""

    partnership_path = ""
    year = YearFilter(label=_("Năm"), method="keep", widget=forms.HiddenInput)
    year_from = YearFilter(label=_("Từ năm"), method="keep", widget=forms.HiddenInput)
    year_to = YearFilter(label=_("Đến năm"), method="keep", widget=forms.HiddenInput)
    until = django_filters.DateFilter(label=_("Đến ngày"), method="keep", widget=forms.HiddenInput)
    agency_kind = django_filters.ChoiceFilter(label=_("Loại cơ quan, đơn vị"), method="filter_agency_kind",
                                              choices=Agency.Kind.choices, widget=forms.HiddenInput)
    commune = django_filters.ModelChoiceFilter(label=_("Xã"), queryset=geography.communes(),
                                               method="filter_commune", widget=forms.HiddenInput)

    PERIOD_FILTERS = ("year", "year_from", "year_to", "until")

    def __init__(self, *args, period: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not period:  # a page with a year of its own (the plan list)
            for name in self.PERIOD_FILTERS:
                del self.filters[name]

    def keep(self, queryset, name, value):
        return queryset  # read together in filter_queryset

    def _path(self, field: str) -> str:
        return f"{self.partnership_path}__{field}" if self.partnership_path else field

    def filter_agency_kind(self, queryset, name, value):
        return queryset.filter(**{self._path("agency__kind"): value})

    def filter_commune(self, queryset, name, value):
        return queryset.filter(geography.covering_q(self._path("unit"), code=value.code))

    def period(self):
        if "year" not in self.filters:
            return None
        data = self.form.cleaned_data
        year_from = data.get("year") or data.get("year_from")
        year_to = data.get("year") or data.get("year_to")
        if not (year_from or year_to):
            return None
        start = datetime.date(year_from or FIRST_YEAR - 21, 1, 1)
        end = datetime.date(year_to or 2100, 12, 31)
        if data.get("until") and data["until"] < end:
            end = data["until"]
        return start, end

    def period_q(self, start, end) -> Q:
        raise NotImplementedError

    period_words = _("trong kỳ từ %(start)s đến %(end)s")

    def hidden_conditions(self) -> list[str]:
        """The conditions set by a dashboard link that the form does not show, in words."""
        if not self.is_bound or not self.is_valid():
            return []
        words, period = [], self.period()
        if period:
            words.append(self.period_words % {"start": period[0].strftime("%d/%m/%Y"),
                                              "end": period[1].strftime("%d/%m/%Y")})
        data = self.form.cleaned_data
        if data.get("agency_kind"):
            words.append(_("loại cơ quan, đơn vị: %(kind)s") % {"kind": Agency.Kind(data["agency_kind"]).label})
        if data.get("commune"):
            words.append(_("ở %(commune)s") % {"commune": data["commune"].name})
        return words

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        period = self.period()
        return queryset.filter(self.period_q(*period)) if period else queryset


# --- partnership and development-model lists ------------------------------------------------

class YesNoAll(django_filters.widgets.BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


ALL = _("Tất cả")




def _district_filter():
    """The district filter of the partnership and model lists; each list says what lies in it
    (its `filter_district`)."""
    return django_filters.ModelChoiceFilter(
        label=_("Huyện"), queryset=geography.districts().order_by(vi_order("name")), method="filter_district",
        empty_label=ALL,
    )


class PartnershipFilter(PeriodFilterSet):
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan, đơn vị"), queryset=Agency.objects.none(), empty_label=ALL
    )
    district = _district_filter()
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

    period_words = _("đang thực hiện trong kỳ từ %(start)s đến %(end)s")

    def period_q(self, start, end) -> Q:
        return in_force_q(start, end)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.filter(
            pk__in=Partnership.objects.visible_to(user).values("agency_id")
        )
        self.filters["district"].queryset = districts_in_reach(user, self.filters["district"].queryset)
        bootstrap_classes(self.form.fields, small=True)

    def filter_district(self, queryset, name, value):
        return queryset.filter(in_district("unit", value))


class DevelopmentModelFilter(PeriodFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Giai đoạn"), choices=DevelopmentModel.Stage.choices, empty_label=ALL)
    sector = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=DevelopmentModel.Sector.choices, empty_label=ALL)
    district = _district_filter()
    partnership = django_filters.ModelChoiceFilter(
        label=_("Quan hệ kết nghĩa"), queryset=Partnership.objects.none(), empty_label=ALL
    )
    # Set by the dashboard's figures: models built (originals) or replicated in the period.
    origin = django_filters.ChoiceFilter(
        label=_("Nguồn gốc"), choices=[("built", _("Xây dựng mới")), ("replicated", _("Nhân rộng"))],
        method="filter_origin", widget=forms.HiddenInput,
    )
    agency = django_filters.ModelChoiceFilter(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.all(),
                                              field_name="partnership__agency", widget=forms.HiddenInput)
    partnership_path = "partnership"

    class Meta:
        model = DevelopmentModel
        fields = ["stage", "sector", "district", "partnership"]

    period_words = _("bắt đầu trong kỳ từ %(start)s đến %(end)s")

    def period_q(self, start, end) -> Q:
        return Q(started_on__gte=start, started_on__lte=end)

    def hidden_conditions(self) -> list[str]:
        words = super().hidden_conditions()
        origin = self.form.cleaned_data.get("origin") if self.is_bound and self.is_valid() else None
        if origin:
            words.insert(0, _("mô hình nhân rộng") if origin == "replicated" else _("mô hình xây dựng mới"))
        return words

    def filter_origin(self, queryset, name, value):
        replica = DevelopmentModel.replica_q()
        return queryset.filter(replica if value == "replicated" else ~replica)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.filters["partnership"]
        field.queryset = Partnership.objects.visible_to(user).select_related("agency", "unit")
        self.filters["district"].queryset = districts_in_reach(user, self.filters["district"].queryset)
        self.filters["agency"].queryset = agencies_in_reach(user)
        bootstrap_classes(self.form.fields, small=True)
        self.form.fields["partnership"].label_from_instance = (
            lambda p: f"{p.agency.short_name or p.agency.name} – {p.unit.name}"
        )

    def filter_district(self, queryset, name, value):
        return queryset.filter(in_district("commune", value))
