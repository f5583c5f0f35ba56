"""Leaders' dashboard and its drill-down pages (district, agency, commune).

Thin views: the filter comes from `ReportFilter.from_querydata` (bad parameters → a Vietnamese
message and the default period, never a 500), every figure from `reports.selectors` with the
user, so each person sees their own scope: the province for leaders, coordinators and
administrators, their agency for an officer, their locality for a focal point.

Longer than 400 lines on purpose: the dashboard, its drill-down pages and the lists its figures
open share the filter, the period and the page-or-file helpers (`filter_from_request`, `_common`,
`_page_or_file`); the figures' lists can move to a module of their own once they settle.
"""

import datetime
from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from common.text import vi_order
from partnerships import geography
from partnerships.access import policy
from partnerships.access.reach import place_concerns, visible_name
from partnerships.access.scoping import sees_whole_province
from partnerships.models import AdministrativeUnit, Agency, DevelopmentModel, Partnership
from partnerships.selectors.cache import cached, cached_for_query
from reports.evaluation import evaluate_agency
from partnerships.selectors.filters import (
    FIRST_YEAR,  # Directive 16-CT/TU dates from 9 September 2021: the trend starts there
)
from partnerships.io.columns import ACTIVITY_HEADING as A
from reports import selectors
from reports.documents import tables
from reports.selectors import ReportFilter
from reports.filters import ReportFilterForm

RECENT_ACTIVITIES = 20
EXPORT_PARAM = "xuat"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Level = AdministrativeUnit.Level


def filter_from_request(request, **fixed) -> tuple[ReportFilter, ReportFilterForm]:
    """The filter asked for, or the current year with a message when the parameters are bad.
    `fixed` pins criteria that come from the page's URL (a drill-down's district, agency...)."""
    f, form, notes = _filter_and_notes(request, **fixed)
    _tell(request, notes)
    return f, form


def _filter_and_notes(request, **fixed) -> tuple[ReportFilter, ReportFilterForm, list[tuple[int, str]]]:
    """`filter_from_request`, with the messages it has for the user returned as (level, text)."""
    if not policy.may_read_reports(request.user):
        raise PermissionDenied
    default_year = datetime.date.today().year
    # The same validation as ReportFilter.from_querydata, with the form kept to show it again.
    data = request.GET.copy()
    data.pop(EXPORT_PARAM, None)  # "xuat=xlsx" asks for the page's tables as a file, not a filter
    form = ReportFilterForm(data or None, default_year=default_year, user=request.user)
    notes = []
    if not form.is_bound:
        f = ReportFilter.for_year(default_year)
    elif form.is_valid():
        f = form.to_filter()
    else:
        notes = [(messages.ERROR, message) for message in form.error_messages_list()]
        notes.append((messages.INFO, _("Đang hiển thị số liệu năm %(year)s.") % {"year": default_year}))
        f = ReportFilter.for_year(default_year)
    f = replace(f, **fixed)
    return f, form, notes


def _tell(request, notes) -> None:
    for level, text in notes:
        messages.add_message(request, level, text)


def _period(f: ReportFilter) -> dict:
    """How the key figures name the previous period (None: nothing to compare with, see
    `ReportFilter.compared`), and whether this one is still running."""
    cut = f.to_date()  # the selectors compare a running period with the same months before it
    previous = cut.compared()
    if previous is None:
        return {"previous_label": None, "in_progress_until": cut.until if cut.is_cut else None,
                "previous_until": None}
    if previous.is_single_year:
        previous_label = _("năm %(year)s") % {"year": previous.year_from}
    else:
        previous_label = _("%(a)s–%(b)s") % {"a": previous.year_from, "b": previous.year_to}
    if cut.is_cut:
        previous_label = _("cùng kỳ %(period)s") % {"period": previous_label}
    return {"previous_label": previous_label, "in_progress_until": cut.until if cut.is_cut else None,
            "previous_until": previous.until if cut.is_cut else None}


def _common(f: ReportFilter, form) -> dict:
    """Context every page shares: the filter, its form, the period's names, and the period's GET
    parameters without the place (for links to other places' pages)."""
    place_free = replace(f, district_code=None, commune_code=None, commune_on=None, agency_id=None)
    return {
        "f": f,
        "form": form,
        **_period(f),
        "district_name": form.district_name(f.district_code),
        "query_without_place": urlencode(place_free.as_querydict()),
    }


def _trend_filter(f: ReportFilter) -> ReportFilter:
    """The trend runs from the programme's start (or the period's start, if earlier) to the period's end."""
    return replace(f, year_from=min(FIRST_YEAR, f.year_from))


def _chart_data(categories, districts, trend, money) -> dict:
    """What static/js/dashboard.js draws; the same numbers are in the tables beside each chart."""
    return {
        "categories": {
            "labels": [row["name"] for row in categories],
            "substantive": [row["is_substantive"] for row in categories],
            "money": [row["money_total"] for row in categories],
        },
        "districts": {
            "labels": [row["label"] for row in districts],
            "money": [row["money_total"] for row in districts],
        },
        "trend": {
            "labels": [str(row["year"]) for row in trend],
            "money": [row["money_total"] for row in trend],
            "substantive_share": [
                None if row["substantive_share_money"] is None else round(float(row["substantive_share_money"]) * 100, 1)
                for row in trend
            ],
        },
        "money": {
            "labels": [_("Ngân sách nhà nước"), _("Xã hội hóa"), _("Hiện vật quy đổi")],
            "values": [money["money_state"], money["money_society"], money["money_in_kind"]],
        },
        "labels": {
            "money": _("Kinh phí (đồng)"),
            "substantive": _("Màu xanh: hỗ trợ thiết thực"),
            "not_substantive": _("màu vàng: thăm hỏi, tặng quà, nhà tình nghĩa, khác"),
            "share": _("Tỷ lệ kinh phí thiết thực (%)"),
        },
    }


def home_summary(user) -> dict:
    """For a leader's home page: this year's key figures and coverage gaps, exactly as on the
    dashboard (same selectors, same templates)."""
    year = datetime.date.today().year
    f = ReportFilter.for_year(year)
    return {
        **_period(f),
        "figures": selectors.key_figures_with_change(f, user),
        "gaps": selectors.coverage_gaps(f, user),
    }


def _dashboard_figures(f: ReportFilter, user) -> dict:
    trend_filter = _trend_filter(f)
    categories, trend = selectors.categories_and_trend(f, trend_filter, user)
    # The key figures' sums added up from the trend's years: their query counts places only.
    figures = selectors.key_figures_with_change(f, user, trend=(trend_filter, trend))
    values = {figure.key: figure.value for figure in figures}
    money = {key: values[key] for key in ("money_state", "money_society", "money_in_kind", "money_total")}
    districts = selectors.by_district(f, user)
    communes = selectors.by_commune(f, user)
    return {
        "figures": figures,
        "money": money,
        "categories": categories,
        "districts": districts,
        "communes": communes,
        "split": selectors.mapped_from_split(f, user),
        "trend": trend,
        "gaps": selectors.coverage_gaps(f, user),
        "chart_data": _chart_data(categories, districts, trend, money),
    }


def _rendered_page(context: dict, figures: dict, body_template: str, keep: tuple[str, ...], **below) -> dict:
    """What a repeated view of a report page reads: the figures named in `keep` as plain values,
    the key figures' cards and the page below them (`body_template`, with `below`: its lists) as
    HTML. No model instance is stored: unpickling the ≈ 300 units, agencies and partnerships of
    the tables cost a cached view about 40 ms; the HTML already holds what they said. Rendered
    without the request: no context processor runs, and nothing of the user beyond their scope
    can reach the HTML."""
    page = {**context, **figures, **below}
    return {**{key: figures[key] for key in keep},
            "figures_html": render_to_string("reports/dashboard_figures.html", page),
            "body": render_to_string(body_template, page)}


def _dashboard_page(f: ReportFilter, user, context: dict) -> dict:
    """The dashboard's cached view (`_rendered_page`): key figures, money and the charts' data."""
    return _rendered_page(context, _dashboard_figures(f, user), "reports/dashboard_body.html",
                          ("figures", "money", "chart_data"))


@login_required
def dashboard(request):
    if request.GET.get(EXPORT_PARAM) != "xlsx":
        return _dashboard_view(request)
    user = request.user
    f, form = filter_from_request(request)
    context = {
        **_common(f, form),
        "scope_is_province": sees_whole_province(user),
        "query": f.as_querydict(),
    }
    context.update(cached("dashboard_tables", user, f, lambda: _dashboard_figures(f, user), drafts=False))
    return _page_or_file(request, "reports/dashboard.html", context, "tong-quan", lambda title, sub: [
        tables.figures_table(context["figures"], title=title, subtitle=sub),
        tables.measures_table(context["categories"], sheet=_("Theo loại hoạt động"), title=_("Theo loại hoạt động"),
                              subtitle=sub,
                              label_heading=_(A["category"]), label=lambda r: r["name"],
                              extra=[(_("Thiết thực"), 10, lambda r: _("Có") if r["is_substantive"] else _("Không"))]),
        tables.measures_table(context["districts"], sheet=_("Theo huyện"), title=_("Theo huyện được hỗ trợ"),
                              subtitle=sub,
                              label_heading=_("Huyện"), label=lambda r: r.get("label") or r["name"]),
        tables.measures_table(context["communes"], sheet=_("Theo xã"), title=_("Theo xã được hỗ trợ"), subtitle=sub,
                              label_heading=_("Xã"), label=lambda r: r["commune"].name,
                              extra=[(_("Huyện"), 24, lambda r: r.get("district_label", ""))]),
        tables.measures_table(context["trend"], sheet=_("Qua các năm"), title=_("Diễn biến qua các năm"), subtitle=sub,
                              label_heading=_("Năm"), label=lambda r: str(r["year"])),
    ])


def _dashboard_view(request):
    """The dashboard's page. Below the menu it depends on the query, the user's scope, the day and
    the data version only, so a repeated view is one cache read with its messages
    told again (`_kept_page`): it builds no filter form, reads no choices and renders nothing but the layout."""

    def compute():
        user = request.user
        f, form, notes = _filter_and_notes(request)
        context = {
            **_common(f, form),
            "scope_is_province": sees_whole_province(user),
            "query": f.as_querydict(),
            "request": request,
            "user": user,
        }
        # The figures of a scope and filter, whatever the query's spelling (partnerships/selectors/cache.py).
        context.update(cached("dashboard", user, f, lambda: _dashboard_page(f, user, context), drafts=False))
        return {"notes": notes, "content": render_to_string("reports/dashboard_content.html", context)}

    return _kept_page(request, "dashboard_content", "reports/dashboard.html", compute)


def _kept_page(request, name: str, template: str, compute, **outer):
    """A report page whose part below the menu, compute() → {"notes", "content"}, is kept once
    per query, scope, day and data version (`cached_for_query`, the filter's fields only): a
    repeated view is one cache read with its notes told again, laid out in `template` with
    `outer`. The content is rendered without the request's context processors: what it shows of
    the user is their scope (their agency or locality), and what it shows of the request is its
    path and query."""
    if not policy.may_read_reports(request.user):
        raise PermissionDenied
    today = datetime.date.today()  # the default year, a running period's cut, overdue inspections
    page = cached_for_query(name, request, ReportFilterForm.base_fields, compute, parts=(request.path, today),
                            drafts=False)
    _tell(request, page["notes"])
    return render(request, template, {**outer, "content": page["content"]})


def _period_text(f: ReportFilter) -> str:
    if f.is_single_year:
        text = _("Năm %(year)s") % {"year": f.year_from}
    else:
        text = _("Từ năm %(a)s đến năm %(b)s") % {"a": f.year_from, "b": f.year_to}
    if f.include_submitted:
        text += " " + _("(tính cả hoạt động đang chờ duyệt)")
    return text


def _page_or_file(request, template, context, stem, build_tables, *, place="", title=None):
    """The page, or with ?xuat=xlsx its tables as a workbook: the same rows the page shows, one
    sheet per table (reports/documents/tables.py)."""
    if request.GET.get(EXPORT_PARAM) != "xlsx":
        return render(request, template, context)
    f = context["f"]
    heading = title or (_("Số liệu chương trình kết nghĩa: %(place)s") % {"place": place} if place
                        else _("Tổng quan chương trình kết nghĩa"))
    subtitle = "; ".join(part for part in (_period_text(f), context.get("district_name") or "") if part)
    stream = tables.workbook(build_tables(heading, tables._subtitle(subtitle)))
    return FileResponse(stream, as_attachment=True, content_type=XLSX,
                        filename=f"{stem}-{datetime.date.today():%Y%m%d}.xlsx")


def _require_in_scope(user, *, units=(), agency=None):
    if not place_concerns(user, units=units, agency=agency):
        raise Http404


@login_required
def district_detail(request, code):
    district = get_object_or_404(geography.districts(), code=code)
    _require_in_scope(request.user, units=[district])
    f, form = filter_from_request(request, district_code=district.code, commune_code=None)
    user = request.user
    context = {
        "unit": district,
        **_common(f, form),
        "district_label": geography.district_label(district.name, valid_to=district.valid_to, on=f.end),
    }
    if request.GET.get(EXPORT_PARAM) != "xlsx":
        # Figures and the page below them (communes, partnerships, gaps, recent activities,
        # models) read and rendered once per scope, filter and data version (see `_dashboard_page`).
        context.update(cached("district", user, f, lambda: _district_page(f, user, context), drafts=False))
        return render(request, "reports/district_detail.html", context)
    context.update(_district_figures(f, user), partnerships=_district_partnerships(f, user))
    return _page_or_file(request, "reports/district_detail.html", context, f"huyen-{district.code}",
                         lambda title, sub: [
        tables.figures_table(context["figures"], title=title, subtitle=sub),
        tables.measures_table(context["communes"], sheet=_("Theo xã"), title=_("Theo xã"), subtitle=sub,
                              label_heading=_("Xã"), label=lambda r: r["commune"].name),
        tables.measures_table(context["categories"], sheet=_("Theo loại hoạt động"), title=_("Theo loại hoạt động"),
                              subtitle=sub, label_heading=_(A["category"]), label=lambda r: r["name"]),
        tables.partnerships_table(context["partnerships"], title=_("Quan hệ kết nghĩa"), subtitle=sub),
    ], place=district.name)


def _district_figures(f: ReportFilter, user) -> dict:
    return {
        "figures": selectors.key_figures_with_change(f, user),
        "communes": selectors.by_commune(f, user),
        "split": selectors.mapped_from_split(f, user),
        "categories": selectors.by_category(f, user),
        "gaps": selectors.coverage_gaps(f, user),
    }


def _district_partnerships(f: ReportFilter, user):
    return selectors.partnerships(f, user).select_related("agency", "unit").order_by(vi_order("agency__name"))


def _district_page(f: ReportFilter, user, context: dict) -> dict:
    """The district page's cached view (`_rendered_page`): key figures and its communes (a few
    dozen rows); below them partnerships, recent activities and models."""
    return _rendered_page(context, _district_figures(f, user), "reports/district_body.html", ("figures", "communes"),
                          partnerships=_district_partnerships(f, user), activities=_recent(f, user),
                          models=_models_in(f, user), list_url=selectors.activity_list_url(f))


@login_required
def commune_detail(request, code):
    f, form = filter_from_request(request, district_code=None, commune_code=code)
    # Codes were reused by the 2025 reform: the commune with this code on the day asked for.
    commune = geography.unit_for_code(code, level=Level.COMMUNE, on=f.commune_on or f.end)
    if commune is None:
        raise Http404
    _require_in_scope(request.user, units=[commune])
    user = request.user
    context = {
        "unit": commune,
        **_common(f, form),
        "figures": selectors.key_figures_with_change(f, user),
        "categories": selectors.by_category(f, user),
        "partnerships": selectors.partnerships(f, user).select_related("agency", "unit")
        .order_by(vi_order("agency__name")),
        "activities": _recent(f, user),
        "models": _models_in(f, user),
        "list_url": selectors.activity_list_url(f),
        "successor": commune.current_unit if commune.current_unit_id else None,
        **_district_of(commune, f),
    }
    return _page_or_file(request, "reports/commune_detail.html", context, f"xa-{commune.code}", lambda title, sub: [
        tables.figures_table(context["figures"], title=title, subtitle=sub),
        tables.measures_table(context["categories"], sheet=_("Theo loại hoạt động"), title=_("Theo loại hoạt động"),
                              subtitle=sub, label_heading=_(A["category"]), label=lambda r: r["name"]),
        tables.partnerships_table(context["partnerships"], title=_("Quan hệ kết nghĩa"), subtitle=sub),
    ], place=commune.name)


def _district_of(unit, f: ReportFilter) -> dict:
    """The district (or after the reform, the former district's area) a commune page links to."""
    district = geography.district_area_of(unit)
    if district is None:
        return {"district": None, "district_label": ""}
    return {"district": district, "district_label": geography.district_area_name(unit, on=f.end)}


@login_required
def agency_detail(request, pk):
    agency = get_object_or_404(Agency, pk=pk)
    _require_in_scope(request.user, agency=agency)
    if request.GET.get(EXPORT_PARAM) != "xlsx":
        return _agency_view(request, agency)
    f, form = filter_from_request(request, agency_id=agency.pk, agency_kind=None)
    user = request.user
    may_see_evaluation = policy.may_see_agency_evaluation(user, agency)
    context = {"agency": agency, **_common(f, form)}
    context.update(_agency_figures(f, user, agency, may_see_evaluation), partnerships=_agency_partnerships(user, agency))
    return _page_or_file(request, "reports/agency_detail.html", context, f"co-quan-{agency.pk}", lambda title, sub: [
        tables.figures_table(context["figures"], title=title, subtitle=sub),
        tables.partnerships_table(context["partnerships"], title=_("Quan hệ kết nghĩa"), subtitle=sub),
    ], place=agency.name)


def _agency_view(request, agency):
    """The agency's page. Below the menu it depends on the query, the user's scope (which decides
    whether the evaluation is shown: `policy.may_see_agency_evaluation`), the day and the data
    version only, as the dashboard's (`_kept_page`): a repeated view is one cache read, with the
    filter's messages told again. Behind it, the figures, plan history, evaluation,
    partnerships, recent activities and models are read once per scope, filter and data version
    (`_agency_page`), so a link to the same figures with another spelling of the query reads
    none of them either."""

    def compute():
        user = request.user
        f, form, notes = _filter_and_notes(request, agency_id=agency.pk, agency_kind=None)
        may_see_evaluation = policy.may_see_agency_evaluation(user, agency)
        context = {"agency": agency, **_common(f, form), "request": request, "user": user}
        context.update(cached("agency", user, (f, may_see_evaluation),
                              lambda: _agency_page(f, user, agency, may_see_evaluation, context), drafts=False))
        return {"notes": notes, "content": render_to_string("reports/agency_content.html", context)}

    return _kept_page(request, "agency_content", "reports/agency_detail.html", compute, agency=agency)


def _agency_partnerships(user, agency):
    return (Partnership.objects.visible_to(user).filter(agency=agency)
            .select_related("unit", *geography.naming_joins("unit"))
            .order_by("status", vi_order("unit__name")))


def _agency_page(f: ReportFilter, user, agency, may_see_evaluation: bool, context: dict) -> dict:
    """The agency page's cached view (`_rendered_page`): key figures, the period's row and
    history; below them partnerships, recent activities and models."""
    return _rendered_page(context, _agency_figures(f, user, agency, may_see_evaluation), "reports/agency_body.html",
                          ("figures", "row", "history"), partnerships=_agency_partnerships(user, agency),
                          activities=_recent(f, user), models=_models_in(f, user),
                          list_url=selectors.activity_list_url(f))


def _agency_figures(f: ReportFilter, user, agency, may_see_evaluation: bool) -> dict:
    history = replace(_trend_filter(f), year_to=max(f.year_to, datetime.date.today().year))
    figures, row, years = selectors.agency_figures(agency, f, history, user)
    return {
        "figures": figures,
        "row": row,
        "history": years,
        "evaluation": _agency_evaluation(user, agency, f, row, may_see_evaluation),
    }


def _agency_evaluation(user, agency, f: ReportFilter, row, may_see_evaluation: bool) -> dict:
    """The agency's score and breakdown for the filter's last year, for those the policy lets see
    it (the score is the agency's whole-province one, not a locality's share). The page's `row`
    is reused when it was computed for exactly that year over the province."""
    if not may_see_evaluation:
        return {"hidden": True}
    year = f.year_to
    reusable = sees_whole_province(user) and f == ReportFilter.for_year(year, agency_id=agency.pk)
    return {"agency_evaluation": evaluate_agency(agency, year, row=row if reusable else None), "year": year}


# What a row of recent activities shows (reports/dashboard_activities.html): the five tables'
# other sixty columns were read, decoded and set on each row for nothing.
RECENT_FIELDS = ("title", "start_date", "budget_state", "budget_society", "budget_in_kind",
                 "partnership__agency__name", "partnership__agency__short_name", "category__name", "commune__name")


def _recent(f, user):
    return (
        selectors.activities(f, user)
        .select_related("partnership__agency", "category", "commune")
        .only(*RECENT_FIELDS)
        .order_by("-start_date", "-pk")[:RECENT_ACTIVITIES]
    )


def _models_in(f, user):
    """Every model in the area (whatever its start date): the page describes the place."""
    return (
        selectors.development_models(f, user, in_period=False)
        .select_related("partnership__agency", "commune")
        .annotate(origin_name=visible_name(DevelopmentModel, user, "replicated_from"))
        .order_by(vi_order("commune__name"), vi_order("name"))
    )


# --- the lists behind the figures ----------------------------------------------------------
# Each figure of places or agencies opens the list of what it counts, so that a leader can match
# the figure with its rows: the number of rows is the figure (tests/reports/web/test_figure_lists.py).


def _render_figure_list(request, f, form, rows, **labels):
    context = {
        **_common(f, form),
        **labels,
        "rows": rows,
        "totals": {
            "count": sum(row["count"] for row in rows),
            "money_total": sum(row["money_total"] or 0 for row in rows),
        },
        "query": f.as_querydict(),
    }
    return _page_or_file(request, "reports/figure_list.html", context, "danh-sach", lambda title, sub: [
        tables.measures_table(rows, sheet=labels["title"], title=labels["title"], subtitle=sub,
                              label_heading=labels["place_label"], label=lambda r: r["label"],
                              extra=[(labels["area_label"], 24, lambda r: r.get("area", ""))]
                              if labels.get("area_label") else ()),
    ], title=labels["title"])


@login_required
def district_list(request):
    """The districts reached in the period (the figure "Huyện được hỗ trợ")."""
    f, form = filter_from_request(request)
    query = urlencode(f.as_querydict())
    rows = [
        {**row, "label": row.get("label") or row["name"],
         "url": f"{reverse('reports:district_detail', args=[row['code']])}?{query}"}
        for row in selectors.by_district(f, request.user)
    ]
    return _render_figure_list(request, f, form, rows, title=_("Huyện được hỗ trợ"), place_label=_("Huyện"))


@login_required
def commune_list(request):
    """The communes reached in the period (the figure "Xã được hỗ trợ"), with their district."""
    f, form = filter_from_request(request)
    query = urlencode(f.as_querydict())
    rows = [
        {**row, "label": row["commune"].name, "area": row.get("district_label", ""),
         "url": f"{reverse('reports:commune_detail', args=[row['commune'].code])}?{query}"}
        for row in selectors.by_commune(f, request.user)
    ]
    return _render_figure_list(request, f, form, rows, title=_("Xã được hỗ trợ"), place_label=_("Xã"),
                               area_label=_("Huyện"))


@login_required
def agency_list(request):
    """The agencies with counted activities in the period (the figure "Cơ quan, đơn vị có hoạt động")."""
    f, form = filter_from_request(request)
    query = urlencode(replace(f, agency_kind=None).as_querydict())
    rows = [
        {**row, "label": row["agency"].name,
         "url": f"{reverse('reports:agency_detail', args=[row['agency'].pk])}?{query}"}
        for row in selectors.by_agency(f, request.user)
    ]
    return _render_figure_list(request, f, form, rows, title=_("Cơ quan, đơn vị có hoạt động"),
                               place_label=_("Cơ quan, đơn vị"))
