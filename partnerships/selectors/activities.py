"""Reads of activities shared by pages and exports."""



from partnerships.models import (
    Activity,
    money_total,
)


def scoped_activities(user):
    """Activities the user may see, with what list pages show, in a constant number of queries."""
    return (
        Activity.objects.visible_to(user)
        .select_related("partnership__agency", "partnership__unit", "category", "commune")
        .annotate(money_total=money_total())
    )


