"""The Django admin, for provincial coordinators and administrators.

Three rules hold for every admin here (see `KetNghiaAdminMixin`):
- search ignores diacritics and case ("quang nam" finds "Quảng Nam"), in the changelist and in
  the autocomplete widgets, which call the same `get_search_results`;
- rows come through the scoping function (`visible_to`), as everywhere else in the portal;
- activity status is never assigned here: it moves only through the services (actions below).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .exceptions import DomainError, YearLocked
from .models import (
    Activity,
    ActivityCategory,
    ActivityStatusChange,
    AdministrativeUnit,
    Agency,
    AnnualPlan,
    Attachment,
    DevelopmentModel,
    Partnership,
    PartnershipStatus,
    PlanCategoryTarget,
    User,
    money_total,
)
from .resources import ActivityResource, AdministrativeUnitResource, AgencyResource, PartnershipResource
from .roles import sees_whole_province
from .templatetags.ketnghia import number, vnd
from .text import folded_search

# --- shared behaviour ----------------------------------------------------------------------


class FoldedSearchMixin:
    """Diacritic- and case-insensitive search over `search_fields` (prefixes ^ = @ are ignored:
    every field is matched with "contains" on its folded text)."""

    def get_search_results(self, request, queryset, search_term):
        field_paths = [str(field).lstrip("^=@") for field in self.get_search_fields(request)]
        if not field_paths or not search_term.strip():
            return queryset, False
        may_have_duplicates = any(lookup_spawns_duplicates(self.opts, path) for path in field_paths)
        return folded_search(queryset, field_paths, search_term), may_have_duplicates


class ScopedAdminMixin:
    """Every admin reads its rows through the scoping function, like every other page.

    `scope_through` names the relation to a scoped model for models that have no `visible_to`
    of their own (status changes and attachments through their activity, targets through their plan).
    """

    scope_through: tuple[str, type] | None = None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices (and what a posted id may be) come through the same scoping as the lists.
        manager = db_field.related_model._default_manager
        if "queryset" not in kwargs and hasattr(manager, "visible_to"):
            kwargs["queryset"] = manager.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        if self.scope_through and not sees_whole_province(request.user):
            relation, model = self.scope_through
            return queryset.filter(**{f"{relation}__in": model.objects.visible_to(request.user).values("pk")})
        return queryset


def titled(filter_class, title):
    """A list filter on a related field, titled for what it means here ("loại" alone is ambiguous)."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


AGENCY_KIND = titled(admin.ChoicesFieldListFilter, _("loại cơ quan, đơn vị"))


class KetNghiaAdminMixin(FoldedSearchMixin, ScopedAdminMixin):
    list_per_page = 50


class YearLockAdminMixin:
    """A finalised year's rows are refused on the form and on the delete page, with the services'
    message (the database triggers would otherwise turn the attempt into a server error)."""

    def year_lock_check(self, obj, data: dict | None) -> None:
        """Raise YearLocked if saving `data` over `obj` (None: a new row; data None: deleting) is refused."""
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        check = self.year_lock_check

        class YearLockForm(form_class):
            def clean(self):
                cleaned = super().clean()
                try:
                    check(self.instance if self.instance.pk else None, cleaned)
                except YearLocked as error:
                    raise ValidationError(error.message) from error
                return cleaned

        return YearLockForm

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action: rows of a locked year are listed as protected, so the
        # confirmation page refuses the whole deletion with the reason beside each row.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            try:
                self.year_lock_check(obj, None)
            except YearLocked as error:
                protected.append(f"{obj}: {error.message}")
        return deleted, counts, perms_needed, protected

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            try:
                self.year_lock_check(obj, None)
            except YearLocked as error:
                self.message_user(request, error.message, messages.ERROR)
                return redirect(request.path.rsplit("delete/", 1)[0])
        return super().delete_view(request, object_id, extra_context)


def _year_of(value):
    return value.year if value else None


class KetNghiaImportExportMixin(ImportExportMixin):
    """Excel and CSV only; the resource gets the user so that imports are scoped and attributed."""

    import_formats = [base_formats.XLSX, base_formats.CSV]
    export_formats = [base_formats.XLSX, base_formats.CSV]
    # Excel opens a UTF-8 CSV with its Vietnamese intact only when the file starts with a BOM.
    to_encoding = "utf-8-sig"
    import_template_name = "admin/partnerships/import.html"
    import_error_display = ("message",)

    def get_import_context_data(self, **kwargs):
        # The import page lists every column; say which ones are only there for reading.
        read_only = [column for resource_class in self.get_resource_classes(None)
                     for column in resource_class().read_only_columns()]
        return {**super().get_import_context_data(**kwargs), "read_only_columns": read_only}

    def has_import_permission(self, request):
        # An import adds and changes rows: it needs both verbs (a leader who can only read may not).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def process_result(self, result, request):
        # The confirm step imports again for real; should the data have changed since the preview
        # and a row now fail, the resource has rolled everything back: show why, claim no success.
        if result.has_errors() or result.has_validation_errors():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Nhập dữ liệu"),
                "opts": self.model._meta,
                "result": result,
                "import_error_display": self.import_error_display,
                "form": None,
            }
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Đã nhập xong %(name)s: %(new)d thêm mới, %(update)d cập nhật, %(skip)d không thay đổi.")
            % {
                "name": self.model._meta.verbose_name_plural,
                "new": totals["new"],
                "update": totals["update"],
                "skip": totals["skip"],
            },
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
class PartnershipAdmin(YearLockAdminMixin, KetNghiaAdminMixin, KetNghiaImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [PartnershipResource]
    list_display = ("agency", "unit", "unit_parent", "signed_on", "agreement_number", "status", "activity_count")
    list_filter = (
        "status",
        ("agency__kind", AGENCY_KIND),
        ("unit__level", titled(admin.ChoicesFieldListFilter, _("cấp địa phương"))),
        ("unit__is_border", titled(admin.BooleanFieldListFilter, _("địa phương biên giới"))),
        ("unit__is_mountainous", titled(admin.BooleanFieldListFilter, _("địa phương miền núi"))),
    )
    list_select_related = ("agency", "unit__parent")
    search_fields = ("agency__name", "agency__short_name", "unit__name", "unit__code", "agreement_number")
    autocomplete_fields = ("agency", "unit")
    date_hierarchy = "signed_on"
    ordering = ("agency__name", "unit__code")  # explicit, as in AgencyAdmin
    inlines = [ActivityInline]
    fieldsets = (
        (None, {"fields": ("agency", "unit", "signed_on", "agreement_number", "agreement_file", "note")}),
        (_("Kết thúc"), {"fields": ("status", "ended_on", "end_reason")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_activities=Count("activities"))

    def year_lock_check(self, obj, data):
        if data is None:
            services.require_partnership_open(obj)
            return
        after = Partnership(agency=data.get("agency"), unit=data.get("unit"), signed_on=data.get("signed_on"),
                            ended_on=data.get("ended_on"))
        services.require_partnership_change_open(obj, after)

    @admin.display(description=_("Thuộc"), ordering="unit__parent__name")
    def unit_parent(self, obj):
        return obj.unit.parent

    @admin.display(description=_("Số hoạt động"), ordering="_activities")
    def activity_count(self, obj):
        return number(obj._activities)


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


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = "__all__"

    def clean_partnership(self):
        partnership = self.cleaned_data["partnership"]
        if self.instance._state.adding and partnership and partnership.status != PartnershipStatus.ACTIVE:
            raise forms.ValidationError(_("Quan hệ kết nghĩa đã kết thúc; không thể ghi nhận hoạt động mới."))
        return partnership


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến trả lại"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Ghi rõ cần bổ sung, sửa gì; cơ quan, đơn vị sẽ đọc ý kiến này."),
    )


@admin.register(Activity)
class ActivityAdmin(YearLockAdminMixin, KetNghiaAdminMixin, KetNghiaImportExportMixin, SimpleHistoryAdmin):
    form = ActivityAdminForm
    resource_classes = [ActivityResource]
    # Kept to what fits a laptop screen beside the filters; commune and confirmation are filters/detail.
    list_display = ("title", "agency", "unit", "started", "money", "status", "substantive")
    list_filter = (
        "status",
        "category",
        ("category__is_substantive", titled(admin.BooleanFieldListFilter, _("hỗ trợ thiết thực"))),
        "confirmation_status",
        ("partnership__agency__kind", AGENCY_KIND),
        ("partnership__unit__is_border", titled(admin.BooleanFieldListFilter, _("địa phương biên giới"))),
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

    @admin.display(description=_("Cơ quan"), ordering="partnership__agency__name")
    def agency(self, obj):
        agency = obj.partnership.agency
        return format_html('<span title="{}">{}</span>', agency.name, agency.short_name or agency.name)

    @admin.display(description=_("Thiết thực"), boolean=True, ordering="category__is_substantive")
    def substantive(self, obj):
        return obj.category.is_substantive

    @admin.display(description=_("Địa phương"), ordering="partnership__unit__name")
    def unit(self, obj):
        return obj.partnership.unit

    def year_lock_check(self, obj, data):
        services.require_years_open(_year_of(obj and obj.start_date), _year_of((data or {}).get("start_date")))

    def has_change_permission(self, request, obj=None):
        # Submitted and approved activities are read-only, as in the portal (administrators excepted).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit_activity(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == obj._meta.get_field("status").default)

    def save_model(self, request, obj, form, change):
        """Through the services, so the admin leaves the same trail as the portal."""
        changes = {name: form.cleaned_data[name] for name in services.ACTIVITY_EDITABLE_FIELDS
                   if name in form.cleaned_data}
        if change:
            services.activity_update(actor=request.user, activity=obj, **changes)
            return
        partnership = changes.pop("partnership")
        created = services.activity_create(actor=request.user, partnership=partnership, **changes)
        # The inlines are bound to `obj`: make it the row the service created.
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.activity_delete(actor=request.user, activity=obj)

    def delete_queryset(self, request, queryset):
        # The confirmation page has already refused if any selected row is not a deletable draft.
        for activity in queryset:
            services.activity_delete(actor=request.user, activity=activity)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        for attachment in formset.save(commit=False):
            if attachment._state.adding:
                upload = attachment.file
                attachment.original_name = upload.name[:255]
                attachment.content_type = getattr(upload.file, "content_type", "") or "application/octet-stream"
                attachment.size = upload.size
                attachment.uploaded_by = request.user
            attachment.save()
        for attachment in formset.deleted_objects:
            attachment.delete()

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


@admin.register(DevelopmentModel)
class DevelopmentModelAdmin(KetNghiaAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "partnership", "commune", "sector", "stage", "households", "replicated_from")
    list_filter = ("sector", "stage")
    list_select_related = ("partnership__agency", "partnership__unit", "commune", "replicated_from")
    search_fields = ("name", "commune__name", "partnership__agency__name", "partnership__unit__name")
    autocomplete_fields = ("partnership", "commune", "replicated_from")


class PlanCategoryTargetInline(admin.TabularInline):
    model = PlanCategoryTarget
    autocomplete_fields = ("category",)
    extra = 0


@admin.register(AnnualPlan)
class AnnualPlanAdmin(YearLockAdminMixin, KetNghiaAdminMixin, SimpleHistoryAdmin):
    list_display = ("partnership", "year", "money", "society_money", "people_trained_target", "jobs_target",
                    "households_out_of_poverty_target", "models_target")
    list_filter = ("year", ("partnership__agency__kind", AGENCY_KIND))
    list_select_related = ("partnership__agency", "partnership__unit")
    search_fields = ("partnership__agency__name", "partnership__unit__name", "note")
    autocomplete_fields = ("partnership",)
    inlines = [PlanCategoryTargetInline]

    def year_lock_check(self, obj, data):
        services.require_years_open(obj and obj.year, (data or {}).get("year"))

    @admin.display(description=_("Kinh phí dự kiến"), ordering="money_target")
    def money(self, obj):
        return vnd(obj.money_target)

    @admin.display(description=_("Xã hội hóa"), ordering="society_money_target")
    def society_money(self, obj):
        return vnd(obj.society_money_target)


@admin.register(PlanCategoryTarget)
class PlanCategoryTargetAdmin(YearLockAdminMixin, KetNghiaAdminMixin, admin.ModelAdmin):
    scope_through = ("plan", AnnualPlan)
    list_display = ("plan", "category", "activities_target")
    list_filter = ("plan__year", "category")
    list_select_related = ("plan__partnership__agency", "plan__partnership__unit", "category")
    search_fields = ("plan__partnership__agency__name", "plan__partnership__unit__name", "category__name")
    autocomplete_fields = ("plan", "category")

    def year_lock_check(self, obj, data):
        plan = (data or {}).get("plan")
        services.require_years_open(obj and obj.plan.year, plan and plan.year)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit trails and stored records: shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class AttachmentAdmin(KetNghiaAdminMixin, admin.ModelAdmin):
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

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            obj.original_name = obj.file.name[:255]
            obj.content_type = getattr(obj.file.file, "content_type", "") or "application/octet-stream"
            obj.size = obj.file.size
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
