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


def _covering_indexes(sql: str) -> list[str]:
    """The summary's indexes that hold every column `sql` reads (key or INCLUDE columns): those an
    index-only scan can answer it from. Read from the catalogue, not from a plan, which depends on
    the test database's statistics and visibility map (in a full run the planner picked the
    foreign key's index for a table that earlier tests had filled)."""
    read = set(re.findall(r'"partnerships_activitysummary"\."(\w+)"', sql))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, array_agg(a.attname::text) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) "
            "WHERE t.relname = 'partnerships_activitysummary' AND x.indpred IS NULL GROUP BY i.relname")
        return [name for name, columns in cursor.fetchall() if read <= set(columns)]


@pytest.mark.parametrize("sort", ["", "agency", "commune"])
def test_the_lists_province_wide_sums_are_read_from_an_index_alone(client, coordinator, partnership, commune, sort):
    ActivityFactory(partnership=partnership, commune=commune)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("partnerships:activity_list"), {"sort": sort} if sort else {}).status_code == 200
    aggregates = [q["sql"] for q in queries if SUMMARY_AGGREGATES.search(q["sql"])]
    assert aggregates, "the list read no province-wide sum from the summary"
    for sql in aggregates:
        assert _covering_indexes(sql), sql


def test_the_summary_is_vacuumed_often():
    """Index-only scans skip the table only where VACUUM has marked the pages all-visible."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'partnerships_activitysummary'")
        options = cursor.fetchone()[0]
    assert "autovacuum_vacuum_scale_factor=0.02" in options
