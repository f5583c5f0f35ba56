"""“Tệp của tôi”: a person's own jobs, their progress (polled as JSON), the download, retry."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import Job, JobStatus
from .registry import find_kind


def _own_job(request, pk) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def job_state(job: Job) -> dict:
    """What the progress bar shows; the same dict renders the page and answers the poll."""
    stalled = job.is_stalled()
    kind = find_kind(job.kind)
    outcome = kind.outcome(job.result or {}) if kind and kind.outcome and job.status == JobStatus.DONE else None
    return {
        "id": str(job.pk),
        "status": JobStatus.FAILED.value if stalled else job.status,
        "status_label": str(JobStatus.FAILED.label if stalled else job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": (
            _("Tiến trình xử lý bị ngắt giữa chừng; chưa có tệp nào được tạo. Hãy bấm “Thử lại”.")
            if stalled else job.error
        ),
        "download_url": reverse("jobs:download", args=[job.pk]) if job.has_file else "",
        "may_retry": job.may_retry,
        "expired": job.is_expired(),
        "finished": job.status in (JobStatus.DONE, JobStatus.FAILED) or stalled,
        "unit": str(kind.unit if kind else _("dòng")),
        "outcome": {key: str(value) for key, value in outcome.items()} if outcome else None,
    }


@login_required
def job_list(request):
    now = timezone.now()
    jobs = list(Job.objects.visible_to(request.user).exclude(expires_at__lte=now)[:100])
    for job in jobs:
        job.state = job_state(job)
    ttl_days = max(1, round(settings.JOBS_FILE_TTL / 86400))
    return render(request, "jobs/job_list.html", {"jobs": jobs, "ttl_days": ttl_days})


@login_required
def job_detail(request, pk):
    job = _own_job(request, pk)
    return render(request, "jobs/job_detail.html", {"job": job, "state": job_state(job)})


@login_required
def job_status(request, pk):
    return JsonResponse(job_state(_own_job(request, pk)))


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if not job.has_file:
        raise Http404(_("Tệp không còn (đã hết hạn hoặc chưa tạo xong)."))
    try:
        stream = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Tệp không còn trên máy chủ.")) from error
    return FileResponse(stream, as_attachment=True, filename=job.filename)


@login_required
@require_POST
def job_retry(request, pk):
    job = _own_job(request, pk)
    try:
        job = services.job_retry(actor=request.user, job=job)
    except services.JobNotRetryable as error:
        messages.warning(request, error.message)
    else:
        messages.info(request, _("Đã chạy lại tác vụ “%(title)s”.") % {"title": job.title})
    return redirect("jobs:detail", job.pk)
