"""The Django admin, for provincial coordinators and administrators.

Three rules hold for every admin here (see `KetNghiaAdminMixin`):
- search ignores diacritics and case ("quang nam" finds "Quảng Nam"), in the changelist and in
  the autocomplete widgets, which call the same `get_search_results`;
- rows come through the scoping function (`visible_to`), as everywhere else in the portal;
- every save, delete, list edit and bulk action calls a service with `actor=` (`ServiceAdminMixin`);
  activity status in particular moves only through the workflow services (actions).
"""

import contextlib
import hashlib

from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from common.text import folded_search
from partnerships.access.scoping import sees_whole_province
from partnerships.io.formats import FileRefused, SafeCSV, SafeXLSX
from partnerships.exceptions import DomainError, YearLocked

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

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history falls back to the history of a row that get_queryset() does not
        # return (out of scope, or deleted): only the rows of the changelist have a history page.
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)  # this one does not look at get_queryset at all
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _require_in_scope(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists() and not sees_whole_province(request.user):
            raise Http404

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
BORDER_UNIT = titled(admin.BooleanFieldListFilter, _("địa phương biên giới"))


class KetNghiaAdminMixin(FoldedSearchMixin, ScopedAdminMixin):
    list_per_page = 50


class YearLockAdminMixin:
    """A finalised year's rows are refused on the form (beside any other error in it, before the
    service is reached) and on the delete page, with the services' message."""

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


# --- writes through the services ---------------------------------------------------------------
# The Django admin writes nothing itself: every admin here that can write names the service that
# saves a row (`save_service`) and the one that deletes it (`delete_service`), called with
# `actor=request.user` like the portal's views. When the service refuses (a rule, the year lock,
# full_clean), the admin's transaction is rolled back and the form is shown again with the
# service's message in it; on a list or a delete page the message is shown above it. Nothing is
# stored either way.

REFUSAL = "_ketnghia_service_refusal"


class Refused(Exception):
    """A service refused an admin's write; carries what to show, by field where it says so."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors

    @property
    def messages(self) -> list[str]:
        return [message for messages_ in self.errors.values() for message in messages_]


@contextlib.contextmanager
def refusals():
    """Turn a service's refusal into `Refused` (which the admin views below show)."""
    try:
        yield
    except DomainError as error:
        raise Refused({NON_FIELD_ERRORS: [force_str(error.message)]}) from error
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        raise Refused(errors) from error
    except ProtectedError as error:
        names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
        raise Refused({NON_FIELD_ERRORS: [
            _("Không xóa được vì còn dữ liệu gắn với nó: %(rows)s.") % {"rows": names}]}) from error


def adopt(obj, saved) -> None:
    """Make the admin's in-memory `obj` the row the service saved (inlines and redirects use it)."""
    if saved is None or saved is obj:
        return
    obj.pk = saved.pk
    obj._state.adding = False
    obj.refresh_from_db()


class ServiceAdminMixin:
    """Saves and deletes of this admin call services (see the module's docstring)."""

    def save_service(self, request, obj, form, change):
        """Save `obj` (it holds the form's cleaned values) through its service; return the saved row."""
        raise NotImplementedError(f"{type(self).__name__} must save through a service")

    def delete_service(self, request, obj) -> None:
        raise NotImplementedError(f"{type(self).__name__} must delete through a service")

    # --- the admin's write hooks, all through the services --------------------------------

    def save_model(self, request, obj, form, change):
        with refusals():
            adopt(obj, self.save_service(request, obj, form, change))

    def delete_model(self, request, obj):
        with refusals():
            self.delete_service(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected": all or nothing, each row through the service.
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    # --- showing a refusal -----------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class ServiceForm(form_class):
            def clean(self):
                cleaned = super().clean()
                refusal = getattr(request, REFUSAL, None)
                if refusal is not None:
                    for name, errors in refusal.errors.items():
                        self.add_error(name if name in self.fields else None, errors)
                return cleaned

        return ServiceForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            # The admin's transaction is rolled back; show the same form again, the refusal in it.
            setattr(request, REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        try:
            # Bulk actions run outside the admin's own transaction: hold the whole request in one.
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except Refused as refusal:  # a list edit or a bulk action
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except Refused as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path.rsplit("delete/", 1)[0])


class KetNghiaImportExportMixin(ImportExportMixin):
    """Excel and CSV only; the resource gets the user so that imports are scoped and attributed."""

    # The officers' import limits: sizes and ratios checked before unpacking, streamed, row cap.
    import_formats = [SafeXLSX, SafeCSV]
    # Text starting with = + - @ tab or CR is written as text (io/formats.py: _defused).
    export_formats = [SafeXLSX, SafeCSV]
    # Excel opens a UTF-8 CSV with its Vietnamese intact only when the file starts with a BOM.
    to_encoding = "utf-8-sig"
    import_template_name = "admin/partnerships/import.html"
    import_error_display = ("message",)

    def get_import_context_data(self, **kwargs):
        # The import page lists every column; say which ones are only there for reading.
        read_only = [column for resource_class in self.get_resource_classes(None)
                     for column in resource_class().read_only_columns()]
        return {**super().get_import_context_data(**kwargs), "read_only_columns": read_only}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_import_data_kwargs(self, **kwargs):
        # The confirm step: the resource records the file's SHA-256 in the import batch.
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        form = kwargs.get("form")
        name = getattr(form, "cleaned_data", {}).get("import_file_name") if form is not None else None
        if name:
            data_kwargs["file_sha256"] = self._stored_upload_sha256(form, name)
        return data_kwargs

    def _stored_upload_sha256(self, form, name) -> str:
        # The stored upload read back as bytes, whatever the format's own read mode.
        storage = self.get_tmp_storage_class()(name=name, encoding=None, read_mode="rb",
                                                **self.get_tmp_storage_class_kwargs())
        return hashlib.sha256(storage.read()).hexdigest()

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit trails and stored records: shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
