"""ActivitySummary is kept by database triggers: whatever path changes activities, the summary
equals the raw aggregates per year and quarter, and ActivityYearSummary (kept by triggers on the
summary) the raw aggregates per year (on PostgreSQL and SQLite)."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.utils import timezone

from partnerships import services
from partnerships.models import (
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    ActivitySummary,
    ActivityYearSummary,
    ConfirmationStatus,
)
from reports.selectors import ON_TIME_DAYS
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory, category

VALUES = ["budget_state", "budget_society", "budget_in_kind", "households_reached", "people_reached",
          "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty"]


def raw_groups():
    # Submitted: some status change to "submitted"; on time: one of them dated (Vietnam's day)
    # within ON_TIME_DAYS of the end, or the start (the evaluation's definition).
    submissions = ActivityStatusChange.objects.filter(activity=OuterRef("pk"), to_status=ActivityStatus.SUBMITTED)
    deadline = ExpressionWrapper(Coalesce("end_date", "start_date") + datetime.timedelta(days=ON_TIME_DAYS),
                                 output_field=DateField())
    rows = (
        Activity.objects.annotate(year=ExtractYear("start_date"), quarter=ExtractQuarter("start_date"),
                                  commune_key=Coalesce("commune_id", 0), deadline=deadline)
        .values("year", "quarter", "partnership_id", "commune_key", "category_id", "status")
        .annotate(
            n=Count("pk"),
            confirmed=Count("pk", filter=Q(confirmation_status=ConfirmationStatus.CONFIRMED)),
            disputed=Count("pk", filter=Q(confirmation_status=ConfirmationStatus.DISPUTED)),
            **{f"sum_{v}": Sum(v) for v in VALUES},
            submitted=Count("pk", filter=Exists(submissions)),
            on_time=Count("pk", filter=Exists(submissions.filter(created_at__date__lte=OuterRef("deadline")))),
        )
        .order_by()
    )
    return {
        (r["year"], r["quarter"], r["partnership_id"], r["commune_key"], r["category_id"], r["status"]): (
            r["n"], r["confirmed"], r["disputed"], *[int(r[f"sum_{v}"]) for v in VALUES], r["submitted"],
            r["on_time"])
        for r in rows
    }


def summary_groups():
    return {
        (s.year, s.quarter, s.partnership_id, s.commune_id, s.category_id, s.status): (
            s.n, s.confirmed, s.disputed, *[getattr(s, v) for v in VALUES], s.submitted, s.on_time)
        for s in ActivitySummary.objects.all()
    }


def by_year(groups):
    """Groups keyed with the quarter (the second item) added up per year."""
    years = {}
    for (year, _quarter, *rest), values in groups.items():
        key = (year, *rest)
        years[key] = tuple(a + b for a, b in zip(years[key], values)) if key in years else values
    return years


def raw():
    """The raw aggregates by year and quarter, and by year."""
    groups = raw_groups()
    return groups, by_year(groups)


def summaries():
    """What the summaries hold: by year and quarter (ActivitySummary), by year (ActivityYearSummary)."""
    years = {
        (s.year, s.partnership_id, s.commune_id, s.category_id, s.status): (
            s.n, s.confirmed, s.disputed, *[getattr(s, v) for v in VALUES], s.submitted, s.on_time)
        for s in ActivityYearSummary.objects.all()
    }
    return summary_groups(), years


def dated(change, day, hour=10):
    """Move a status change to `day` at `hour`, Vietnam's time (a plain update of its row)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    ActivityStatusChange.objects.filter(pk=change.pk).update(created_at=moment)


@pytest.mark.django_db
def test_summary_follows_every_write_path(partnership, commune, coordinator, officer, focal_point):
    district_wide = ActivityFactory(partnership=partnership, commune=None, budget_in_kind=3_000_000)
    created = ActivityFactory.create_batch(3, partnership=partnership, commune=commune, people_trained=4)
    assert summaries() == raw()

    # Services: create, submit, approve, confirm, update.
    activity = services.activity_create(
        actor=officer, partnership=partnership, category=category("dao-tao-nghe"), title="Lớp dạy nghề dệt thổ cẩm",
        start_date=datetime.date(2024, 6, 1), commune=commune, budget_society=7_000_000, people_trained=25,
    )
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    services.activity_confirm(actor=focal_point, activity=Activity.objects.get(pk=activity.pk))
    assert summaries() == raw()

    # A plain save that moves an activity to another year, category and commune.
    moved = created[0]
    moved.start_date, moved.category, moved.commune = datetime.date(2022, 1, 5), category("an-sinh"), None
    moved.budget_state = 1
    moved.save()
    assert summaries() == raw()
    moved.start_date = datetime.date(2022, 11, 30)  # the same year, another quarter
    moved.save()
    assert summaries() == raw()

    # queryset.update(), bulk_create and deletes (one and many).
    Activity.objects.filter(pk__in=[a.pk for a in created]).update(status=ActivityStatus.APPROVED, jobs_created=2)
    other = PartnershipFactory(unit=DistrictFactory())
    Activity.objects.bulk_create([
        Activity(partnership=other, category=category("ha-tang"), title=f"Đường bê tông {i}",
                 start_date=datetime.date(2023, 1 + i, 1), commune=CommuneFactory(parent=other.unit),
                 budget_state=100_000_000 * i, status=ActivityStatus.APPROVED)
        for i in range(1, 6)
    ])
    assert summaries() == raw()
    district_wide.delete()
    Activity.objects.filter(partnership=other, start_date__month__gt=3).delete()
    assert summaries() == raw()
    assert all(s.n > 0 for s in ActivitySummary.objects.all())  # emptied groups are dropped
    assert all(s.n > 0 for s in ActivityYearSummary.objects.all())

    Activity.objects.all().delete()
    assert not ActivitySummary.objects.exists() and not ActivityYearSummary.objects.exists()


@pytest.mark.django_db
def test_submissions_on_time_follow_the_status_changes_and_the_dates(partnership, commune, coordinator, officer):
    """The flags depend on two tables: whichever changes, and in whatever order, the summary
    counts the activities submitted and those first submitted on time."""
    activity = services.activity_create(
        actor=officer, partnership=partnership, category=category("dao-tao-nghe"), title="Lớp dạy nghề",
        start_date=datetime.date(2024, 6, 1), end_date=datetime.date(2024, 6, 10), commune=commune,
    )
    services.activity_submit(actor=officer, activity=activity)
    assert summaries() == raw()
    first = activity.status_changes.get(to_status=ActivityStatus.SUBMITTED)
    dated(first, datetime.date(2024, 7, 10))  # 30 days after the end: on time
    assert summaries() == raw()
    assert ActivitySummary.objects.get(status=ActivityStatus.SUBMITTED).on_time == 1
    dated(first, datetime.date(2024, 7, 10), hour=23)  # still the 10th in Vietnam (16:00 UTC)
    assert ActivitySummary.objects.get(status=ActivityStatus.SUBMITTED).on_time == 1
    dated(first, datetime.date(2024, 7, 11), hour=1)  # the 11th in Vietnam, the 10th in UTC: late
    assert summaries() == raw()
    assert ActivitySummary.objects.get(status=ActivityStatus.SUBMITTED).on_time == 0

    # Returned and submitted again: one activity with two submissions counts once.
    services.activity_return(actor=coordinator, activity=activity, comment="Thiếu chứng từ")
    services.activity_submit(actor=officer, activity=Activity.objects.get(pk=activity.pk))
    dated(activity.status_changes.filter(to_status=ActivityStatus.SUBMITTED).last(), datetime.date(2024, 6, 12))
    assert summaries() == raw()
    assert ActivitySummary.objects.get(status=ActivityStatus.SUBMITTED).submitted == 1

    # The activity's dates decide too: a later end makes the late submission on time.
    activity = Activity.objects.get(pk=activity.pk)
    activity.end_date = datetime.date(2024, 6, 20)
    activity.save()
    services.activity_approve(actor=coordinator, activity=activity)
    assert summaries() == raw()

    # Deleting submissions, one and several; bulk-created ones; a change moved to another activity.
    other = ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 2, 1))
    activity.status_changes.filter(to_status=ActivityStatus.SUBMITTED).first().delete()
    assert summaries() == raw()
    ActivityStatusChange.objects.bulk_create([
        ActivityStatusChange(activity=other, from_status="draft", to_status="submitted") for _ in range(3)
    ])
    assert summaries() == raw()
    ActivityStatusChange.objects.filter(activity=activity, to_status="submitted").update(activity=other)
    assert summaries() == raw()
    ActivityStatusChange.objects.filter(activity=other).delete()
    assert summaries() == raw()

    # The activity deleted with its history (the admin's delete).
    services.activity_submit(actor=officer, activity=other)
    Activity.objects.get(pk=other.pk).delete()
    assert summaries() == raw()
    Activity.objects.all().delete()
    assert not ActivitySummary.objects.exists() and not ActivityYearSummary.objects.exists()


@pytest.mark.django_db
def test_migration_0028_counts_the_submissions_of_every_activity_in(partnership, commune, officer):
    migration = importlib.import_module("partnerships.migrations.0028_activity_summary_on_time")
    editor = SimpleNamespace(connection=connection)
    for start, submitted in ((datetime.date(2024, 3, 1), datetime.date(2024, 3, 5)),  # on time
                             (datetime.date(2024, 9, 1), datetime.date(2024, 12, 1))):  # late
        activity = ActivityFactory(partnership=partnership, commune=commune, start_date=start, end_date=None)
        services.activity_submit(actor=officer, activity=activity)
        dated(activity.status_changes.get(), submitted)

    migration.remove_triggers_and_rows(None, editor)
    migration.with_flags(None, editor)
    assert summaries() == raw()
    assert sorted(ActivitySummary.objects.values_list("submitted", "on_time")) == [(1, 0), (1, 1)]
    migration.remove_triggers(None, editor)
    migration.without_flags(None, editor)  # back to 0021's: no flags
    assert not ActivitySummary.objects.filter(submitted__gt=0).exists()
    migration.remove_triggers(None, editor)
    migration.with_flags(None, editor)
    assert summaries() == raw()


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
    assert summaries() == raw()
    assert sorted(ActivitySummary.objects.values_list("quarter", flat=True).distinct()) == [1, 2, 3, 4]
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 5, 5))
    assert summaries() == raw()  # and the triggers follow writes again


@pytest.mark.django_db
def test_migration_0029_adds_the_summary_up_by_year(partnership, commune):
    """The yearly summary is filled from the quarterly one when it is created, and its triggers
    follow the summary's changes from then on (its functions read only `schema_editor.connection`)."""
    migration = importlib.import_module("partnerships.migrations.0029_activity_year_summary")
    editor = SimpleNamespace(connection=connection)
    for day in (datetime.date(2024, 3, 31), datetime.date(2024, 4, 1), datetime.date(2025, 1, 1)):
        ActivityFactory(partnership=partnership, commune=commune, start_date=day, budget_state=day.month)
    ActivityFactory(partnership=partnership, commune=None, start_date=datetime.date(2024, 7, 1))

    migration.remove(None, editor)
    ActivityYearSummary.objects.all().delete()
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 8, 15))
    assert not ActivityYearSummary.objects.exists()  # no trigger: the summary alone follows

    migration.install(None, editor)
    assert summaries() == raw()
    assert ActivityYearSummary.objects.get(year=2024, commune_id=commune.pk).n == 3  # three quarters in one row
    Activity.objects.filter(start_date__year=2024).update(budget_state=7)
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2025, 5, 5))
    assert summaries() == raw()  # and the triggers follow the summary again
