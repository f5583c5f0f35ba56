"""A finalised year's figures do not move when the reference data that feeds them changes
(issue 11): the substantive classification is versioned by year (FrozenClassification, written
with the lock), so ticking "substantive" on "Thăm hỏi, tặng quà" moves the running year's share
and leaves the finalised year's as finalised, on the dashboard's selectors and the stored report."""

import datetime

import pytest

from partnerships import services
from partnerships.models import ActivityCategory, ActivityStatus, FrozenClassification
from reports import selectors
from reports.filters import ReportFilter
from reports.services import finalise
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory

pytestmark = pytest.mark.django_db


def share(year):
    return selectors.key_figures(ReportFilter.for_year(year))["substantive_share_money"]


def test_the_substantive_share_of_a_finalised_year_stays_when_a_category_is_reclassified(
        coordinator, administrator, partnership, commune):
    visits = ActivityCategory.objects.get(code="tham-hoi")
    models = ActivityCategory.objects.get(code="mo-hinh")
    for year in (2024, 2025):
        ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(year, 3, 1),
                        category=models, budget_state=30_000_000, status=ActivityStatus.APPROVED,
                        confirmation_status="confirmed")
        ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(year, 4, 1),
                        category=visits, budget_state=10_000_000, status=ActivityStatus.APPROVED,
                        confirmation_status="confirmed")
    report = finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    before = share(2024)
    assert before == share(2025) and 0 < before < 1
    assert FrozenClassification.objects.filter(lock__year=2024, category=models).exists()

    visits.is_substantive = True
    services.category_save(actor=coordinator, category=visits)
    assert share(2025) > before  # the open year follows the new classification
    assert share(2024) == before  # the finalised year keeps its own
    assert report.figures["key_figures"]["substantive_share_money"] == pytest.approx(before)

    # Reopened, the year is open again and reads today's classification.
    finalise.reopen_year(actor=administrator, year=2024, reason="Điều chỉnh phân loại")
    assert not FrozenClassification.objects.exists()
    assert share(2024) == share(2025) > before


def test_the_coverage_gaps_of_a_finalised_year_stay_when_a_units_flags_change(coordinator, partnership, commune):
    elsewhere = DistrictFactory(name="Huyện Phước Sơn", code="511")  # no partner there
    target = CommuneFactory(name="Xã Phước Kim", code="20460", parent=elsewhere, is_mountainous=True,
                            is_ethnic_minority_area=False, is_border=False, is_especially_difficult=False)
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 3, 1),
                    status=ActivityStatus.APPROVED, confirmation_status="confirmed")

    def gaps(year):
        return selectors.coverage_gaps(ReportFilter.for_year(year))["communes_without_partner"]

    assert target in gaps(2024) and target in gaps(2025)
    finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    target.is_mountainous = False
    services.unit_save(actor=coordinator, unit=target)
    assert target in gaps(2024)  # as finalised
    assert target not in gaps(2025)  # the open year follows the new flags


def test_the_substantive_condition_has_no_subquery_per_row():
    """substantive_q is uncorrelated (the frozen pairs and years are read once per query and
    hashed): a correlated EXISTS per summary row and per measure was most of a cold dashboard's
    SQL at a million activities (docs/performance.md)."""
    from partnerships.models import ActivitySummary, substantive_q

    sql = str(ActivitySummary.objects.filter(substantive_q()).query).upper()
    assert "EXISTS" not in sql and sql.count(" IN (SELECT") == 2
