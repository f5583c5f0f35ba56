"""An agency restructured away: its partnerships and figures follow its successor in the reports."""

import datetime

import pytest

from partnerships import services
from partnerships.agencies import agency_as_of
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import ActivityStatus, AnnualPlan
from reports import selectors
from tests.factories import ActivityFactory, AgencyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_an_ended_agencys_figures_count_under_its_successor(coordinator):
    old = AgencyFactory(name="Sở Lao động - Thương binh và Xã hội")
    merged_into = AgencyFactory(name="Sở Nội vụ")
    later = AgencyFactory(name="Sở Nội vụ và Lao động")
    other = AgencyFactory(name="Sở Tài chính")
    for agency, money in ((old, 10_000_000), (merged_into, 5_000_000), (other, 1_000_000)):
        partnership = PartnershipFactory(agency=agency)
        ActivityFactory(partnership=partnership, status=ActivityStatus.APPROVED, start_date=datetime.date(2024, 5, 1),
                        budget_state=money, budget_society=0, budget_in_kind=0)
        AnnualPlan.objects.create(partnership=partnership, year=2024, money_target=money)
    f = selectors.ReportFilter.for_year(2024)
    before = {row["agency"].name: row["money_total"] for row in selectors.agency_rows(f)}

    services.agency_end(actor=coordinator, agency=old, ended_on=datetime.date(2025, 3, 1), successor=merged_into)
    services.agency_end(actor=coordinator, agency=merged_into, ended_on=datetime.date(2025, 8, 1), successor=later)
    old.refresh_from_db()
    assert agency_as_of(old) == later and not old.is_active

    rows = {row["agency"].name: row for row in selectors.agency_rows(f)}
    assert set(rows) == {"Sở Nội vụ và Lao động", "Sở Tài chính"}
    assert rows["Sở Nội vụ và Lao động"]["money_total"] == 15_000_000
    assert rows["Sở Nội vụ và Lao động"]["partnerships"] == 2
    assert rows["Sở Nội vụ và Lao động"]["plan"]["money_target"] == 15_000_000
    assert sum(r["money_total"] for r in rows.values()) == sum(before.values())  # nothing lost or counted twice


def test_ending_an_agency_is_for_coordinators_and_checked(coordinator, officer):
    agency, successor = AgencyFactory(), AgencyFactory()
    with pytest.raises(NotPermitted):
        services.agency_end(actor=officer, agency=agency, ended_on=datetime.date(2025, 3, 1), successor=successor)
    with pytest.raises(DomainError):
        services.agency_end(actor=coordinator, agency=agency, ended_on=datetime.date(2025, 3, 1), successor=agency)
    services.agency_end(actor=coordinator, agency=agency, ended_on=datetime.date(2025, 3, 1), successor=successor)
    with pytest.raises(DomainError):
        services.agency_end(actor=coordinator, agency=agency, ended_on=datetime.date(2025, 4, 1))
