"""Admin of reference data: administrative units, agencies, activity categories."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.templatetags.ketnghia import number
from common.text import vi_order
from partnerships import services
from partnerships.admin.mixins import KetNghiaAdminMixin, KetNghiaImportExportMixin, ServiceAdminMixin
from partnerships.io.resources import (
    AdministrativeUnitResource,
    AgencyResource,
)
from partnerships.models import (
    ActivityCategory,
    AdministrativeUnit,
    Agency,
    UnitSuccession,
)

# --- reference data ------------------------------------------------------------------------


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ServiceAdminMixin, KetNghiaAdminMixin, KetNghiaImportExportMixin, SimpleHistoryAdmin):
    """Flag edits are kept in the unit's history (who, when, before/after): "Lịch sử" on the form."""

    resource_classes = [AdministrativeUnitResource]
    list_display = ("code", "name", "level", "parent", "is_mountainous", "is_ethnic_minority_area", "is_border",
                    "is_especially_difficult", "valid_from", "valid_to")
    list_display_links = ("code", "name")
    # The targeting lists change (DOMAIN.md): the flags are edited straight in the list.
    list_editable = ("is_mountainous", "is_ethnic_minority_area", "is_border", "is_especially_difficult")
    list_filter = ("level", "valid_from", "valid_to", "is_mountainous", "is_ethnic_minority_area", "is_border",
                   "is_especially_difficult")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "parent__name")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("code", "name", "level", "parent")}),
        (_("Phân loại"), {"fields": ("is_mountainous", "is_ethnic_minority_area", "is_border",
                                     "is_especially_difficult")}),
        (_("Hiệu lực"), {"fields": ("valid_from", "valid_to")}),
    )

    def save_service(self, request, obj, form, change):
        return services.unit_save(actor=request.user, unit=obj)

    def delete_service(self, request, obj):
        services.unit_delete(actor=request.user, unit=obj)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ServiceAdminMixin, KetNghiaAdminMixin, SimpleHistoryAdmin):
    """The successor map (loaded by load_admin_units; a decision on an unmapped unit is a row here)."""

    list_display = ("predecessor_code", "predecessor", "successor_code", "successor", "is_main", "effective_on")
    list_select_related = ("predecessor", "successor")
    list_filter = ("effective_on", "is_main", "predecessor__level")
    search_fields = ("predecessor__code", "predecessor__name", "successor__code", "successor__name")
    autocomplete_fields = ("predecessor", "successor")

    @admin.display(description=_("mã đơn vị cũ"), ordering="predecessor__code")
    def predecessor_code(self, obj):
        return obj.predecessor.code

    @admin.display(description=_("mã đơn vị kế thừa"), ordering="successor__code")
    def successor_code(self, obj):
        return obj.successor.code

    def save_service(self, request, obj, form, change):
        return services.succession_save(actor=request.user, succession=obj)

    def delete_service(self, request, obj):
        services.succession_delete(actor=request.user, succession=obj)


@admin.register(Agency)
class AgencyAdmin(ServiceAdminMixin, KetNghiaAdminMixin, KetNghiaImportExportMixin, admin.ModelAdmin):
    resource_classes = [AgencyResource]
    list_display = ("name", "short_name", "kind", "contact_person", "phone", "partnership_count", "is_active", "successor")
    list_select_related = ("successor",)
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "contact_person", "email")
    ordering = (vi_order("name"),)  # explicit: the annotation's GROUP BY drops the model's default ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_partnerships=Count("partnerships"))

    def save_service(self, request, obj, form, change):
        return services.agency_save(actor=request.user, agency=obj)

    def delete_service(self, request, obj):
        services.agency_delete(actor=request.user, agency=obj)

    @admin.display(description=_("Số quan hệ kết nghĩa"), ordering="_partnerships")
    def partnership_count(self, obj):
        return number(obj._partnerships)


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(ServiceAdminMixin, KetNghiaAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "is_substantive", "sort_order", "is_active")
    list_editable = ("is_substantive", "sort_order", "is_active")
    list_filter = ("is_substantive", "is_active")
    search_fields = ("name", "code", "description")
    prepopulated_fields = {"code": ("name",)}

    def save_service(self, request, obj, form, change):
        return services.category_save(actor=request.user, category=obj)

    def delete_service(self, request, obj):
        services.category_delete(actor=request.user, category=obj)
