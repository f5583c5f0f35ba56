"""Forms of the activity pages."""


import functools

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from common.forms import MoneyField, VietnameseDateField, bootstrap_classes
from common.text import vi_order
from partnerships import geography
from partnerships.attachments import ACCEPTED_EXTENSIONS, validate_evidence
from partnerships.models import (
    Activity,
    ActivityCategory,
    DevelopmentModel,
    Partnership,
)
from partnerships.access.policy import writable_partnerships
from partnerships.access.scoping import reach_key
from partnerships.selectors.cache import cached
from partnerships.services import ACTIVITY_EDITABLE_FIELDS, ACTIVITY_MONEY_FIELDS, ACTIVITY_RESULT_FIELDS


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
            "budget_state": _("Ngân sách nhà nước (đồng)"),  # the words of io/columns.py and the reports
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
        partnerships = partnerships.select_related("agency", "unit").order_by(vi_order("agency__name"), vi_order("unit__name"))
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].empty_label = _("– Chọn quan hệ kết nghĩa –")
        unit_ids = partnerships.values("unit_id")
        self.fields["commune"].queryset = geography.in_district_order(geography.communes_of(unit_ids))
        self.fields["commune"].label_from_instance = lambda unit: geography.name_with_district(unit, brackets=True)
        self.fields["commune"].empty_label = _("– Cả địa bàn kết nghĩa / để trống –")
        categories = ActivityCategory.objects.filter(is_active=True)
        if self.instance.pk:
            categories = categories | ActivityCategory.objects.filter(pk=self.instance.category_id)
        self.fields["category"].queryset = categories.order_by("sort_order", "name")
        self.fields["category"].empty_label = _("– Chọn loại hoạt động –")
        self.fields["development_model"].queryset = DevelopmentModel.objects.filter(
            partnership__in=partnerships.values("pk")
        ).order_by(vi_order("name"))
        self.fields["development_model"].empty_label = _("– Không –")
        for name in COUNT_FIELDS:
            field = self.fields[name]
            field.required = False  # empty means 0
            field.min_value = 0
            field.error_messages["min_value"] = _("Số lượng không được âm.")
            field.error_messages["invalid"] = _("Nhập một số nguyên, ví dụ 25.")
            field.widget.attrs.update({"min": 0, "inputmode": "numeric"})
        # The drop-downs and the script's commune tables as plain values, read when the page is
        # shown, once per data version and scope (validation still reads each field's queryset;
        # a valid post that is saved never reads them). The parts are what decides the writable
        # partnerships (roles, agency) and the rows an edited activity adds (its own
        # partnership and category, perhaps ended or retired).
        parts = (reach_key(user), self.instance.partnership_id if self.instance.pk else None,
                 self.instance.category_id if self.instance.pk else None)
        self._offered = functools.cache(lambda: cached("activity_form_choices", user, parts, self._read_choices))
        for name in self.CACHED_CHOICES:
            self.fields[name].widget.choices = CallableChoiceIterator(lambda name=name: self._offered()[name])
        if not self.is_bound and not self.instance.pk and "partnership" not in self.initial:
            only = [value for value, label in self._offered()["partnership"] if value]
            if len(only) == 1:  # most officers have a single partner: no need to pick it forty times
                self.initial["partnership"] = int(only[0])
        bootstrap_classes(self.fields)

    CACHED_CHOICES = ("partnership", "commune", "category", "development_model")

    def _read_choices(self) -> dict:
        choices = {name: [(str(value), str(label)) for value, label in self.fields[name].choices]
                   for name in self.CACHED_CHOICES}
        return {**choices, "commune_areas": self._commune_areas(), "commune_validity": self._commune_validity()}

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
        return self._offered()["commune_areas"]

    def commune_validity(self) -> dict:
        """Commune id → [first day, last day] (ISO, null: open), for the script that offers only
        the communes valid on the start date (the server refuses the others, naming the successor)."""
        return self._offered()["commune_validity"]

    def _commune_areas(self) -> dict:
        partnerships = self.fields["partnership"].queryset.values_list("pk", "unit_id")
        communes = list(self.fields["commune"].queryset)
        return {
            str(pk): [commune.pk for commune in communes if geography.in_area(commune, unit)]
            for pk, unit in partnerships
        }

    def _commune_validity(self) -> dict:
        return {
            str(commune.pk): [commune.valid_from and commune.valid_from.isoformat(),
                              commune.valid_to and commune.valid_to.isoformat()]
            for commune in self.fields["commune"].queryset
            if commune.valid_from or commune.valid_to
        }

    def activity_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTIVITY_EDITABLE_FIELDS}

    def add_service_error(self, error: ValidationError) -> None:
        """Show a model/service ValidationError on the fields it names (others at the top)."""
        from common.forms import add_validation_error  # forms_plans imports this module

        add_validation_error(self, error)


COMMENT_MAX = 4000


def posted_comment(data) -> str:
    """The comment of a workflow POST; over-long ones are cut (the services check presence only)."""
    return (data.get("comment") or "").strip()[:COMMENT_MAX]


class AttachmentUploadForm(forms.Form):
    files = EvidenceFilesField(label=_("Thêm tệp minh chứng"), required=True)


class ConfirmationFilesForm(forms.Form):
    """Photos or a receipt a focal point sends with a confirmation or a discrepancy (optional)."""

    files = EvidenceFilesField(label=_("Ảnh, biên nhận kèm theo (không bắt buộc)"), required=False)
