"""Forms of the annual plan pages."""


from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapMixin, CountField, MoneyField
from partnerships.models import AnnualPlan
from partnerships.services import PLAN_TARGET_FIELDS


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
