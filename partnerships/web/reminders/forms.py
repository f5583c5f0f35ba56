from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DATE_INPUT_FORMATS, bootstrap_classes
from notifications.registry import rules


class ReminderScheduleForm(forms.Form):
    rule = forms.ChoiceField(label=_("Loại nhắc việc"))
    days = forms.IntegerField(label=_("Số ngày"), min_value=0, max_value=365, initial=7)
    deadline = forms.DateField(label=_("Hạn"), required=False, input_formats=DATE_INPUT_FORMATS,
                               widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}))
    is_active = forms.BooleanField(label=_("Đang bật"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [(name, rule.title) for name, rule in sorted(rules().items())
                                       if not name.startswith("tests.")]
        bootstrap_classes(self.fields)
