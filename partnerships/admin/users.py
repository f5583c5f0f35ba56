"""Admin of people: users and groups, written through the accounts services like /tai-khoan/.

The account's role is one choice ("Vai trò", the roles the actor may grant), as on the account
pages; other groups and per-account permissions stay in the admin, held to "nobody gives what
they do not hold" by the services. Every save, delete, bulk delete and password change calls
`partnerships.services.accounts` with `actor=request.user` (`ServiceAdminMixin`).
"""

import contextvars

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from partnerships.access import policy
from partnerships.access.roles import ROLE_LABELS, Role
from partnerships.admin.mixins import AGENCY_KIND, KetNghiaAdminMixin, ServiceAdminMixin, Refused, refusals
from partnerships.models import User
from partnerships.services import accounts

# The password form is built by Django's view, which hands it no request: the actor rides along here.
_ACTOR = contextvars.ContextVar("ketnghia_admin_actor")


class UserAddForm(AdminUserCreationForm):
    role = forms.ChoiceField(label=_("Vai trò"))  # its choices: the roles the actor may grant (get_form)

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


class UserEditForm(UserChangeForm):
    role = forms.ChoiceField(label=_("Vai trò"))

    class Meta(UserChangeForm.Meta):
        model = User


class PasswordForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        return accounts.user_set_password(actor=_ACTOR.get(), user=self.user, password=password)


def _role_groups():
    return [role.value for role in Role]


@admin.register(User)
class UserAdmin(ServiceAdminMixin, KetNghiaAdminMixin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    change_password_form = PasswordForm
    list_display = ("username", "get_full_name", "email", "agency", "locality", "role_names", "is_staff",
                    "is_active")
    list_filter = ("groups", "is_staff", "is_active", ("agency__kind", AGENCY_KIND))
    list_select_related = ("agency", "locality")
    search_fields = ("username", "first_name", "last_name", "email", "agency__name", "locality__name")
    autocomplete_fields = ("agency", "locality")
    # is_staff follows the role (coordinators and administrators use the admin), as on the account pages.
    readonly_fields = ("is_staff", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("first_name", "last_name", "email")}),
        (_("Vai trò và quyền"), {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups",
                                            "user_permissions")}),
        (_("Ngày quan trọng"), {"fields": ("last_login", "date_joined")}),
        (_("Đơn vị công tác"), {
            "fields": ("agency", "locality", "phone"),
            "description": _("Cán bộ đầu mối cơ quan, đơn vị thuộc một cơ quan; cán bộ đầu mối địa phương thuộc "
                             "một huyện hoặc xã; không ai thuộc cả hai."),
        }),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Đơn vị công tác"), {"fields": ("first_name", "last_name", "email", "agency", "locality", "role")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Họ và tên"), ordering="last_name")
    def get_full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("Vai trò"))
    def role_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=_("Vai trò"))
    def role(self, obj):  # the read-only page (a viewer, or an account above the actor's own)
        role = accounts.role_of(obj)
        return ROLE_LABELS[role] if role else "—"

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policy.may_manage_user(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or policy.may_manage_user(request.user, obj))

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        choices = [("", "---------")] + [
            (role.value, ROLE_LABELS[role]) for role in Role if role in policy.grantable_roles(request.user)
        ]
        initial_role = accounts.role_of(obj) if obj is not None else None

        class RoleChoiceForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "role" in self.fields:
                    self.fields["role"].choices = choices
                    self.fields["role"].initial = initial_role

        return RoleChoiceForm

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # The role is chosen on its own; these are the other groups.
            kwargs["queryset"] = Group.objects.exclude(name__in=_role_groups()).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_service(self, request, obj, form, change):
        data = form.cleaned_data
        values = {
            "role": Role(data["role"]),
            "email": data.get("email", ""),
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
            "phone": data.get("phone", ""),
            "agency": data.get("agency"),
            "locality": data.get("locality"),
            "is_superuser": data.get("is_superuser"),
            "groups": data.get("groups"),
            "permissions": data.get("user_permissions"),
        }
        if not change:
            return accounts.user_create(
                actor=request.user, username=data["username"], domain=request.get_host(), use_https=request.is_secure(),
                password=data.get("password1") if data.get("set_usable_password") else None, **values,
            )
        user = accounts.user_update(actor=request.user, user=User.objects.get(pk=obj.pk), username=data["username"],
                                    **values)
        if "is_active" in data:
            accounts.user_set_active(actor=request.user, user=user, active=data["is_active"])
        return user

    def delete_service(self, request, obj):
        accounts.user_delete(actor=request.user, user=obj)

    def save_related(self, request, form, formsets, change):
        """Groups and permissions were set by the service, checked; the form's own m2m save is skipped."""

    def user_change_password(self, request, id, form_url=""):
        token = _ACTOR.set(request.user)
        try:
            with refusals():
                return super().user_change_password(request, id, form_url)
        except Refused as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        finally:
            _ACTOR.reset(token)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ServiceAdminMixin, KetNghiaAdminMixin, DjangoGroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        # A role group's name and permissions are ROLE_GRANTS' (partnerships/reference.py).
        if obj is not None and obj.name in _role_groups():
            return ("name", "permissions")
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.name in _role_groups())

    def save_service(self, request, obj, form, change):
        group = Group.objects.get(pk=obj.pk) if change else None
        data = form.cleaned_data
        return accounts.group_save(actor=request.user, group=group, name=data.get("name", obj.name),
                                   permissions=data.get("permissions", group.permissions.all() if group else []))

    def delete_service(self, request, obj):
        accounts.group_delete(actor=request.user, group=obj)

    def save_related(self, request, form, formsets, change):
        """The permissions were set by the service, checked; the form's own m2m save is skipped."""
