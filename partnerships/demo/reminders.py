"""The demo's reminder schedules, as a coordinator would set them at /nhac-viec/: the quarterly
reporting deadline (the next four quarter ends), drafts not submitted after 14 days, and next
year's plan missing by 31 January. Set through the same service as the page, by the demo
coordinator; a rule that already has a schedule is left as it is (a coordinator may have changed
it), so a second run adds nothing."""

import datetime

from notifications.models import ReminderSchedule
from partnerships.services.reminders import reminder_schedule_save

DEADLINE_NOTICE_DAYS = 10  # officers are reminded from 10 days before a quarter's deadline
STALE_DRAFT_DAYS = 14
PLAN_NOTICE_DAYS = 30  # plans are asked for from a month before 31 January


def quarter_ends(today: datetime.date, count: int = 4) -> list[datetime.date]:
    """The last days of the next `count` quarters, the running one first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    ends = []
    for _step in range(count):
        month = quarter * 3
        next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(next_month - datetime.timedelta(days=1))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return ends


def plan_deadline(today: datetime.date) -> datetime.date:
    """31 January of the plan year still to come: this year's while January runs, else next year's."""
    this_year = datetime.date(today.year, 1, 31)
    return this_year if today <= this_year else datetime.date(today.year + 1, 1, 31)


def seed_reminders(*, actor, today: datetime.date) -> int:
    """Create the default schedules that do not exist yet. Returns how many were created."""
    wanted = {
        "report_deadline": [dict(days=DEADLINE_NOTICE_DAYS, deadline=end) for end in quarter_ends(today)],
        "stale_drafts": [dict(days=STALE_DRAFT_DAYS, deadline=None)],
        "plan_missing": [dict(days=PLAN_NOTICE_DAYS, deadline=plan_deadline(today))],
    }
    existing = set(ReminderSchedule.objects.filter(rule__in=wanted).values_list("rule", flat=True))
    created = 0
    for rule, schedules in wanted.items():
        if rule in existing:
            continue
        for schedule in schedules:
            reminder_schedule_save(actor=actor, rule=rule, is_active=True, **schedule)
            created += 1
    return created
