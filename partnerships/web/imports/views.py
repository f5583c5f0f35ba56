"""Officers' Excel import: download the template, upload, preview every bad row, confirm.

The rows the preview checked are kept between preview and confirm under a random token stored
in the user's session (`officer_import.keep`, `store_pending`): the confirm writes exactly what
was previewed, without reading the file again, after checking again what may have changed in
between (`officer_import.recheck`: a partnership ended, a year finalised, doubles written
since); rows that no longer pass show their errors again instead of writing anything. The
confirm claims the rows atomically (`officer_import.claim_pending`): two confirms of one
preview write once. Rows the preview showed as doubles are written only if ticked. A file of
more than IMPORT_INLINE_MAX rows is written by a background job after its preview instead.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import Job
from jobs.services import job_start
from partnerships.io import officer_import
from partnerships.jobs import IMPORT
from partnerships.models import Agency
from partnerships.web.imports.forms import ImportUploadForm
from partnerships.access import policy

SESSION_KEY = "officer_import"


def _require_importer(user) -> None:
    if not policy.can_record_activities(user):
        raise PermissionDenied


def _agency_for(request, agency_id) -> Agency:
    """Officers always import for their own agency, whatever is asked; coordinators choose one."""
    if policy.is_coordinator_or_admin(request.user):
        return get_object_or_404(Agency, pk=agency_id) if agency_id else None
    return request.user.agency


@login_required
def import_template(request):
    _require_importer(request.user)
    agency_id = request.GET.get("agency")
    agency = _agency_for(request, agency_id if (agency_id or "").isdigit() else None)
    if agency is None:
        messages.error(request, _("Chọn cơ quan, đơn vị để tải tệp mẫu."))
        return redirect("partnerships:import_upload")
    data = officer_import.build_template(user=request.user, agency=agency)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = slugify(agency.short_name or agency.name) or "co-quan"
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-hoat-dong-{name}.xlsx"'
    return response


def _preview(request, *, agency, result, token=None, file_name=""):
    return render(
        request,
        "partnerships/import_preview.html",
        {"agency": agency, "result": result, "token": token, "file_name": file_name},
    )


@login_required
def import_upload(request):
    _require_importer(request.user)
    choose_agency = policy.is_coordinator_or_admin(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, choose_agency=choose_agency)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"] if choose_agency else request.user.agency
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            result = officer_import.check(data, user=request.user, agency=agency)
        except officer_import.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = None
            if result.ok:
                token = officer_import.store_pending(officer_import.keep(result, agency=agency))
                previous = request.session.get(SESSION_KEY)
                if previous:
                    officer_import.drop_pending(previous.get("token"))
                request.session[SESSION_KEY] = {"token": token, "agency": agency.pk, "name": upload.name,
                                                "rows": len(result.rows)}
            return _preview(request, agency=agency, result=result, token=token, file_name=upload.name)
    return render(
        request,
        "partnerships/import_upload.html",
        {
            "form": form,
            "choose_agency": choose_agency,
            "agencies": Agency.objects.filter(is_active=True) if choose_agency else None,
        },
    )


def _after_import_url() -> str:
    try:
        return reverse("partnerships:activity_list") + "?status=draft"
    except NoReverseMatch:
        return reverse("partnerships:import_upload")


def _confirm_in_background(request, pending, token):
    """A large file is written by a job (`partnerships.jobs.activity_import`): the same check and
    all-or-nothing write, with a progress bar and the result on the job's page.

    The previewed rows are claimed here as on the page (one confirm of a preview wins: a double
    click, two tabs) and kept again under the job's own token until the job's write commits, so
    a failed job can be retried. A later confirm of the same preview finds that job."""
    data = officer_import.claim_pending(token)
    if data is None:
        earlier = Job.objects.visible_to(request.user).filter(kind=IMPORT, params__preview=token).first()
        if earlier is not None:
            return redirect("jobs:detail", earlier.pk)
        messages.error(request, _("Phiên nhập đã hết hạn hoặc đã được xác nhận; hãy tải tệp lên lại."))
        return redirect("partnerships:import_upload")
    agency = _agency_for(request, pending.get("agency"))
    included = sorted({int(value) for value in request.POST.getlist("include") if value.isdigit()})
    name = pending.get("name", "")
    job = job_start(actor=request.user, kind=IMPORT,
                    params={"preview": token, "token": officer_import.store_pending(data), "agency": agency.pk,
                            "include": included, "name": name},
                    title=_("Nhập hoạt động từ %(name)s") % {"name": name or _("tệp Excel")})
    return redirect("jobs:detail", job.pk)


@login_required
def import_confirm(request):
    _require_importer(request.user)
    if request.method != "POST":
        return redirect("partnerships:import_upload")
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if token and token == pending.get("token") and pending.get("rows", 0) > settings.IMPORT_INLINE_MAX:
        return _confirm_in_background(request, pending, token)
    # Claimed, not just read: of two confirms of one preview (a double click, two tabs) only one
    # gets the file; the other writes nothing. A failed confirm means fixing and uploading again.
    data = officer_import.claim_pending(token) if token and token == pending.get("token") else None
    if data is None:
        messages.error(request, _("Phiên nhập đã hết hạn hoặc đã được xác nhận; hãy tải tệp lên lại."))
        return redirect("partnerships:import_upload")
    agency = _agency_for(request, pending.get("agency"))
    request.session.pop(SESSION_KEY, None)
    included = [int(value) for value in request.POST.getlist("include") if value.isdigit()]
    try:
        result = officer_import.recheck(data, user=request.user, agency=agency)
        if not result.ok:
            return _preview(request, agency=agency, result=result, file_name=pending.get("name", ""))
        created = officer_import.write(result, actor=request.user, include_doubles=included,
                                       file_name=pending.get("name", ""))
    except officer_import.ImportFileError as error:
        messages.error(request, str(error))
        return redirect("partnerships:import_upload")
    except officer_import.ImportRejected as rejected:
        result.errors = rejected.errors
        return _preview(request, agency=agency, result=result, file_name=pending.get("name", ""))
    skipped = len(result.rows) - len(created)
    if skipped:
        messages.info(request, ngettext("Đã bỏ qua %(count)s dòng trùng.", "Đã bỏ qua %(count)s dòng trùng.",
                                        skipped) % {"count": skipped})
    messages.success(
        request,
        _("Đã nhập %(count)s hoạt động ở trạng thái nháp. Kiểm tra lại rồi gửi duyệt.") % {"count": len(created)},
    )
    return redirect(_after_import_url())
