"""The audit page (issue 11): who changed what and when, across every history the portal keeps
and every audit event; searchable by user, object, kind, table and date; paged; exported to
.xlsx. Administrators and coordinators only (`policy.may_read_audit`); which entries each reads
is `reach.audit_rows_visible`, applied by the selector."""

import datetime
import io
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from common.forms import VietnameseDateField, bootstrap_classes
from common.paging import page_context
from common.spreadsheet import DATE_FORMAT, cell_text, print_on_a4_landscape
from partnerships.access import policy
from partnerships.models import AuditKind, ImportBatch
from partnerships.selectors import audit as selector

EXPORT_MAX = 50_000
BASELINE = "baseline"  # the change reason of the first versions written by partnerships 0015


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=gettext_lazy("Người thực hiện"), required=False, max_length=100)
    text = forms.CharField(label=gettext_lazy("Đối tượng (tên hoặc mã số)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Loại thay đổi"), required=False)
    source = forms.ChoiceField(label=gettext_lazy("Bảng dữ liệu"), required=False)
    date_from = VietnameseDateField(label=gettext_lazy("Từ ngày"), required=False)
    date_to = VietnameseDateField(label=gettext_lazy("Đến ngày"), required=False)
    batch = forms.IntegerField(label=gettext_lazy("Lượt nhập số"), required=False, min_value=1,
                               max_value=2_000_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tất cả"))] + list(AuditKind.choices)
        self.fields["source"].choices = [("", _("Tất cả"))] + sorted(
            ((source.key, source.label.capitalize()) for source in selector.history_sources()),
            key=lambda choice: choice[1])
        bootstrap_classes(self.fields, small=True)

    def to_query(self) -> selector.AuditQuery:
        # Fields that do not validate are left out (and shown as errors), never a 500.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selector.AuditQuery(
            user=data.get("user") or "", text=data.get("text") or "", kind=data.get("kind") or "",
            source=data.get("source") or "", date_from=data.get("date_from"), date_to=data.get("date_to"),
            batch=data.get("batch"),
        )


def _require_reader(user):
    if not policy.may_read_audit(user):
        raise PermissionDenied


def _source_labels() -> dict[str, str]:
    labels = {source.key: source.label for source in selector.history_sources()}
    labels[ImportBatch._meta.label_lower] = str(ImportBatch._meta.verbose_name)
    return labels


def _details(entry) -> str:
    """What the entry says beyond who, what and when: an import batch, an event's details."""
    detail = entry["e_detail"] or ""
    if detail == BASELINE:
        return _("bản ghi gốc khi bắt đầu lưu lịch sử")
    batch = ImportBatch.id_of_reason(detail)
    if batch is not None:
        return _("lượt nhập số %(number)s") % {"number": batch}
    if not detail.startswith("{"):
        return detail
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    parts = []
    for key, value in values.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v[0]} → {v[1]}" if isinstance(v, list) and len(v) == 2 else f"{k}: {v}"
                              for k, v in value.items())
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _rows(entries):
    entries = list(entries)
    actors = selector.actors_of(entries)
    changes = selector.changed_fields(entries)
    labels = _source_labels()
    kinds = dict(AuditKind.choices)
    for entry in entries:
        actor = actors.get(entry["e_actor"])
        yield {
            "at": entry["e_at"],
            "actor": (actor.get_full_name() or actor.get_username()) if actor else _("hệ thống"),
            "username": actor.get_username() if actor else "",
            "kind": kinds.get(entry["e_kind"], entry["e_kind"]),
            "source": labels.get(entry["e_source"], entry["e_source"]),
            "object": entry["e_object"],
            "name": entry["e_name"],
            "details": "; ".join(filter(None, [changes.get((entry["e_source"], entry["e_pk"]), ""),
                                               _details(entry)])),
        }


@login_required
def audit_list(request):
    _require_reader(request.user)
    form = AuditFilterForm(request.GET or None)
    entries = selector.audit_entries(reader=request.user, query=form.to_query())
    context = page_context(request, entries, form=form)
    context["rows"] = list(_rows(context["page_obj"].object_list))
    return render(request, "partnerships/audit_list.html", context)


HEADINGS = ["Thời điểm", "Người thực hiện", "Tên đăng nhập", "Loại thay đổi", "Bảng dữ liệu", "Mã đối tượng",
            "Đối tượng", "Chi tiết"]


@login_required
def audit_export(request):
    """The entries the page lists (same filters), as .xlsx: text never a formula, dd/mm/yyyy hh:mm."""
    _require_reader(request.user)
    form = AuditFilterForm(request.GET or None)
    entries = selector.audit_entries(reader=request.user, query=form.to_query())[:EXPORT_MAX]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nhật ký thay đổi")
    for index, width in enumerate([18, 24, 16, 22, 26, 12, 40, 60]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    print_on_a4_landscape(sheet)
    sheet.append(HEADINGS)
    for row in _rows(entries):
        at = WriteOnlyCell(sheet, value=timezone.localtime(row["at"]).replace(tzinfo=None) if row["at"] else None)
        at.number_format = DATE_FORMAT + " hh:mm"
        sheet.append([at, *(cell_text(row[key]) for key in ("actor", "username", "kind", "source", "object", "name",
                                                             "details"))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-thay-doi-{datetime.date.today():%Y%m%d}.xlsx"'
    return response
