"""ActivitySummary counts the activities with a submission on record (`submitted`) and those
first submitted on time (`on_time`): the evaluation's "reports on time" (reports/selectors.py
on_time_by_agency) reads a few summary rows instead of probing the submissions of every activity
of the year (≈ 45 ms of a cold agency page at 1 M activities; docs/performance.md).

An activity counts in `submitted` when some status change moves it to "submitted", in `on_time`
when one of them is dated (Vietnam's day) within ON_TIME_DAYS of the activity's end (its start
without an end): the first submission is on time exactly when some submission is.

Both depend on two tables, so two sets of triggers keep them, each reading the other table as it
is now:
- the activity triggers (0021's, with the two flags added to each row's contribution, read from
  the activity's current submissions);
- new triggers on the status changes: for each activity whose submissions changed, its flags now
  minus its flags before (the submissions now, less the statement's new rows, plus its old ones),
  added to the summary row the activity is counted in. An activity not (yet) in the table (its
  status changes written first) is left to its own insert.
Whatever the order of the writes, the summary row holds the flags of its activities over their
current submissions (tests/partnerships/models/test_summary.py).

Vietnam's day: PostgreSQL `AT TIME ZONE 'Asia/Ho_Chi_Minh'` (settings.TIME_ZONE), SQLite UTC + 7
hours (Django stores UTC there; Vietnam has kept UTC+7 without daylight saving since 1975).

The activity triggers are dropped before the table changes (SQLite rebuilds it to add columns) and
installed again with the flags, the table rebuilt from the activities; going back installs 0021's.
Self-contained: the SQL is written out here, no import of 0021 or of project code.
"""

from django.db import migrations, models

TABLE = "partnerships_activitysummary"
CHANGES = "partnerships_activitystatuschange"
EVENTS = ("insert", "update", "delete")
ON_TIME_DAYS = 30  # reports/selectors.py ON_TIME_DAYS
COUNTS = {"n": "1", "confirmed": "(confirmation_status = 'confirmed')", "disputed": "(confirmation_status = 'disputed')"}
SUMS = ["budget_state", "budget_society", "budget_in_kind", "households_reached", "people_reached",
        "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty"]
FLAGS = ["submitted", "on_time"]

# The key: (summary column, its value on PostgreSQL from an activity row, on SQLite from `{row}`).
KEY = [
    ("year", "EXTRACT(YEAR FROM {row}start_date)::int", "CAST(strftime('%Y', {row}start_date) AS INTEGER)"),
    ("quarter", "EXTRACT(QUARTER FROM {row}start_date)::int",
     "(CAST(strftime('%m', {row}start_date) AS INTEGER) + 2) / 3"),
    ("partnership_id", "{row}partnership_id", "{row}partnership_id"),
    ("commune_id", "COALESCE({row}commune_id, 0)", "COALESCE({row}commune_id, 0)"),
    ("category_id", "{row}category_id", "{row}category_id"),
    ("status", "{row}status", "{row}status"),
]
COLUMNS = ", ".join(column for column, _pg, _sqlite in KEY)


def _values(flags: bool) -> list[str]:
    return list(COUNTS) + SUMS + (FLAGS if flags else [])


def _update_set(flags: bool) -> str:
    return ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in _values(flags))


# The condition on a submission `s` of activity `a` for each flag (PostgreSQL, SQLite).
PG_FLAG = {
    "submitted": "{s}.to_status = 'submitted'",
    "on_time": "{s}.to_status = 'submitted' AND ({s}.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
               f" <= COALESCE({{a}}end_date, {{a}}start_date) + {ON_TIME_DAYS}",
}
SQLITE_FLAG = {
    "submitted": "{s}.to_status = 'submitted'",
    "on_time": "{s}.to_status = 'submitted' AND date({s}.created_at, '+7 hours')"
               f" <= date(COALESCE({{a}}end_date, {{a}}start_date), '+{ON_TIME_DAYS} days')",
}


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_flag_now(flag: str, a: str) -> str:
    """Whether activity row `a` has a submission meeting `flag` now (the partial index of 0022)."""
    condition = PG_FLAG[flag].format(s="s", a=f"{a}.")
    return f"EXISTS (SELECT 1 FROM {CHANGES} s WHERE s.activity_id = {a}.id AND {condition})::int"


def _pg_delta(source: str, sign: int, flags: bool) -> str:
    return (
        "SELECT " + ", ".join(f"{pg.format(row='r.')} AS {column}" for column, pg, _sqlite in KEY)
        + f", {sign} AS sign, "
        + ", ".join(f"{expr}::int AS {name}" for name, expr in COUNTS.items()) + ", "
        + ", ".join(f"r.{c}" for c in SUMS)
        + "".join(f", {_pg_flag_now(flag, 'r')} AS {flag}" for flag in (FLAGS if flags else []))
        + f" FROM {source} r"
    )


def _pg_upsert(delta: str, flags: bool) -> str:
    values = _values(flags)
    sums = ", ".join(f"SUM(sign * {c})::bigint" for c in values)
    nonzero = " OR ".join(f"SUM(sign * {c}) <> 0" for c in values)
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}, {', '.join(values)}) "
        f"SELECT {COLUMNS}, {sums} FROM ({delta}) d GROUP BY {COLUMNS} HAVING {nonzero} ORDER BY {COLUMNS} "
        f"ON CONFLICT ({COLUMNS}) DO UPDATE SET {_update_set(flags)};"
    )


PG_REFERENCING = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_activity_triggers(cursor, flags: bool):
    deltas = {
        "insert": _pg_delta("new_rows", 1, flags),
        "update": _pg_delta("old_rows", -1, flags) + " UNION ALL " + _pg_delta("new_rows", 1, flags),
        "delete": _pg_delta("old_rows", -1, flags),
    }
    for event in EVENTS:
        body = _pg_upsert(deltas[event], flags) + ("" if event == "insert" else f" DELETE FROM {TABLE} WHERE n = 0;")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION ketnghia_activity_summary_{event}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$; "
            f"CREATE TRIGGER activity_summary_{event} AFTER {event.upper()} ON partnerships_activity "
            f"{PG_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION ketnghia_activity_summary_{event}();"
        )


def _pg_changes_body(event: str) -> str:
    """For each activity whose submissions the statement changed: flag now − flag before, where
    the count of its submissions meeting a flag before = now − the statement's new rows + its old
    ones (counts, so that a statement of a million rows stays one pass)."""
    sources = [(table, sign) for table, sign, events in (("new_rows", 1, ("insert", "update")),
                                                         ("old_rows", -1, ("update", "delete"))) if event in events]
    moved = " UNION ALL ".join(
        f"SELECT activity_id, created_at, to_status, {sign} AS sign FROM {table} WHERE to_status = 'submitted'"
        for table, sign in sources
    )
    changed = ", ".join(
        f"SUM(c.sign * ({PG_FLAG[flag].format(s='c', a='a.')})::int) AS {flag}_moved" for flag in FLAGS
    )
    now = ", ".join(
        f"(SELECT count(*) FROM {CHANGES} s WHERE s.activity_id = a.id AND {PG_FLAG[flag].format(s='s', a='a.')})"
        f" AS {flag}_now" for flag in FLAGS
    )
    key = ", ".join(f"{pg.format(row='a.')} AS {column}" for column, pg, _sqlite in KEY)
    deltas = ", ".join(f"SUM((f.{flag}_now > 0)::int - (f.{flag}_now - f.{flag}_moved > 0)::int) AS {flag}"
                       for flag in FLAGS)
    match = " AND ".join(f"t.{column} = d.{column}" for column, _pg, _sqlite in KEY)
    return (
        f"UPDATE {TABLE} t SET " + ", ".join(f"{flag} = t.{flag} + d.{flag}" for flag in FLAGS)
        + f" FROM (SELECT {', '.join(f'f.{column}' for column, _pg, _s in KEY)}, {deltas} FROM ("
        f"SELECT {key}, m.*, {now} FROM (SELECT c.activity_id, {changed} FROM ({moved}) c "
        f"JOIN partnerships_activity a ON a.id = c.activity_id GROUP BY c.activity_id) m "
        f"JOIN partnerships_activity a ON a.id = m.activity_id) f GROUP BY {COLUMNS}) d "
        f"WHERE {match} AND (d.submitted <> 0 OR d.on_time <> 0);"
    )


def _pg_install(cursor, flags: bool):
    _pg_activity_triggers(cursor, flags)
    if flags:
        for event in EVENTS:
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION ketnghia_submission_summary_{event}() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {_pg_changes_body(event)} RETURN NULL; END $$; "
                f"CREATE TRIGGER submission_summary_{event} AFTER {event.upper()} ON {CHANGES} "
                f"{PG_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION ketnghia_submission_summary_{event}();"
            )
    values = _values(flags)
    cursor.execute(
        f"INSERT INTO {TABLE} ({COLUMNS}, {', '.join(values)}) "
        f"SELECT {COLUMNS}, {', '.join(f'SUM({c})' for c in values)} "
        f"FROM ({_pg_delta('partnerships_activity', 1, flags)}) d GROUP BY {COLUMNS}"
    )


def _pg_remove(cursor):
    for event in EVENTS:
        cursor.execute(f"DROP TRIGGER IF EXISTS activity_summary_{event} ON partnerships_activity; "
                       f"DROP FUNCTION IF EXISTS ketnghia_activity_summary_{event}(); "
                       f"DROP TRIGGER IF EXISTS submission_summary_{event} ON {CHANGES}; "
                       f"DROP FUNCTION IF EXISTS ketnghia_submission_summary_{event}();")


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_key(row: str) -> list[str]:
    return [sqlite.format(row=row) for _column, _pg, sqlite in KEY]


def _sqlite_flag_now(flag: str, a: str) -> str:
    condition = SQLITE_FLAG[flag].format(s="s", a=f"{a}.")
    return f"EXISTS (SELECT 1 FROM {CHANGES} s WHERE s.activity_id = {a}.id AND {condition})"


def _sqlite_add(row: str, sign: int, flags: bool) -> str:
    values = _sqlite_key(f"{row}.") + [
        f"{sign} * {expr.replace('confirmation_status', f'{row}.confirmation_status')}" for expr in COUNTS.values()
    ] + [f"{sign} * {row}.{c}" for c in SUMS] + [
        f"{sign} * {_sqlite_flag_now(flag, row)}" for flag in (FLAGS if flags else [])
    ]
    return (
        f"INSERT INTO {TABLE} ({COLUMNS}, {', '.join(_values(flags))}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({COLUMNS}) DO UPDATE SET {_update_set(flags)};"
    )


def _sqlite_drop_empty(row: str) -> str:
    match = " AND ".join(f"{column} = {value}" for (column, _pg, _s), value in zip(KEY, _sqlite_key(f"{row}.")))
    return f"DELETE FROM {TABLE} WHERE n = 0 AND {match};"


def _sqlite_changes_update(activity: str, rows: tuple[str, ...], when: str = "") -> str:
    """The summary row of activity `activity` (an id expression) takes its flags now minus its
    flags before: the count meeting a flag before = now − NEW (if it is this activity's) + OLD."""
    a = "a."
    sets = []
    for flag in FLAGS:
        now = f"(SELECT count(*) FROM {CHANGES} s WHERE s.activity_id = a.id AND {SQLITE_FLAG[flag].format(s='s', a=a)})"
        moved = " ".join(
            f"{'+' if row == 'NEW' else '-'} ({row}.activity_id = a.id AND {SQLITE_FLAG[flag].format(s=row, a=a)})"
            for row in rows
        )
        sets.append(f"{flag} = {flag} + (SELECT ({now} > 0) - ({now} - (0 {moved}) > 0) "
                    f"FROM partnerships_activity a WHERE a.id = {activity})")
    key = ", ".join(_sqlite_key(a))
    return (f"UPDATE {TABLE} SET {', '.join(sets)} WHERE {when}({COLUMNS}) = "
            f"(SELECT {key} FROM partnerships_activity a WHERE a.id = {activity});")


def _sqlite_install(cursor, flags: bool):
    bodies = {
        "insert": _sqlite_add("NEW", 1, flags),
        "update": _sqlite_add("OLD", -1, flags) + _sqlite_add("NEW", 1, flags) + _sqlite_drop_empty("OLD"),
        "delete": _sqlite_add("OLD", -1, flags) + _sqlite_drop_empty("OLD"),
    }
    for event in EVENTS:
        cursor.execute(f"CREATE TRIGGER activity_summary_{event} AFTER {event.upper()} ON partnerships_activity "
                       f"FOR EACH ROW BEGIN {bodies[event]} END;")
    if flags:
        changes = {
            "insert": ("NEW.to_status = 'submitted'", _sqlite_changes_update("NEW.activity_id", ("NEW",))),
            "update": ("NEW.to_status = 'submitted' OR OLD.to_status = 'submitted'",
                       _sqlite_changes_update("OLD.activity_id", ("NEW", "OLD"))
                       + _sqlite_changes_update("NEW.activity_id", ("NEW", "OLD"),
                                                "NEW.activity_id <> OLD.activity_id AND ")),
            "delete": ("OLD.to_status = 'submitted'", _sqlite_changes_update("OLD.activity_id", ("OLD",))),
        }
        for event, (when, body) in changes.items():
            cursor.execute(f"CREATE TRIGGER submission_summary_{event} AFTER {event.upper()} ON {CHANGES} "
                           f"FOR EACH ROW WHEN {when} BEGIN {body} END;")
    key = _sqlite_key("a.")
    counts = [f"SUM({expr.replace('confirmation_status', 'a.confirmation_status')})" for expr in COUNTS.values()]
    cursor.execute(
        f"INSERT INTO {TABLE} ({COLUMNS}, {', '.join(_values(flags))}) "
        f"SELECT {', '.join(key)}, {', '.join(counts)}, {', '.join(f'SUM(a.{c})' for c in SUMS)}"
        + "".join(f", SUM({_sqlite_flag_now(flag, 'a')})" for flag in (FLAGS if flags else []))
        + f" FROM partnerships_activity a GROUP BY {', '.join(key)}"
    )


def _sqlite_remove(cursor):
    for event in EVENTS:
        cursor.execute(f"DROP TRIGGER IF EXISTS activity_summary_{event}")
        cursor.execute(f"DROP TRIGGER IF EXISTS submission_summary_{event}")


# --- the operations' steps ------------------------------------------------------------------------


def _install(schema_editor, flags: bool):
    """Empty the summary, create the triggers (with the flags or 0021's) and sum every activity in again."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        if vendor == "postgresql":
            _pg_install(cursor, flags)
        elif vendor == "sqlite":
            _sqlite_install(cursor, flags)
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


def with_flags(apps, schema_editor):
    _install(schema_editor, True)


def without_flags(apps, schema_editor):  # 0021's triggers
    _install(schema_editor, False)


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0027_activity_commune_id_index"),
    ]

    operations = [
        migrations.RunPython(remove_triggers, without_flags),
        migrations.AddField(
            model_name="activitysummary",
            name="submitted",
            field=models.BigIntegerField(db_default=0, default=0, verbose_name="số hoạt động đã gửi duyệt"),
        ),
        migrations.AddField(
            model_name="activitysummary",
            name="on_time",
            field=models.BigIntegerField(db_default=0, default=0, verbose_name="số hoạt động gửi duyệt đúng hạn"),
        ),
        migrations.RunPython(with_flags, remove_triggers_and_rows),
    ]
