"""A cursor for the few statements that every signed-in request runs and that cost PostgreSQL
more to plan than to run (docs/performance.md, "Through gunicorn").

Django's PostgreSQL backend binds parameters on the client and never prepares a statement, so
the server parses and plans every query anew. That is right for the ORM's queries, whose best
plan depends on their values (an agency's few rows or the province's million), but wasted on a
fixed statement whose plan cannot change: the user's roles and permissions (five tables: 0,44 ms
of planning for 0,14 ms of execution at 1 M activities) and the data version. `prepared_cursor()`
is, on PostgreSQL, Django's own server-side binding cursor on the same connection, so psycopg
prepares its statements once per connection after `prepare_threshold` uses (DATABASES OPTIONS,
ketnghia/settings.py; None, for a pooler in transaction mode, turns it off) and the server plans
them once. Queries are still logged and wrapped as any other (`connection.queries`, tests'
CaptureQueriesContext, execute_wrappers). Elsewhere (SQLite) it is the ordinary cursor.
"""

from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _LoggedPrepared(CursorDebugWrapper):
    """Logged as Django logs a server-side binding cursor's statements (composed with their
    values): psycopg keeps no text of a prepared execution, so `last_executed_query` has none."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor():
    """A cursor (use it in a `with` block) whose statements the server plans once per connection."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    # What BaseDatabaseWrapper.cursor() does, with the server-side binding cursor class that
    # Django uses when OPTIONS["server_side_binding"] is set for every query.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(connection.connection)
    return _LoggedPrepared(cursor, connection) if connection.queries_logged else connection.make_cursor(cursor)
