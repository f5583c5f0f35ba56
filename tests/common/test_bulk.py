"""common.bulk.insert_many and insert_rows: COPY on PostgreSQL, bulk_create elsewhere; either way the rows come
back with their ids, creation times set, triggers run, constraints held and the statement counted."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.bulk import insert_many, insert_rows
from jobs.models import Job
from partnerships.models import Activity, ActivityStatus, ActivitySummary, ActivityStatusChange
from tests.factories import PartnershipFactory, category

pytestmark = pytest.mark.django_db


def new_activities(n, **changes):
    partnership, kind = PartnershipFactory(), category()
    return [Activity(partnership=partnership, category=kind, title=f"Hoạt động {i}", start_date=datetime.date(2025, 4, 1),
                     budget_state=1_000 * (i + 1), people_reached=3, status=ActivityStatus.DRAFT, **changes)
            for i in range(n)]


def test_rows_come_back_with_ids_and_creation_times_and_are_stored_as_given():
    activities = new_activities(3)
    with CaptureQueriesContext(connection) as queries:
        created = insert_many(Activity, activities)
    assert created == activities and len({a.pk for a in created}) == 3 and all(a.pk for a in created)
    assert all(a.created_at and a.updated_at and not a._state.adding for a in created)
    stored = Activity.objects.get(pk=created[1].pk)
    assert (stored.title, stored.budget_state, stored.status, stored.partnership_id, stored.end_date) == (
        "Hoạt động 1", 2_000, "draft", created[1].partnership_id, None)
    assert stored.created_at == created[1].created_at
    # One statement for the rows on every backend (PostgreSQL: and one for their ids), counted.
    assert 1 <= len(queries) <= 2
    # Rows that point at them can be written next, as instances or as plain rows.
    insert_many(ActivityStatusChange, [ActivityStatusChange(activity=a, to_status="draft") for a in created])
    moment = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        insert_rows(ActivityStatusChange, ["activity_id", "from_status", "to_status", "comment", "created_at"],
                    [(a.pk, "draft", "submitted", "", moment) for a in created])
    assert len(queries) == 1
    assert ActivityStatusChange.objects.filter(activity__in=created).count() == 6
    moved = ActivityStatusChange.objects.get(activity=created[0], to_status="submitted")
    assert (moved.from_status, moved.actor) == ("draft", None) and moved.pk
    assert abs(moved.created_at - moment) < datetime.timedelta(minutes=1)  # elsewhere bulk_create's clock


def test_the_summary_triggers_see_the_rows():
    insert_many(Activity, new_activities(4))
    assert ActivitySummary.objects.aggregate(n=Sum("n"), money=Sum("budget_state")) == {"n": 4, "money": 10_000}


def test_a_check_constraint_refuses_the_whole_statement():
    activities = new_activities(3)
    activities[2].ethnic_minority_people = 9  # more than the 3 people reached
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_many(Activity, activities)
    assert not Activity.objects.exists()


def test_nothing_to_insert_costs_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_many(Activity, []) == []
        insert_rows(Activity, ["title"], [])


def test_plain_rows_take_only_values_written_as_they_are():
    with pytest.raises(TypeError, match="params"):
        insert_rows(Job, ["kind", "params"], [("x", {"a": 1})])
