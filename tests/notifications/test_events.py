"""Each event the issue lists makes a notice for the right people only, linking to the thing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Event, Notification, ReminderSchedule
from notifications.services import run_reminders
from partnerships import services
from partnerships.models import Activity, ActivityStatus, AnnualPlan
from partnerships.services.reminders import reminder_schedule_save
from partnerships.exceptions import DomainError, NotPermitted
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def notices(user, event=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(event=event) if event else rows)


@pytest.fixture
def draft(partnership, commune):
    return ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.DRAFT,
                           title="Tặng 20 con bò giống")


def test_the_workflow_tells_each_side(draft, officer, other_officer, coordinator, focal_point, leader):
    url = reverse("partnerships:activity_detail", args=[draft.pk])
    services.activity_submit(actor=officer, activity=draft)
    [submitted] = notices(coordinator, Event.SUBMITTED)
    assert submitted.url == url and "Tặng 20 con bò giống" in submitted.title
    assert notices(officer) == [] and notices(leader) == []

    services.activity_return(actor=coordinator, activity=draft, comment="Thiếu biên bản bàn giao")
    [returned] = notices(officer, Event.RETURNED)
    assert returned.body == "Thiếu biên bản bàn giao" and returned.is_blocking
    assert notices(other_officer) == []

    services.activity_submit(actor=officer, activity=draft)
    services.activity_approve(actor=coordinator, activity=draft)
    [to_confirm] = notices(focal_point, Event.TO_CONFIRM)
    assert to_confirm.url == url

    services.activity_flag_discrepancy(actor=focal_point, activity=draft, comment="Chỉ nhận 15 con")
    assert [n.body for n in notices(officer, Event.DISCREPANCY)] == ["Chỉ nhận 15 con"]
    assert len(notices(coordinator, Event.DISCREPANCY)) == 1
    assert notices(other_officer) == []


def test_a_refused_move_tells_nobody(draft, other_officer, coordinator):
    with pytest.raises(Exception):
        services.activity_submit(actor=other_officer, activity=draft)
    assert not Notification.objects.exists()


def test_stale_drafts_and_plan_missing_reminders(draft, officer, other_officer, coordinator, partnership, client):
    Activity.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=20))
    today = timezone.localdate()
    reminder_schedule_save(actor=coordinator, rule="stale_drafts", days=14)
    reminder_schedule_save(actor=coordinator, rule="plan_missing", days=30, deadline=date(today.year, 12, 31))
    with pytest.raises(NotPermitted):
        reminder_schedule_save(actor=officer, rule="stale_drafts", days=1)
    with pytest.raises(DomainError):
        reminder_schedule_save(actor=coordinator, rule="plan_missing", days=1)  # needs a deadline

    run_reminders(today=date(today.year, 12, 10))
    stale = notices(officer, Event.REMINDER)
    assert len(stale) == 1 and "Tặng 20 con bò giống" in stale[0].title
    plan = notices(officer, Event.PLAN_MISSING)
    assert len(plan) == 1 and plan[0].url == reverse("partnerships:plan_edit", args=[partnership.pk, today.year])
    assert len(notices(coordinator, Event.PLAN_MISSING)) == 1
    # other_officer's agency has no partnership in this test: nothing for them.
    assert notices(other_officer) == []

    # The next day: the same things are not reminded again.
    run_reminders(today=date(today.year, 12, 11))
    assert len(notices(officer)) == 2

    # Once the plan exists, nobody is told it is missing.
    AnnualPlan.objects.create(partnership=partnership, year=today.year)
    Notification.objects.all().delete()
    ReminderSchedule.objects.update(last_run_on=None)
    run_reminders(today=date(today.year, 12, 12))
    assert notices(officer, Event.PLAN_MISSING) == []

    client.force_login(coordinator)
    page = client.get(reverse("partnerships:reminder_list"))
    assert page.status_code == 200 and "Bản nháp chưa gửi sau N ngày" in page.content.decode()
    client.force_login(officer)
    assert client.get(reverse("partnerships:reminder_list")).status_code == 403


def test_report_deadline_reminds_within_the_window(officer, coordinator, partnership):
    reminder_schedule_save(actor=coordinator, rule="report_deadline", days=5, deadline=date(2025, 3, 31))
    run_reminders(today=date(2025, 3, 20))
    assert notices(officer) == []
    run_reminders(today=date(2025, 3, 27))
    [notice] = notices(officer)
    assert "31/03/2025" in notice.title
    run_reminders(today=date(2025, 3, 28))
    assert len(notices(officer)) == 1


def test_the_badge_counts_my_unread(draft, officer, coordinator, client):
    services.activity_submit(actor=officer, activity=draft)
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:activity_list")).content.decode()
    assert 'id="unread-badge"' in page and reverse("notifications:unread") in page
    assert client.get(reverse("notifications:unread")).json() == {"unread": 1, "label": "1 thông báo chưa đọc"}
    client.post(reverse("notifications:mark_all_read"))
    assert client.get(reverse("notifications:unread")).json()["unread"] == 0


def test_a_finalised_report_tells_leaders_and_coordinators(coordinator, leader, officer, partnership):
    from reports.services import finalise

    finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    for person in (coordinator, leader):
        [ready] = notices(person, Event.REPORT_READY)
        assert "2024" in ready.title and ready.url == reverse("reports:annual") + "?year=2024"
    assert notices(officer) == []
