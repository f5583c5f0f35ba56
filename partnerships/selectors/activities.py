"""Reads of activities shared by pages and exports."""



from django.db.models import Count, Sum

from partnerships.models import (
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    money_total,
)


def scoped_activities(user):
    """Activities the user may see, with what list pages show, in a constant number of queries."""
    return (
        Activity.objects.visible_to(user)
        .select_related("partnership__agency", "partnership__unit", "category", "commune")
        .annotate(money_total=money_total())
    )


def list_totals(queryset) -> dict:
    """What a list shows: its count and money by source, in one aggregate over the same filtered
    rows (no per-row work), so a leader can match a dashboard figure with the rows behind it."""
    totals = queryset.order_by().aggregate(
        count=Count("pk"), money_state=Sum("budget_state"), money_society=Sum("budget_society"),
        money_in_kind=Sum("budget_in_kind"),
    )
    totals = {key: int(value or 0) for key, value in totals.items()}
    totals["money_total"] = totals["money_state"] + totals["money_society"] + totals["money_in_kind"]
    return totals


def last_return(activity) -> ActivityStatusChange | None:
    """The reviewer's latest "returned" move on a returned activity (comment, who, when): what the
    officer has to fix, shown above the edit form. None unless the activity is returned now."""
    if activity.status != ActivityStatus.RETURNED:
        return None
    return (
        activity.status_changes.filter(to_status=ActivityStatus.RETURNED)
        .select_related("actor").order_by("-created_at", "-pk").first()
    )


