"""Covering indexes for what the activity list adds up over all its rows (count and money per
quarter; the rows per partnership and per commune behind the sorts by agency and commune), so
that PostgreSQL reads them alone (index-only scans) instead of the whole summary table, which
every activity write updates and which is several times larger than its live rows.

An index-only scan skips the table only for pages the visibility map marks all-visible, which
VACUUM sets: the quarterly summary, small (≈ 54,000 rows at 1 M activities) and updated by every
write, is vacuumed after 2 % of its rows changed instead of PostgreSQL's default 20 %, a fraction
of a second each time. SQLite has no INCLUDE: the indexes are plain ones there."""

from django.db import migrations, models

TABLE = "partnerships_activitysummary"


def vacuum_often(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (autovacuum_vacuum_scale_factor = 0.02, "
                              f"autovacuum_analyze_scale_factor = 0.05)")


def vacuum_as_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (autovacuum_vacuum_scale_factor, "
                              f"autovacuum_analyze_scale_factor)")


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0029_activity_year_summary'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='activitysummary',
            index=models.Index(fields=['year', 'quarter'], include=('n', 'budget_state', 'budget_society', 'budget_in_kind'), name='activity_summary_quarters'),
        ),
        migrations.AddIndex(
            model_name='activitysummary',
            index=models.Index(fields=['partnership'], include=('n',), name='activity_summary_partnership_n'),
        ),
        migrations.AddIndex(
            model_name='activitysummary',
            index=models.Index(fields=['commune_id'], include=('n',), name='activity_summary_commune_n'),
        ),
        migrations.RunPython(vacuum_often, vacuum_as_default),
    ]
