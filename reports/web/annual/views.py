"""The annual report pages: the report (year, or a range for a review, optionally a district), its
downloads, finalising and reopening a year, and the evaluation settings with overrides.

Leaders may read and download; coordinators (and administrators) also finalise and configure;
only administrators reopen. Officers and focal points get 403. Views stay thin: the figures come
from annual_report.build (the selectors), writes from finalise / evaluation services.

The files of a year not yet finalised, and the finalising itself, take longer than a request may
at the province's size: the page starts them as background jobs (`reports/jobs.py`) and shows
their progress; a second click finds the same job. A finalised year's files are the stored
bytes and download at once.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jobs.models import Job, JobStatus
from jobs.services import job_start
from jobs.views import job_state
from partnerships.exceptions import DomainError, NotPermitted
from reports import evaluation
from reports import jobs as report_jobs
from reports.documents.annual import build
from reports.models import FinalisedReport
from reports.services import evaluation_settings, finalise
from reports.web.annual.forms import EvaluationSettingsForm, OverrideForm, ReopenForm
from reports.filters import ReportFilterForm
from partnerships.access import policy

FORMAT_LABELS = {"xlsx": gettext_lazy("bảng tính (.xlsx)"), "docx": gettext_lazy("dự thảo báo cáo (.docx)")}


def _require_reader(user):
    if not policy.may_read_annual_report(user):
        raise PermissionDenied(_("Trang này dành cho lãnh đạo tỉnh và cán bộ tổng hợp cấp tỉnh."))


def _default_year() -> int:
    return datetime.date.today().year - 1


def _filter_form(request) -> ReportFilterForm:
    data = {key: request.GET[key] for key in ("year", "year_from", "year_to", "district", "geography") if request.GET.get(key)}
    # Form data are what a browser sends: strings ("2025", never a localised 2.025 in the input).
    return ReportFilterForm(data or {"year": str(_default_year())}, default_year=_default_year())


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(data))
    return response


def _annual_url(year: int) -> str:
    return f"{reverse('reports:annual')}?{urlencode({'year': year})}"


def _latest(jobs):
    """The newest job of a list, with its state for the progress bar, or None."""
    job = next(iter(jobs), None)
    if job is not None:
        job.state = job_state(job)
    return job


def _report_jobs(user, report_filter) -> list[Job]:
    """This person's latest build of each file of this report (not yet expired)."""
    now = timezone.now()
    found = []
    for file_format in report_jobs.FORMATS:
        params = report_jobs.build_params(report_filter, file_format)
        job = _latest(Job.objects.visible_to(user).same(report_jobs.BUILD, params).exclude(expires_at__lte=now)[:1])
        if job is not None:
            found.append(job)
    return found


def _finalise_job(user, year) -> Job | None:
    """This person's finalise of `year` still under way or failed (a done one shows as the lock)."""
    jobs = (Job.objects.visible_to(user).filter(kind=report_jobs.FINALISE, params__year=year)
            .exclude(status=JobStatus.DONE).order_by("-created_at")[:1])
    return _latest(jobs)


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
    context["report_jobs"] = _report_jobs(request.user, report_filter)
    if report_filter.is_single_year and not report_filter.district_code and not report_filter.as_of_today:
        context["finalisable"] = True
        context["finalise_job"] = _finalise_job(request.user, report_filter.year_from)
        context["versions"] = list(
            FinalisedReport.objects.filter(year=report_filter.year_from).defer("xlsx", "docx")
            .select_related("finalised_by", "reopened_by")
        )
        context["current"] = next((v for v in context["versions"] if v.is_locking), None)
        if context["current"] is None:
            _finalise_context(context, report_filter.year_from)
    return render(request, "reports/annual.html", context)


def _stored_or_none(report_filter):
    """The finalised report whose stored files stand for this report (a whole-province year, as
    recorded: what is finalised)."""
    if report_filter.is_single_year and not report_filter.district_code and not report_filter.as_of_today:
        return finalise.current(report_filter.year_from)
    return None


def _finalise_context(context: dict, year: int) -> None:
    """What the finalise form warns about: a year not over yet, activities still waiting."""
    try:
        finalise.require_year_ended(year)
    except DomainError as error:
        context["not_finalisable"] = error.message
        return
    waiting = finalise.waiting_activities(year)
    context["waiting_count"] = waiting.count()
    context["waiting"] = list(waiting[:finalise.WAITING_LISTED]) if context["waiting_count"] else []


def _file_request(request, kind):
    """What both file views check first: a reader, a known file, a valid report; a finalised
    year's stored file answers at once. (form, filter, response): a response ends the view."""
    _require_reader(request.user)
    if kind not in report_jobs.FORMATS:
        raise Http404
    form = _filter_form(request)
    if not form.is_valid():
        for message in form.error_messages_list():
            messages.error(request, message)
        return form, None, redirect("reports:annual")
    report_filter = form.to_filter()
    current = _stored_or_none(report_filter)
    return form, report_filter, finalised_file(request, current.pk, kind) if current is not None else None


@login_required
def annual_download(request, kind):
    """A finalised year (whole province) downloads exactly as it was stored; any other report is
    built in the background (`annual_build`), never inside this request."""
    _form, report_filter, response = _file_request(request, kind)
    if response is not None:
        return response
    messages.info(request, _("Tệp báo cáo được tạo ở chế độ nền: bấm nút tạo tệp, chờ thanh tiến độ đầy rồi tải về."))
    return redirect(f"{reverse('reports:annual')}?{urlencode(report_filter.as_querydict())}")


@login_required
@require_POST
def annual_build(request, kind):
    """Start building the report's workbook or narrative in the background (one job per person,
    report and file: a second click finds it), then back to the report with its progress."""
    form, report_filter, response = _file_request(request, kind)
    if response is not None:
        return response
    query = report_filter.as_querydict()
    scope = form.district_name(report_filter.district_code) if report_filter.district_code else _("Toàn tỉnh")
    period = (str(report_filter.year_from) if report_filter.is_single_year
              else f"{report_filter.year_from} - {report_filter.year_to}")
    job_start(actor=request.user, kind=report_jobs.BUILD, params=report_jobs.build_params(report_filter, kind),
              title=_("Báo cáo kết nghĩa %(period)s – %(scope)s: %(file)s") % {
                  "period": period, "scope": scope, "file": FORMAT_LABELS[kind]})
    return redirect(f"{reverse('reports:annual')}?{urlencode(query)}#report-files")


@login_required
def finalised_file(request, pk, kind):
    _require_reader(request.user)
    if kind not in report_jobs.FORMATS:
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
    """Finalise in the background: the job calls the finalise service, which decides (policy,
    rules, lock); asking the policy here only spares a refused person a job that would fail."""
    _require_reader(request.user)
    year = _year_from_post(request)
    if not policy.may_finalise_year(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh được chốt số liệu báo cáo năm."))
    acknowledged = request.POST.get("waiting_acknowledged") == "1"
    try:
        # The service's own rules, asked now so that a refusal is a message, not a failed job;
        # the job asks them again.
        finalise.require_finalisable(year=year, waiting_acknowledged=acknowledged)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{_annual_url(year)}#finalisation")
    job_start(actor=request.user, kind=report_jobs.FINALISE,
              params={"year": year, "waiting_acknowledged": acknowledged},
              title=_("Chốt số liệu báo cáo năm %(year)s") % {"year": year})
    messages.info(request, _("Đang chốt số liệu năm %(year)s ở chế độ nền; trang cho thấy tiến độ. Bạn có thể rời "
                             "trang này.") % {"year": year})
    return redirect(f"{_annual_url(year)}#finalisation")


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
