"""The quarterly summary's covering indexes (migration 0030): what the activity list adds up over
all its rows is answered from an index alone on PostgreSQL. If the list's aggregates come to read
another column, the scan needs the table again and these tests say which query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index-only scans")]

SUMMARY_AGGREGATES = re.compile(r'FROM "partnerships_activitysummary" GROUP BY')


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        # What an index can answer alone, whatever the test database's statistics and visibility
        # map make of the choice: every other way of reading the table is priced out, so the
        # plan is an index-only scan exactly when some index holds every column the query reads.
        for way in ("seqscan", "bitmapscan", "indexscan"):
            cursor.execute(f"SET LOCAL enable_{way} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("sort", ["", "agency", "commune"])
def test_the_lists_province_wide_sums_are_read_from_an_index_alone(client, coordinator, partnership, commune, sort):
    ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("partnerships:activity_list"), {"sort": sort} if sort else {}).status_code == 200
    aggregates = [q["sql"] for q in queries if SUMMARY_AGGREGATES.search(q["sql"])]
    assert aggregates, "the list read no province-wide sum from the summary"
    for sql in aggregates:
        assert "Index Only Scan" in _plan(sql), sql


def test_the_summary_is_vacuumed_often():
    """Index-only scans skip the table only where VACUUM has marked the pages all-visible."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'partnerships_activitysummary'")
        options = cursor.fetchone()[0]
    assert "autovacuum_vacuum_scale_factor=0.02" in options
