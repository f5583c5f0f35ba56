"""Once: the database triggers of the year lock, over reports_finalisedreport.

The year lock moved down to partnerships (the table partnerships_lockedyear and its triggers,
partnerships migration 0007): a reports migration no longer puts triggers on partnerships
tables. This migration stays, empty, so that the history of existing databases is unchanged;
on those, reports 0004 copies the locked years and drops the triggers it installed then.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("partnerships", "0002_reference_data"),
    ]

    operations = []
