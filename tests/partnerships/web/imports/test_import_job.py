"""A large officers' import, after its preview, as a background job on both task backends: the
same check and all-or-nothing write as the page, one job per preview whatever the clicks, the
result on the job's page, a failure that writes nothing and can be retried, and a worker that
dies after the write's commit never writing twice."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import runner
from jobs.models import Job, JobStatus
from partnerships.io import officer_import
from partnerships.models import Activity, ActivityStatus, PartnershipStatus
from tests.partnerships.web.imports.test_officer_import import filled, good_row, template_for, url

pytestmark = pytest.mark.django_db

ROWS = 4


@pytest.fixture
def large(settings, client, officer, partnership, commune, other_partnership):
    """A preview of ROWS rows with IMPORT_INLINE_MAX below it: the confirm goes to the background."""
    settings.IMPORT_INLINE_MAX = ROWS - 1
    client.force_login(officer)
    rows = [good_row(partnership, commune, **{"Tên hoạt động (*)": f"Tập huấn kỹ thuật đợt {n}"}) for n in range(ROWS)]
    preview = client.post(url("import_upload"), {"file": filled(template_for(client), rows)})
    assert preview.context["result"].ok and not Activity.objects.exists()
    return preview.context["token"]


def confirm(client, capture, token, **data):
    with capture(execute=True):
        return client.post(url("import_confirm"), {"token": token, **data})


def test_a_large_import_runs_as_a_job_and_shows_its_result(tasks_backend, client, officer, large,
                                                           django_capture_on_commit_callbacks):
    response = confirm(client, django_capture_on_commit_callbacks, large)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.title == "Nhập hoạt động từ hoat-dong.xlsx"
    assert not Activity.objects.exists()  # nothing in the request
    # The second click (or the back button and confirm again): the same job, nothing more.
    again = confirm(client, django_capture_on_commit_callbacks, large)
    assert again["Location"] == response["Location"] and Job.objects.count() == 1

    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total) == (ROWS, ROWS) and job.result["created"] == ROWS
    activities = Activity.objects.all()
    assert activities.count() == ROWS
    assert {(a.status, a.created_by) for a in activities} == {(ActivityStatus.DRAFT, officer)}
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert state["outcome"]["text"].startswith(f"Đã nhập {ROWS} hoạt động ở trạng thái nháp")
    assert state["outcome"]["url"] == reverse("partnerships:activity_list") + "?status=draft"
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Đã nhập 4 hoạt động" in page and "4 / 4" in page.replace("</span>", "").replace(
        '<span data-job-done>', "").replace('<span data-job-total>', "")
    assert officer_import.load_pending(job.params["token"]) is None  # the kept copy is gone
    confirm(client, django_capture_on_commit_callbacks, large)
    assert Activity.objects.count() == ROWS and Job.objects.count() == 1


def test_ticked_doubles_are_written_and_the_others_skipped(tasks_backend, client, settings, officer, partnership,
                                                           commune, django_capture_on_commit_callbacks):
    settings.IMPORT_INLINE_MAX = 1
    client.force_login(officer)
    rows = [good_row(partnership, commune)] * 3  # rows 3 and 4 repeat row 2
    preview = client.post(url("import_upload"), {"file": filled(template_for(client), rows)})
    assert [row.row for row in preview.context["result"].doubles] == [3, 4]
    confirm(client, django_capture_on_commit_callbacks, preview.context["token"], include=["4"])
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.result == {"created": 2, "skipped": 1, "name": "hoat-dong.xlsx"}
    assert "Đã bỏ qua 1 dòng trùng." in client.get(reverse("jobs:status", args=[job.pk])).json()["outcome"]["text"]
    assert Activity.objects.count() == 2


def test_a_refused_write_stores_nothing_names_the_rows_and_can_be_retried(
    tasks_backend, client, officer, partnership, large, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks, large)
    # Between the preview and the job, the partnership ends: every row is refused.
    partnership.status, partnership.ended_on = PartnershipStatus.ENDED, datetime.date(2025, 6, 1)
    partnership.save()
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Chưa ghi dòng nào.") and "dòng 2 (Địa phương kết nghĩa (*))" in job.error
    assert not Activity.objects.exists()
    assert officer_import.load_pending(job.params["token"]) is not None  # kept for the retry

    partnership.status, partnership.ended_on = PartnershipStatus.ACTIVE, None
    partnership.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and Activity.objects.count() == ROWS


def test_a_failure_inside_the_write_rolls_every_row_back(tasks_backend, client, large, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    from partnerships import services

    calls = {"n": 0}
    original_import = services.activities_import

    def fails_halfway(**kwargs):
        original_import(**kwargs)  # every row written inside the transaction...
        calls["n"] += 1
        raise RuntimeError("database went away")  # ...then the write fails before its commit

    monkeypatch.setattr(services, "activities_import", fails_halfway)
    confirm(client, django_capture_on_commit_callbacks, large)
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert calls["n"] == 1 and job.status == JobStatus.FAILED and "Thử lại" in job.error
    assert not Activity.objects.exists() and job.result == {}


def test_a_worker_killed_after_the_commit_never_writes_twice(tasks_backend, client, large, monkeypatch, settings,
                                                             django_capture_on_commit_callbacks):
    confirm(client, django_capture_on_commit_callbacks, large)
    job = Job.objects.get()

    def killed(token):
        raise SystemExit("worker killed")  # after the write committed, before the job's end

    with monkeypatch.context() as patch, pytest.raises(SystemExit):
        patch.setattr(officer_import, "drop_pending", killed)
        runner.execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and Activity.objects.count() == ROWS
    assert job.result["created"] == ROWS  # committed with the rows

    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=settings.JOBS_STALLED_AFTER + 1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert Activity.objects.count() == ROWS  # the retry found the result and wrote nothing
    assert officer_import.load_pending(job.params["token"]) is None


def test_an_officer_moved_to_another_agency_imports_nothing(tasks_backend, client, officer, other_agency, large,
                                                            django_capture_on_commit_callbacks):
    confirm(client, django_capture_on_commit_callbacks, large)
    officer.agency = other_agency
    officer.save()
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.error == "Bạn không được nhập hoạt động cho cơ quan, đơn vị này."
    assert not Activity.objects.exists()


def test_a_small_file_is_still_written_in_the_request(client, officer, partnership, commune):
    client.force_login(officer)
    preview = client.post(url("import_upload"), {"file": filled(template_for(client), [good_row(partnership, commune)])})
    response = client.post(url("import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 302 and Activity.objects.count() == 1 and not Job.objects.exists()
