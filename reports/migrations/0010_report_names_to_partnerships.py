"""The names on a report now live in partnerships (its migration 0020): drop them from reports'
state only; the tables stay, partnerships' model reads them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0009_report_names'),
        ('partnerships', '0020_report_names_from_reports'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalReportNames'),
                migrations.DeleteModel(name='ReportNames'),
            ],
        ),
    ]
