"""Admin of the names on a report by date (README: "Names on the report"): administrators keep them."""

from django.contrib import admin

from partnerships import services
from partnerships.admin.mixins import ServiceAdminMixin
from partnerships.models import ReportNames


@admin.register(ReportNames)
class ReportNamesAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("valid_from", "issuer", "parent_body", "place", "signer_title")
    ordering = ("-valid_from",)

    def save_service(self, request, obj, form, change):
        return services.report_names_save(actor=request.user, names=obj)

    def delete_service(self, request, obj):
        services.report_names_delete(actor=request.user, names=obj)
