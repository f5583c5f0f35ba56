"""The recommendations reminder at its dates: nothing before the window, "due" to the owner's
officers within N days of the deadline (digest), "overdue" from the day after it to the owner's
officers and the coordinators (e-mailed at once, after commit), each once, none once done."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from inspections import services
from notifications.models import EmailState, Event, Notification, ReminderSchedule
from notifications.services import run_reminders
from tests.inspections.test_inspections import plan, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(coordinator, agency, officer, other_officer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": [settings.JOBS_QUEUE]}}
    officer.email, coordinator.email, other_officer.email = "o@example.vn", "c@example.vn", "x@example.vn"
    for user in (officer, coordinator, other_officer):
        user.save()
    today = timezone.localdate()
    inspection = record(coordinator, plan(coordinator, agency=agency), recommendations=[
        {"text": "Bổ sung hồ sơ minh chứng", "owner_agency": agency, "deadline": today + timedelta(days=10)}])
    ReminderSchedule.objects.create(rule="recommendations_due", days=7, updated_by=coordinator)
    Notification.objects.all().delete()  # the "new recommendation" notice is tested elsewhere
    mail.outbox.clear()
    return inspection.recommendations.get()


def run_on(day, capture):
    ReminderSchedule.objects.update(last_run_on=None)  # a new day for the schedule
    with capture(execute=True):
        return run_reminders(today=day)


def notices(event):
    return sorted(Notification.objects.filter(event=event).values_list("recipient__username", flat=True))


def test_recommendations_are_reminded_at_their_dates(recommendation, officer, other_officer, coordinator,
                                                     django_capture_on_commit_callbacks):
    deadline = recommendation.deadline
    run_on(deadline - timedelta(days=8), django_capture_on_commit_callbacks)
    assert not Notification.objects.exists()  # before the window: nothing

    run_on(deadline - timedelta(days=7), django_capture_on_commit_callbacks)
    assert notices(Event.RECOMMENDATION_DUE) == [officer.username]  # the owner's officers only
    due = Notification.objects.get(event=Event.RECOMMENDATION_DUE)
    assert deadline.strftime("%d/%m/%Y") in due.title and due.email_state == EmailState.PENDING
    assert mail.outbox == []  # "due" waits for the digest
    run_on(deadline, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(event=Event.RECOMMENDATION_DUE).count() == 1  # once

    run_on(deadline + timedelta(days=1), django_capture_on_commit_callbacks)
    assert notices(Event.RECOMMENDATION_OVERDUE) == sorted([officer.username, coordinator.username])
    assert sorted(m.to[0] for m in mail.outbox) == ["c@example.vn", "o@example.vn"]  # blocking: at once
    assert other_officer.email not in [m.to[0] for m in mail.outbox]
    run_on(deadline + timedelta(days=5), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(event=Event.RECOMMENDATION_OVERDUE).count() == 2


def test_a_done_recommendation_is_not_reminded(recommendation, officer, django_capture_on_commit_callbacks):
    services.recommendation_report(actor=officer, recommendation=recommendation, note="Đã bổ sung", done=True)
    Notification.objects.all().delete()
    run_on(recommendation.deadline - timedelta(days=3), django_capture_on_commit_callbacks)
    run_on(recommendation.deadline + timedelta(days=3), django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(
        event__in=[Event.RECOMMENDATION_DUE, Event.RECOMMENDATION_OVERDUE]).exists()
