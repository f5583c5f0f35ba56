"""Indexes that keep the activity list fast at a million rows.

- PostgreSQL gets `ketnghia_fold(text)`, an IMMUTABLE wrapper of `lower(unaccent(...))` (unaccent
  itself is only STABLE, so it cannot be indexed or stored), a stored generated column
  `search_text` = the folded title and description (PostgreSQL computes it on every write; Django's
  model does not know it), and a trigram (pg_trgm) GIN index on it: the list's diacritic-free
  search (`LIKE '%bo%'`) reads the index and rechecks the stored text instead of folding every
  row (folding the 10,000 candidates of a search again in the recheck cost 0,6 s at 1 M rows).
  Adding the column rewrites the table once (about a minute at a million rows); the triggers stay.
  SQLite has a Python function of the same name (common.apps), no column and no such index.
- the total money (and id): the list's "by money" sort reads the first page from an index instead
  of sorting every row (the default order already has start_date's index).

No column is added through Django, so SQLite never rebuilds the activity table (a rebuild would
drop the summary and year-lock triggers; tests/partnerships/web/activities/test_list_at_scale.py
checks they are there). Self-contained: the SQL is written out here (SQLite's form of the search
expression is partnerships.selectors.activities.SearchText).
"""

from django.db import migrations, models

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION ketnghia_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
"""
SEARCH_COLUMN = (
    "ALTER TABLE partnerships_activity ADD COLUMN IF NOT EXISTS search_text text "
    "GENERATED ALWAYS AS (ketnghia_fold(title || ' ' || description)) STORED;"
)
SEARCH_INDEX = "CREATE INDEX IF NOT EXISTS activity_search_trgm ON partnerships_activity USING gin (search_text gin_trgm_ops);"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    schema_editor.execute(FOLD_FUNCTION)
    schema_editor.execute(SEARCH_COLUMN)
    schema_editor.execute(SEARCH_INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS activity_search_trgm;")
    schema_editor.execute("ALTER TABLE partnerships_activity DROP COLUMN IF EXISTS search_text;")
    schema_editor.execute("DROP FUNCTION IF EXISTS ketnghia_fold(text);")


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0010_reform_repointing_and_agency_successors"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                models.F("budget_state") + models.F("budget_society") + models.F("budget_in_kind"), "id",
                name="activity_money_id",
            ),
        ),
    ]
