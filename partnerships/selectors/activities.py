"""Reads of activities shared by pages and exports."""



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


def last_return(activity) -> ActivityStatusChange | None:
    """The reviewer's latest "returned" move on a returned activity (comment, who, when): what the
    officer has to fix, shown above the edit form. None unless the activity is returned now."""
    if activity.status != ActivityStatus.RETURNED:
        return None
    return (
        activity.status_changes.filter(to_status=ActivityStatus.RETURNED)
        .select_related("actor").order_by("-created_at", "-pk").first()
    )


