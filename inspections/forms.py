"""Forms for planning and recording inspections, follow-up, reviews and commendations.
Dates are typed dd/mm/yyyy like everywhere in the portal."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DATE_INPUT_FORMATS, bootstrap_classes
from partnerships import geography
from partnerships.attachments import ACCEPTED_EXTENSIONS
from partnerships.models import Activity, AdministrativeUnit, Agency, AnnualPlan, DevelopmentModel, Partnership

from .models import Commendation, Inspection, InspectionFile, Rating, Review


def _date_field(label, required=True):
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "class": "form-control"}),
    )


def _localities():
    """Districts and communes in force today, as the geography module knows them."""
    return geography.in_district_order(geography.districts() | geography.communes())


def _offer_localities(field):
    """`field` offers `_localities()`, each named with its district or former district's area: an
    old and a new commune may share a name (Xã Trà Leng before and after 1 July 2025)."""
    field.queryset = _localities()
    field.label_from_instance = lambda unit: geography.name_with_district(unit, brackets=True)


class InspectionPlanForm(forms.ModelForm):
    planned_date = _date_field(_("Ngày dự kiến"))

    class Meta:
        model = Inspection
        fields = ["year", "kind", "agency", "partnership", "unit", "subject", "lead_body", "planned_date"]
        widgets = {"subject": forms.TextInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.visible_to(user).select_related("agency", "unit")
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        _offer_localities(self.fields["unit"])
        for name in ("agency", "partnership", "unit"):
            self.fields[name].help_text = _("Chọn một trong ba: cơ quan, quan hệ kết nghĩa hoặc địa phương.")
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
        bootstrap_classes(self.fields)

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("agency", "partnership", "unit") if cleaned.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("Chọn đúng một đối tượng: một cơ quan, một quan hệ kết nghĩa hoặc một địa phương."))
        return cleaned


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    body = forms.CharField(label=_("Cơ quan"), max_length=200)
    is_lead = forms.BooleanField(label=_("Trưởng đoàn"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.fields)


TeamFormSet = forms.formset_factory(TeamMemberForm, extra=3, can_delete=True)


class InspectionResultForm(forms.Form):
    done_date = _date_field(_("Ngày thực hiện"))
    rating = forms.ChoiceField(label=_("Đánh giá chung"), choices=[("", "—"), *Rating.choices])
    findings = forms.CharField(label=_("Kết quả kiểm tra"), widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    activities = forms.ModelMultipleChoiceField(label=_("Hoạt động đã kiểm tra"), queryset=Activity.objects.none(),
                                                required=False)
    models = forms.ModelMultipleChoiceField(label=_("Mô hình đã kiểm tra"), queryset=DevelopmentModel.objects.none(),
                                            required=False)
    plans = forms.ModelMultipleChoiceField(label=_("Kế hoạch đã kiểm tra"), queryset=AnnualPlan.objects.none(),
                                           required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        where = inspection.partnerships_q(through="partnership__")
        # The year inspected and the one before: what an inspection in the year looks back on.
        self.fields["activities"].queryset = Activity.objects.filter(
            where, start_date__year__in=[inspection.year - 1, inspection.year]).order_by("-start_date")
        self.fields["models"].queryset = DevelopmentModel.objects.filter(where)
        self.fields["plans"].queryset = AnnualPlan.objects.filter(where, year__lte=inspection.year).select_related(
            "partnership__agency", "partnership__unit")
        for name in ("activities", "models", "plans"):
            self.fields[name].widget.attrs["size"] = 6
        bootstrap_classes(self.fields)


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Kiến nghị"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_agency = forms.ModelChoiceField(label=_("Cơ quan thực hiện"), queryset=Agency.objects.filter(is_active=True),
                                          required=False)
    owner_unit = forms.ModelChoiceField(label=_("hoặc địa phương thực hiện"), queryset=AdministrativeUnit.objects.none(),
                                        required=False)
    deadline = _date_field(_("Hạn thực hiện"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_localities(self.fields["owner_unit"])
        bootstrap_classes(self.fields)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("owner_agency")) == bool(cleaned.get("owner_unit")):
            raise forms.ValidationError(_("Mỗi kiến nghị giao cho đúng một cơ quan hoặc một địa phương."))
        return cleaned


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=2)


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("Đã thực hiện xong"), required=False)
    evidence = forms.FileField(label=_("Minh chứng (ảnh, PDF, Word, Excel)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.fields)


class InspectionFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=InspectionFile.Kind.choices)
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.fields)


class ReviewForm(forms.ModelForm):
    held_on = _date_field(_("Ngày tổ chức"), required=False)
    decision_date = _date_field(_("Ngày quyết định"), required=False)

    class Meta:
        model = Review
        fields = ["kind", "title", "year_from", "year_to", "held_on", "decision_number", "decision_date", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.fields)


class ReviewFileForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=200, required=False)
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EXTENSIONS}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.fields)


class CommendationForm(forms.ModelForm):
    class Meta:
        model = Commendation
        fields = ["kind", "agency", "unit", "person_name", "position", "body", "form", "achievement", "order"]
        widgets = {"achievement": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_localities(self.fields["unit"])
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        bootstrap_classes(self.fields)
