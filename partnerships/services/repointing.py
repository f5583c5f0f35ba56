"""Re-pointing partnerships after a change of the administrative map (the 2025 reform).

A partnership with a district or commune that no longer exists is continued at the unit(s) that
took it, read from the successor map (`UnitSuccession`, through `geography.successors_of`):
`repointing_proposals` says what would happen, for the whole province; a coordinator confirms one
or many (`partnerships_repoint`). Confirming:
- ends the old partnership on the old unit's last day (30/06/2025) with the reason
  "sắp xếp đơn vị hành chính" (through `partnership_end`, so history and the year lock hold);
- starts a partnership of the same agency at each successor on the next day (01/07/2025), linked
  to its predecessor (`Partnership.predecessors`); if the agency already has an active partnership
  there (two old communes of one agency merged into one), that one is continued: one successor,
  two predecessors;
- carries the plans of the years after the change over to the successor that gets the plans (a
  commune's main successor; for a district, the new commune that took most of its communes); two
  plans of one year meeting in a merge are added up into one. The plan of the change year itself
  stays with the old partnership, beside the first half-year's results it is held against;
- writes an audit row per confirmed partnership. Activities and models keep their partnership and
  commune (the history as recorded); activities of the successor may refer to a predecessor's
  development model.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from partnerships import geography
from partnerships.access.policy import require_repointer
from partnerships.exceptions import DomainError
from partnerships.models import (
    AdministrativeUnit,
    AnnualPlan,
    AuditKind,
    Partnership,
    PartnershipStatus,
    PlanCategoryTarget,
    UnitSuccession,
)
from partnerships.services.audit import audit
from partnerships.services.base import _full_clean, _with_history_user
from partnerships.services.partnerships import partnership_create, partnership_end
from partnerships.services.plans import PLAN_TARGET_FIELDS

REPOINT_REASON = "sắp xếp đơn vị hành chính"  # the words of the issue, stored as the end reason


@dataclass
class RepointProposal:
    """What confirming would do to one old partnership."""

    partnership: Partnership
    ends_on: datetime.date  # the old unit's last day
    starts_on: datetime.date  # the successors' first day
    successors: list = field(default_factory=list)  # the new units, the one getting the plans first
    existing: dict = field(default_factory=dict)  # new unit id → the agency's active partnership there
    merged_with: list = field(default_factory=list)  # other old partnerships of the agency going to a same unit
    plans: list = field(default_factory=list)  # the plans carried over (years after the change)

    @property
    def plans_to(self) -> AdministrativeUnit | None:
        return self.successors[0] if self.successors else None


def _abolished_partnerships():
    """Active partnerships whose unit has ended (a valid_to in the past and arrows out of it)."""
    today = datetime.date.today()
    return (
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE, unit__valid_to__lt=today,
                                   unit__successor_links__isnull=False)
        .distinct()
        .select_related("agency", *geography.naming_joins("unit"))
    )


def _ordered_successors(unit: AdministrativeUnit, on: datetime.date) -> list[AdministrativeUnit]:
    """The units valid on `on` that took `unit`, the one that gets the plans first: a commune's
    main successor; for a district, the new commune that took most of its communes (then code)."""
    successors = geography.successors_of(unit, on=on)
    if unit.level != AdministrativeUnit.Level.DISTRICT or len(successors) < 2:
        return successors
    taken = dict(
        UnitSuccession.objects.filter(geography.inside_q("predecessor", unit), successor__in=successors)
        .values_list("successor").annotate(n=Count("pk")).values_list("successor", "n")
    )
    return sorted(successors, key=lambda s: (-taken.get(s.pk, 0), s.code))


def repointing_proposals(*, actor, partnerships=None) -> list[RepointProposal]:
    """One proposal per active partnership whose district or commune has been abolished (or per
    partnership of `partnerships` that is such), for the whole province, by agency then unit."""
    require_repointer(actor)
    queryset = _abolished_partnerships()
    if partnerships is not None:
        queryset = queryset.filter(pk__in=[getattr(p, "pk", p) for p in partnerships])
    queryset = queryset.order_by("agency__name", "unit__code", "pk")
    proposals = []
    for partnership in queryset:
        ends_on = partnership.unit.valid_to
        starts_on = ends_on + datetime.timedelta(days=1)
        proposals.append(RepointProposal(
            partnership=partnership, ends_on=ends_on, starts_on=starts_on,
            successors=_ordered_successors(partnership.unit, starts_on),
        ))
    if not proposals:
        return proposals
    agencies = {p.partnership.agency_id for p in proposals}
    new_ids = {s.pk for p in proposals for s in p.successors}
    existing = {
        (p.agency_id, p.unit_id): p
        for p in Partnership.objects.filter(status=PartnershipStatus.ACTIVE, agency_id__in=agencies, unit_id__in=new_ids)
    }
    plans = {}
    for plan in AnnualPlan.objects.filter(partnership__in=[p.partnership for p in proposals]).order_by("year"):
        plans.setdefault(plan.partnership_id, []).append(plan)
    by_target = {}
    for proposal in proposals:
        agency_id = proposal.partnership.agency_id
        proposal.existing = {s.pk: existing[(agency_id, s.pk)] for s in proposal.successors if (agency_id, s.pk) in existing}
        proposal.plans = [plan for plan in plans.get(proposal.partnership.pk, []) if plan.year > proposal.ends_on.year]
        for successor in proposal.successors:
            by_target.setdefault((agency_id, successor.pk), []).append(proposal)
    for group in by_target.values():
        for proposal in group:
            proposal.merged_with.extend(
                other.partnership for other in group if other is not proposal and other.partnership not in proposal.merged_with
            )
    return proposals


def _carry_plan(plan: AnnualPlan, target: Partnership, actor) -> None:
    """Move `plan` to `target`; if `target` has a plan of that year already (a merge), add the
    targets up into that one and delete this one (its history keeps it)."""
    other = AnnualPlan.objects.select_for_update().filter(partnership=target, year=plan.year).first()
    if other is None:
        plan.partnership = target
        _full_clean(plan)
        _with_history_user(plan, actor).save()
        return
    for name in PLAN_TARGET_FIELDS:
        setattr(other, name, getattr(other, name) + getattr(plan, name))
    other.note = "\n".join(n for n in (other.note, plan.note) if n)
    _full_clean(other)
    _with_history_user(other, actor).save()
    for target_row in plan.category_targets.all():
        row, created = PlanCategoryTarget.objects.get_or_create(
            plan=other, category=target_row.category, defaults={"activities_target": target_row.activities_target}
        )
        if not created:
            row.activities_target += target_row.activities_target
            row.save(update_fields=["activities_target"])
    _with_history_user(plan, actor).delete()


@transaction.atomic
def partnerships_repoint(*, actor, partnerships) -> list[Partnership]:
    """Confirm the proposals of `partnerships` (rows or ids): all of them or none. Returns the
    successor partnerships (each once, merges included)."""
    require_repointer(actor)
    wanted = [getattr(p, "pk", p) for p in partnerships]
    if not wanted:
        raise DomainError(_("Chưa chọn quan hệ kết nghĩa nào để chuyển."))
    locked = list(Partnership.objects.select_for_update().filter(pk__in=wanted).values_list("pk", flat=True))
    proposals = repointing_proposals(actor=actor, partnerships=locked)
    missing = set(wanted) - {p.partnership.pk for p in proposals}
    if missing:
        raise DomainError(_("Có quan hệ kết nghĩa không còn cần chuyển (đã chuyển, đã kết thúc, hoặc đơn vị vẫn còn hiệu lực); "
                            "tải lại trang và chọn lại."))
    results: dict[int, Partnership] = {}
    for proposal in proposals:
        old = proposal.partnership
        if not proposal.successors:
            raise DomainError(_("%(unit)s chưa có đơn vị kế thừa trong bảng kế thừa đơn vị hành chính: "
                                "ghi đơn vị kế thừa trước khi chuyển quan hệ kết nghĩa của %(agency)s.")
                              % {"unit": old.unit.name, "agency": old.agency.name})
        successors = []
        for unit in proposal.successors:
            new = Partnership.objects.filter(agency=old.agency, unit=unit, status=PartnershipStatus.ACTIVE).first()
            if new is None:
                new = partnership_create(
                    actor=actor, agency=old.agency, unit=unit, signed_on=max(proposal.starts_on, old.signed_on),
                    agreement_number=old.agreement_number, agreement_file=old.agreement_file.name or "",
                    note=_("Tiếp nối quan hệ kết nghĩa với %(unit)s (sắp xếp đơn vị hành chính, từ %(date)s).")
                    % {"unit": old.unit.name, "date": proposal.starts_on.strftime("%d/%m/%Y")},
                )
            new.predecessors.add(old)
            successors.append(new)
            results[new.pk] = new
        for plan in AnnualPlan.objects.select_for_update().filter(partnership=old, year__gt=proposal.ends_on.year):
            _carry_plan(plan, successors[0], actor)
        partnership_end(actor=actor, partnership=old, ended_on=max(proposal.ends_on, old.signed_on), reason=REPOINT_REASON)
        audit(actor=actor, kind=AuditKind.REPOINTED, obj=old,
              successors=[s.pk for s in successors], units=[s.unit.code for s in successors],
              ended_on=proposal.ends_on.isoformat(), plans=[p.year for p in proposal.plans])
    return list(results.values())
