"""Inspections and their recommendations are shown on the dashboard (done / planned, overdue
recommendations): their writes raise the data version too (the trigger partnerships 0014
installs on partnerships' tables), so those figures can be cached under it."""

from django.db import migrations

TABLES = ["inspections_inspection", "inspections_recommendation"]


def pg_trigger(table: str) -> str:
    return (
        f"DROP TRIGGER IF EXISTS ketnghia_data_version ON {table}; "
        f"CREATE CONSTRAINT TRIGGER ketnghia_data_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ketnghia_data_version_bump();"
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(pg_trigger(table))
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS ketnghia_data_version_{table}_{event} AFTER {event.upper()} "
                    f"ON {table} BEGIN UPDATE partnerships_dataversion SET version = version + 1 WHERE id = 1; END;"
                )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS ketnghia_data_version ON {table};")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS ketnghia_data_version_{table}_{event};")


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0001_initial"),
        ("partnerships", "0014_data_version"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
