"""Which verbs a user may use on which row (the rows themselves come from scoping)."""


from django.utils.translation import gettext as _

from partnerships import workflow
from partnerships.access.roles import Role, roles_of
from partnerships.exceptions import NotPermitted
from partnerships.models import (
    Activity,
    Partnership,
    PartnershipStatus,
)

# --- permissions on rows -------------------------------------------------------------------


def is_coordinator(actor) -> bool:
    """Coordinators and administrators: province-wide review and partnership management."""
    return bool(roles_of(actor) & {Role.COORDINATOR, Role.ADMINISTRATOR})


def can_record_activities(actor) -> bool:
    """Whether the actor writes on the agency side at all: coordinators, administrators, and
    officers who belong to an agency (each partnership: can_write_for_partnership)."""
    return is_coordinator(actor) or (Role.OFFICER in roles_of(actor) and actor.agency_id is not None)


def can_write_for_partnership(actor, partnership: Partnership) -> bool:
    """Agency-side writes: the agency's own officers, coordinators and administrators."""
    return is_coordinator(actor) or (can_record_activities(actor) and actor.agency_id == partnership.agency_id)


def writable_partnerships(actor):
    """The active partnerships the actor may record activities for: can_write_for_partnership as
    a queryset, within what the actor may see."""
    active = Partnership.objects.visible_to(actor).filter(status=PartnershipStatus.ACTIVE)
    if is_coordinator(actor):
        return active
    if can_record_activities(actor):
        return active.filter(agency_id=actor.agency_id)
    return active.none()


def _require_partnership_writer(actor, partnership: Partnership) -> None:
    if not can_write_for_partnership(actor, partnership):
        raise NotPermitted(_("Bạn không có quyền ghi nhận hoạt động cho quan hệ kết nghĩa này."))


def can_edit_activity(actor, activity: Activity) -> bool:
    if Role.ADMINISTRATOR in roles_of(actor):
        return True
    return activity.status in workflow.EDITABLE_STATUSES and can_write_for_partnership(actor, activity.partnership)
