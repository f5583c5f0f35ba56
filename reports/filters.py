"""The report filter: `ReportFilter` (what every selector takes) and its form, the one place that
turns GET parameters into a filter.

The dashboard renders the form; `ReportFilter.from_querydata` validates through it, so the
dashboard, the annual report and any other caller reject the same bad input with the same messages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import PlainSelect, bootstrap_classes
from common.text import vi_order
from partnerships import geography
from partnerships.access.reach import agencies_in_reach, districts_in_reach
from partnerships.models import ActivityCategory, ActivityStatus, Agency
from partnerships.selectors.cache import cached_choices
from partnerships.selectors.filters import FIRST_YEAR

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_SPAN = 30  # years; a longer range is a typo, and would make the trend chart unreadable


@dataclass(frozen=True)
class ReportFilter:
    year_from: int
    year_to: int
    district_code: str | None = None  # a district's official code
    agency_kind: str | None = None  # Agency.Kind value
    category_code: str | None = None  # ActivityCategory.code
    include_submitted: bool = False  # default: only APPROVED activities count
    # Drill-down pages narrow further (not in the dashboard's form):
    agency_id: int | None = None  # one agency
    commune_code: str | None = None  # work done in one commune (and partnerships covering it)
    # A period still running is counted up to this day, and its previous period up to the same
    # day one period earlier, so that December is not compared with a whole year (`to_date`).
    until: datetime.date | None = None
    # Which map places are read on: as recorded (each activity at the unit valid on its date) or
    # as of today (old units' work mapped forward to their successors; partnerships/geography.py).
    geography: str = geography.AS_RECORDED
    # The day the commune code is read on (a code reused by the reform names another commune
    # before and after it); None: the period's end.
    commune_on: datetime.date | None = None

    @classmethod
    def for_year(cls, year: int, **kwargs) -> "ReportFilter":
        return cls(year_from=year, year_to=year, **kwargs)

    @classmethod
    def from_querydata(cls, data, *, default_year: int | None = None) -> "ReportFilter":
        """Build a filter from GET parameters (year or year_from/year_to, district, agency_kind,
        category, include_submitted). Raises ValidationError with Vietnamese messages."""
        form = ReportFilterForm(data, default_year=default_year)
        if not form.is_valid():
            raise ValidationError(form.error_messages_list())
        return form.to_filter()

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year_from, 1, 1)

    @property
    def end(self) -> datetime.date:
        year_end = datetime.date(self.year_to, 12, 31)
        return min(year_end, self.until) if self.until else year_end

    @property
    def is_cut(self) -> bool:
        """Counted up to a day before its last year's end (a running period, or the same months
        of an earlier one)."""
        return self.until is not None and self.until < datetime.date(self.year_to, 12, 31)

    def to_date(self, today: datetime.date | None = None) -> "ReportFilter":
        """This filter, cut at `today` (the local date) when the period has not ended yet."""
        today = today or timezone.localdate()
        if self.year_to < today.year or self.until:
            return self
        return replace(self, until=today) if self.year_to == today.year else self

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def is_single_year(self) -> bool:
        return self.year_from == self.year_to

    @property
    def statuses(self) -> list[str]:
        if self.include_submitted:
            return [ActivityStatus.APPROVED, ActivityStatus.SUBMITTED]
        return [ActivityStatus.APPROVED]

    def previous(self) -> "ReportFilter":
        """The period of equal length just before this one, with the same other criteria."""
        length = self.year_to - self.year_from + 1
        until = None
        if self.until:
            try:
                until = self.until.replace(year=self.until.year - length)
            except ValueError:  # 29 February
                until = self.until.replace(year=self.until.year - length, day=28)
        return replace(self, year_from=self.year_from - length, year_to=self.year_from - 1, until=until)

    def compared(self) -> "ReportFilter | None":
        """The period this one is compared with (`previous()`), or None when that lies wholly before
        the programme's first year (Directive 16-CT/TU, 2021): nothing was recorded then, so
        "trước: 0" would tell a decline that never was. 2021 and 2021–2026 are compared with
        nothing; 2022 with 2021. Every page and document asks this, through the selector."""
        previous = self.previous()
        return previous if previous.year_to >= FIRST_YEAR else None

    def as_querydict(self) -> dict[str, str]:
        """GET parameters that `from_querydata` turns back into this filter."""
        params = {}
        if self.is_single_year:
            params["year"] = str(self.year_from)
        else:
            params["year_from"], params["year_to"] = str(self.year_from), str(self.year_to)
        if self.district_code:
            params["district"] = self.district_code
        if self.agency_kind:
            params["agency_kind"] = self.agency_kind
        if self.category_code:
            params["category"] = self.category_code
        if self.include_submitted:
            params["include_submitted"] = "1"
        if self.agency_id:
            params["agency"] = str(self.agency_id)
        if self.commune_code:
            params["commune"] = self.commune_code
        if self.geography != geography.AS_RECORDED:
            params["geography"] = self.geography
        if self.commune_on:
            params["commune_on"] = self.commune_on.isoformat()
        return params

    @property
    def as_of_today(self) -> bool:
        return self.geography == geography.AS_OF_TODAY

    def commune_unit(self):
        """The filter's commune as a queryset of at most one unit: the one with that code on
        `commune_on`, else at the period's end (the reform reused codes); None without a commune."""
        if not self.commune_code:
            return None
        return geography.unit_for_code_qs(
            self.commune_code, level=geography.Level.COMMUNE, on=self.commune_on or self.end
        )

    def commune_units(self):
        """The communes whose work counts for the filter's commune: that unit, and as of today
        the units it took over."""
        if not self.commune_code:
            return None
        return geography.units_carried_by(self.commune_unit().values("pk"), self.geography)


def _year_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "invalid": _("Năm phải là một số, ví dụ 2024."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm phải trước %(limit_value)s."),
        },
    )


class ReportFilterForm(forms.Form):
    year = _year_field(_("Năm"))
    year_from = _year_field(_("Từ năm"))
    year_to = _year_field(_("Đến năm"))
    # Districts and categories are plain choices loaded in one query each (a ModelChoiceField
    # would iterate a server-side cursor on PostgreSQL each time the form is shown).
    district = forms.ChoiceField(
        label=_("Huyện"),
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("Không có huyện với mã này.")},
    )
    agency_kind = forms.ChoiceField(
        label=_("Loại cơ quan, đơn vị"),
        choices=[("", _("Tất cả"))] + list(Agency.Kind.choices),
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("Loại cơ quan, đơn vị không hợp lệ.")},
    )
    category = forms.ChoiceField(
        label=_("Loại hoạt động"),
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("Không có loại hoạt động với mã này.")},
    )
    # Set by the drill-down pages' URLs; the dashboard's form does not show them.
    agency = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Không có cơ quan, đơn vị này.")},
    )
    # A code, checked in clean(): the same code names different communes before and after the
    # reform, so it is resolved by the period (ReportFilter.commune_units).
    commune = forms.CharField(label=_("Xã"), required=False, max_length=10)
    commune_on = forms.DateField(
        label=_("Xã theo địa giới ngày"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.")},
    )
    geography = forms.ChoiceField(
        label=_("Địa giới"),
        # Short: the form's columns are narrow; the page's note says what each means.
        choices=[
            (geography.AS_RECORDED, _("Khi ghi nhận")),
            (geography.AS_OF_TODAY, _("Hiện nay")),
        ],
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("Chọn địa giới khi ghi nhận hoặc địa giới hiện nay.")},
    )
    include_submitted = forms.BooleanField(
        label=_("Tính cả hoạt động đang chờ duyệt"),
        required=False,
    )

    def __init__(self, *args, default_year: int | None = None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year or datetime.date.today().year
        if not self.is_bound:
            self.initial.setdefault("year", self.default_year)
        # A page shown to a user offers the districts in their reach (reach.districts_in_reach);
        # without a user (commands, stored views) every district is valid.
        if user is not None:
            self.fields["agency"].queryset = agencies_in_reach(user)
        # Read once per data version and scope (partnerships/selectors/cache.py), as the lists' filters.
        choices = cached_choices("report_filter", user, lambda: {
            "district": (geography.districts() if user is None else districts_in_reach(user))
            .order_by(vi_order("name")).values_list("code", "name"),
            "category": ActivityCategory.objects.values_list("code", "name"),
        }, drafts=False)
        self.fields["district"].choices = [("", _("Toàn tỉnh")), *choices["district"]]
        self.fields["category"].choices = [("", _("Tất cả")), *choices["category"]]
        bootstrap_classes(self.fields)  # the checkbox is drawn by the template as a switch

    def clean(self):
        data = super().clean()
        year, year_from, year_to = data.get("year"), data.get("year_from"), data.get("year_to")
        if self.errors:
            return data
        if year:
            year_from = year_to = year
        else:
            year_from = year_from or year_to or self.default_year
            year_to = year_to or year_from
        if year_from > year_to:
            raise forms.ValidationError(_("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
        if year_to - year_from + 1 > MAX_SPAN:
            raise forms.ValidationError(_("Khoảng thời gian tối đa là %(n)s năm.") % {"n": MAX_SPAN})
        code = (data.get("commune") or "").strip()
        if code and not geography.communes().filter(code=code).exists():
            self.add_error("commune", _("Không có xã với mã này."))
        data["commune"] = code
        data["year_from"], data["year_to"] = year_from, year_to
        return data

    def district_name(self, code: str | None) -> str:
        return dict(self.fields["district"].choices).get(code, code or "")

    def to_filter(self) -> ReportFilter:
        data = self.cleaned_data
        return ReportFilter(
            year_from=data["year_from"],
            year_to=data["year_to"],
            district_code=data.get("district") or None,
            agency_kind=data.get("agency_kind") or None,
            category_code=data.get("category") or None,
            include_submitted=bool(data.get("include_submitted")),
            agency_id=data["agency"].pk if data.get("agency") else None,
            commune_code=data.get("commune") or None,
            geography=data.get("geography") or geography.AS_RECORDED,
            commune_on=data.get("commune_on"),
        )

    def error_messages_list(self) -> list[str]:
        """Every error as one Vietnamese sentence, field label first, for a message banner."""
        messages = []
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else None
            for error in errors:
                messages.append(f"{label}: {error}" if label else str(error))
        return messages
