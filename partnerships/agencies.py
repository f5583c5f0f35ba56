"""Agencies across restructurings: the one rule for "whose work is this today".

An agency can end with a successor agency (`Agency.successor`, departments merged in 2025); a
successor may itself end later. Reports count an ended agency's partnerships and figures under the
agency that carries its work today: the end of the successor chain, stored as
`Agency.current_agency` (None while the agency is itself in force) by `link_agencies_forward`,
which every service that changes `successor` calls. Report selectors group by
`current_agency_expr(path)`; Python code asks `agency_as_of(agency)`.
"""

from django.db.models import F
from django.db.models.functions import Coalesce

from partnerships.models.agencies import Agency


def link_agencies_forward(agency_model=Agency) -> int:
    """Recompute every agency's `current_agency` from the successor links; return how many changed."""
    rows = {pk: (successor, current) for pk, successor, current in
            agency_model.objects.values_list("pk", "successor_id", "current_agency_id")}

    def end_of_chain(pk):
        seen = {pk}
        while rows[pk][0] and rows[pk][0] not in seen:
            pk = rows[pk][0]
            seen.add(pk)
        return pk

    changed = []
    for pk, (successor, current) in rows.items():
        want = end_of_chain(pk) if successor else None
        if want != current:
            changed.append(agency_model(pk=pk, current_agency_id=want))
    agency_model.objects.bulk_update(changed, ["current_agency"], batch_size=500)
    return len(changed)


def current_agency_expr(path: str):
    """The id of the agency at `path` (a FK path, e.g. "partnership__agency") as of today: its
    current agency if it ended with a successor, else itself."""
    return Coalesce(F(f"{path}__current_agency"), F(path))


def agency_as_of(agency: Agency) -> Agency:
    """The agency carrying `agency`'s work today (itself while in force)."""
    return agency.current_agency if agency.current_agency_id else agency
