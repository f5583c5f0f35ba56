"""Activities recorded at a unit after it was abolished (dated after its `valid_to`), moved to the
unit that took it.

The forms and imports refuse such activities today (`geography.validity_error`), but rows written
before the new map was loaded (an activity of August 2025 at a commune whose end on 30/06/2025 was
loaded later) stay where they were recorded. A coordinator sees them on a page linked from the
re-pointing page, each with its successor proposed (`activity_move_proposals`), and moves them in
bulk (`activities_move_to_successor`):
- the commune becomes the new commune that took the old one (a split commune, or a district-wide
  activity of an abolished district, has several: the coordinator picks one, nothing is guessed);
- the partnership becomes the agency's partnership in force on the activity's date at that commune
  (normally the one the re-pointing started, `Partnership.successors`); if there is none yet, the
  partnership is re-pointed first, on the re-pointing page;
- status, figures, evidence and the workflow history stay; the activity's history and an audit row
  say who moved it, from where, to where. A finalised (locked) year's activity is refused.
All chosen activities move, or none.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext as _

from common.text import vi_order
from partnerships import geography
from partnerships.access.policy import require_repointer
from partnerships.exceptions import DomainError, YearLocked
from partnerships.models import Activity, AdministrativeUnit, AuditKind, Partnership
from partnerships.services.audit import audit
from partnerships.services.base import _with_history_user
from partnerships.services.repointing import REPOINT_REASON
from partnerships.services.year_lock import locked_years, require_years_open

# Resolved by the proposal (rows it has just read); full_clean would read each one again.
_RESOLVED = ["partnership", "category", "commune", "development_model", "created_by", "confirmed_by"]


def activities_at_abolished_units():
    """Activities dated after the end of their commune, or of their partnership's unit."""
    return (
        Activity.objects.filter(Q(commune__valid_to__lt=F("start_date")) | Q(partnership__unit__valid_to__lt=F("start_date")))
        .select_related("partnership__agency", "partnership__unit", "commune", "category")
        .order_by(vi_order("partnership__agency__name"), "start_date", "pk")
    )


@dataclass
class ActivityMove:
    """What moving one activity would do."""

    activity: Activity
    old_unit: AdministrativeUnit  # the abolished unit it was recorded at
    successors: list = field(default_factory=list)  # the new communes it may go to, the main one first
    targets: dict = field(default_factory=dict)  # new commune id → the partnership it would go under (or None)
    refused: str = ""  # why it cannot move at all (a locked year; no successor in the map)

    @property
    def needs_choice(self) -> bool:
        """Several new communes took the old unit (a split, a district): the coordinator picks."""
        return len(self.successors) > 1

    @property
    def proposed(self) -> AdministrativeUnit | None:
        return self.successors[0] if len(self.successors) == 1 else None

    @property
    def options(self) -> list[tuple[AdministrativeUnit, Partnership | None, str]]:
        """(new commune, the partnership the activity would go under, why it cannot) per successor."""
        return [(s, self.targets.get(s.pk), self.why_not(s)) for s in self.successors]

    @property
    def movable(self) -> bool:
        return any(not why for _unit, _partnership, why in self.options)

    def why_not(self, commune: AdministrativeUnit) -> str:
        """Why the activity cannot move to `commune` ("" if it can)."""
        if self.refused:
            return self.refused
        if self.targets.get(commune.pk) is None:
            return _("%(agency)s chưa có quan hệ kết nghĩa với %(unit)s vào ngày %(date)s: chuyển quan hệ kết nghĩa "
                     "sang đơn vị mới trước (trang “Chuyển quan hệ kết nghĩa”).") % {
                "agency": self.activity.partnership.agency.name, "unit": commune.name,
                "date": formats.date_format(self.activity.start_date, "d/m/Y")}
        return ""


def _in_force_on(partnership: Partnership, day: datetime.date) -> bool:
    return (partnership.signed_on is None or partnership.signed_on <= day) and (partnership.ended_on is None or partnership.ended_on >= day)


def activity_move_proposals(*, actor, activities) -> list[ActivityMove]:
    """A proposal for each of `activities` (rows of `activities_at_abolished_units`), in a constant
    number of queries whatever their number."""
    require_repointer(actor)
    activities = list(activities)
    locked = locked_years()
    moves = []
    for activity in activities:
        commune, unit = activity.commune, activity.partnership.unit
        if commune is not None and not geography.is_valid_on(commune, activity.start_date):
            old = commune
        else:  # no commune (a district-wide activity), or only the partnership's unit ended
            old = unit if commune is None else commune
        moves.append(ActivityMove(activity=activity, old_unit=old))
    successors = geography.successors_on(
        [(m.old_unit, m.activity.start_date) for m in moves if not geography.is_valid_on(m.old_unit, m.activity.start_date)])
    for move in moves:
        day = move.activity.start_date
        move.successors = successors.get((move.old_unit.pk, day), [move.old_unit])
        try:
            require_years_open(day.year, locked=locked)
        except YearLocked as error:
            move.refused = str(error.message)
        if not move.successors:
            move.refused = move.refused or _("%(unit)s chưa có đơn vị kế thừa trong bảng kế thừa đơn vị hành chính.") % {
                "unit": move.old_unit.name}
    _find_partnerships(moves)
    return moves


def _find_partnerships(moves: list[ActivityMove]) -> None:
    """For each proposal and new commune, the agency's partnership in force on the activity's date
    that covers the commune: the activity's own if its unit still exists and covers it, else one
    continuing it (re-pointed), else any other of the agency's there (two queries in all)."""
    agencies = {m.activity.partnership.agency_id for m in moves}
    units = {pk for m in moves for s in m.successors for pk in geography.covering_ids(s)}
    candidates = list(Partnership.objects.filter(agency_id__in=agencies, unit_id__in=units).select_related("unit"))
    continuing = set(
        Partnership.predecessors.through.objects.filter(from_partnership__in=[p.pk for p in candidates])
        .values_list("from_partnership_id", "to_partnership_id")
    )
    for move in moves:
        activity, day = move.activity, move.activity.start_date
        own = activity.partnership
        for commune in move.successors:
            if geography.is_valid_on(own.unit, day) and geography.in_area(commune, own.unit):
                move.targets[commune.pk] = own
                continue
            found = [p for p in candidates if p.agency_id == own.agency_id and _in_force_on(p, day)
                     and geography.in_area(commune, p.unit) and geography.is_valid_on(p.unit, day)]
            found.sort(key=lambda p: ((p.pk, own.pk) not in continuing, p.unit_id != commune.pk, p.pk))
            move.targets[commune.pk] = found[0] if found else None


@transaction.atomic
def activities_move_to_successor(*, actor, moves: dict) -> list[Activity]:
    """Move each activity of `moves` ({activity id: chosen new commune id, or None for the only
    one proposed}) to its new commune and partnership: all of them or none. Returns the activities."""
    require_repointer(actor)
    if not moves:
        raise DomainError(_("Chưa chọn hoạt động nào để chuyển."))
    wanted = {int(k): (int(v) if v else None) for k, v in moves.items()}
    rows = activities_at_abolished_units().select_for_update(of=("self",)).filter(pk__in=wanted)
    proposals = activity_move_proposals(actor=actor, activities=rows)
    if set(wanted) - {p.activity.pk for p in proposals}:
        raise DomainError(_("Có hoạt động không còn cần chuyển (đã chuyển, hoặc đơn vị vẫn còn hiệu lực vào ngày của "
                            "hoạt động); tải lại trang và chọn lại."))
    moved = []
    for proposal in proposals:
        activity = proposal.activity
        label = _("Hoạt động “%(title)s” (%(date)s): ") % {
            "title": activity.title, "date": formats.date_format(activity.start_date, "d/m/Y")}
        chosen = wanted[activity.pk]
        commune = next((s for s in proposal.successors if s.pk == chosen), None) if chosen else proposal.proposed
        if commune is None:
            names = ", ".join(s.name for s in proposal.successors)
            raise DomainError(label + (
                _("chọn xã mới trong các đơn vị: %(names)s.") % {"names": names} if proposal.successors and not chosen
                else _("xã đã chọn không phải đơn vị kế thừa của %(unit)s.") % {"unit": proposal.old_unit.name}))
        refused = proposal.why_not(commune)
        if refused:
            raise DomainError(label + refused)
        old_partnership, old_commune = activity.partnership, activity.commune
        activity.partnership, activity.commune = proposal.targets[commune.pk], commune
        try:
            activity.full_clean(exclude=_RESOLVED, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise DomainError(label + " ".join(error.messages)) from None
        activity._change_reason = REPOINT_REASON
        _with_history_user(activity, actor).save()
        audit(actor=actor, kind=AuditKind.ACTIVITY_MOVED, obj=activity,
              from_partnership=old_partnership.pk, to_partnership=activity.partnership.pk,
              from_unit=(old_commune or proposal.old_unit).code, to_unit=commune.code,
              start_date=activity.start_date.isoformat())
        moved.append(activity)
    return moved
