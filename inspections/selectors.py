"""Reads for inspections: which rows a user sees (through `partnerships.access.scoping`), the
figures the dashboard, the agency and partnership pages and the annual report show."""

from django.db.models import Count, Q
from django.utils import timezone

from partnerships.selectors.cache import cached

from .models import FollowUp, Inspection, InspectionStatus, Recommendation


def visible_recommendations(user):
    return Recommendation.objects.filter(inspection__in=Inspection.objects.visible_to(user).values("pk"))


def inspections_for_agency(user, agency):
    """For the agency's panel (templatetags/inspections.py), which shows each inspection's kind,
    date, subject, status and rating, nothing of the rows it names: no join for those."""
    return Inspection.objects.visible_to(user).filter(Q(agency=agency) | Q(partnership__agency=agency))


def inspections_for_partnership(user, partnership):
    """For the partnership's panel, as `inspections_for_agency`."""
    return Inspection.objects.visible_to(user).filter(partnership=partnership)


def year_figures(user, year: int, today=None) -> dict:
    """Inspections done / planned in the year and recommendations overdue, for the dashboard:
    once per scope, year, day and data version (inspections raise it: migration 0002), so a
    repeated view of the dashboard reads none of it."""
    if today is None:
        today = timezone.localdate()
        return cached("inspection_figures", user, (year, today), lambda: year_figures(user, year, today), drafts=False)
    counts = Inspection.objects.visible_to(user).filter(year=year).exclude(
        status=InspectionStatus.CANCELLED
    ).aggregate(planned=Count("pk"), done=Count("pk", filter=Q(status=InspectionStatus.DONE)))
    recommendations = visible_recommendations(user).filter(inspection__year=year).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(follow_up=FollowUp.DONE)),
        overdue=Count("pk", filter=Q(follow_up=FollowUp.OPEN, deadline__lt=today)),
    )
    return {"planned": counts["planned"], "done": counts["done"], "recommendations": recommendations["total"],
            "recommendations_done": recommendations["done"], "overdue": recommendations["overdue"]}


def annual_contribution(year_from: int, year_to: int | None = None, *, user=None, today=None) -> dict:
    """What the annual report says about inspections of the period (the whole province, or what
    `user` may see): counts by kind, ratings, recommendations and their follow-up, the findings."""
    today = today or timezone.localdate()
    scoped = Inspection.objects.visible_to(user) if user is not None else Inspection.objects.all()
    inspections = (
        scoped.filter(year__gte=year_from, year__lte=year_to or year_from)
        .exclude(status=InspectionStatus.CANCELLED)
        .select_related("agency", "partnership__agency", "partnership__unit", "unit")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            overdue_count=Count(
                "recommendations",
                filter=Q(recommendations__follow_up=FollowUp.OPEN, recommendations__deadline__lt=today),
                distinct=True,
            ),
        )
        .order_by("planned_date", "pk")
    )
    rows = list(inspections)
    done = [row for row in rows if row.status == InspectionStatus.DONE]
    by_kind: dict = {}
    for row in rows:
        entry = by_kind.setdefault(row.kind, {"planned": 0, "done": 0})
        entry["planned"] += 1
        entry["done"] += row.status == InspectionStatus.DONE
    recommendations = Recommendation.objects.filter(inspection__in=[row.pk for row in rows]).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(follow_up=FollowUp.DONE)),
        overdue=Count("pk", filter=Q(follow_up=FollowUp.OPEN, deadline__lt=today)),
    )
    return {
        "rows": rows,
        "planned": len(rows),
        "done": len(done),
        "by_kind": by_kind,
        "ratings": {rating: sum(1 for row in done if row.rating == rating) for rating in {r.rating for r in done}},
        "recommendations": recommendations,
        "findings": [row for row in done if row.findings.strip()][:5],
    }


def people_answering_for(recommendation):
    """Who reports on a recommendation: its agency's officers or its locality's focal points."""
    from partnerships.access.roles import Role
    from partnerships.models import User

    users = User.objects.filter(is_active=True)
    if recommendation.owner_agency_id:
        return users.filter(groups__name=Role.OFFICER, agency_id=recommendation.owner_agency_id)
    return users.filter(groups__name=Role.FOCAL_POINT, locality_id=recommendation.owner_unit_id)


def coordinators():
    from partnerships.access.roles import Role
    from partnerships.models import User

    return User.objects.filter(is_active=True, groups__name=Role.COORDINATOR)
