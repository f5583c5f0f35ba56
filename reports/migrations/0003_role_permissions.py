"""Model permissions of the report tables for the role groups (the groups come from partnerships 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Cán bộ tổng hợp cấp tỉnh": {
        "evaluationcriterion": ["view", "add", "change", "delete"],
        "classificationband": ["view", "add", "change", "delete"],
        "classificationoverride": ["view"],
        "finalisedreport": ["view"],
    },
    "Lãnh đạo tỉnh": {m: ["view"] for m in ("evaluationcriterion", "classificationband", "classificationoverride",
                                             "finalisedreport")},
    "Quản trị hệ thống": {m: ["view", "add", "change", "delete"] for m in (
        "evaluationcriterion", "classificationband", "classificationoverride", "finalisedreport")},
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        codenames = [f"{verb}_{model}" for model, verbs in models.items() for verb in verbs]
        group.permissions.add(*Permission.objects.filter(content_type__app_label="reports", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_year_lock_triggers"),
        ("partnerships", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
