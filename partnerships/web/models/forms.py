"""Forms of the development-model pages."""


from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapMixin, VietnameseDateField
from common.text import vi_order
from partnerships import geography
from partnerships.models import AdministrativeUnit, DevelopmentModel, Partnership
from partnerships.web.partnerships.forms import UnitChoiceField


class DevelopmentModelForm(BootstrapMixin, forms.ModelForm):
    commune = UnitChoiceField(label=_("Xã thực hiện"), queryset=AdministrativeUnit.objects.none())
    started_on = VietnameseDateField(label=_("Ngày xây dựng"), required=False)
    maintained_on = VietnameseDateField(label=_("Ngày duy trì"), required=False)
    developed_on = VietnameseDateField(label=_("Ngày phát triển"), required=False)
    replicated_on = VietnameseDateField(label=_("Ngày nhân rộng"), required=False)
    stage_date_fields = ("started_on", "maintained_on", "developed_on", "replicated_on")

    class Meta:
        model = DevelopmentModel
        fields = ["name", "partnership", "commune", "sector", "stage", "households", "started_on",
                  "maintained_on", "developed_on", "replicated_on", "replicated_from", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from partnerships.access.policy import can_write_for_partnership

        partnerships = Partnership.objects.visible_to(user).filter(status="active").select_related("agency", "unit")
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].label_from_instance = lambda p: f"{p.agency.short_name or p.agency.name} – {p.unit.name}"
        if self.instance.pk and not can_write_for_partnership(user, self.instance.partnership):
            self.fields["partnership"].disabled = True
        units = Partnership.objects.visible_to(user).values("unit_id")
        self.fields["commune"].queryset = geography.in_district_order(geography.communes_of(units))
        self.fields["commune"].label_from_instance = lambda unit: geography.name_with_district(unit, brackets=True)
        self.fields["replicated_from"].queryset = (
            DevelopmentModel.objects.visible_to(user).exclude(pk=self.instance.pk).order_by(vi_order("name"))
            if self.instance.pk
            else DevelopmentModel.objects.visible_to(user).order_by(vi_order("name"))
        )
        self.fields["replicated_from"].required = False
        self.fields["started_on"].help_text = _("Ngày mô hình được xây dựng (bắt đầu).")
        self.fields["replicated_on"].help_text = _("Với mô hình nhân rộng từ nơi khác: ngày nhân rộng về xã này.")


# --- officer import ------------------------------------------------------------------------
