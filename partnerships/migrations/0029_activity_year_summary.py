"""ActivityYearSummary: the activity summary added up over the quarters, for the dashboards.

The dashboards read whole years (a period cut at a past day reads the activities); over 2021–2026
the quarterly summary gives them ≈ 54,000 rows at a million activities, of which the year,
partnership, commune, category and status make ≈ 2,5 times fewer (docs/performance.md). The pivot
keeps the quarterly summary for its quarters.

Kept by triggers on the summary itself, so it follows whatever keeps the summary (the activity
triggers of 0021/0028, the status changes' triggers of 0028, a rebuild): each statement's (each
row's, on SQLite) new rows added, old rows taken off, and a row left with no activity dropped.
PostgreSQL: statement triggers with transition tables (an upsert of the summary fires both its
INSERT and its UPDATE triggers, each with its own rows); SQLite: row triggers (an upsert that
updates fires the UPDATE trigger). Filled from the summary here. Self-contained: the SQL is
written out, no import of project code.
"""

from django.db import migrations, models
import django.db.models.deletion

SUMMARY = "partnerships_activitysummary"
TABLE = "partnerships_activityyearsummary"
EVENTS = ("insert", "update", "delete")
KEY = ["year", "partnership_id", "commune_id", "category_id", "status"]
VALUES = ["n", "confirmed", "disputed", "budget_state", "budget_society", "budget_in_kind", "households_reached",
          "people_reached", "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty",
          "submitted", "on_time"]
COLUMNS = ", ".join(KEY)
ALL = ", ".join(KEY + VALUES)
ADD = ", ".join(f"{v} = {TABLE}.{v} + excluded.{v}" for v in VALUES)


# --- PostgreSQL ---------------------------------------------------------------------------------

PG_REFERENCING = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}
PG_SOURCES = {"insert": [("new_rows", 1)], "update": [("old_rows", -1), ("new_rows", 1)],
              "delete": [("old_rows", -1)]}


def _pg_body(event: str) -> str:
    delta = " UNION ALL ".join(f"SELECT {COLUMNS}, {sign} AS sign, {', '.join(VALUES)} FROM {source}"
                               for source, sign in PG_SOURCES[event])
    sums = ", ".join(f"SUM(sign * {v})::bigint" for v in VALUES)
    nonzero = " OR ".join(f"SUM(sign * {v}) <> 0" for v in VALUES)
    upsert = (f"INSERT INTO {TABLE} ({ALL}) SELECT {COLUMNS}, {sums} FROM ({delta}) d GROUP BY {COLUMNS} "
              f"HAVING {nonzero} ORDER BY {COLUMNS} ON CONFLICT ({COLUMNS}) DO UPDATE SET {ADD};")
    return upsert + ("" if event == "insert" else f" DELETE FROM {TABLE} WHERE n = 0;")


def _pg_install(cursor):
    for event in EVENTS:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION ketnghia_year_summary_{event}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {_pg_body(event)} RETURN NULL; END $$; "
            f"CREATE TRIGGER year_summary_{event} AFTER {event.upper()} ON {SUMMARY} "
            f"{PG_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION ketnghia_year_summary_{event}();"
        )


def _pg_remove(cursor):
    for event in EVENTS:
        cursor.execute(f"DROP TRIGGER IF EXISTS year_summary_{event} ON {SUMMARY}; "
                       f"DROP FUNCTION IF EXISTS ketnghia_year_summary_{event}();")


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_add(row: str, sign: int) -> str:
    values = [f"{row}.{k}" for k in KEY] + [f"{sign} * {row}.{v}" for v in VALUES]
    return f"INSERT INTO {TABLE} ({ALL}) VALUES ({', '.join(values)}) ON CONFLICT ({COLUMNS}) DO UPDATE SET {ADD};"


def _sqlite_drop_empty(row: str) -> str:
    return f"DELETE FROM {TABLE} WHERE n = 0 AND " + " AND ".join(f"{k} = {row}.{k}" for k in KEY) + ";"


SQLITE_BODIES = {
    "insert": _sqlite_add("NEW", 1),
    "update": _sqlite_add("OLD", -1) + _sqlite_add("NEW", 1) + _sqlite_drop_empty("OLD") + _sqlite_drop_empty("NEW"),
    "delete": _sqlite_add("OLD", -1) + _sqlite_drop_empty("OLD"),
}


def _sqlite_install(cursor):
    for event in EVENTS:
        cursor.execute(f"CREATE TRIGGER year_summary_{event} AFTER {event.upper()} ON {SUMMARY} "
                       f"FOR EACH ROW BEGIN {SQLITE_BODIES[event]} END;")


def _sqlite_remove(cursor):
    for event in EVENTS:
        cursor.execute(f"DROP TRIGGER IF EXISTS year_summary_{event}")


# --- the operations' steps ------------------------------------------------------------------------


def install(apps, schema_editor):
    """The triggers, and the table filled from the summary as it is."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            _pg_install(cursor)
        elif vendor == "sqlite":
            _sqlite_install(cursor)
        else:  # pragma: no cover
            raise NotImplementedError(f"year summary triggers for {vendor}")
        cursor.execute(f"INSERT INTO {TABLE} ({ALL}) SELECT {COLUMNS}, {', '.join(f'SUM({v})' for v in VALUES)} "
                       f"FROM {SUMMARY} GROUP BY {COLUMNS}")
        if vendor == "postgresql":
            # Statistics at once: until autovacuum analyzed the new table, the dashboards' plans
            # guessed its rows and a cold six-year view read it in 450 ms of SQL instead of 150.
            cursor.execute(f"ANALYZE {TABLE}")


def remove(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            _pg_remove(cursor)
        else:
            _sqlite_remove(cursor)


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0028_activity_summary_on_time'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityYearSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commune_id', models.IntegerField(default=0, verbose_name='xã')),
                ('status', models.CharField(choices=[('draft', 'Nháp'), ('submitted', 'Chờ duyệt'), ('returned', 'Bị trả lại'), ('approved', 'Đã duyệt')], max_length=10, verbose_name='trạng thái')),
                ('n', models.BigIntegerField(default=0, verbose_name='số hoạt động')),
                ('confirmed', models.BigIntegerField(default=0, verbose_name='số hoạt động được xác nhận')),
                ('disputed', models.BigIntegerField(default=0, verbose_name='số hoạt động bị phản ánh')),
                ('budget_state', models.BigIntegerField(default=0, verbose_name='ngân sách nhà nước (đồng)')),
                ('budget_society', models.BigIntegerField(default=0, verbose_name='xã hội hóa (đồng)')),
                ('budget_in_kind', models.BigIntegerField(default=0, verbose_name='hiện vật quy đổi (đồng)')),
                ('households_reached', models.BigIntegerField(default=0, verbose_name='số hộ được hỗ trợ')),
                ('people_reached', models.BigIntegerField(default=0, verbose_name='số người được hỗ trợ')),
                ('ethnic_minority_people', models.BigIntegerField(default=0, verbose_name='trong đó người dân tộc thiểu số')),
                ('people_trained', models.BigIntegerField(default=0, verbose_name='số người được đào tạo, bồi dưỡng')),
                ('jobs_created', models.BigIntegerField(default=0, verbose_name='số việc làm tạo ra')),
                ('households_out_of_poverty', models.BigIntegerField(default=0, verbose_name='số hộ thoát nghèo')),
                ('submitted', models.BigIntegerField(db_default=0, default=0, verbose_name='số hoạt động đã gửi duyệt')),
                ('on_time', models.BigIntegerField(db_default=0, default=0, verbose_name='số hoạt động gửi duyệt đúng hạn')),
                ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                ('category', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnerships.activitycategory', verbose_name='loại hoạt động')),
                ('partnership', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnerships.partnership', verbose_name='quan hệ kết nghĩa')),
            ],
            options={
                'verbose_name': 'tổng hợp hoạt động theo năm',
                'verbose_name_plural': 'tổng hợp hoạt động theo năm',
                'indexes': [models.Index(fields=['status', 'year'], name='activity_year_summary_status'), models.Index(condition=models.Q(('n', 0)), fields=['n'], name='activity_year_summary_empty')],
                'constraints': [models.UniqueConstraint(fields=('year', 'partnership', 'commune_id', 'category', 'status'), name='activity_year_summary_key')],
            },
        ),
        migrations.RunPython(install, remove),
    ]
