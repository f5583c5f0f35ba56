"""The inbox and e-mail: notices are the recipient's only, read/unread, e-mail only after commit,
blocking events at once and the rest in the digest, a failed send retried without losing the
notice, opt-out, reminders once a day."""

from datetime import date

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications import services
from notifications.models import EmailState, Event, Notification, ReminderSchedule
from notifications.registry import reminder_rule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": [settings.JOBS_QUEUE]}}


def notify(user, event=Event.RETURNED, **extra):
    return services.notify(recipients=[user], event=event, title="Hoạt động “Tặng bò” bị trả lại",
                           url="/hoat-dong/1/", body="Thiếu minh chứng", **extra)


def test_a_blocking_event_is_emailed_after_commit_only(officer, immediate_tasks, django_capture_on_commit_callbacks):
    officer.email = "officer@example.vn"
    officer.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(officer)
    assert len(mail.outbox) == 0  # inside the transaction: nothing sent yet
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.vn"] and "Tặng bò" in message.subject
    assert "http://127.0.0.1:8000/hoat-dong/1/" in message.body
    assert Notification.objects.get().email_state == EmailState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing_and_leaves_no_notice(immediate_tasks):
    from partnerships.reference import ensure_reference_data  # noqa: F401  (roles for factories)

    user = UserFactory(username="o2", email="o2@example.vn")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(user)
            raise RuntimeError("the submission failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []
    notify(user)  # autocommit: committed at once, so sent at once
    assert len(mail.outbox) == 1


def test_a_failed_send_keeps_the_notice_and_is_retried(officer, immediate_tasks, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    officer.email = "officer@example.vn"
    officer.save()
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("SMTP down")
        return 1

    monkeypatch.setattr("notifications.services.send_mail", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        notify(officer)
    notice = Notification.objects.get()
    assert len(calls) == 2  # retried (the immediate backend cannot defer, so at once)
    assert notice.email_state == EmailState.SENT and notice.email_attempts == 2


def test_after_the_retries_the_digest_takes_it(officer, immediate_tasks, monkeypatch, django_capture_on_commit_callbacks):
    officer.email = "officer@example.vn"
    officer.save()
    monkeypatch.setattr("notifications.services.send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    with django_capture_on_commit_callbacks(execute=True):
        notify(officer)
    notice = Notification.objects.get()
    assert notice.email_state == EmailState.PENDING and notice.email_attempts == services.MAX_IMMEDIATE_ATTEMPTS
    monkeypatch.undo()
    assert services.send_digests() == 1
    assert Notification.objects.get().email_state == EmailState.SENT


def test_non_blocking_events_wait_for_the_daily_digest(officer, coordinator, immediate_tasks,
                                                      django_capture_on_commit_callbacks):
    coordinator.email = "coordinator@example.vn"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        for number in (1, 2):
            services.notify(recipients=[coordinator], event=Event.SUBMITTED, title=f"Hoạt động {number} chờ duyệt",
                            url=f"/hoat-dong/{number}/")
    assert mail.outbox == []
    assert services.send_digests() == 1
    assert len(mail.outbox) == 1 and "2 việc" in mail.outbox[0].subject
    assert "Hoạt động 1 chờ duyệt" in mail.outbox[0].body and "Hoạt động 2 chờ duyệt" in mail.outbox[0].body
    assert services.send_digests() == 0  # nothing twice


def test_opt_out_stops_email_but_not_the_notice(officer, client, immediate_tasks, django_capture_on_commit_callbacks):
    officer.email = "officer@example.vn"
    officer.save()
    client.force_login(officer)
    client.post(reverse("notifications:email_preference"), {"email_enabled": "0"})
    with django_capture_on_commit_callbacks(execute=True):
        notify(officer)
    assert mail.outbox == [] and Notification.objects.get().email_state == EmailState.NONE
    assert services.send_digests() == 0


def test_inbox_badge_open_and_mark_all_read(officer, other_officer, client):
    first, = notify(officer)
    notify(officer, event=Event.TO_CONFIRM)
    notify(other_officer)
    client.force_login(officer)
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    assert client.get(reverse("notifications:unread")).json()["unread"] == 2
    assert len(page.context["notices"]) == 2

    # Another person's notice: 404, and stays unread.
    theirs = Notification.objects.get(recipient=other_officer)
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None

    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/hoat-dong/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(reverse("notifications:open", args=[first.pk])).status_code == 405  # GET never writes

    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_officer, read_at__isnull=True).count() == 1


def test_a_key_notifies_once(officer):
    assert len(notify(officer, key="plan-missing:1:2025")) == 1
    assert notify(officer, key="plan-missing:1:2025") == []
    assert Notification.objects.count() == 1


calls = []


@reminder_rule("tests.ping", title="Nhắc thử")
def ping(schedule, today):
    calls.append((schedule.pk, today))
    return 1


def test_reminders_run_once_a_day_while_active():
    calls.clear()
    schedule = ReminderSchedule.objects.create(rule="tests.ping", days=3)
    ReminderSchedule.objects.create(rule="tests.ping", is_active=False)
    assert services.run_reminders(today=date(2025, 3, 10)) == {schedule.pk: 1}
    assert services.run_reminders(today=date(2025, 3, 10)) == {}
    assert services.run_reminders(today=date(2025, 3, 11)) == {schedule.pk: 1}
    assert calls == [(schedule.pk, date(2025, 3, 10)), (schedule.pk, date(2025, 3, 11))]
