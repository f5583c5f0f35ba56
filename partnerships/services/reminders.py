"""The coordinator's reminder schedules (the rules are in `partnerships/reminders.py`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import ReminderSchedule
from notifications.registry import rules
from partnerships.access.policy import is_coordinator_or_admin
from partnerships.exceptions import DomainError, NotPermitted


@transaction.atomic
def reminder_schedule_save(*, actor, schedule: ReminderSchedule | None = None, rule: str, days: int,
                           deadline=None, is_active: bool = True) -> ReminderSchedule:
    if not is_coordinator_or_admin(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh đặt lịch nhắc việc."))
    known = rules()
    if rule not in known:
        raise DomainError(_("Loại nhắc việc không hợp lệ."))
    if known[rule].needs_deadline and not deadline:
        raise DomainError(_("Loại nhắc việc này cần một ngày hạn."))
    schedule = schedule or ReminderSchedule()
    schedule.rule, schedule.days, schedule.deadline, schedule.is_active = rule, days, deadline, is_active
    schedule.updated_by = actor
    # A changed schedule may fire again today.
    schedule.last_run_on = None
    schedule.full_clean()
    schedule.save()
    return schedule
