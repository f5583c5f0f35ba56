"""Forms of the annual report pages: evaluation settings, a classification override, reopening."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import vi_order
from partnerships.models import Agency
from reports.models import Classification


class EvaluationSettingsForm(forms.Form):
    """One weight/threshold/applied triple per criterion and one minimum score per band."""

    def __init__(self, *args, criteria, bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.bands = criteria, bands
        for criterion in criteria:
            self.fields[f"weight_{criterion.code}"] = forms.IntegerField(
                label=_("Trọng số"), min_value=0, max_value=100, initial=criterion.weight,
                error_messages={"invalid": _("Trọng số phải là số nguyên."),
                                "min_value": _("Trọng số không được âm."),
                                "max_value": _("Trọng số tối đa 100.")})
            self.fields[f"threshold_{criterion.code}"] = forms.DecimalField(
                label=_("Ngưỡng đạt"), min_value=Decimal("0.0001"), max_digits=18, decimal_places=4, localize=True,
                initial=criterion.threshold.normalize(),
                error_messages={"invalid": _("Ngưỡng phải là một số, ví dụ 0,8 hoặc 50000000."),
                                "min_value": _("Ngưỡng đạt phải lớn hơn 0.")})
            self.fields[f"active_{criterion.code}"] = forms.BooleanField(
                label=_("Áp dụng"), required=False, initial=criterion.is_active)
        for band in bands:
            self.fields[f"band_{band.classification}"] = forms.DecimalField(
                label=band.get_classification_display(), min_value=0, max_value=100, max_digits=5, decimal_places=2,
                localize=True, initial=band.min_score.normalize(),
                error_messages={"invalid": _("Điểm phải là một số từ 0 đến 100."),
                                "min_value": _("Điểm phải từ 0 đến 100."),
                                "max_value": _("Điểm phải từ 0 đến 100.")})

    def rows(self):
        """(criterion, weight field, threshold field, active field) for the template."""
        return [(c, self[f"weight_{c.code}"], self[f"threshold_{c.code}"], self[f"active_{c.code}"])
                for c in self.criteria]

    def band_fields(self):
        return [self[f"band_{b.classification}"] for b in self.bands]

    def criteria_data(self) -> dict:
        data = self.cleaned_data
        return {c.code: (data[f"weight_{c.code}"], data[f"threshold_{c.code}"], data[f"active_{c.code}"])
                for c in self.criteria}

    def bands_data(self) -> dict:
        return {b.classification: self.cleaned_data[f"band_{b.classification}"] for b in self.bands}


class OverrideForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.order_by(vi_order("name")),
                                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                                    error_messages={"invalid_choice": _("Không có cơ quan, đơn vị này.")})
    classification = forms.ChoiceField(label=_("Xếp loại điều chỉnh"), choices=Classification.choices,
                                       widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                                       error_messages={"invalid_choice": _("Xếp loại không hợp lệ.")})
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                             max_length=2000,
                             error_messages={"required": _("Cần ghi rõ lý do điều chỉnh xếp loại.")})


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": _("Cần ghi rõ lý do mở lại năm đã chốt số liệu.")})
