"""A first version for every row of the models whose history began with migration 0008
(agencies, activity categories, users, role groups): without it the first change after the
upgrade could not say what the row was before ("thiết thực: không → có"). Dated at the upgrade,
by nobody, marked as the baseline. Self-contained: it copies the rows' own columns."""

from django.db import migrations
from django.utils import timezone

REASON = "baseline"
MODELS = [("partnerships", "Agency"), ("partnerships", "ActivityCategory"), ("partnerships", "User"),
          ("auth", "Group")]
SKIPPED = {"password", "last_login"}


def baselines(apps, schema_editor):
    now = timezone.now()
    for app_label, name in MODELS:
        model = apps.get_model(app_label, name)
        history = apps.get_model("partnerships", f"Historical{name}")
        kept = [field.attname for field in history._meta.concrete_fields
                if field.attname not in {"history_id", "history_date", "history_change_reason", "history_type",
                                         "history_user_id"}]
        with_history = set(history.objects.values_list("id", flat=True))
        rows = [
            history(**{attname: getattr(row, attname) for attname in kept if attname not in SKIPPED},
                    history_date=now, history_type="+", history_change_reason=REASON)
            for row in model.objects.all() if row.pk not in with_history
        ]
        history.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0014_data_version"),
    ]

    operations = [migrations.RunPython(baselines, migrations.RunPython.noop)]
