"""Admin of reference data: administrative units, agencies, activity categories."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.templatetags.ketnghia import number
from partnerships.admin.mixins import KetNghiaAdminMixin, KetNghiaImportExportMixin
from partnerships.io.resources import (
    AdministrativeUnitResource,
    AgencyResource,
)
from partnerships.models import (
    ActivityCategory,
    AdministrativeUnit,
    Agency,
)

# --- reference data ------------------------------------------------------------------------


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(KetNghiaAdminMixin, KetNghiaImportExportMixin, admin.ModelAdmin):
    resource_classes = [AdministrativeUnitResource]
    list_display = ("code", "name", "level", "parent", "is_mountainous", "is_ethnic_minority_area", "is_border",
                    "is_especially_difficult", "valid_to")
    list_display_links = ("code", "name")
    # The targeting lists change (DOMAIN.md): the flags are edited straight in the list.
    list_editable = ("is_mountainous", "is_ethnic_minority_area", "is_border", "is_especially_difficult")
    list_filter = ("level", "is_mountainous", "is_ethnic_minority_area", "is_border", "is_especially_difficult")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "parent__name")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("code", "name", "level", "parent")}),
        (_("Phân loại"), {"fields": ("is_mountainous", "is_ethnic_minority_area", "is_border",
                                     "is_especially_difficult")}),
        (_("Hiệu lực"), {"fields": ("valid_from", "valid_to")}),
    )


@admin.register(Agency)
class AgencyAdmin(KetNghiaAdminMixin, KetNghiaImportExportMixin, admin.ModelAdmin):
    resource_classes = [AgencyResource]
    list_display = ("name", "short_name", "kind", "contact_person", "phone", "partnership_count", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "contact_person", "email")
    ordering = ("name",)  # explicit: the annotation's GROUP BY drops the model's default ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_partnerships=Count("partnerships"))

    @admin.display(description=_("Số quan hệ kết nghĩa"), ordering="_partnerships")
    def partnership_count(self, obj):
        return number(obj._partnerships)


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(KetNghiaAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "is_substantive", "sort_order", "is_active")
    list_editable = ("is_substantive", "sort_order", "is_active")
    list_filter = ("is_substantive", "is_active")
    search_fields = ("name", "code", "description")
    prepopulated_fields = {"code": ("name",)}
