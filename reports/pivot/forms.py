"""The pivot explorer's own parameters (axes, measures, order, chart, the filters the dashboard's
form has not): `PivotForm` turns GET parameters into a `PivotLayout` and back. The report filter
(years, district, commune, agency, agency kind, category, submitted) is the dashboard's own
`ReportFilterForm`, read from the same query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import bootstrap_classes
from partnerships.models import ActivityStatus, Partnership
from reports.pivot.table import DIMENSIONS, MAX_AXIS, MEASURES, PivotLayout, parse_sort

DIMENSION_CHOICES = [("", _("(không)"))] + [(d.key, d.label) for d in DIMENSIONS.values()]
MEASURE_CHOICES = [(m.key, m.label) for m in MEASURES.values()]
DEFAULT = PivotLayout()


class PivotForm(forms.Form):
    rows = forms.MultipleChoiceField(
        label=_("Hàng"), choices=DIMENSION_CHOICES, required=False,
        error_messages={"invalid_choice": _("Không có chiều “%(value)s”.")},
    )
    cols = forms.MultipleChoiceField(
        label=_("Cột"), choices=DIMENSION_CHOICES, required=False,
        error_messages={"invalid_choice": _("Không có chiều “%(value)s”.")},
    )
    measure = forms.MultipleChoiceField(
        label=_("Chỉ tiêu"), choices=MEASURE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Không có chỉ tiêu “%(value)s”.")},
    )
    sort = forms.CharField(label=_("Sắp xếp"), required=False, max_length=200)
    chart = forms.ChoiceField(
        label=_("Biểu đồ"), choices=[("bar", _("Cột")), ("line", _("Đường"))], required=False,
        error_messages={"invalid_choice": _("Kiểu biểu đồ không hợp lệ.")},
    )
    quarter = forms.TypedChoiceField(
        label=_("Quý"), coerce=int, empty_value=None, required=False,
        choices=[("", _("Cả năm")), (1, _("Quý I")), (2, _("Quý II")), (3, _("Quý III")), (4, _("Quý IV"))],
        error_messages={"invalid_choice": _("Quý phải là 1, 2, 3 hoặc 4.")},
    )
    substantive = forms.ChoiceField(
        label=_("Thiết thực hay không"), required=False,
        choices=[("", _("Tất cả")), ("1", _("Chỉ hỗ trợ thiết thực")), ("0", _("Chỉ thăm hỏi, tặng quà, khác"))],
        error_messages={"invalid_choice": _("Giá trị “thiết thực” không hợp lệ.")},
    )
    partnership = forms.ModelChoiceField(
        label=_("Quan hệ kết nghĩa"), queryset=Partnership.objects.none(), required=False,
        error_messages={"invalid_choice": _("Không có quan hệ kết nghĩa này trong phạm vi của bạn.")},
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False,
        choices=[("", _("Tất cả trạng thái được tính")), (ActivityStatus.APPROVED.value, ActivityStatus.APPROVED.label),
                 (ActivityStatus.SUBMITTED.value, ActivityStatus.SUBMITTED.label)],
        error_messages={"invalid_choice": _("Chỉ lọc được theo trạng thái đã duyệt hoặc chờ duyệt.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only partnerships the user may see, named without a query per option.
        visible = Partnership.objects.all() if user is None else Partnership.objects.visible_to(user)
        self.fields["partnership"].queryset = visible.select_related("agency", "unit").order_by("agency__name",
                                                                                                "unit__name")
        bootstrap_classes(self.fields)

    def partnership_choices(self) -> list[tuple]:
        """What the select shows: the same rows as plain choices, named in one query."""
        rows = self.fields["partnership"].queryset.values_list("pk", "agency__name", "unit__name")
        return [("", _("Tất cả"))] + [(pk, f"{agency} – {unit}") for pk, agency, unit in rows]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        given = self.data.keys() if hasattr(self.data, "keys") else ()
        rows = [d for d in data.get("rows", []) if d]
        cols = [d for d in data.get("cols", []) if d]
        if "rows" not in given and "cols" not in given:
            rows, cols = list(DEFAULT.rows), list(DEFAULT.cols)
        if not rows:
            raise forms.ValidationError(_("Chọn ít nhất một chiều cho hàng."))
        if len(rows) > MAX_AXIS or len(cols) > MAX_AXIS:
            raise forms.ValidationError(_("Mỗi trục có tối đa %(n)s chiều.") % {"n": MAX_AXIS})
        if len(set(rows + cols)) < len(rows + cols):
            raise forms.ValidationError(_("Mỗi chiều chỉ đặt một lần, ở hàng hoặc ở cột."))
        measures = list(dict.fromkeys(data.get("measure") or DEFAULT.measures))
        sort = data.get("sort") or ""
        if sort:
            _descending, measure, _column = parse_sort(sort)
            if measure != "label" and measure not in measures:
                raise forms.ValidationError(_("Chỉ sắp xếp được theo tên hàng hoặc một chỉ tiêu đang hiển thị."))
        substantive = {"1": True, "0": False}.get(data.get("substantive") or "")
        partnership = data.get("partnership")
        data["layout"] = PivotLayout(
            rows=tuple(rows), cols=tuple(cols), measures=tuple(measures), sort=sort, chart=data.get("chart") or "bar",
            quarter=data.get("quarter"), substantive=substantive,
            partnership_id=partnership.pk if partnership else None, status=data.get("status") or None,
        )
        return data

    def error_messages_list(self) -> list[str]:
        messages = []
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else None
            messages.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return messages
