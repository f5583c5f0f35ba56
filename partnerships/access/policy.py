"""Which verbs a user may use on which row (the rows themselves come from scoping)."""


from django.utils.translation import gettext as _

from partnerships import workflow
from partnerships.access.roles import Role, roles_of, sees_whole_province
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


def is_administrator(actor) -> bool:
    return Role.ADMINISTRATOR in roles_of(actor)


def may_read_annual_report(user) -> bool:
    """The annual report is the province's: leaders, coordinators and administrators."""
    return sees_whole_province(user)


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


def can_manage_reference_data(actor) -> bool:
    """Units (and their targeting flags), agencies and activity categories: coordinators and
    administrators, who keep the province's lists."""
    return is_coordinator(actor)


def require_reference_data_manager(actor) -> None:
    if not can_manage_reference_data(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh và quản trị hệ thống sửa danh mục dùng chung."))


# --- accounts ------------------------------------------------------------------------------------


def grantable_roles(actor) -> set[Role]:
    """The roles the actor may give an account: nobody grants above their own. Administrators
    manage everyone; coordinators manage officers and focal points; nobody else manages accounts."""
    mine = roles_of(actor)
    if Role.ADMINISTRATOR in mine:
        return set(Role)
    if Role.COORDINATOR in mine:
        return {Role.OFFICER, Role.FOCAL_POINT}
    return set()


def may_manage_accounts(actor) -> bool:
    return bool(grantable_roles(actor))


def may_manage_user(actor, user) -> bool:
    """The actor may edit, lock or send a link to `user`: every role the user holds is one the
    actor may grant (a superuser only by a superuser)."""
    if user.is_superuser and not actor.is_superuser:
        return False
    held = {role for role in Role if role.value in {g.name for g in user.groups.all()}}
    return may_manage_accounts(actor) and held <= grantable_roles(actor)
