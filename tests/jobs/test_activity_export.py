"""The activity list's export as a background job, on both task backends: the filtered, scoped
list with progress rows done / total, a double click making one job, a long list never built in
the request."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, JobStatus
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

START = reverse("partnerships:activity_export_start")


@pytest.fixture
def rows(partnership, other_partnership):
    mine = [ActivityFactory(partnership=partnership, title=f"Hỗ trợ số {n}") for n in range(7)]
    ActivityFactory(partnership=partnership, title="=HYPERLINK(\"x\")")
    ActivityFactory(partnership=other_partnership, title="Kéo điện về thôn")
    return mine


def test_the_list_exports_in_the_background(tasks_backend, client, officer, rows, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"query": "q=h%E1%BB%97+tr%E1%BB%A3"})  # q=hỗ trợ
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    # The second click while it waits: the same job.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(START, {"query": "q=h%E1%BB%97+tr%E1%BB%A3"})
    assert again["Location"] == response["Location"] and Job.objects.count() == 1

    tasks_backend.run_worker()
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert state["status"] == "done" and (state["done"], state["total"]) == (7, 7), state
    download = client.get(state["download_url"])
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    titles = [row[3] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(a.title for a in rows)  # filtered and scoped as the page is


def test_the_whole_scope_without_filters_and_formula_safety(tasks_backend, client, coordinator, rows,
                                                            django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, {"query": ""})
    tasks_backend.run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.total == 9
    workbook = load_workbook(job.file.path)
    titles = [row[3] for row in workbook.active.iter_rows(min_row=2)]
    assert "=HYPERLINK(\"x\")" in [cell.value for cell in titles]  # shown as typed, a string cell
    assert all(cell.data_type == "s" for cell in titles)


def test_a_long_list_is_never_built_in_the_request(client, coordinator, rows, settings):
    settings.EXPORT_INLINE_MAX = 5
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:activity_export"), {"year": ""})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Tạo tệp Excel" in response.content.decode()
    assert not Job.objects.exists()  # a GET starts nothing
    assert client.get(START).status_code == 405


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the abandoned workbook
def test_a_worker_killed_mid_export_leaves_no_file_and_the_export_is_retried(
    tasks_backend, client, coordinator, rows, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta
    from pathlib import Path

    from django.utils import timezone

    from jobs import runner

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, {"query": ""})
    job = Job.objects.get()
    advance = runner.JobRun.advance

    def killed_after_three(self, count=1):
        if self.job.done == 3:
            raise SystemExit("worker killed")  # no handler of the job runs, as with SIGKILL
        advance(self, count)

    with monkeypatch.context() as patch, pytest.raises(SystemExit):
        patch.setattr(runner, "PROGRESS_EVERY", 0)
        patch.setattr(runner.JobRun, "advance", killed_after_three)
        runner.execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.file  # nobody recorded the end
    assert not (Path(settings.MEDIA_ROOT) / "jobs" / str(coordinator.pk) / str(job.pk)).exists()  # nothing published
    assert client.get(reverse("jobs:status", args=[job.pk])).json()["download_url"] == ""
    # A click while it still looks alive finds it; once silent too long, it shows as failed.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(START, {"query": ""})["Location"] == reverse("jobs:detail", args=[job.pk])
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=settings.JOBS_STALLED_AFTER + 1))
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert state["status"] == "failed" and state["may_retry"] and "ngắt" in state["error"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.total == 9
    workbook = load_workbook(job.file.path)
    assert workbook.active.max_row == 10  # the header and every row, from the start again


def test_an_export_stopped_midway_gives_its_sheet_up_cleanly(coordinator, rows, monkeypatch):
    import gc
    import sys

    from partnerships.io.export import activities_workbook
    from partnerships.jobs import filtered_activities

    raised = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    seen = []

    def stop_at_the_third():
        seen.append(1)
        if len(seen) == 3:
            raise SystemExit("worker stopped")

    with pytest.raises(SystemExit):
        activities_workbook(filtered_activities(coordinator, ""), on_row=stop_at_the_third)
    gc.collect()
    assert not raised  # lxml's "not in an element" from an abandoned writer, before
