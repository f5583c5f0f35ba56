"""The annual report's background jobs on both task backends: the page's buttons start the
workbook / narrative build and the finalise, a second click finds the same job, the page shows
the progress and then the download, errors read in Vietnamese and can be retried; the finalise
stays the service's (policy, one finalisation per year, the lock, the notice)."""

import io
from pathlib import Path
from urllib.parse import urlencode

import docx
import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from jobs import runner
from jobs.models import Job, JobStatus
from notifications.models import Event, Notification
from partnerships.models import LockedYear
from reports.models import FinalisedReport
from reports.services import finalise
from tests.reports.documents.test_annual import fixture_2024  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ANNUAL = reverse("reports:annual")
FINALISE = reverse("reports:annual_finalise")


def build_url(kind, **query):
    return f"{reverse('reports:annual_build', args=[kind])}?{urlencode(query)}"


def post(client, capture, url, data=None):
    with capture(execute=True):
        return client.post(url, data or {})


def final_files():
    root = Path(settings.MEDIA_ROOT) / "jobs"
    return [p for p in root.rglob("*") if p.is_file() and "tmp" not in p.parts] if root.exists() else []


def test_the_report_page_builds_both_files_in_the_background(
    tasks_backend, client, leader, fixture_2024, django_capture_on_commit_callbacks  # noqa: F811
):
    client.force_login(leader)
    response = post(client, django_capture_on_commit_callbacks, build_url("xlsx", year=2024))
    assert response.status_code == 302 and response["Location"] == f"{ANNUAL}?year=2024#report-files"
    # The double click: the same job, not a second copy.
    post(client, django_capture_on_commit_callbacks, build_url("xlsx", year=2024))
    post(client, django_capture_on_commit_callbacks, build_url("docx", year=2024))
    assert Job.objects.count() == 2
    page = client.get(ANNUAL, {"year": 2024}).content.decode()
    assert page.count("data-job-progress") == 2 and "js/jobs.js" in page
    assert "Đang chờ" in page and "bước" in page

    tasks_backend.run_worker()
    jobs = {job.params["format"]: job for job in Job.objects.all()}
    for job in jobs.values():
        assert job.status == JobStatus.DONE, job.error
        assert (job.done, job.total) == (2, 2)
    assert jobs["xlsx"].filename == "bao-cao-ket-nghia-2024.xlsx"
    state = client.get(reverse("jobs:status", args=[jobs["xlsx"].pk])).json()
    assert state["download_url"] and state["outcome"]["text"] == "Đã tạo tệp bao-cao-ket-nghia-2024.xlsx."
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(state["download_url"]).streaming_content)))
    assert book.sheetnames[0] == "Tổng hợp"
    narrative = docx.Document(jobs["docx"].file.path)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in "\n".join(
        cell.text for table in narrative.tables for row in table.rows for cell in row.cells)
    page = client.get(ANNUAL, {"year": 2024}).content.decode()
    assert reverse("jobs:download", args=[jobs["docx"].pk]) in page  # the download on the report page
    assert "Toàn tỉnh" in jobs["docx"].title and "(.docx)" in jobs["docx"].title


def test_a_district_and_a_review_period_are_their_own_jobs(
    tasks_backend, client, coordinator, fixture_2024, django_capture_on_commit_callbacks  # noqa: F811
):
    client.force_login(coordinator)
    post(client, django_capture_on_commit_callbacks, build_url("xlsx", year=2024, district="504"))
    post(client, django_capture_on_commit_callbacks, build_url("xlsx", year_from=2023, year_to=2024))
    tasks_backend.run_worker()
    names = sorted(Job.objects.values_list("filename", flat=True))
    assert names == ["bao-cao-ket-nghia-2023-2024.xlsx", "bao-cao-ket-nghia-2024-504.xlsx"]
    district = Job.objects.get(params__query__district="504")
    assert "Huyện Tây Giang" in district.title
    sheet = openpyxl.load_workbook(district.file.path)["Tổng hợp"]
    assert "TÂY GIANG" in " ".join(str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value).upper()


def test_who_may_build_and_bad_input(client, officer, focal_point, leader, django_capture_on_commit_callbacks):
    for outsider in (officer, focal_point):
        client.force_login(outsider)
        assert post(client, django_capture_on_commit_callbacks, build_url("xlsx", year=2024)).status_code == 403
        assert post(client, django_capture_on_commit_callbacks, FINALISE, {"year": 2024, "waiting_acknowledged": "1"}).status_code == 403
    client.force_login(leader)
    assert post(client, django_capture_on_commit_callbacks, FINALISE, {"year": 2024, "waiting_acknowledged": "1"}).status_code == 403
    assert post(client, django_capture_on_commit_callbacks, build_url("pdf", year=2024)).status_code == 404
    response = client.post(build_url("xlsx", year="hai nghìn"), follow=True)
    assert "Năm phải là một số" in response.content.decode()
    assert client.get(build_url("xlsx", year=2024)).status_code == 405  # a GET starts nothing
    assert not Job.objects.exists()


def test_a_failed_build_leaves_no_file_reads_vietnamese_and_is_retried(
    tasks_backend, client, leader, fixture_2024, monkeypatch, django_capture_on_commit_callbacks  # noqa: F811
):
    from reports.documents import xlsx

    real = xlsx.render_xlsx

    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx, "render_xlsx", broken)
    client.force_login(leader)
    post(client, django_capture_on_commit_callbacks, build_url("xlsx", year=2024))
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "Thử lại" in job.error and "disk" not in job.error
    assert not final_files() and not list(runner.tmp_dir().glob("*.part"))
    page = client.get(ANNUAL, {"year": 2024}).content.decode()
    assert "Thử lại" in page  # the error and the retry button on the report page

    monkeypatch.setattr(xlsx, "render_xlsx", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    openpyxl.load_workbook(job.file.path)


def test_a_reader_who_lost_the_role_gets_no_file(tasks_backend, client, leader, fixture_2024,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    client.force_login(leader)
    post(client, django_capture_on_commit_callbacks, build_url("docx", year=2024))
    leader.groups.clear()
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "lãnh đạo tỉnh" in job.error and not job.file


def test_finalise_runs_as_a_job_through_the_service(
    tasks_backend, client, coordinator, leader, fixture_2024, django_capture_on_commit_callbacks  # noqa: F811
):
    client.force_login(coordinator)
    response = post(client, django_capture_on_commit_callbacks, FINALISE, {"year": 2024, "waiting_acknowledged": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2024#finalisation")
    post(client, django_capture_on_commit_callbacks, FINALISE, {"year": 2024, "waiting_acknowledged": "1"})  # the double click
    assert Job.objects.count() == 1 and not LockedYear.objects.exists()
    page = client.get(ANNUAL, {"year": 2024}).content.decode()
    assert 'id="finalise-job"' in page and 'id="finalise-form"' not in page  # no second start while it runs

    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    stored = FinalisedReport.objects.get(year=2024)
    assert (stored.version, stored.finalised_by) == (1, coordinator) and LockedYear.objects.filter(year=2024).exists()
    assert Notification.objects.filter(recipient=leader, event=Event.REPORT_READY).exists()
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert "Đã chốt số liệu báo cáo năm 2024 (lần 1)" in state["outcome"]["text"]
    page = client.get(ANNUAL, {"year": 2024}).content.decode()
    assert stored.xlsx_sha256 in page and 'id="finalise-job"' not in page
    # The finalised year's buttons are the stored files, downloaded at once (no job).
    assert reverse("reports:annual_finalised_file", args=[stored.pk, "xlsx"]) in page
    response = post(client, django_capture_on_commit_callbacks, build_url("xlsx", year=2024))
    assert bytes(response.content) == bytes(stored.xlsx) and Job.objects.count() == 1

    # Finalising again (a second tab): the service refuses, the job shows its message as is.
    post(client, django_capture_on_commit_callbacks, FINALISE, {"year": 2024, "waiting_acknowledged": "1"})
    tasks_backend.run_worker()
    again = Job.objects.exclude(pk=job.pk).get()
    assert again.status == JobStatus.FAILED and again.error == "Năm 2024 đã được chốt số liệu."
    assert FinalisedReport.objects.count() == 1
    assert "Năm 2024 đã được chốt số liệu." in client.get(reverse("jobs:detail", args=[again.pk])).content.decode()


def test_a_finalise_that_fails_leaves_the_year_open(
    tasks_backend, client, coordinator, fixture_2024, monkeypatch, django_capture_on_commit_callbacks  # noqa: F811
):
    from reports.documents import annual

    def broken(**kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(annual, "build_files", broken)
    client.force_login(coordinator)
    post(client, django_capture_on_commit_callbacks, FINALISE, {"year": 2024, "waiting_acknowledged": "1"})
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "Thử lại" in job.error
    # All or nothing: no stored report, no lock, no settings frozen half-way.
    assert not FinalisedReport.objects.exists() and not LockedYear.objects.exists()
    assert finalise.current(2024) is None
    page = client.get(ANNUAL, {"year": 2024}).content.decode()
    assert 'id="finalise-job"' in page and 'id="finalise-form"' in page  # retry, or start anew
