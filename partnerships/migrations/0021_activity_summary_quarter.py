"""ActivitySummary keeps the quarter (issue 13): one row per (year, quarter, partnership, commune,
category, status), so that the pivot's quarter layouts read the summary like every other
layout instead of the million activities (0,9–1,3 s at 1 M; docs/performance.md).

The triggers are dropped before the table changes (SQLite rebuilds the table to add a column and
a constraint, and its row triggers name it), then installed again with the quarter in the key and
the table rebuilt from the activities. The same statements as 0003 (SQLite) and 0004
(PostgreSQL: statement-level, the insert trigger only upserts, update and delete drop emptied
rows through the partial index on n = 0), written out here for both keys, so that going back
restores the yearly summary exactly.

Self-contained: no import of 0003/0004 or of project code.
"""

from django.db import migrations, models

TABLE = "partnerships_activitysummary"
EVENTS = ("insert", "update", "delete")
COUNTS = {"n": "1", "confirmed": "(confirmation_status = 'confirmed')", "disputed": "(confirmation_status = 'disputed')"}
SUMS = ["budget_state", "budget_society", "budget_in_kind", "households_reached", "people_reached",
        "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty"]
VALUES = list(COUNTS) + SUMS

# The key: (summary column, its value on PostgreSQL from an activity row, on SQLite from `{row}.`).
YEARLY = [
    ("year", "EXTRACT(YEAR FROM start_date)::int", "CAST(strftime('%Y', {row}start_date) AS INTEGER)"),
    ("partnership_id", "partnership_id", "{row}partnership_id"),
    ("commune_id", "COALESCE(commune_id, 0)", "COALESCE({row}commune_id, 0)"),
    ("category_id", "category_id", "{row}category_id"),
    ("status", "status", "{row}status"),
]
QUARTERLY = YEARLY[:1] + [
    ("quarter", "EXTRACT(QUARTER FROM start_date)::int",
     "(CAST(strftime('%m', {row}start_date) AS INTEGER) + 2) / 3"),
] + YEARLY[1:]


def _columns(key) -> str:
    return ", ".join(column for column, _pg, _sqlite in key)


def _update_set() -> str:
    return ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in VALUES)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_delta(key, source: str, sign: int) -> str:
    return (
        "SELECT " + ", ".join(f"{pg} AS {column}" for column, pg, _sqlite in key) + f", {sign} AS sign, "
        + ", ".join(f"{expr}::int AS {name}" for name, expr in COUNTS.items()) + ", " + ", ".join(SUMS)
        + f" FROM {source}"
    )


def _pg_upsert(key, delta: str) -> str:
    columns = _columns(key)
    sums = ", ".join(f"SUM(sign * {c})::bigint" for c in VALUES)
    nonzero = " OR ".join(f"SUM(sign * {c}) <> 0" for c in VALUES)
    return (
        f"INSERT INTO {TABLE} ({columns}, {', '.join(VALUES)}) "
        f"SELECT {columns}, {sums} FROM ({delta}) d GROUP BY {columns} HAVING {nonzero} ORDER BY {columns} "
        f"ON CONFLICT ({columns}) DO UPDATE SET {_update_set()};"
    )


PG_REFERENCING = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_install(cursor, key):
    deltas = {
        "insert": _pg_delta(key, "new_rows", 1),
        "update": _pg_delta(key, "old_rows", -1) + " UNION ALL " + _pg_delta(key, "new_rows", 1),
        "delete": _pg_delta(key, "old_rows", -1),
    }
    for event in EVENTS:
        body = _pg_upsert(key, deltas[event]) + ("" if event == "insert" else f" DELETE FROM {TABLE} WHERE n = 0;")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION ketnghia_activity_summary_{event}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$; "
            f"CREATE TRIGGER activity_summary_{event} AFTER {event.upper()} ON partnerships_activity "
            f"{PG_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION ketnghia_activity_summary_{event}();"
        )
    columns = _columns(key)
    cursor.execute(
        f"INSERT INTO {TABLE} ({columns}, {', '.join(VALUES)}) "
        f"SELECT {columns}, {', '.join(f'SUM({c})' for c in VALUES)} "
        f"FROM ({_pg_delta(key, 'partnerships_activity', 1)}) d GROUP BY {columns}"
    )


def _pg_remove(cursor):
    for event in EVENTS:
        cursor.execute(f"DROP TRIGGER IF EXISTS activity_summary_{event} ON partnerships_activity; "
                       f"DROP FUNCTION IF EXISTS ketnghia_activity_summary_{event}();")


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_values(key, row: str) -> list[str]:
    return [sqlite.format(row=row) for _column, _pg, sqlite in key]


def _sqlite_add(key, row: str, sign: int) -> str:
    values = _sqlite_values(key, f"{row}.") + [
        f"{sign} * {expr.replace('confirmation_status', f'{row}.confirmation_status')}" for expr in COUNTS.values()
    ] + [f"{sign} * {row}.{c}" for c in SUMS]
    return (
        f"INSERT INTO {TABLE} ({_columns(key)}, {', '.join(VALUES)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({_columns(key)}) DO UPDATE SET {_update_set()};"
    )


def _sqlite_drop_empty(key, row: str) -> str:
    match = " AND ".join(f"{column} = {value}" for (column, _pg, _s), value in zip(key, _sqlite_values(key, f"{row}.")))
    return f"DELETE FROM {TABLE} WHERE n = 0 AND {match};"


def _sqlite_install(cursor, key):
    bodies = {
        "insert": _sqlite_add(key, "NEW", 1),
        "update": _sqlite_add(key, "OLD", -1) + _sqlite_add(key, "NEW", 1) + _sqlite_drop_empty(key, "OLD"),
        "delete": _sqlite_add(key, "OLD", -1) + _sqlite_drop_empty(key, "OLD"),
    }
    for event in EVENTS:
        cursor.execute(f"CREATE TRIGGER activity_summary_{event} AFTER {event.upper()} ON partnerships_activity "
                       f"FOR EACH ROW BEGIN {bodies[event]} END;")
    values = _sqlite_values(key, "")
    cursor.execute(
        f"INSERT INTO {TABLE} ({_columns(key)}, {', '.join(VALUES)}) "
        f"SELECT {', '.join(values)}, {', '.join(f'SUM({expr})' for expr in COUNTS.values())}, "
        f"{', '.join(f'SUM({c})' for c in SUMS)} FROM partnerships_activity GROUP BY {', '.join(values)}"
    )


def _sqlite_remove(cursor):
    for event in EVENTS:
        cursor.execute(f"DROP TRIGGER IF EXISTS activity_summary_{event}")


# --- the operations' steps ------------------------------------------------------------------------


def _install(schema_editor, key):
    """Empty the summary, create the triggers for `key` and sum every activity in again."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        if vendor == "postgresql":
            _pg_install(cursor, key)
        elif vendor == "sqlite":
            _sqlite_install(cursor, key)
        else:  # pragma: no cover
            raise NotImplementedError(f"activity summary triggers for {vendor}")


def remove_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            _pg_remove(cursor)
        else:
            _sqlite_remove(cursor)


def remove_triggers_and_rows(apps, schema_editor):
    remove_triggers(apps, schema_editor)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def quarterly(apps, schema_editor):
    _install(schema_editor, QUARTERLY)


def yearly(apps, schema_editor):
    _install(schema_editor, YEARLY)


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0020_report_names_from_reports"),
    ]

    operations = [
        migrations.RunPython(remove_triggers, yearly),
        migrations.RemoveConstraint(model_name="activitysummary", name="activity_summary_key"),
        migrations.AddField(
            model_name="activitysummary",
            name="quarter",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="quý"),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="activitysummary",
            constraint=models.UniqueConstraint(
                fields=("year", "quarter", "partnership", "commune_id", "category", "status"),
                name="activity_summary_key",
            ),
        ),
        migrations.RunPython(quarterly, remove_triggers_and_rows),
    ]
