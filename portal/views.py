"""The portal's home page: each role's work queues, and a leader's figures from the dashboard."""


from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import render
from django.urls import reverse

from partnerships.access import policy
from partnerships.models import (
    ActivityStatus,
    ActivityStatusChange,
    ConfirmationStatus,
)
from partnerships.selectors.activities import scoped_activities

HOME_ITEMS = 10


def _last_comment(to_status):
    return Subquery(
        ActivityStatusChange.objects.filter(activity=OuterRef("pk"), to_status=to_status)
        .order_by("-created_at", "-pk")
        .values("comment")[:1]
    )


def _status_counts(queryset) -> dict:
    aggregates = {status.value: Count("pk", filter=Q(status=status)) for status in ActivityStatus}
    aggregates["unconfirmed"] = Count(
        "pk", filter=Q(status=ActivityStatus.APPROVED, confirmation_status=ConfirmationStatus.PENDING)
    )
    aggregates["disputed"] = Count("pk", filter=Q(confirmation_status=ConfirmationStatus.DISPUTED))
    return queryset.order_by().aggregate(**aggregates)


@login_required
def home(request):
    user = request.user
    queues = policy.home_queues(user)
    activities = scoped_activities(user)
    context = {"has_role": policy.may_read_reports(user)}
    if "drafts" in queues:
        context["drafts"] = activities.filter(status=ActivityStatus.DRAFT)[:HOME_ITEMS]
        context["returned"] = activities.filter(status=ActivityStatus.RETURNED).annotate(
            return_comment=_last_comment(ActivityStatus.RETURNED)
        )[:HOME_ITEMS]
        context["waiting"] = activities.filter(status=ActivityStatus.SUBMITTED)[:HOME_ITEMS]
    if "to_confirm" in queues:
        context["to_confirm"] = activities.filter(
            status__in=[ActivityStatus.SUBMITTED, ActivityStatus.APPROVED],
            confirmation_status=ConfirmationStatus.PENDING,
        )[:HOME_ITEMS]
    if "to_review" in queues:
        context["to_review"] = activities.filter(status=ActivityStatus.SUBMITTED).order_by("updated_at", "pk")[
            :HOME_ITEMS
        ]
    if "disputed" in queues:
        # What a locality says did not match needs the agency's (and the reviewer's) attention.
        context["disputed"] = (
            activities.filter(confirmation_status=ConfirmationStatus.DISPUTED)
            .annotate(return_comment=F("confirmation_comment"))
            .order_by("-confirmed_at", "-pk")[:HOME_ITEMS]
        )
    if "counts" in queues:
        context["counts"] = _status_counts(activities)
    context["dashboard_url"] = reverse("reports:dashboard")
    if "summary" in queues:
        from reports.web.dashboard.views import home_summary  # reports builds on partnerships, not the reverse

        context["summary"] = home_summary(user)
    return render(request, "home.html", context)

