"""The officers' import upload form."""


from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import BootstrapMixin
from partnerships.io.officer_import import MAX_IMPORT_BYTES
from partnerships.models import Agency


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
            raise ValidationError(_("Tệp lớn hơn 10 MB; hãy chia thành nhiều tệp nhỏ hơn."))
        return upload
