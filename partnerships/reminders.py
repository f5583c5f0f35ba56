"""Reminder rules over the partnerships' data, run once a day per schedule the coordinator set
(`notifications.services.run_reminders`). Each notice has a key, so a thing is reminded once per
schedule (drafts, plans) or once per deadline (the reporting deadline)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override

from notifications.models import Event
from notifications.registry import reminder_rule
from notifications.services import notify
from partnerships.models import Activity, ActivityStatus, Partnership, PartnershipStatus
from partnerships.services.notices import coordinators, officers_of


@reminder_rule("stale_drafts", title=gettext_lazy("Bản nháp chưa gửi sau N ngày"))
def stale_drafts(schedule, today) -> int:
    """Drafts created more than `days` days ago and still not submitted: their agency's officers."""
    cutoff = today - timedelta(days=schedule.days)
    drafts = Activity.objects.filter(status=ActivityStatus.DRAFT, created_at__date__lte=cutoff).select_related(
        "partnership")
    count = 0
    with override(settings.LANGUAGE_CODE):
        for activity in drafts.iterator():
            count += len(notify(
                recipients=officers_of(activity.partnership.agency_id), event=Event.REMINDER,
                url=reverse("partnerships:activity_detail", args=[activity.pk]),
                title=_("Bản nháp chưa gửi duyệt sau %(days)s ngày: %(title)s") % {
                    "days": schedule.days, "title": activity.title},
                key=f"stale-draft:{schedule.pk}:{activity.pk}",
            ))
    return count


@reminder_rule("report_deadline", title=gettext_lazy("Hạn báo cáo (nhắc trước N ngày)"), needs_deadline=True)
def report_deadline(schedule, today) -> int:
    """From `days` days before the deadline until it: every officer of an active partnership."""
    if not schedule.deadline or not (schedule.deadline - timedelta(days=schedule.days) <= today <= schedule.deadline):
        return 0
    agencies = Partnership.objects.filter(status=PartnershipStatus.ACTIVE).values_list("agency_id", flat=True).distinct()
    people = [user for agency_id in agencies for user in officers_of(agency_id)]
    with override(settings.LANGUAGE_CODE):
        return len(notify(
            recipients=people, event=Event.REMINDER, url=reverse("partnerships:activity_list"),
            title=_("Hạn báo cáo kết quả kết nghĩa: %(date)s") % {"date": schedule.deadline.strftime("%d/%m/%Y")},
            body=_("Xin cập nhật và gửi duyệt các hoạt động đã thực hiện trước hạn."),
            key=f"deadline:{schedule.pk}:{schedule.deadline.isoformat()}",
        ))


@reminder_rule("plan_missing", title=gettext_lazy("Chưa có kế hoạch năm (từ N ngày trước hạn)"), needs_deadline=True)
def plan_missing(schedule, today) -> int:
    """Active partnerships without a plan for the deadline's year, from `days` days before it:
    the agency's officers, and the coordinators once with the count."""
    if not schedule.deadline or today < schedule.deadline - timedelta(days=schedule.days):
        return 0
    year = schedule.deadline.year
    missing = Partnership.objects.filter(status=PartnershipStatus.ACTIVE).exclude(plans__year=year).select_related(
        "agency", "unit")
    count = 0
    with override(settings.LANGUAGE_CODE):
        for partnership in missing:
            count += len(notify(
                recipients=officers_of(partnership.agency_id), event=Event.PLAN_MISSING,
                url=reverse("partnerships:plan_edit", args=[partnership.pk, year]),
                title=_("Chưa có kế hoạch năm %(year)s: %(partnership)s (hạn %(date)s)") % {
                    "year": year, "partnership": partnership, "date": schedule.deadline.strftime("%d/%m/%Y")},
                key=f"plan-missing:{partnership.pk}:{year}",
            ))
        if missing:
            count += len(notify(
                recipients=coordinators(), event=Event.PLAN_MISSING,
                url=f"{reverse('partnerships:plan_list')}?year={year}",
                title=_("%(count)s quan hệ kết nghĩa chưa có kế hoạch năm %(year)s") % {
                    "count": len(missing), "year": year},
                key=f"plan-missing:all:{year}:{today.isoformat()}",
            ))
    return count
