"""DataVersion: one row the database raises once per committed transaction that changed what the
dashboards and the list's figures aggregate, so that cached figures filed under the old number are
never read again (partnerships/selectors/cache.py).

PostgreSQL: a deferred constraint trigger, so the row is updated at COMMIT, once per transaction
(a transaction-local setting remembers that it was done). Updating it at the first write instead
would hold the row's lock, and so block every other writer, for the rest of a long import; at
commit the lock lasts a moment. Why at commit is also correct: the number a reader sees is never
newer than the data it then reads (both are committed together, the number read first), so a
figure is never filed under a number its data is older than.
SQLite: a row trigger per table and event (SQLite has one writer at a time anyway).

Self-contained: the SQL is written out here; reports 0008 adds the same trigger on its tables.
"""

from django.db import migrations, models

TABLES = [
    "partnerships_activity", "partnerships_activitystatuschange", "partnerships_partnership", "partnerships_agency",
    "partnerships_administrativeunit", "partnerships_activitycategory", "partnerships_annualplan",
    "partnerships_plancategorytarget", "partnerships_developmentmodel", "partnerships_lockedyear",
    "partnerships_unitsuccession",
]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ketnghia_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ketnghia.data_version_bumped', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('ketnghia.data_version_bumped', txid_current()::text, true);
  UPDATE partnerships_dataversion SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
"""


def pg_trigger(table: str) -> str:
    return (
        f"DROP TRIGGER IF EXISTS ketnghia_data_version ON {table}; "
        f"CREATE CONSTRAINT TRIGGER ketnghia_data_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ketnghia_data_version_bump();"
    )


def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS ketnghia_data_version_{table}_{event} AFTER {event.upper()} ON {table} "
        f"BEGIN UPDATE partnerships_dataversion SET version = version + 1 WHERE id = 1; END;"
        for event in ("insert", "update", "delete")
    ]


def install(schema_editor, tables):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in tables:
            schema_editor.execute(pg_trigger(table))
    elif vendor == "sqlite":
        for table in tables:
            for statement in sqlite_triggers(table):
                schema_editor.execute(statement)
    else:  # pragma: no cover
        raise NotImplementedError(f"data version triggers for {vendor}")


def uninstall(schema_editor, tables):
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS ketnghia_data_version ON {table};")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS ketnghia_data_version_{table}_{event};")


def forwards(apps, schema_editor):
    apps.get_model("partnerships", "DataVersion").objects.create(pk=1, version=1)
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0013_locality_confirmations"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0, verbose_name="phiên bản dữ liệu")),
            ],
            options={"verbose_name": "phiên bản dữ liệu", "verbose_name_plural": "phiên bản dữ liệu"},
        ),
        migrations.RunPython(forwards, backwards),
    ]
