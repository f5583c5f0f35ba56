"""Admin of partnerships, with a light list of their activities."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.templatetags.ketnghia import number, vnd
from common.text import vi_order
from partnerships import geography, services
from partnerships.admin.mixins import (
    AGENCY_KIND,
    BORDER_UNIT,
    KetNghiaAdminMixin,
    KetNghiaImportExportMixin,
    ServiceAdminMixin,
    YearLockAdminMixin,
    titled,
)
from partnerships.io.resources import (
    PartnershipResource,
)
from partnerships.models import (
    Activity,
    Partnership,
    PartnershipStatus,
)

END_FIELDS = ("status", "ended_on", "end_reason")

# --- partnerships and their work -----------------------------------------------------------


class ActivityInline(admin.TabularInline):
    """A light summary of a partnership's activities; each row links to the activity itself."""

    model = Activity
    fields = ("title", "category", "start_date", "status", "money")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-start_date", "-pk")
    verbose_name_plural = _("hoạt động hỗ trợ (mở từng hoạt động để xem chi tiết)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")

    def has_add_permission(self, request, obj=None):
        return False  # activities are recorded through their own form, as drafts

    @admin.display(description=_("Tổng kinh phí"))
    def money(self, obj):
        return vnd(obj.total_money)


@admin.register(Partnership)
class PartnershipAdmin(ServiceAdminMixin, YearLockAdminMixin, KetNghiaAdminMixin, KetNghiaImportExportMixin,
                       SimpleHistoryAdmin):
    resource_classes = [PartnershipResource]
    list_display = ("agency", "unit", "unit_parent", "signed_on", "agreement_number", "status", "activity_count")
    list_filter = (
        "status",
        ("agency__kind", AGENCY_KIND),
        ("unit__level", titled(admin.ChoicesFieldListFilter, _("cấp địa phương"))),
        ("unit__is_border", BORDER_UNIT),
        ("unit__is_mountainous", titled(admin.BooleanFieldListFilter, _("địa phương miền núi"))),
    )
    list_select_related = ("agency", *geography.naming_joins("unit"))
    search_fields = ("agency__name", "agency__short_name", "unit__name", "unit__code", "agreement_number")
    autocomplete_fields = ("agency", "unit")
    date_hierarchy = "signed_on"
    ordering = (vi_order("agency__name"), vi_order("unit__name"), "pk")  # explicit, as in AgencyAdmin
    inlines = [ActivityInline]
    fieldsets = (
        (None, {"fields": ("agency", "unit", "signed_on", "agreement_number", "agreement_file", "note")}),
        (_("Kết thúc"), {"fields": ("status", "ended_on", "end_reason")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_activities=Count("activities"))

    def get_readonly_fields(self, request, obj=None):
        # A partnership is recorded in force; ending it is a decision with a date and a reason
        # (services.partnership_end), made once.
        return END_FIELDS if obj is None or obj.status == PartnershipStatus.ENDED else ()

    def save_service(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.PARTNERSHIP_FIELDS if name in form.cleaned_data}
        if not change:
            return services.partnership_create(actor=request.user, **fields)
        partnership = services.partnership_update(actor=request.user, partnership=obj, **fields)
        if form.cleaned_data.get("status") == PartnershipStatus.ENDED and "status" in form.changed_data:
            partnership = services.partnership_end(actor=request.user, partnership=partnership,
                                                   ended_on=form.cleaned_data.get("ended_on"),
                                                   reason=form.cleaned_data.get("end_reason", ""))
        return partnership

    def delete_service(self, request, obj):
        services.partnership_delete(actor=request.user, partnership=obj)

    def year_lock_check(self, obj, data):
        if data is None:
            services.require_partnership_open(obj)
            return
        after = Partnership(agency=data.get("agency"), unit=data.get("unit"), signed_on=data.get("signed_on"),
                            ended_on=data.get("ended_on"))
        services.require_partnership_change_open(obj, after)

    @admin.display(description=_("Thuộc"), ordering=geography.parent_name_order("unit"))
    def unit_parent(self, obj):
        return geography.parent_of(obj.unit)

    @admin.display(description=_("Số hoạt động"), ordering="_activities")
    def activity_count(self, obj):
        return number(obj._activities)
