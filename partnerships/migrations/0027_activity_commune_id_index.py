"""An index for the activity list's pages sorted by commune: a page inside one commune's rows
reads them in id order (`partnerships.selectors.activities.name_spans`, `CountedPaginator`'s
`within`), which the commune's own index does not give; at 1 M activities the planner walked the
primary key instead, testing ~30,000 rows to find the 50 of a commune of 1,500 (docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0026_data_version_drafts'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='activity',
            index=models.Index(fields=['commune', 'id'], name='activity_commune_id_id'),
        ),
    ]
