"""Forms of the partnership pages. Forms only parse and check; every write goes through the services."""


from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapMixin
from partnerships import geography
from partnerships.models import AdministrativeUnit, Agency, Partnership


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return geography.name_with_district(unit)


# --- partnerships --------------------------------------------------------------------------


class PartnershipForm(BootstrapMixin, forms.ModelForm):
    unit = UnitChoiceField(
        label=_("Địa phương kết nghĩa"),
        queryset=geography.in_district_order(
            AdministrativeUnit.objects.exclude(level=AdministrativeUnit.Level.PROVINCE).filter(valid_to__isnull=True)
        ),
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
