"""Background jobs on both task backends: progress, the published file, errors in Vietnamese,
retry, a killed worker, a double click, scoping of “Tệp của tôi”, expiry."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from jobs import runner, services
from jobs.models import Job, JobStatus
from tests.factories import UserFactory
from tests.jobs import kinds  # noqa: F401  (registers the test job kinds)

pytestmark = pytest.mark.django_db


def start(user, capture, **params):
    with capture(execute=True):
        return services.job_start(actor=user, kind="tests.count_to", params=params)


def final_files():
    root = Path(settings.MEDIA_ROOT) / "jobs"
    return [p for p in root.rglob("*") if p.is_file() and "tmp" not in p.parts] if root.exists() else []


def parts():
    return list(runner.tmp_dir().glob("*.part"))


def test_job_runs_on_the_backend_and_publishes_its_file(tasks_backend, coordinator, django_capture_on_commit_callbacks):
    job = start(coordinator, django_capture_on_commit_callbacks, n=25)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_id
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total, job.percent, job.attempts) == (25, 25, 100, 1)
    assert job.result == {"counted": 25}
    assert job.filename == "dem-thu.txt"
    assert job.file.read().decode().split() == [str(n) for n in range(1, 26)]
    assert job.expires_at > timezone.now() + timedelta(seconds=settings.JOBS_FILE_TTL - 60)
    assert not parts()


def test_a_second_click_gives_the_same_job(tasks_backend, coordinator, django_capture_on_commit_callbacks):
    first = start(coordinator, django_capture_on_commit_callbacks, n=3)
    second = start(coordinator, django_capture_on_commit_callbacks, n=3)
    assert first.pk == second.pk
    assert Job.objects.count() == 1
    other_params = start(coordinator, django_capture_on_commit_callbacks, n=4)
    assert other_params.pk != first.pk
    tasks_backend.run_worker()
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    # Finished: the next click is a new job.
    assert start(coordinator, django_capture_on_commit_callbacks, n=3).pk != first.pk


def test_a_failed_job_leaves_no_file_shows_vietnamese_and_can_be_retried(
    tasks_backend, coordinator, client, django_capture_on_commit_callbacks
):
    job = start(coordinator, django_capture_on_commit_callbacks, n=10, fail_at=5)
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Thử lại" in job.error and "boom" not in job.error
    assert not final_files() and not parts()
    client.force_login(coordinator)
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert state["status"] == "failed" and state["may_retry"] and not state["download_url"]

    # The cause is fixed (here: the parameter that made it fail), the user presses "Thử lại".
    Job.objects.filter(pk=job.pk).update(params={"n": 10})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.error == ""


def test_a_rule_message_is_shown_as_is(tasks_backend, coordinator, django_capture_on_commit_callbacks):
    job = start(coordinator, django_capture_on_commit_callbacks, n=2, refuse="Năm 2024 đã khóa số liệu.")
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.error == "Năm 2024 đã khóa số liệu."


def test_a_killed_worker_leaves_no_file_and_the_job_can_be_retried(
    tasks_backend, coordinator, client, settings, django_capture_on_commit_callbacks
):
    job = start(coordinator, django_capture_on_commit_callbacks, n=10, die_at=6)
    # A kill gives the job no chance to clean up: run it directly so the exit is not caught.
    with pytest.raises(SystemExit):
        runner.execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # nobody recorded the end
    assert not final_files()
    # Until the heartbeat is old, the job still looks alive and a click finds it.
    assert start(coordinator, django_capture_on_commit_callbacks, n=10, die_at=6).pk == job.pk
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=settings.JOBS_STALLED_AFTER + 1))
    client.force_login(coordinator)
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert state["status"] == "failed" and state["may_retry"] and "ngắt" in state["error"]

    Job.objects.filter(pk=job.pk).update(params={"n": 10})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    tasks_backend.run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and len(job.file.read().split()) == 10
    services.job_prune()
    assert not parts()


def test_progress_is_polled_as_json(coordinator, client):
    job = Job.objects.create(owner=coordinator, kind="tests.count_to", title="Đếm thử", dedupe_key="k",
                             status=JobStatus.RUNNING, total=200, done=50, heartbeat_at=timezone.now())
    client.force_login(coordinator)
    state = json.loads(client.get(reverse("jobs:status", args=[job.pk])).content)
    assert (state["done"], state["total"], state["percent"], state["finished"]) == (50, 200, 25, False)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    assert reverse("jobs:status", args=[job.pk]) in page.content.decode()


def test_my_files_are_mine_only_and_expire(coordinator, client, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": [settings.JOBS_QUEUE]}}
    mine = start(coordinator, django_capture_on_commit_callbacks, n=2)
    mine.refresh_from_db()
    assert mine.status == JobStatus.DONE
    someone = UserFactory(username="someone")
    client.force_login(someone)
    for name in ("detail", "status", "download", "retry"):
        method = client.post if name == "retry" else client.get
        assert method(reverse(f"jobs:{name}", args=[mine.pk])).status_code == 404, name
    assert mine.title not in client.get(reverse("jobs:list")).content.decode()

    client.force_login(coordinator)
    assert mine.title in client.get(reverse("jobs:list")).content.decode()
    response = client.get(reverse("jobs:download", args=[mine.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"1\n2\n"

    Job.objects.filter(pk=mine.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("jobs:download", args=[mine.pk])).status_code == 404
    assert services.job_prune() == 1
    assert not Job.objects.exists() and not final_files()


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("jobs:list")).status_code == 302
