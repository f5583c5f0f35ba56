"""Notification e-mail, the digest and the reminders through a real worker, once on the database
task backend and once on RQ (`tasks_backend`, tests/task_backends.py): a blocking notice's
e-mail is queued on commit only and sent by the worker, a rolled-back event queues nothing, a
failed send is deferred and retried by the worker without touching the notice, and
`run_scheduled` queues the day's reminders and digest for the worker."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from notifications import services
from notifications.models import EmailState, Event, Notification, ReminderSchedule
from partnerships.models import Activity, ActivityStatus
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def returned(user):
    return services.notify(recipients=[user], event=Event.RETURNED, title="Hoạt động “Tặng bò” bị trả lại",
                           url="/hoat-dong/1/", body="Thiếu minh chứng")


@pytest.fixture
def officer_with_email(officer):
    officer.email = "officer@example.vn"
    officer.save()
    return officer


def test_a_blocking_notice_is_emailed_by_the_worker_after_commit(tasks_backend, officer_with_email,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        returned(officer_with_email)
    notice = Notification.objects.get()
    assert notice.email_state == EmailState.PENDING and mail.outbox == []  # queued, not sent in the request
    tasks_backend.run_worker()
    notice.refresh_from_db()
    assert notice.email_state == EmailState.SENT and notice.email_attempts == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@example.vn"]
    assert "Tặng bò" in mail.outbox[0].subject and "http://127.0.0.1:8000/hoat-dong/1/" in mail.outbox[0].body
    tasks_backend.run_worker()
    assert len(mail.outbox) == 1  # delivered once


def test_a_rolled_back_event_queues_nothing(tasks_backend, officer_with_email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                returned(officer_with_email)
                raise RuntimeError("the return failed")
    assert callbacks == [] and not Notification.objects.exists()
    tasks_backend.run_worker()
    assert mail.outbox == []


def test_a_failed_send_is_deferred_and_retried_by_the_worker(tasks_backend, officer_with_email, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    real_send = services.send_mail
    calls = []

    def down_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("SMTP down")
        return real_send(*args, **kwargs)

    monkeypatch.setattr("notifications.services.send_mail", down_once)
    with django_capture_on_commit_callbacks(execute=True):
        returned(officer_with_email)
    # The worker queues the retry on its own commit (the test's transaction stands in for it).
    with django_capture_on_commit_callbacks(execute=True):
        tasks_backend.run_worker()
    notice = Notification.objects.get()
    assert (notice.email_state, notice.email_attempts, len(calls)) == (EmailState.PENDING, 1, 1)
    assert notice.read_at is None and notice.title.startswith("Hoạt động")  # the notice itself untouched
    # Both backends defer: the retry waits its minute, the worker does not run it yet.
    tasks_backend.run_worker()
    assert len(calls) == 1
    assert tasks_backend.make_deferred_due() == 1
    tasks_backend.run_worker()
    notice.refresh_from_db()
    assert (notice.email_state, notice.email_attempts, len(calls)) == (EmailState.SENT, 2, 2)
    assert len(mail.outbox) == 1


def test_run_scheduled_queues_the_reminders_and_the_digest(tasks_backend, officer_with_email, partnership,
                                                           coordinator, django_capture_on_commit_callbacks):
    draft = ActivityFactory(partnership=partnership, status=ActivityStatus.DRAFT, title="Tặng giống lúa")
    Activity.objects.filter(pk=draft.pk).update(created_at=draft.created_at - timedelta(days=20))
    ReminderSchedule.objects.create(rule="stale_drafts", days=14, updated_by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduled")
    assert not Notification.objects.exists()  # queued for the worker, not run here
    tasks_backend.run_worker()
    notice = Notification.objects.get(recipient=officer_with_email)
    assert notice.event == Event.REMINDER and "Tặng giống lúa" in notice.title
    assert ReminderSchedule.objects.get().last_run_on == date.today()
    # The digest, queued after the reminders, took the reminder in the same worker pass.
    notice.refresh_from_db()
    assert notice.email_state == EmailState.SENT
    assert [m.to for m in mail.outbox] == [["officer@example.vn"]] and "Tặng giống lúa" in mail.outbox[0].body
    # The next day's run reminds nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduled")
    tasks_backend.run_worker()
    assert Notification.objects.filter(recipient=officer_with_email).count() == 1
