"""Forms of the partnership, plan, development-model and officer-import pages.

Forms only parse and check what a person typed; every write goes through `services.py`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import MoneyField
from .models import AdministrativeUnit, Agency, AnnualPlan, DevelopmentModel, Partnership
from .services import PLAN_TARGET_FIELDS

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class CountField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("class", "text-end")

    def clean(self, value):
        return super().clean(value) or 0


class BootstrapMixin:
    """Bootstrap classes on every widget, and `aria-invalid` on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            base = "form-select" if isinstance(widget, forms.Select) else (
                "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control")
            widget.attrs["class"] = f"{base} {widget.attrs.get('class', '')}".strip()
            if isinstance(field, forms.DateField):
                widget.attrs.setdefault("placeholder", "dd/mm/yyyy")

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


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        if unit.level == AdministrativeUnit.Level.COMMUNE and unit.parent_id:
            return f"{unit.name} – {unit.parent.name}"
        return unit.name


# --- partnerships --------------------------------------------------------------------------


class PartnershipForm(BootstrapMixin, forms.ModelForm):
    unit = UnitChoiceField(
        label=_("Địa phương kết nghĩa"),
        queryset=AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.PROVINCE)
        .filter(valid_to__isnull=True)
        .select_related("parent")
        .order_by("parent__code", "code"),
    )

    class Meta:
        model = Partnership
        fields = ["agency", "unit", "signed_on", "agreement_number", "agreement_file", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["agreement_file"].widget = forms.ClearableFileInput(attrs={"class": "form-control"})

    def clean_agreement_file(self):
        upload = self.cleaned_data.get("agreement_file")
        if upload and getattr(upload, "size", 0) > 20 * 1024 * 1024:
            raise ValidationError(_("Tệp văn bản kết nghĩa không được lớn hơn 20 MB."))
        return upload


class PartnershipEndForm(BootstrapMixin, forms.Form):
    ended_on = forms.DateField(label=_("Ngày kết thúc"))
    reason = forms.CharField(label=_("Lý do kết thúc"), widget=forms.Textarea(attrs={"rows": 3}))


# --- plans ---------------------------------------------------------------------------------



class PlanForm(BootstrapMixin, forms.Form):
    """The plan's targets plus one 'activities target' field per active category (cat_<id>)."""

    money_target = MoneyField(label=AnnualPlan._meta.get_field("money_target").verbose_name.capitalize())
    society_money_target = MoneyField(
        label=AnnualPlan._meta.get_field("society_money_target").verbose_name.capitalize()
    )
    people_trained_target = CountField(label=_("Số người đào tạo, bồi dưỡng"))
    jobs_target = CountField(label=_("Số việc làm"))
    households_out_of_poverty_target = CountField(label=_("Số hộ thoát nghèo"))
    models_target = CountField(label=_("Số mô hình xây dựng, nhân rộng"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, categories, plan: AnnualPlan | None = None, **kwargs):
        self.categories = list(categories)
        if plan is not None and "initial" not in kwargs:
            initial = {name: getattr(plan, name) for name in PLAN_TARGET_FIELDS}
            initial["note"] = plan.note
            for target in plan.category_targets.all():
                initial[f"cat_{target.category_id}"] = target.activities_target
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for category in self.categories:
            self.fields[f"cat_{category.pk}"] = CountField(label=category.name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("society_money_target", 0) > cleaned.get("money_target", 0):
            self.add_error(
                "society_money_target", _("Kinh phí xã hội hóa không được lớn hơn tổng kinh phí dự kiến.")
            )
        return cleaned

    def category_rows(self):
        return [(category, self[f"cat_{category.pk}"]) for category in self.categories]

    def targets(self) -> dict:
        data = {name: self.cleaned_data[name] for name in PLAN_TARGET_FIELDS}
        data["note"] = self.cleaned_data["note"]
        return data

    def category_targets(self) -> dict:
        return {category: self.cleaned_data[f"cat_{category.pk}"] for category in self.categories}


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


# --- development models --------------------------------------------------------------------


class DevelopmentModelForm(BootstrapMixin, forms.ModelForm):
    commune = UnitChoiceField(label=_("Xã thực hiện"), queryset=AdministrativeUnit.objects.none())

    class Meta:
        model = DevelopmentModel
        fields = ["name", "partnership", "commune", "sector", "stage", "households", "started_on",
                  "replicated_from", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import can_write_for_partnership

        partnerships = Partnership.objects.visible_to(user).filter(status="active").select_related("agency", "unit")
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].label_from_instance = lambda p: f"{p.agency.short_name or p.agency.name} – {p.unit.name}"
        if self.instance.pk and not can_write_for_partnership(user, self.instance.partnership):
            self.fields["partnership"].disabled = True
        units = Partnership.objects.visible_to(user).values("unit_id")
        self.fields["commune"].queryset = (
            AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)
            .filter(Q(pk__in=units) | Q(parent_id__in=units))
            .select_related("parent")
            .order_by("parent__code", "code")
        )
        self.fields["replicated_from"].queryset = (
            DevelopmentModel.objects.visible_to(user).exclude(pk=self.instance.pk).order_by("name")
            if self.instance.pk
            else DevelopmentModel.objects.visible_to(user).order_by("name")
        )
        self.fields["replicated_from"].required = False
        self.fields["started_on"].widget.attrs["placeholder"] = "dd/mm/yyyy"


# --- officer import ------------------------------------------------------------------------


class ImportUploadForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.none(), required=False)
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) đã điền"),
        error_messages={"empty": _("Tệp rỗng."), "required": _("Chọn tệp Excel cần nhập.")},
    )

    def __init__(self, *args, choose_agency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        if choose_agency:
            self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
            self.fields["agency"].required = True
        else:
            del self.fields["agency"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError(_("Tệp rỗng."))
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Tệp lớn hơn 2 MB; hãy chia thành nhiều tệp nhỏ hơn."))
        return upload

