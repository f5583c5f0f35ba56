"""Portal forms. Inputs are typed the Vietnamese way: money as 1.250.000, dates as dd/mm/yyyy."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .attachments import ACCEPTED_EXTENSIONS, validate_evidence
from .models import (
    Activity,
    ActivityCategory,
    AdministrativeUnit,
    DevelopmentModel,
    Partnership,
)
from .services import (
    ACTIVITY_EDITABLE_FIELDS,
    ACTIVITY_MONEY_FIELDS,
    ACTIVITY_RESULT_FIELDS,
    writable_partnerships,
)
from .templatetags.ketnghia import format_number

MONEY_MAX = 10**15  # a thousand billion đồng: anything above is a typing slip
# dd/mm/yyyy first; also what people type in a hurry (15-03-2024, 15.03.2024, 15032024) and ISO.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"]
_CURRENCY = re.compile(r"(₫|đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_money(text) -> int:
    """'1.250.000', '1250000', '1.250.000 ₫' → 1250000; anything else → ValidationError in Vietnamese."""
    if text is None:
        return 0
    if isinstance(text, int):
        value = text
    else:
        cleaned = _CURRENCY.sub("", str(text).replace("\u00a0", " ").strip()).replace(" ", "")
        if cleaned == "":
            return 0
        if cleaned.startswith("-"):
            raise ValidationError(_("Số tiền không được âm."), code="negative")
        if "," in cleaned or ("." in cleaned and not _GROUPED.match(cleaned)):
            raise ValidationError(
                _("Số tiền tính bằng đồng, không có phần lẻ; dấu chấm ngăn cách hàng nghìn, ví dụ 1.250.000."),
                code="decimal",
            )
        digits = cleaned.replace(".", "")
        if not digits.isdigit():
            raise ValidationError(_("Số tiền chỉ gồm chữ số, ví dụ 1.250.000."), code="invalid")
        value = int(digits)
    if value < 0:
        raise ValidationError(_("Số tiền không được âm."), code="negative")
    if value > MONEY_MAX:
        raise ValidationError(_("Số tiền quá lớn; xin kiểm tra lại."), code="too_large")
    return value


class MoneyField(forms.CharField):
    """Whole đồng, typed with or without dot separators and the ₫ sign."""

    def __init__(self, **kwargs):
        kwargs["required"] = False  # empty means 0 đồng
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "data-money": "", "autocomplete": "off"})
        )
        kwargs.pop("max_length", None)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_money(super().to_python(value))

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_number(value)
        return value


class VietnameseDateField(forms.DateField):
    """A text input that takes dd/mm/yyyy as typed (the browser's own date picker would impose
    the browser's locale order)."""

    default_error_messages = {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/03/2024.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                       "data-date": ""},
            ),
        )
        super().__init__(**kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files at once, each checked by content (attachments.validate_evidence)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": ACCEPTED_EXTENSIONS, "class": "form-control"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data] if data else []
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload, initial))
                validate_evidence(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


COUNT_FIELDS = ACTIVITY_RESULT_FIELDS
MONEY_FIELDS = ACTIVITY_MONEY_FIELDS


class PartnershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agency.short_name or obj.agency.name} – {obj.unit.name}"


class ActivityForm(forms.ModelForm):
    files = EvidenceFilesField(
        label=_("Tệp minh chứng"),
        help_text=_("Ảnh (JPEG, PNG, WebP), PDF, Word, Excel; có thể chọn nhiều tệp."),
    )

    class Meta:
        model = Activity
        fields = ACTIVITY_EDITABLE_FIELDS
        field_classes = {
            "partnership": PartnershipChoiceField,
            "start_date": VietnameseDateField,
            "end_date": VietnameseDateField,
            **{name: MoneyField for name in MONEY_FIELDS},
        }
        labels = {
            "budget_state": _("Kinh phí nhà nước (đồng)"),
            "budget_society": _("Kinh phí xã hội hóa (đồng)"),
            "budget_in_kind": _("Hiện vật quy đổi (đồng)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        partnerships = writable_partnerships(user).select_related("agency", "unit")
        if self.instance.pk:
            partnerships = partnerships | Partnership.objects.filter(pk=self.instance.partnership_id)
        partnerships = partnerships.select_related("agency", "unit").order_by("agency__name", "unit__name")
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].empty_label = _("– Chọn quan hệ kết nghĩa –")
        unit_ids = partnerships.values("unit_id")
        self.fields["commune"].queryset = (
            AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
            .filter(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids))
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        if not self.is_bound and not self.instance.pk and "partnership" not in self.initial:
            only = list(partnerships[:2])
            if len(only) == 1:  # most officers have a single partner: no need to pick it forty times
                self.initial["partnership"] = only[0].pk
        self.fields["commune"].label_from_instance = lambda unit: f"{unit.name} ({unit.parent.name})"
        self.fields["commune"].empty_label = _("– Cả huyện / để trống –")
        categories = ActivityCategory.objects.filter(is_active=True)
        if self.instance.pk:
            categories = categories | ActivityCategory.objects.filter(pk=self.instance.category_id)
        self.fields["category"].queryset = categories.order_by("sort_order", "name")
        self.fields["category"].empty_label = _("– Chọn loại hoạt động –")
        self.fields["development_model"].queryset = DevelopmentModel.objects.filter(
            partnership__in=partnerships.values("pk")
        ).order_by("name")
        self.fields["development_model"].empty_label = _("– Không –")
        for name in COUNT_FIELDS:
            field = self.fields[name]
            field.required = False  # empty means 0
            field.min_value = 0
            field.error_messages["min_value"] = _("Số lượng không được âm.")
            field.error_messages["invalid"] = _("Nhập một số nguyên, ví dụ 25.")
            field.widget.attrs.update({"min": 0, "inputmode": "numeric"})
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        for name in COUNT_FIELDS:
            if name not in self.errors and data.get(name) is None:
                data[name] = 0
        people, minority = data.get("people_reached"), data.get("ethnic_minority_people")
        if people is not None and minority is not None and minority > people:
            self.add_error(
                "ethnic_minority_people", _("Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ.")
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def commune_areas(self) -> dict:
        """Partnership id → the communes of its area, for the script that narrows the commune list."""
        partnerships = self.fields["partnership"].queryset.values_list("pk", "unit_id")
        communes = list(self.fields["commune"].queryset.values_list("pk", "parent_id"))
        return {
            str(pk): [commune for commune, parent in communes if unit in (commune, parent)]
            for pk, unit in partnerships
        }

    def activity_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTIVITY_EDITABLE_FIELDS}

    def add_service_error(self, error: ValidationError) -> None:
        """Show a model/service ValidationError on the fields it names (others at the top)."""
        from .forms_plans import add_validation_error  # forms_plans imports this module

        add_validation_error(self, error)


COMMENT_MAX = 4000


def posted_comment(data) -> str:
    """The comment of a workflow POST; over-long ones are cut (the services check presence only)."""
    return (data.get("comment") or "").strip()[:COMMENT_MAX]


class AttachmentUploadForm(forms.Form):
    files = EvidenceFilesField(label=_("Thêm tệp minh chứng"), required=True)
