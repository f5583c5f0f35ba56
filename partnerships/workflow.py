"""The review workflow of support activities, as a table.

Nothing assigns `Activity.status` directly: every move goes through `transition()`, which checks
the move against TRANSITIONS, saves, and records an ActivityStatusChange row.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from partnerships.access.roles import Role, roles_of
from partnerships.exceptions import TransitionNotAllowed
from partnerships.models import Activity, ActivityStatus, ActivityStatusChange

S = ActivityStatus


@dataclass(frozen=True)
class Move:
    roles: frozenset  # who may make it
    needs_comment: bool = False


AGENCY_SIDE = frozenset({Role.OFFICER, Role.COORDINATOR, Role.ADMINISTRATOR})
REVIEWERS = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})

TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, S.SUBMITTED): Move(AGENCY_SIDE),
    (S.RETURNED, S.SUBMITTED): Move(AGENCY_SIDE),
    (S.SUBMITTED, S.APPROVED): Move(REVIEWERS),
    (S.SUBMITTED, S.RETURNED): Move(REVIEWERS, needs_comment=True),
    # Only an administrator reopens an approved activity (e.g. a data-entry error found later).
    (S.APPROVED, S.RETURNED): Move(frozenset({Role.ADMINISTRATOR}), needs_comment=True),
}

EDITABLE_STATUSES = frozenset({S.DRAFT, S.RETURNED})


def allowed_targets(activity: Activity, roles: set) -> list[str]:
    return [to for (frm, to), move in TRANSITIONS.items() if frm == activity.status and move.roles & roles]


def transition(activity: Activity, to_status: str, *, actor, roles: set | None = None, comment: str = "") -> ActivityStatusChange:
    """Move `activity` to `to_status` or raise TransitionNotAllowed. Call inside a transaction.
    `roles` defaults to the actor's."""
    roles = roles_of(actor) if roles is None else roles
    from_status = activity.status
    move = TRANSITIONS.get((from_status, to_status))
    if move is None:
        raise TransitionNotAllowed(
            _("Không thể chuyển hoạt động từ “%(from)s” sang “%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    if not move.roles & roles:
        raise TransitionNotAllowed(_("Bạn không có quyền chuyển hoạt động sang “%(to)s”.") % {"to": S(to_status).label})
    comment = (comment or "").strip()
    if move.needs_comment and not comment:
        raise TransitionNotAllowed(_("Cần ghi rõ ý kiến khi trả lại hoạt động."))
    activity.status = to_status
    activity.save(update_fields=["status", "updated_at"])
    return ActivityStatusChange.objects.create(
        activity=activity, from_status=from_status, to_status=to_status, actor=actor, comment=comment
    )
