"""The annual report pages: the report (year, or a range for a review, optionally a district), its
downloads, finalising and reopening a year, and the evaluation settings with overrides.

Leaders may read and download; coordinators (and administrators) also finalise and configure;
only administrators reopen. Officers and focal points get 403. Views stay thin: the figures come
from annual_report.build (the selectors), writes from finalise / evaluation services.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships.exceptions import DomainError, NotPermitted
from reports import evaluation
from reports.documents.annual import build, in_report_language
from reports.documents.docx import render_docx
from reports.documents.xlsx import render_xlsx
from reports.models import FinalisedReport
from reports.services import evaluation_settings, finalise
from reports.web.annual.forms import EvaluationSettingsForm, OverrideForm, ReopenForm
from reports.filters import ReportFilterForm
from partnerships.access import policy

RENDERERS = {"xlsx": render_xlsx, "docx": render_docx}


def _require_reader(user):
    if not policy.may_read_annual_report(user):
        raise PermissionDenied(_("Trang này dành cho lãnh đạo tỉnh và cán bộ tổng hợp cấp tỉnh."))


def _default_year() -> int:
    return datetime.date.today().year - 1


def _filter_form(request) -> ReportFilterForm:
    data = {key: request.GET[key] for key in ("year", "year_from", "year_to", "district") if request.GET.get(key)}
    # Form data are what a browser sends: strings ("2025", never a localised 2.025 in the input).
    return ReportFilterForm(data or {"year": str(_default_year())}, default_year=_default_year())


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(data))
    return response


def _annual_url(year: int) -> str:
    return f"{reverse('reports:annual')}?{urlencode({'year': year})}"


@login_required
def annual(request):
    _require_reader(request.user)
    form = _filter_form(request)
    context = {"form": form, "report": None, "can_finalise": policy.may_finalise_year(request.user),
               "can_reopen": policy.may_reopen_year(request.user), "reopen_form": ReopenForm()}
    if not form.is_valid():
        for message in form.error_messages_list():
            messages.error(request, message)
        return render(request, "reports/annual.html", context, status=400)
    report_filter = form.to_filter()
    report = build(report_filter, request.user)
    context["report"] = report
    context["query"] = urlencode(report_filter.as_querydict())
    if report_filter.is_single_year and not report_filter.district_code:
        context["finalisable"] = True
        context["versions"] = list(
            FinalisedReport.objects.filter(year=report_filter.year_from).defer("xlsx", "docx")
            .select_related("finalised_by", "reopened_by")
        )
        context["current"] = next((v for v in context["versions"] if v.is_locking), None)
    return render(request, "reports/annual.html", context)


@login_required
def annual_download(request, kind):
    """The report as a file. A finalised year (whole province) downloads exactly as it was stored."""
    _require_reader(request.user)
    if kind not in RENDERERS:
        raise Http404
    form = _filter_form(request)
    if not form.is_valid():
        for message in form.error_messages_list():
            messages.error(request, message)
        return redirect("reports:annual")
    report_filter = form.to_filter()
    if report_filter.is_single_year and not report_filter.district_code:
        current = finalise.current(report_filter.year_from)
        if current is not None:
            return finalised_file(request, current.pk, kind)
    with in_report_language():
        report = build(report_filter, request.user)
        data = RENDERERS[kind](report)
    content_type = finalise.FILES[kind][2]
    return _attachment(data, content_type, f"{report.file_stem}.{kind}")


@login_required
def finalised_file(request, pk, kind):
    _require_reader(request.user)
    if kind not in RENDERERS:
        raise Http404
    try:
        report, data, content_type = finalise.stored_file(pk, kind)
    except FinalisedReport.DoesNotExist as error:
        raise Http404 from error
    except finalise.ChecksumMismatch as error:
        messages.error(request, error.message)
        return redirect("reports:annual")
    return _attachment(data, content_type, f"bao-cao-ket-nghia-{report.year}-chot-lan-{report.version}.{kind}")


def _year_from_post(request) -> int:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError as error:
        raise Http404(_("Năm không hợp lệ.")) from error
    if not 2000 <= year <= 2100:
        raise Http404(_("Năm không hợp lệ."))
    return year


@login_required
@require_POST
def annual_finalise(request):
    _require_reader(request.user)
    year = _year_from_post(request)
    try:
        report = finalise.finalise_year(actor=request.user, year=year)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã chốt số liệu báo cáo năm %(year)s (lần %(version)s). Từ nay dữ liệu của năm "
                                    "này không thể thay đổi.") % {"year": year, "version": report.version})
    return redirect(_annual_url(year))


@login_required
@require_POST
def annual_reopen(request):
    _require_reader(request.user)
    year = _year_from_post(request)
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        finalise.reopen_year(actor=request.user, year=year, reason=reason)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã mở lại năm %(year)s. Lý do đã được ghi lại.") % {"year": year})
    return redirect(_annual_url(year))


@login_required
def annual_evaluation(request):
    """The year's criteria and bands (coordinators edit them), scores, and overrides."""
    _require_reader(request.user)
    can_edit = policy.may_edit_evaluation_settings(request.user)
    form = _filter_form(request)
    year = form.cleaned_data["year_to"] if form.is_valid() else _default_year()
    criteria, bands = evaluation.year_settings(year)
    settings_form = EvaluationSettingsForm(criteria=criteria, bands=bands)
    override_form = OverrideForm()
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh cấu hình và điều chỉnh đánh giá, xếp loại."))
        if "save_settings" in request.POST:
            settings_form = EvaluationSettingsForm(request.POST, criteria=criteria, bands=bands)
            if settings_form.is_valid():
                try:
                    evaluation_settings.save_year_settings(actor=request.user, year=year,
                                                  criteria=settings_form.criteria_data(),
                                                  bands=settings_form.bands_data())
                    messages.success(request, _("Đã lưu tiêu chí đánh giá năm %(year)s.") % {"year": year})
                    return redirect(f"{request.path}?year={year}")
                except DomainError as error:
                    settings_form.add_error(None, error.message)
        else:
            override_form = OverrideForm(request.POST)
            if override_form.is_valid():
                data = override_form.cleaned_data
                try:
                    if "clear_override" in request.POST:
                        evaluation_settings.clear_override(actor=request.user, year=year, agency=data["agency"])
                    else:
                        evaluation_settings.set_override(actor=request.user, year=year, agency=data["agency"],
                                                classification=data["classification"], reason=data["reason"])
                    messages.success(request, _("Đã ghi điều chỉnh xếp loại của %(agency)s.") % {
                        "agency": data["agency"]})
                    return redirect(f"{request.path}?year={year}")
                except DomainError as error:
                    override_form.add_error(None, error.message)
        status = 400
    result = evaluation.evaluate(form.to_filter() if form.is_valid() else
                                 evaluation.selectors.ReportFilter.for_year(year))
    return render(request, "reports/annual_evaluation.html", {
        "year": year, "settings_form": settings_form, "override_form": override_form, "evaluation": result,
        "can_edit": can_edit, "locked": finalise.current(year) is not None,
    }, status=status)
