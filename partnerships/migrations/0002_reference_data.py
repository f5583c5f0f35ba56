"""Reference data every installation needs: the unaccent extension (PostgreSQL), the activity
categories named by Directive 16-CT/TU, and the role groups with their model permissions
(definitions in partnerships/reference.py)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from partnerships import reference


def seed_categories(apps, schema_editor):
    reference.seed_categories(apps)


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    reference.create_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
