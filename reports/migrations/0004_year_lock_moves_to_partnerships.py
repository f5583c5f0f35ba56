"""The year lock moves to partnerships (its migration 0007): copy the years that are locked today
(a finalised report not reopened) into partnerships_lockedyear, then drop the triggers that
reports 0002 installed on databases migrated before the move (on new databases they never
existed; DROP ... IF EXISTS is then a no-op).

Backwards: the rows are removed again; the old triggers are not recreated (the partnerships
triggers keep the years locked), so going back below partnerships 0007 is refused.
"""

from django.db import migrations

OLD_TRIGGERS = [
    ("partnerships_activity", "activity"),
    ("partnerships_annualplan", "plan"),
    ("partnerships_plancategorytarget", "plantarget"),
    ("partnerships_partnership", "partnership"),
]
EVENTS = ("insert", "update", "delete")


def copy_locks(apps, schema_editor):
    FinalisedReport = apps.get_model("reports", "FinalisedReport")
    LockedYear = apps.get_model("partnerships", "LockedYear")
    for report in FinalisedReport.objects.filter(reopened_at__isnull=True).order_by("year"):
        LockedYear.objects.get_or_create(
            year=report.year, defaults={"locked_at": report.finalised_at, "locked_by_id": report.finalised_by_id}
        )


def drop_old_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, short in OLD_TRIGGERS:
        for event in EVENTS:
            name = f"ketnghia_lock_{short}_{event}"
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table};", params=None)
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}();", params=None)
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};", params=None)


def remove_copies(apps, schema_editor):
    apps.get_model("partnerships", "LockedYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_role_permissions"),
        ("partnerships", "0007_locked_year"),
    ]

    operations = [
        migrations.RunPython(copy_locks, remove_copies),
        migrations.RunPython(drop_old_triggers),
    ]
