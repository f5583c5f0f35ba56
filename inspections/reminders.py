"""Reminders about recommendations: due within N days (their owners), overdue (owners and
coordinators, blocking: e-mailed at once). Each recommendation is reminded once per state."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override

from notifications.models import Event
from notifications.registry import reminder_rule
from notifications.services import notify

from . import selectors
from .models import Recommendation


def _url(recommendation) -> str:
    return reverse("inspections:detail", args=[recommendation.inspection_id]) + f"#kien-nghi-{recommendation.pk}"


@reminder_rule("recommendations_due", title=gettext_lazy("Kiến nghị sắp đến hạn, quá hạn"))
def recommendations_due(schedule, today) -> int:
    count = 0
    with override(settings.LANGUAGE_CODE):
        for rec in Recommendation.objects.due_within(schedule.days, today).select_related("owner_agency", "owner_unit"):
            count += len(notify(
                recipients=selectors.people_answering_for(rec), event=Event.RECOMMENDATION_DUE, url=_url(rec),
                title=_("Kiến nghị đến hạn ngày %(date)s: %(text)s") % {
                    "date": rec.deadline.strftime("%d/%m/%Y"), "text": rec.text[:80]},
                key=f"rec-due:{rec.pk}:{rec.deadline.isoformat()}",
            ))
        coordinators = list(selectors.coordinators())
        for rec in Recommendation.objects.overdue(today).select_related("owner_agency", "owner_unit"):
            count += len(notify(
                recipients=[*selectors.people_answering_for(rec), *coordinators], event=Event.RECOMMENDATION_OVERDUE,
                url=_url(rec),
                title=_("Kiến nghị quá hạn (hạn %(date)s) – %(owner)s: %(text)s") % {
                    "date": rec.deadline.strftime("%d/%m/%Y"), "owner": rec.owner_name, "text": rec.text[:80]},
                key=f"rec-overdue:{rec.pk}:{rec.deadline.isoformat()}",
            ))
    return count
