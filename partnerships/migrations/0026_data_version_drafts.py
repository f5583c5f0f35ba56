"""Writes to activities that no figure counts raise `DataVersion.drafts`, not `version`.

Every dashboard, district and agency figure counts approved activities (and submitted ones on
request); drafts and returned activities never count (docs/dashboard.md). Before this, an
officer saving forty drafts raised the one data version forty times, and each time every
leader's cached dashboard became unreachable. Now a transaction raises `version` (what the
figures are filed under) only if some row it changed, before or after the change, is in a
counted status (submitted, approved), or it wrote any other table; otherwise it raises `drafts`.
The lists, which show drafts, are filed under both (partnerships/selectors/cache.py).

PostgreSQL: the activity and status-change tables get their own deferred constraint trigger
function (the other tables keep 0014's); each raises `version` at most once per transaction
and `drafts` at most once, and not at all once `version` was raised in the transaction (either
number changing makes the lists' entries unreachable). SQLite: one row trigger per event adds
the condition to one column or the other.

Self-contained: the SQL is written out here.
"""

from django.db import migrations, models

COUNTED = "('submitted', 'approved')"
# table → the condition, over NEW and OLD, that the changed row is or was counted.
TABLES = {
    "partnerships_activity": ("NEW.status IN {c}", "OLD.status IN {c}"),
    "partnerships_activitystatuschange": ("(NEW.from_status IN {c} OR NEW.to_status IN {c})",
                                          "(OLD.from_status IN {c} OR OLD.to_status IN {c})"),
}

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION ketnghia_data_version_raise(counted boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tx text := txid_current()::text;
BEGIN
  IF current_setting('ketnghia.data_version_bumped', true) = tx THEN
    RETURN;
  END IF;
  IF counted THEN
    PERFORM set_config('ketnghia.data_version_bumped', tx, true);
    UPDATE partnerships_dataversion SET version = version + 1 WHERE id = 1;
  ELSIF current_setting('ketnghia.data_version_drafts', true) IS DISTINCT FROM tx THEN
    PERFORM set_config('ketnghia.data_version_drafts', tx, true);
    UPDATE partnerships_dataversion SET drafts = drafts + 1 WHERE id = 1;
  END IF;
END $$;
"""


def pg_function(table: str) -> str:
    new, old = (condition.format(c=COUNTED) for condition in TABLES[table])
    return f"""
CREATE OR REPLACE FUNCTION ketnghia_data_version_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ketnghia_data_version_raise(
    (TG_OP <> 'DELETE' AND COALESCE({new}, false)) OR (TG_OP <> 'INSERT' AND COALESCE({old}, false)));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS ketnghia_data_version ON {table};
CREATE CONSTRAINT TRIGGER ketnghia_data_version AFTER INSERT OR UPDATE OR DELETE ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ketnghia_data_version_{table}();
"""


def pg_restore(table: str) -> str:  # 0014's trigger
    return (
        f"DROP TRIGGER IF EXISTS ketnghia_data_version ON {table}; "
        f"DROP FUNCTION IF EXISTS ketnghia_data_version_{table}(); "
        f"CREATE CONSTRAINT TRIGGER ketnghia_data_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ketnghia_data_version_bump();"
    )


def sqlite_triggers(table: str, conditional: bool) -> list[str]:
    new, old = (condition.format(c=COUNTED) for condition in TABLES[table])
    counted = {"insert": new, "update": f"({new} OR {old})", "delete": old}
    statements = []
    for event in ("insert", "update", "delete"):
        name = f"ketnghia_data_version_{table}_{event}"
        if conditional:
            c = f"COALESCE({counted[event]}, 0)"
            body = f"UPDATE partnerships_dataversion SET version = version + {c}, drafts = drafts + (1 - {c}) WHERE id = 1;"
        else:
            body = "UPDATE partnerships_dataversion SET version = version + 1 WHERE id = 1;"
        statements += [f"DROP TRIGGER IF EXISTS {name};",
                       f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} BEGIN {body} END;"]
    return statements


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS)
        for table in TABLES:
            schema_editor.execute(pg_function(table))
    else:
        for table in TABLES:
            for statement in sqlite_triggers(table, conditional=True):
                schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(pg_restore(table))
        else:
            for statement in sqlite_triggers(table, conditional=False):
                schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS ketnghia_data_version_raise(boolean);")


class Migration(migrations.Migration):

    dependencies = [
        ("partnerships", "0025_activity_commune_help_after_reform"),
    ]

    operations = [
        # ADD COLUMN in place: on SQLite, Django's AddField would rebuild the table, and renaming
        # the rebuilt table fails on the triggers of every table that update it.
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                "ALTER TABLE partnerships_dataversion ADD COLUMN drafts bigint NOT NULL DEFAULT 0",
                "ALTER TABLE partnerships_dataversion DROP COLUMN drafts",
            )],
            state_operations=[migrations.AddField(
                model_name="dataversion",
                name="drafts",
                field=models.BigIntegerField(default=0, verbose_name="phiên bản của hoạt động chưa tính"),
            )],
        ),
        migrations.RunPython(forwards, backwards),
    ]
