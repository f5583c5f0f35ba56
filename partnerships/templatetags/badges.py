"""An activity's status and the commune's confirmation as the badges every page shows them:
`{% status_badge activity.status activity.get_status_display %}`, `{% confirmation_badge
activity.confirmation_status activity.get_confirmation_status_display %}`.

Tags rather than included templates: the activity list draws two a row, and an include costs
about as much as the rest of its row (50 rows: ≈ 3 ms of a cold list; docs/performance.md)."""

from django import template
from django.utils.html import format_html

from partnerships.models import ActivityStatus, ConfirmationStatus

register = template.Library()

STATUS_CLASSES = {
    ActivityStatus.DRAFT: "text-bg-secondary",
    ActivityStatus.SUBMITTED: "text-bg-warning",
    ActivityStatus.RETURNED: "text-bg-danger",
    ActivityStatus.APPROVED: "text-bg-success",
}
# (class, Bootstrap icon) per confirmation; pending and anything else: a light badge without icon.
CONFIRMATION_LOOKS = {
    ConfirmationStatus.CONFIRMED: ("text-bg-success", "bi-check2-circle"),
    ConfirmationStatus.DISPUTED: ("text-bg-danger", "bi-exclamation-triangle"),
}


@register.simple_tag
def status_badge(status, label):
    return format_html('<span class="badge {}">{}</span>', STATUS_CLASSES.get(status, "text-bg-light"), label)


@register.simple_tag
def confirmation_badge(status, label):
    if status in CONFIRMATION_LOOKS:
        css, icon = CONFIRMATION_LOOKS[status]
        return format_html('<span class="badge {}"><i class="bi {}" aria-hidden="true"></i> {}</span>', css, icon, label)
    return format_html('<span class="badge text-bg-light border">{}</span>', label)
