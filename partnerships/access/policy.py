"""Which verbs a user may use, on which row: the one place that answers "may this user ...?".

Views, services, the admin, reports and the menu ask these functions; templates and template
tags are handed the answers and decide nothing. The rows a user sees come from scoping
(`partnerships/access/scoping.py`); the status moves and the roles that may make them are the
workflow's table (`partnerships/workflow.py`), read here.
"""

from django.utils.translation import gettext as _

from partnerships import geography, workflow
from partnerships.access.roles import Role, roles_of, sees_whole_province
from partnerships.exceptions import NotPermitted
from partnerships.models import (
    Activity,
    ActivityStatus,
    Partnership,
    PartnershipStatus,
)

# --- who someone is, for the verbs below ----------------------------------------------------


def is_coordinator_or_admin(actor) -> bool:
    """Provincial coordinators AND administrators (the name says both): province-wide review,
    partnership management, finalising a year, evaluation settings."""
    return bool(roles_of(actor) & {Role.COORDINATOR, Role.ADMINISTRATOR})


def is_focal_point(user) -> bool:
    """A locality's focal point with a locality set."""
    return Role.FOCAL_POINT in roles_of(user) and bool(user.locality_id)


def acts_only_as_officer(actor) -> bool:
    """An agency officer without a province-wide review role: held to their agency's partnerships."""
    roles = roles_of(actor)
    return Role.OFFICER in roles and not roles & {Role.COORDINATOR, Role.ADMINISTRATOR}


# --- activities ---------------------------------------------------------------------------------


def may_add_activities(user) -> bool:
    """Record new activities (the form, the officers' import): the model permission of the role."""
    return user.has_perm("partnerships.add_activity")


def may_review(user) -> bool:
    """Approve or return activities (one by one or many at once)."""
    return bool(roles_of(user) & workflow.REVIEWERS)


def allowed_moves(user, activity: Activity) -> set[str]:
    """The statuses the user may move this activity to (the workflow's table)."""
    return set(workflow.allowed_targets(activity, roles_of(user)))


def _roles_moving_to(target: str) -> frozenset:
    roles = frozenset()
    for (_from, to), move in workflow.TRANSITIONS.items():
        if to == target:
            roles |= move.roles
    return roles


# The verbs of the activity page, and who may use each at all (whatever the row).
_ACTIVITY_VERBS = {
    "submit": lambda roles: bool(roles & _roles_moving_to(ActivityStatus.SUBMITTED)),
    "approve": lambda roles: bool(roles & _roles_moving_to(ActivityStatus.APPROVED)),
    "return": lambda roles: bool(roles & _roles_moving_to(ActivityStatus.RETURNED)),
    "delete": lambda roles: bool(roles & workflow.AGENCY_SIDE),
    "confirm": lambda roles: Role.FOCAL_POINT in roles,
    "flag": lambda roles: Role.FOCAL_POINT in roles,
}


def may_use_activity_verb(user, verb: str) -> bool:
    return _ACTIVITY_VERBS[verb](roles_of(user))


def is_focal_point_of(user, activity: Activity) -> bool:
    """A focal point of a place the activity concerns (geography.activity_places)."""
    return is_focal_point(user) and user.locality_id in geography.activity_places(activity)


def may_confirm(user, activity: Activity) -> bool:
    """Confirm receipt or flag a discrepancy: the place's focal point, while the activity is
    submitted or approved."""
    return activity.status in (ActivityStatus.SUBMITTED, ActivityStatus.APPROVED) and is_focal_point_of(user, activity)


def home_queues(user) -> frozenset[str]:
    """The work queues of the user's home page."""
    roles = roles_of(user)
    queues = set()
    if Role.OFFICER in roles:
        queues |= {"drafts", "returned", "waiting"}
    if Role.FOCAL_POINT in roles:
        queues.add("to_confirm")
    if roles & {Role.COORDINATOR, Role.ADMINISTRATOR}:
        queues.add("to_review")
    if roles & {Role.OFFICER, Role.COORDINATOR, Role.ADMINISTRATOR}:
        queues.add("disputed")
    if roles & {Role.COORDINATOR, Role.ADMINISTRATOR, Role.LEADER, Role.OFFICER}:
        queues.add("counts")
    if Role.LEADER in roles and not roles & {Role.COORDINATOR, Role.ADMINISTRATOR}:
        queues.add("summary")  # a leader's figures from the dashboard
    return frozenset(queues)


def may_use_admin(user) -> bool:
    return user.is_staff


# --- reports --------------------------------------------------------------------------------


def may_read_reports(user) -> bool:
    """The dashboard and its drill-downs (each in the user's own scope): anyone with a role."""
    return bool(roles_of(user))


def may_use_api(user) -> bool:
    """The read API and its personal tokens: anyone with a role (rows scoped as on the pages)."""
    return bool(roles_of(user))


def may_see_agency_evaluation(user, agency) -> bool:
    """An agency's score: province-wide readers, and the agency's own officers."""
    return sees_whole_province(user) or getattr(user, "agency_id", None) == agency.pk


def may_finalise_year(user) -> bool:
    return is_coordinator_or_admin(user)


def may_reopen_year(user) -> bool:
    return is_administrator(user)


def may_edit_evaluation_settings(user) -> bool:
    return is_coordinator_or_admin(user)


def may_save_pivot_view(user) -> bool:
    """Named pivot views are shared with everyone who reads reports: coordinators curate them."""
    return is_coordinator_or_admin(user)


def is_administrator(actor) -> bool:
    return Role.ADMINISTRATOR in roles_of(actor)


def may_read_annual_report(user) -> bool:
    """The annual report is the province's: leaders, coordinators and administrators."""
    return sees_whole_province(user)


def can_record_activities(actor) -> bool:
    """Whether the actor writes on the agency side at all: coordinators, administrators, and
    officers who belong to an agency (each partnership: can_write_for_partnership)."""
    return is_coordinator_or_admin(actor) or (Role.OFFICER in roles_of(actor) and actor.agency_id is not None)


def can_write_for_partnership(actor, partnership: Partnership) -> bool:
    """Agency-side writes: the agency's own officers, coordinators and administrators."""
    return is_coordinator_or_admin(actor) or (can_record_activities(actor) and actor.agency_id == partnership.agency_id)


def writable_partnerships(actor):
    """The active partnerships the actor may record activities for: can_write_for_partnership as
    a queryset, within what the actor may see."""
    active = Partnership.objects.visible_to(actor).filter(status=PartnershipStatus.ACTIVE)
    if is_coordinator_or_admin(actor):
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
    return is_coordinator_or_admin(actor)


def require_reference_data_manager(actor) -> None:
    if not can_manage_reference_data(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh và quản trị hệ thống sửa danh mục dùng chung."))


def may_edit_report_names(actor) -> bool:
    """The names on the annual report by date (issuing body, parent body, place, signer's
    title): administrators, as for the other settings of the deployment."""
    return is_administrator(actor)


def may_repoint_partnerships(actor) -> bool:
    """Confirm the re-pointing of partnerships to the new units after a change of the map (and see
    the proposals): the province's coordinators and administrators, for the whole province."""
    return is_coordinator_or_admin(actor)


def require_repointer(actor) -> None:
    if not may_repoint_partnerships(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh chuyển quan hệ kết nghĩa sang đơn vị hành chính mới."))


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


def may_read_audit(user) -> bool:
    """The audit page (who changed what): administrators and coordinators; which entries each
    reads is `reach.audit_rows_visible`."""
    return is_coordinator_or_admin(user)


def may_manage_accounts(actor) -> bool:
    return bool(grantable_roles(actor))


def may_manage_user(actor, user) -> bool:
    """The actor may edit, lock or send a link to `user`: every role the user holds is one the
    actor may grant (a superuser only by a superuser)."""
    if user.is_superuser and not actor.is_superuser:
        return False
    held = {role for role in Role if role.value in {g.name for g in user.groups.all()}}
    return may_manage_accounts(actor) and held <= grantable_roles(actor)


def may_grant_superuser(actor) -> bool:
    """Only a superuser makes or unmakes one (an administrator would otherwise grant above their own)."""
    return bool(actor.is_superuser)


def may_manage_groups(actor) -> bool:
    """Groups beyond the roles (and their permissions) are the administrators' to keep."""
    return Role.ADMINISTRATOR in roles_of(actor)


def permissions_not_held(actor, permissions) -> list:
    """Of `permissions` (Permission rows), those the actor does not hold: nobody grants what they
    lack themselves, whether directly or through a group."""
    if actor.is_superuser:
        return []
    held = actor.get_all_permissions()
    return [p for p in permissions if f"{p.content_type.app_label}.{p.codename}" not in held]


# --- inspections, reviews and recommendations (the inspections app asks here) ----------------


def may_plan_inspections(actor) -> bool:
    """Plan, record, edit and cancel inspections; keep reviews and commendation lists."""
    return is_coordinator_or_admin(actor)


may_record_inspections = may_plan_inspections
may_manage_reviews = may_plan_inspections


def may_read_reviews(actor) -> bool:
    return sees_whole_province(actor)


def may_report_follow_up(actor, recommendation) -> bool:
    """The owner of a recommendation reports on it: its agency's officers, or the focal points
    whose area holds its locality; coordinators may record it for them."""
    if is_coordinator_or_admin(actor):
        return True
    roles = roles_of(actor)
    if recommendation.owner_agency_id:
        return Role.OFFICER in roles and actor.agency_id == recommendation.owner_agency_id
    if recommendation.owner_unit_id and Role.FOCAL_POINT in roles and actor.locality_id:
        return geography.in_area(recommendation.owner_unit, actor.locality_id)
    return False
