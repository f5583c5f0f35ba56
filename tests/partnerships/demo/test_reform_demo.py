"""seed_demo across the 2025 reform: work before 1 July 2025 at Quảng Nam's old units, after it at
the new communes of Đà Nẵng (48), the demo partnerships re-pointed the way a coordinator would."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from django.db.models import Q

from partnerships import services
from partnerships.models import (
    Activity,
    ActivityCategory,
    AnnualPlan,
    ConfirmationStatus,
    Partnership,
    PartnershipStatus,
    User,
)
from partnerships.services import REPOINT_REASON
from reports import selectors
from reports.filters import ReportFilter

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--activities", "800", stdout=StringIO())


def test_activities_are_at_the_units_valid_on_their_date(demo):
    before = Activity.objects.filter(start_date__lt=REFORM)
    after = Activity.objects.filter(start_date__gte=REFORM)
    assert before.exists() and after.exists()
    assert not before.filter(commune__valid_from__isnull=False).exists()
    assert not after.exclude(commune__valid_from=REFORM).exists()
    assert not after.exclude(partnership__unit__valid_from=REFORM).exists()


def test_partnerships_are_re_pointed_with_their_history(demo):
    assert not Partnership.objects.filter(status=PartnershipStatus.ACTIVE, unit__valid_to__isnull=False).exists()
    ended = Partnership.objects.filter(end_reason=REPOINT_REASON)
    assert ended.exists() and set(ended.values_list("ended_on", flat=True)) == {datetime.date(2025, 6, 30)}
    successors = Partnership.objects.filter(predecessors__in=ended).distinct()
    assert successors.count() >= ended.count()
    assert set(successors.values_list("signed_on", flat=True)) == {REFORM}
    assert not AnnualPlan.objects.filter(partnership__in=ended, year__gt=2025).exists()  # none after it ended
    assert AnnualPlan.objects.filter(partnership__in=successors, year=2026).exists()


def test_demo_2026_is_by_new_communes_and_2021_2026_agrees_in_both_geographies(demo):
    rows = selectors.by_commune(ReportFilter.for_year(2026))
    assert rows and all(r["commune"].valid_from == REFORM for r in rows)
    assert all(r["district_label"].startswith("Khu vực ") for r in rows)
    recorded = selectors.key_figures(ReportFilter(year_from=2021, year_to=2026))
    today = selectors.key_figures(ReportFilter(year_from=2021, year_to=2026, geography="today"))
    assert recorded["money_total"] == today["money_total"] and recorded["activities"] == today["activities"]
    assert today["communes_reached"] < recorded["communes_reached"]


def test_a_second_run_changes_nothing(demo):
    counts = (Partnership.objects.count(), AnnualPlan.objects.count(), Activity.objects.count())
    call_command("seed_demo", "--activities", "800", stdout=StringIO())
    assert (Partnership.objects.count(), AnnualPlan.objects.count(), Activity.objects.count()) == counts


def test_the_focal_point_sits_at_today_s_commune_and_confirms_its_2026_work(demo):
    focal = User.objects.get(username="focal")
    locality = focal.locality
    assert (locality.code, locality.name, locality.valid_from, locality.valid_to) == ("20938", "Xã Trà Leng", REFORM, None)
    # the demo's confirmations are theirs at their commune and at the old communes it took over
    theirs = Q(commune=locality) | Q(commune__current_unit=locality)
    assert Activity.objects.filter(theirs, confirmed_by=focal).exists()
    assert not Activity.objects.filter(confirmed_by=focal).exclude(theirs).exists()
    # a 2026 activity at the commune, approved, is theirs to confirm
    officer, coordinator = User.objects.get(username="officer"), User.objects.get(username="coordinator")
    partnership = Partnership.objects.get(agency=officer.agency, unit=locality, status=PartnershipStatus.ACTIVE)
    activity = services.activity_create(
        actor=officer, partnership=partnership, category=ActivityCategory.objects.filter(is_substantive=True).first(),
        title="Tập huấn trồng sâm Ngọc Linh", start_date=datetime.date(2026, 3, 2), commune=locality)
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    assert Activity.objects.visible_to(focal).filter(pk=activity.pk).exists()
    services.activity_confirm(actor=focal, activity=activity)
    activity.refresh_from_db()
    assert (activity.confirmation_status, activity.confirmed_by) == (ConfirmationStatus.CONFIRMED, focal)
