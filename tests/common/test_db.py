"""common.db.prepared_cursor: the statements every signed-in request runs are planned once per
connection on PostgreSQL, logged like any other query, and nothing else is prepared."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.access.roles import Role, read_access
from partnerships.models import DataVersion, User
from partnerships.selectors.cache import _read_version
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _requests(user, times=8):
    for _ in range(times):
        read_access(User.objects.get(pk=user.pk))  # a fresh user per request, as the middleware's
        _read_version()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_the_roles_and_the_data_version_are_planned_once_per_connection():
    user = UserFactory(role=Role.LEADER)
    DataVersion.objects.get_or_create(pk=1)
    _requests(user)
    prepared = _prepared()
    assert any('"auth_group"' in statement and "UNION ALL" in statement for statement in prepared)
    assert any('"partnerships_dataversion"' in statement for statement in prepared)
    # The ORM's queries, whose plans depend on their values, stay unprepared.
    assert not [statement for statement in prepared if '"partnerships_user"."password"' in statement]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_no_statement_is_prepared_when_the_threshold_is_off():
    user = UserFactory(role=Role.LEADER)
    threshold = connection.connection.prepare_threshold
    connection.connection.prepare_threshold = None  # POSTGRES_PREPARE_THRESHOLD="" (a pooler)
    try:
        _requests(user)
        assert _prepared() == []
    finally:
        connection.connection.prepare_threshold = threshold


def test_prepared_statements_are_logged_with_their_values():
    """Tests count and read queries (CaptureQueriesContext): a prepared execution keeps no text
    in psycopg, so the cursor logs the statement composed with its values."""
    user = UserFactory(role=Role.OFFICER)
    DataVersion.objects.get_or_create(pk=1)
    with CaptureQueriesContext(connection) as queries:
        _requests(user)
    access = [q["sql"] for q in queries if '"auth_group"' in q["sql"]]
    assert len(access) == 8 and all(f"= {user.pk}" in sql for sql in access)
    assert len([q for q in queries if '"partnerships_dataversion"' in q["sql"]]) == 8
    assert read_access(user) is None and user._ketnghia_roles == {Role.OFFICER}
