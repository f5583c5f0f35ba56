"""Form fields typed the Vietnamese way: money as 1.250.000, dates as dd/mm/yyyy, counts; and a
drop-down drawn without a template per option (`PlainSelect`)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.templatetags.ketnghia import format_number

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


class CountField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("class", "text-end")

    def clean(self, value):
        return super().clean(value) or 0


class PlainSelect(forms.Select):
    """forms.Select with the same HTML, written in Python: Django draws every option through a
    template include (about 0,1–0,2 ms each), so a filter bar of 50 options cost each view of a
    report page 5–10 ms, more than the rest of a cached page. For the filter bars and any
    drop-down with many options. The options are written straight from the choices, not through
    the per-option dicts of `optgroups` (which still cost the activity list's 500 options 10 ms)."""

    def render(self, name, value, attrs=None, renderer=None):
        values = set(self.format_value(value))
        attributes = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attributes["multiple"] = True
        parts = [format_html("<select name=\"{}\"{}>", name, flatatt(attributes))]
        selected = False
        for group, label in self.choices:
            grouped = isinstance(label, (list, tuple))
            if grouped:
                parts.append(format_html("<optgroup label=\"{}\">", group))
            for option, option_label in label if grouped else [(group, label)]:
                option = "" if option is None else str(option)
                chosen = option in values and (self.allow_multiple_selected or not selected)
                selected |= chosen
                parts.append(format_html("<option value=\"{}\"{}>{}</option>", option,
                                         mark_safe(" selected") if chosen else "", option_label))
            if grouped:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))


def bootstrap_classes(fields, *, small: bool = False, skip=()) -> None:
    """Bootstrap's class on every visible widget of `fields` (a form's fields), by its kind:
    form-select for choices, form-check-input for a checkbox, form-control otherwise; `small`
    adds the -sm size (filter bars). A class the widget already has is kept after it. The one
    copy of this loop: forms, filter forms and FilterSets call it."""
    for name, field in fields.items():
        widget = field.widget
        if name in skip or widget.is_hidden:
            continue
        if isinstance(widget, forms.CheckboxInput):
            base = "form-check-input"
        else:
            base = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if small:
                base = f"{base} {base}-sm"
        existing = widget.attrs.get("class", "")
        if base.split()[0] not in existing.split():
            widget.attrs["class"] = f"{base} {existing}".strip()


class BootstrapMixin:
    """Bootstrap classes on every widget, and `aria-invalid` on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.fields)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget.attrs.setdefault("placeholder", "dd/mm/yyyy")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


def add_validation_error(form, error: ValidationError) -> None:
    """Put a model ValidationError (from a service's full_clean) on the matching form fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
