"""Admin of people: users and role groups."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from partnerships.admin.mixins import AGENCY_KIND, KetNghiaAdminMixin
from partnerships.models import (
    User,
)

# --- people --------------------------------------------------------------------------------


@admin.register(User)
class UserAdmin(KetNghiaAdminMixin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "agency", "locality", "role_names", "is_staff",
                    "is_active")
    list_filter = ("groups", "is_staff", "is_active", ("agency__kind", AGENCY_KIND))
    list_select_related = ("agency", "locality")
    search_fields = ("username", "first_name", "last_name", "email", "agency__name", "locality__name")
    autocomplete_fields = ("agency", "locality")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Đơn vị công tác"), {
            "fields": ("agency", "locality", "phone"),
            "description": _("Cán bộ đầu mối cơ quan, đơn vị thuộc một cơ quan; cán bộ đầu mối địa phương thuộc "
                             "một huyện hoặc xã; không ai thuộc cả hai."),
        }),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Đơn vị công tác"), {"fields": ("first_name", "last_name", "email", "agency", "locality", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Họ và tên"), ordering="last_name")
    def get_full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("Vai trò"))
    def role_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(KetNghiaAdminMixin, DjangoGroupAdmin):
    pass
