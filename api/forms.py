import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import bootstrap_classes

from .tokens import DEFAULT_LIFETIME_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên khóa"), max_length=100, help_text=_("Ví dụ: hệ thống báo cáo của Văn phòng UBND tỉnh.")
    )
    expires_on = forms.DateField(label=_("Hết hạn ngày"), help_text=_("dd/mm/yyyy; tối đa một năm."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "expires_on", timezone.localdate() + datetime.timedelta(days=DEFAULT_LIFETIME_DAYS)
        )
        bootstrap_classes(self.fields)
