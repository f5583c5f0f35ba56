"""The pivot explorer page, its exports and its saved views.

Thin: the report filter comes from the dashboard's own form, the layout from `PivotForm`, the
table from `reports.pivot.build` (the dashboard's selectors, the user's scope), the files from
`reports.documents.pivot`, saved views through `reports.services`. Bad parameters show their
Vietnamese message and the default layout, never a 500; a layout over the cell cap says so.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.templatetags.ketnghia import by_kind
from partnerships import geography
from partnerships.access import policy
from partnerships.access.scoping import sees_whole_province
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import Agency, Partnership
from partnerships.selectors.filters import FIRST_YEAR
from reports import pivot
from reports.services import pivot_views
from reports.documents.pivot import pivot_csv, pivot_filename, pivot_xlsx
from reports.models import PivotView
from reports.pivot import PivotTooLarge
from reports.web.dashboard.views import _period, filter_from_request
from reports.pivot.forms import DEFAULT, DIMENSION_CHOICES, MEASURE_CHOICES, PivotForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR_PARAMS = ("year", "year_from", "year_to")
FILTER_PARAMS = ("district", "commune", "agency", "agency_kind", "category", "quarter", "substantive", "partnership",
                 "status", "include_submitted")


def _with_default_period(query):
    """Without a period in the URL the pivot covers the programme's years, not just this one."""
    if any(query.get(name) for name in YEAR_PARAMS):
        return query
    query = query.copy()
    query["year_from"], query["year_to"] = str(FIRST_YEAR), str(datetime.date.today().year)
    return query


def _layout_from_request(request):
    form = PivotForm(request.GET or None, user=request.user)
    if not form.is_bound:
        return DEFAULT, form
    if form.is_valid():
        return form.cleaned_data["layout"], form
    for message in form.error_messages_list():
        messages.error(request, message)
    messages.info(request, _("Đang hiển thị bảng mặc định: loại cơ quan, đơn vị theo năm."))
    return DEFAULT, form


def _query(f, layout, **changes) -> str:
    params = {**f.as_querydict(), **layout.as_querydict(), **changes}
    return urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)


def _sort_link(f, layout, key: str) -> dict:
    """The header's link: descending first, then ascending, then back to the natural order."""
    current = layout.sort
    if current == f"-{key}":
        target, state = key, "desc"
    elif current == key:
        target, state = "", "asc"
    else:
        target, state = f"-{key}", None
    return {"url": "?" + _query(f, layout, sort=target), "state": state}


def _grid(table, f) -> dict:
    """What the template draws, ready made: header cells with their sort links, and each row's
    values with their kind (the template only formats)."""
    layout = table.layout
    measures = table.measures

    def values(cell):
        # Formatted here with the templates' own filter: a big table is thousands of cells, and a
        # template loop with a filter per cell costs more than the query behind them.
        return [by_kind(cell.get(m.key), m.kind) for m in measures]

    heads = []
    for column in table.columns:
        heads.append({"labels": column.labels, "measures": [
            {"label": m.label, **_sort_link(f, layout, f"{m.key}@{column.key}")} for m in measures]})
    total_head = {"labels": (_("Tổng cộng"),), "measures": [
        {"label": m.label, **_sort_link(f, layout, m.key)} for m in measures]}
    rows, previous = [], ()
    for row in table.rows:
        labels = row.header.labels
        # A name repeated from the row above (the outer of two row dimensions) is shown once;
        # screen readers still read it on every row.
        shown = [(label, i < len(labels) - 1 and labels[: i + 1] == previous[: i + 1])
                 for i, label in enumerate(labels)]
        rows.append({"labels": shown, "cells": [v for cell in row.cells for v in values(cell)] if table.columns
                     else [], "total": values(row.total)})
        previous = labels
    return {
        "row_heads": [{"label": d.label, **_sort_link(f, layout, "label")} for d in table.row_dims],
        "heads": heads,
        "total_head": total_head,
        "rows": rows,
        "column_totals": [v for cell in table.column_totals for v in values(cell)],
        "grand_total": values(table.grand_total),
        "span": len(measures),
    }


def _agency_choices(user) -> list[tuple]:
    """The agency filter offers the agencies of the user's partnerships, as plain choices (one
    query, no model instances, no server-side cursor)."""
    visible = Partnership.objects.visible_to(user)
    agencies = Agency.objects.filter(pk__in=visible.values("agency")).order_by("name").values_list("pk", "name")
    return [("", _("Tất cả"))] + list(agencies)


def _commune_select(user, f) -> forms.Select:
    """The commune filter as a list grouped by district instead of a code to type: the communes in
    force at the period's end (the day a code is read on, `ReportFilter.commune_units`), and for
    an officer or a focal point only those of their partnerships' areas."""
    end = f.commune_on or f.end
    communes = geography.communes(on=end)
    if not sees_whole_province(user):
        communes = geography.communes_of(Partnership.objects.visible_to(user).values("unit"), on=end)
    choices = [("", _("Tất cả"))] + [
        (heading, [(c.code, c.name) for c in members])
        for heading, members in geography.communes_by_district(communes)
    ]
    return forms.Select(choices=choices, attrs={"class": "form-select"})


@login_required
def pivot_page(request):
    if not policy.may_read_reports(request.user):
        raise PermissionDenied
    request.GET = _with_default_period(request.GET)
    f, filter_form = filter_from_request(request)
    layout, form = _layout_from_request(request)
    user = request.user
    table, too_large = None, None
    try:
        table = pivot.build(f, layout, user)
    except PivotTooLarge as error:
        too_large = str(error)
    export = request.GET.get("export")
    if export in ("xlsx", "csv") and table is not None:
        scope = _("toàn tỉnh") if sees_whole_province(user) else str(user.agency or user.locality or "")
        name = pivot_filename(f, export)
        if export == "xlsx":
            response = HttpResponse(pivot_xlsx(table, f, scope=scope).getvalue(), content_type=XLSX)
        else:
            response = HttpResponse(pivot_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if export and too_large:
        messages.error(request, too_large)
    filter_form.fields["agency"].widget.choices = _agency_choices(user)
    filter_form.fields["commune"].widget = _commune_select(user, f)
    form.fields["partnership"].widget.choices = form.partnership_choices()
    context = {
        **_period(f),
        "f": f,
        "filter_form": filter_form,
        "form": form,
        "layout": layout,
        "row_slots": list(layout.rows) + [""] * (pivot.MAX_AXIS - len(layout.rows)),
        "col_slots": list(layout.cols) + [""] * (pivot.MAX_AXIS - len(layout.cols)),
        "description": pivot.table.describe(f, layout),
        "dimension_choices": DIMENSION_CHOICES,
        "measure_choices": MEASURE_CHOICES,
        "filter_fields": [form[name] for name in ("quarter", "substantive", "partnership", "status")],
        "filters_open": any(request.GET.get(name) for name in FILTER_PARAMS),
        "empty_span": len(layout.rows) + len(layout.measures),
        "table": table,
        "grid": _grid(table, f) if table else None,
        "chart_data": pivot.chart_data(table) if table else None,
        "too_large": too_large,
        "max_cells": pivot.table.MAX_CELLS,
        "scope_is_province": sees_whole_province(user),
        "export_xlsx": "?" + _query(f, layout, export="xlsx"),
        "export_csv": "?" + _query(f, layout, export="csv"),
        "query": _query(f, layout),
        "saved_views": PivotView.objects.order_by("name"),
        "may_save": policy.may_save_pivot_view(user),
    }
    return render(request, "reports/pivot.html", context)


@require_POST
@login_required
def pivot_view_save(request):
    query = request.POST.get("query", "")
    try:
        view = pivot_views.pivot_view_save(actor=request.user, name=request.POST.get("name", ""), query=query)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from None
    except (DomainError, ValidationError) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
        return redirect(reverse("reports:pivot") + "?" + query[:2000])
    messages.success(request, _("Đã lưu bảng “%(name)s”; mọi người xem được số liệu đều thấy bảng này.")
                     % {"name": view.name})
    return redirect(view.url)


@require_POST
@login_required
def pivot_view_delete(request, pk):
    view = get_object_or_404(PivotView, pk=pk)
    try:
        pivot_views.pivot_view_delete(actor=request.user, view=view)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, _("Đã xóa bảng đã lưu “%(name)s”.") % {"name": view.name})
    return redirect("reports:pivot")
