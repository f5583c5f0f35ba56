"""ActivitySummary is kept by database triggers: whatever path changes activities, the summary
equals the raw aggregates per year and quarter (on PostgreSQL and SQLite)."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear

from partnerships import services
from partnerships.models import Activity, ActivityStatus, ActivitySummary, ConfirmationStatus
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory, category

VALUES = ["budget_state", "budget_society", "budget_in_kind", "households_reached", "people_reached",
          "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty"]


def raw_groups():
    rows = (
        Activity.objects.annotate(year=ExtractYear("start_date"), quarter=ExtractQuarter("start_date"),
                                  commune_key=Coalesce("commune_id", 0))
        .values("year", "quarter", "partnership_id", "commune_key", "category_id", "status")
        .annotate(
            n=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmation_status=ConfirmationStatus.CONFIRMED)),
            disputed=Count("pk", filter=Q(confirmation_status=ConfirmationStatus.DISPUTED)),
            **{f"sum_{v}": Sum(v) for v in VALUES},
        )
        .order_by()
    )
    return {
        (r["year"], r["quarter"], r["partnership_id"], r["commune_key"], r["category_id"], r["status"]): (
            r["n"], r["confirmed"], r["disputed"], *[int(r[f"sum_{v}"]) for v in VALUES])
        for r in rows
    }


def summary_groups():
    return {
        (s.year, s.quarter, s.partnership_id, s.commune_id, s.category_id, s.status): (
            s.n, s.confirmed, s.disputed, *[getattr(s, v) for v in VALUES])
        for s in ActivitySummary.objects.all()
    }


@pytest.mark.django_db
def test_summary_follows_every_write_path(partnership, commune, coordinator, officer, focal_point):
    district_wide = ActivityFactory(partnership=partnership, commune=None, budget_in_kind=3_000_000)
    created = ActivityFactory.create_batch(3, partnership=partnership, commune=commune, people_trained=4)
    assert summary_groups() == raw_groups()

    # Services: create, submit, approve, confirm, update.
    activity = services.activity_create(
        actor=officer, partnership=partnership, category=category("dao-tao-nghe"), title="Lớp dạy nghề dệt thổ cẩm",
        start_date=datetime.date(2024, 6, 1), commune=commune, budget_society=7_000_000, people_trained=25,
    )
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    services.activity_confirm(actor=focal_point, activity=Activity.objects.get(pk=activity.pk))
    assert summary_groups() == raw_groups()

    # A plain save that moves an activity to another year, category and commune.
    moved = created[0]
    moved.start_date, moved.category, moved.commune = datetime.date(2022, 1, 5), category("an-sinh"), None
    moved.budget_state = 1
    moved.save()
    assert summary_groups() == raw_groups()
    moved.start_date = datetime.date(2022, 11, 30)  # the same year, another quarter
    moved.save()
    assert summary_groups() == raw_groups()

    # queryset.update(), bulk_create and deletes (one and many).
    Activity.objects.filter(pk__in=[a.pk for a in created]).update(status=ActivityStatus.APPROVED, jobs_created=2)
    other = PartnershipFactory(unit=DistrictFactory())
    Activity.objects.bulk_create([
        Activity(partnership=other, category=category("ha-tang"), title=f"Đường bê tông {i}",
                 start_date=datetime.date(2023, 1 + i, 1), commune=CommuneFactory(parent=other.unit),
                 budget_state=100_000_000 * i, status=ActivityStatus.APPROVED)
        for i in range(1, 6)
    ])
    assert summary_groups() == raw_groups()
    district_wide.delete()
    Activity.objects.filter(partnership=other, start_date__month__gt=3).delete()
    assert summary_groups() == raw_groups()
    assert all(s.n > 0 for s in ActivitySummary.objects.all())  # emptied groups are dropped

    Activity.objects.all().delete()
    assert not ActivitySummary.objects.exists()



@pytest.mark.django_db
def test_migration_0021_sums_every_activity_in_again_by_quarter(partnership, commune):
    """The migration that added the quarter empties the summary, installs the quarter's triggers
    and sums the existing activities in (its functions read only `schema_editor.connection`)."""
    migration = importlib.import_module("partnerships.migrations.0021_activity_summary_quarter")
    editor = SimpleNamespace(connection=connection)
    for day in (datetime.date(2024, 3, 31), datetime.date(2024, 4, 1), datetime.date(2024, 12, 31)):
        ActivityFactory(partnership=partnership, commune=commune, start_date=day, budget_state=day.month)
    ActivityFactory(partnership=partnership, commune=None, start_date=datetime.date(2024, 7, 1))

    migration.remove_triggers_and_rows(None, editor)
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 8, 15))
    assert not ActivitySummary.objects.exists()  # no trigger while the table changes

    migration.quarterly(None, editor)
    assert summary_groups() == raw_groups()
    assert sorted(ActivitySummary.objects.values_list("quarter", flat=True).distinct()) == [1, 2, 3, 4]
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 5, 5))
    assert summary_groups() == raw_groups()  # and the triggers follow writes again
