"""Who is told when an activity moves: an in-app notice (and e-mail, see `notifications`) in the
same transaction as the move, so a move that rolls back tells nobody.

- submitted → the coordinators (to review);
- returned → the agency's officers, with the comment (blocking: e-mailed at once);
- approved → the focal points of the place (to confirm);
- a discrepancy flagged → the agency's officers and the coordinators (blocking).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.models import Event
from notifications.services import notify
from partnerships import geography
from partnerships.access.roles import Role
from partnerships.models import ActivityStatus, User


def _people(role: Role, **where):
    return User.objects.filter(is_active=True, groups__name=role, **where).distinct()


def coordinators():
    return _people(Role.COORDINATOR)


def officers_of(agency_id: int):
    return _people(Role.OFFICER, agency_id=agency_id)


def focal_points_of(activity):
    """The focal points who may confirm it: of the partner unit, the district above, the commune."""
    return _people(Role.FOCAL_POINT, locality_id__in=geography.activity_places(activity))


def activity_moved(activity, to_status: str, *, comment: str = "") -> None:
    url = reverse("partnerships:activity_detail", args=[activity.pk])
    with override(settings.LANGUAGE_CODE):
        if to_status == ActivityStatus.SUBMITTED:
            notify(recipients=coordinators(), event=Event.SUBMITTED, url=url,
                   title=_("Hoạt động chờ duyệt: %(title)s") % {"title": activity.title},
                   body=str(activity.partnership))
        elif to_status == ActivityStatus.RETURNED:
            notify(recipients=officers_of(activity.partnership.agency_id), event=Event.RETURNED, url=url,
                   title=_("Hoạt động bị trả lại: %(title)s") % {"title": activity.title}, body=comment)
        elif to_status == ActivityStatus.APPROVED:
            notify(recipients=focal_points_of(activity), event=Event.TO_CONFIRM, url=url,
                   title=_("Hoạt động chờ địa phương xác nhận: %(title)s") % {"title": activity.title},
                   body=str(activity.partnership.agency))


def activity_disputed(activity, *, comment: str) -> None:
    url = reverse("partnerships:activity_detail", args=[activity.pk])
    with override(settings.LANGUAGE_CODE):
        notify(recipients=[*officers_of(activity.partnership.agency_id), *coordinators()], event=Event.DISCREPANCY,
               url=url, title=_("Địa phương báo chưa khớp: %(title)s") % {"title": activity.title}, body=comment)
