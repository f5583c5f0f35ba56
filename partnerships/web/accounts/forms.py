"""Forms of the account pages: login with "remember me", user create/edit, the user list's filter."""

import django_filters
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from common.forms import bootstrap_classes
from common.text import folded_search, vi_order
from partnerships import geography
from partnerships.access import policy
from partnerships.access.roles import ROLE_LABELS, Role
from partnerships.models import Agency, User


class LoginForm(AuthenticationForm):
    remember_me = forms.BooleanField(label=_("Ghi nhớ đăng nhập trên máy này"), required=False)


class ResetForm(PasswordResetForm):
    """Django's "forgot password", with two changes: the mail goes out after commit, and an
    account that never had a password (created by a coordinator) can ask for the link too."""

    def get_users(self, email):
        return (
            user
            for user in User._default_manager.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )

    def send_mail(self, *args, **kwargs):
        transaction.on_commit(lambda: super(ResetForm, self).send_mail(*args, **kwargs))


def _select(**attrs):
    return forms.Select(attrs={"class": "form-select", **attrs})


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _")},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("Họ"), max_length=150, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    last_name = forms.CharField(label=_("Tên"), max_length=150, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    email = forms.EmailField(label=_("Thư điện tử"), widget=forms.EmailInput(attrs={"class": "form-control"}))
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    role = forms.ChoiceField(label=_("Vai trò"), widget=_select())
    agency = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"), queryset=Agency.objects.order_by(vi_order("name")), required=False, widget=_select(),
        help_text=_("Với cán bộ đầu mối cơ quan, đơn vị."),
    )
    locality = forms.ModelChoiceField(
        label=_("Địa phương phụ trách"),
        # Under their districts and named with them: an old and a new commune may share a name.
        queryset=geography.in_district_order(geography.districts() | geography.communes()),
        required=False,
        widget=_select(),
        help_text=_("Với cán bộ đầu mối địa phương: huyện hoặc xã."),
    )

    def __init__(self, *args, actor, instance: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["role"].choices = [("", "---------")] + [
            (role.value, ROLE_LABELS[role]) for role in Role if role in policy.grantable_roles(actor)
        ]
        self.fields["locality"].label_from_instance = lambda unit: geography.name_with_district(unit, brackets=True)
        if instance is not None:
            del self.fields["username"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username


def _role_choices():
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text", widget=forms.TextInput(attrs={"type": "search", "class": "form-control form-control-sm"}))
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=_role_choices, method="filter_role", empty_label=_("Tất cả vai trò"))
    active = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("1", _("Đang hoạt động")), ("0", _("Đã khóa"))],
        method="filter_active",
        empty_label=_("Tất cả"),
    )
    agency = django_filters.ModelChoiceFilter(label=_("Cơ quan, đơn vị"), queryset=Agency.objects.order_by(vi_order("name")), empty_label=_("Tất cả"))

    class Meta:
        model = User
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self.form.fields, small=True)

    def filter_text(self, queryset, name, value):
        return folded_search(queryset, ["username", "first_name", "last_name", "email"], value)

    def filter_role(self, queryset, name, value):
        return queryset.filter(Exists(Group.objects.filter(name=value, user=OuterRef("pk"))))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")
