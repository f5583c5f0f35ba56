"""The report filter as a form: one place that turns GET parameters into a `ReportFilter`.

The dashboard renders it; `ReportFilter.from_querydata` validates through it, so the dashboard,
the annual report and any other caller reject the same bad input with the same messages.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import bootstrap_classes
from partnerships import geography
from partnerships.models import ActivityCategory, Agency

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_SPAN = 30  # years; a longer range is a typo, and would make the trend chart unreadable


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
        error_messages={"invalid_choice": _("Không có huyện với mã này.")},
    )
    agency_kind = forms.ChoiceField(
        label=_("Loại cơ quan, đơn vị"),
        choices=[("", _("Tất cả"))] + list(Agency.Kind.choices),
        required=False,
        error_messages={"invalid_choice": _("Loại cơ quan, đơn vị không hợp lệ.")},
    )
    category = forms.ChoiceField(
        label=_("Loại hoạt động"),
        required=False,
        error_messages={"invalid_choice": _("Không có loại hoạt động với mã này.")},
    )
    # Set by the drill-down pages' URLs; the dashboard's form does not show them.
    agency = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Không có cơ quan, đơn vị này.")},
    )
    commune = forms.ModelChoiceField(
        label=_("Xã"),
        queryset=geography.communes(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("Không có xã với mã này.")},
    )
    include_submitted = forms.BooleanField(
        label=_("Tính cả hoạt động đang chờ duyệt"),
        required=False,
    )

    def __init__(self, *args, default_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year or datetime.date.today().year
        if not self.is_bound:
            self.initial.setdefault("year", self.default_year)
        districts = geography.districts().order_by("name")
        self.fields["district"].choices = [("", _("Toàn tỉnh"))] + list(districts.values_list("code", "name"))
        self.fields["category"].choices = [("", _("Tất cả"))] + list(
            ActivityCategory.objects.values_list("code", "name")
        )
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
        data["year_from"], data["year_to"] = year_from, year_to
        return data

    def district_name(self, code: str | None) -> str:
        return dict(self.fields["district"].choices).get(code, code or "")

    def to_filter(self):
        from reports.selectors import ReportFilter

        data = self.cleaned_data
        return ReportFilter(
            year_from=data["year_from"],
            year_to=data["year_to"],
            district_code=data.get("district") or None,
            agency_kind=data.get("agency_kind") or None,
            category_code=data.get("category") or None,
            include_submitted=bool(data.get("include_submitted")),
            agency_id=data["agency"].pk if data.get("agency") else None,
            commune_code=data["commune"].code if data.get("commune") else None,
        )

    def error_messages_list(self) -> list[str]:
        """Every error as one Vietnamese sentence, field label first, for a message banner."""
        messages = []
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else None
            for error in errors:
                messages.append(f"{label}: {error}" if label else str(error))
        return messages
