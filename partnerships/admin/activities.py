"""Admin of activities: review actions through the services, their history and evidence files."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from common.templatetags.ketnghia import number, vnd
from common.text import vi_order
from partnerships import services
from partnerships.admin.mixins import (
    AGENCY_KIND,
    BORDER_UNIT,
    KetNghiaAdminMixin,
    KetNghiaImportExportMixin,
    ReadOnlyAdmin,
    ServiceAdminMixin,
    YearLockAdminMixin,
    _year_of,
    refusals,
    titled,
)
from partnerships.exceptions import DomainError
from partnerships.access import policy
from partnerships.io.resources import (
    ADMIN_NEW_ROWS_MAX,
    ActivityResource,
)
from partnerships.models import (
    Activity,
    ActivityStatusChange,
    Attachment,
    money_total,
)


class StatusChangeInline(admin.TabularInline):
    model = ActivityStatusChange
    fields = ("created_at", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    extra = 0


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến trả lại"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Ghi rõ cần bổ sung, sửa gì; cơ quan, đơn vị sẽ đọc ý kiến này."),
    )


@admin.register(Activity)
class ActivityAdmin(ServiceAdminMixin, YearLockAdminMixin, KetNghiaAdminMixin, KetNghiaImportExportMixin,
                    SimpleHistoryAdmin):
    resource_classes = [ActivityResource]
    # Kept to what fits a laptop screen beside the filters; commune and confirmation are filters/detail.
    list_display = ("title", "agency", "unit", "started", "money", "status", "substantive")
    list_filter = (
        "status",
        "category",
        ("category__is_substantive", titled(admin.BooleanFieldListFilter, _("hỗ trợ thiết thực"))),
        "confirmation_status",
        ("partnership__agency__kind", AGENCY_KIND),
        ("partnership__unit__is_border", BORDER_UNIT),
    )
    list_select_related = ("partnership__agency", "partnership__unit", "category", "commune")
    search_fields = ("title", "partnership__agency__name", "partnership__agency__short_name",
                     "partnership__unit__name", "commune__name")
    autocomplete_fields = ("partnership", "category", "commune", "development_model")
    date_hierarchy = "start_date"
    # seed_demo scales to millions of activities: skip the second, unfiltered COUNT(*) on searches.
    show_full_result_count = False
    readonly_fields = ("status", "confirmation_status", "confirmation_comment", "confirmed_by", "confirmed_at",
                       "created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("partnership", "category", "title", "description", "start_date", "end_date", "commune",
                           "development_model")}),
        (_("Kinh phí (đồng)"), {"fields": ("budget_state", "budget_society", "budget_in_kind")}),
        (_("Kết quả"), {"fields": ("households_reached", "people_reached", "ethnic_minority_people",
                                   "people_trained", "jobs_created", "households_out_of_poverty")}),
        (_("Duyệt và xác nhận"), {"fields": ("status", "confirmation_status", "confirmation_comment",
                                            "confirmed_by", "confirmed_at", "created_by", "created_at",
                                            "updated_at")}),
    )
    inlines = [AttachmentInline, StatusChangeInline]
    actions = ["approve_selected", "return_selected"]

    def get_import_context_data(self, **kwargs):
        # Said on the page before the upload, not only as the refusal (ActivityResource.check_file).
        return {**super().get_import_context_data(**kwargs), "portal_import_url": reverse("partnerships:import_upload"),
                "new_rows_max": ADMIN_NEW_ROWS_MAX}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _total_money=money_total()
        )

    # Short column titles: admin headers do not wrap, and the list must fit beside the filters.
    @admin.display(description=_("Bắt đầu"), ordering="start_date")
    def started(self, obj):
        return obj.start_date

    @admin.display(description=_("Kinh phí"), ordering="_total_money")
    def money(self, obj):
        return vnd(obj.total_money)

    @admin.display(description=_("Cơ quan"), ordering=vi_order("partnership__agency__name"))
    def agency(self, obj):
        agency = obj.partnership.agency
        return format_html('<span title="{}">{}</span>', agency.name, agency.short_name or agency.name)

    @admin.display(description=_("Thiết thực"), boolean=True, ordering="category__is_substantive")
    def substantive(self, obj):
        return obj.category.is_substantive

    @admin.display(description=_("Địa phương"), ordering=vi_order("partnership__unit__name"))
    def unit(self, obj):
        return obj.partnership.unit

    def year_lock_check(self, obj, data):
        services.require_years_open(_year_of(obj and obj.start_date), _year_of((data or {}).get("start_date")))

    def has_change_permission(self, request, obj=None):
        # Submitted and approved activities are read-only, as in the portal (administrators excepted).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policy.can_edit_activity(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == obj._meta.get_field("status").default)

    def save_service(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in services.ACTIVITY_EDITABLE_FIELDS
                   if name in form.cleaned_data}
        if change:
            return services.activity_update(actor=request.user, activity=obj, **changes)
        partnership = changes.pop("partnership")
        return services.activity_create(actor=request.user, partnership=partnership, **changes)

    def delete_service(self, request, obj):
        services.activity_delete(actor=request.user, activity=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        # Evidence files are added and removed through the services, checked by their content as
        # on the portal; a replaced file is the old one removed and the new one added.
        activity = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        with refusals():
            for row in formset.forms:
                old = row.instance if row.instance.pk else None
                if old is not None and (row in formset.deleted_forms or "file" in row.changed_data):
                    services.attachment_delete(actor=request.user, attachment=old)
                    formset.deleted_objects.append(old)
                upload = row.cleaned_data.get("file") if row.cleaned_data else None
                if row not in formset.deleted_forms and upload and (old is None or "file" in row.changed_data):
                    formset.new_objects.append(
                        services.attachment_add(actor=request.user, activity=activity, upload=upload))

    def _apply(self, request, queryset, service, done_message, **kwargs):
        done, refused = 0, []
        for activity in queryset:
            try:
                service(actor=request.user, activity=activity, **kwargs)
                done += 1
            except DomainError as error:
                refused.append(f"“{activity}”: {error.message}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Duyệt các hoạt động đã chọn"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._apply(
            request, queryset, services.activity_approve,
            lambda n: ngettext("Đã duyệt %(n)d hoạt động.", "Đã duyệt %(n)d hoạt động.", n) % {"n": n},
        )

    @admin.action(description=_("Trả lại các hoạt động đã chọn (kèm ý kiến)"), permissions=["change"])
    def return_selected(self, request, queryset):
        form = ReturnForm(request.POST if "return_comment_step" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(
                request, queryset, services.activity_return,
                lambda n: ngettext("Đã trả lại %(n)d hoạt động.", "Đã trả lại %(n)d hoạt động.", n) % {"n": n},
                comment=form.cleaned_data["comment"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Trả lại hoạt động"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "return_selected",
        }
        return TemplateResponse(request, "admin/partnerships/activity/return_selected.html", context)


@admin.register(ActivityStatusChange)
class ActivityStatusChangeAdmin(KetNghiaAdminMixin, ReadOnlyAdmin):
    """The workflow's audit trail: read only; rows are written by workflow.transition()."""

    scope_through = ("activity", Activity)
    list_display = ("created_at", "activity", "from_status", "to_status", "actor", "comment")
    list_filter = ("to_status", "from_status")
    list_select_related = ("activity", "actor")
    search_fields = ("activity__title", "comment", "actor__username", "actor__last_name")
    date_hierarchy = "created_at"


@admin.register(Attachment)
class AttachmentAdmin(ServiceAdminMixin, KetNghiaAdminMixin, admin.ModelAdmin):
    scope_through = ("activity", Activity)
    list_display = ("original_name", "activity", "content_type", "size_display", "uploaded_by", "uploaded_at")
    list_filter = ("content_type",)
    list_select_related = ("activity", "uploaded_by")
    search_fields = ("original_name", "activity__title")
    autocomplete_fields = ("activity",)
    readonly_fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    date_hierarchy = "uploaded_at"

    @admin.display(description=_("Dung lượng"), ordering="size")
    def size_display(self, obj):
        return f"{number(obj.size // 1024 or 1)} KB"

    def has_change_permission(self, request, obj=None):
        return False  # a file is evidence as uploaded: delete it and add another

    def save_service(self, request, obj, form, change):
        return services.attachment_add(actor=request.user, activity=form.cleaned_data["activity"],
                                       upload=form.cleaned_data["file"])

    def delete_service(self, request, obj):
        services.attachment_delete(actor=request.user, attachment=obj)
