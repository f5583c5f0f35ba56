"""An agency restructured away: its partnerships and figures follow its successor in the reports."""

import datetime

import pytest

from partnerships import geography, services
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


# Coverage gaps after a merger: the merged agency counts as its current agency, in both
# geographies, so it is neither a gap of its own nor makes its successor look idle.
GEOGRAPHIES = pytest.mark.parametrize("where", geography.GEOGRAPHIES)


def _idle(year, where):
    f = selectors.ReportFilter.for_year(year, geography=where)
    return [agency.name for agency in selectors.coverage_gaps(f)["agencies_without_activity"]]


def _worked(partnership, year):
    ActivityFactory(partnership=partnership, status=ActivityStatus.APPROVED, start_date=datetime.date(year, 5, 1))


@GEOGRAPHIES
def test_a_merged_agency_s_idle_partnership_is_not_a_gap_when_its_successor_worked(coordinator, where):
    old, successor = AgencyFactory(name="Sở Lao động - Thương binh và Xã hội"), AgencyFactory(name="Sở Nội vụ")
    PartnershipFactory(agency=old)
    _worked(PartnershipFactory(agency=successor), 2024)
    assert _idle(2024, where) == ["Sở Lao động - Thương binh và Xã hội"]  # two agencies before the merger
    services.agency_end(actor=coordinator, agency=old, ended_on=datetime.date(2025, 3, 1), successor=successor)
    assert _idle(2024, where) == []


@GEOGRAPHIES
def test_the_merged_agency_s_work_counts_for_its_successor(coordinator, where):
    old, successor = AgencyFactory(name="Sở Lao động - Thương binh và Xã hội"), AgencyFactory(name="Sở Nội vụ")
    _worked(PartnershipFactory(agency=old), 2024)
    PartnershipFactory(agency=successor)
    assert _idle(2024, where) == ["Sở Nội vụ"]
    services.agency_end(actor=coordinator, agency=old, ended_on=datetime.date(2025, 3, 1), successor=successor)
    assert _idle(2024, where) == []


@GEOGRAPHIES
def test_when_neither_worked_the_gap_is_listed_once_under_today_s_agency(coordinator, where):
    old, middle, today = AgencyFactory(name="Sở A"), AgencyFactory(name="Sở B"), AgencyFactory(name="Sở C")
    PartnershipFactory(agency=old), PartnershipFactory(agency=middle)
    services.agency_end(actor=coordinator, agency=old, ended_on=datetime.date(2025, 3, 1), successor=middle)
    services.agency_end(actor=coordinator, agency=middle, ended_on=datetime.date(2025, 8, 1), successor=today)
    assert _idle(2024, where) == ["Sở C"]
