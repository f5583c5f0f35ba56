"""Who may do what with inspections, reviews and recommendations (rows come from selectors).

Built on `partnerships.access.policy` (who is a coordinator) and the roles; views and services
ask here and never re-derive a rule.
"""

from partnerships import geography
from partnerships.access.policy import is_coordinator_or_admin
from partnerships.access.roles import Role, roles_of, sees_whole_province


def may_plan(actor) -> bool:
    """Plan, record, edit and cancel inspections; keep reviews and commendation lists."""
    return is_coordinator_or_admin(actor)


may_record = may_plan
may_manage_reviews = may_plan


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
