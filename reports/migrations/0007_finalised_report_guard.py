"""The finalised report and its lock guard themselves in the database (issue 11).

Before: deleting the `FinalisedReport` row or the `LockedYear` row (shell, SQL) silently unlocked
the year, and an UPDATE could rewrite the stored files and figures. Now, on every path:

- reports_finalisedreport: DELETE is refused while the report's year is locked; UPDATE is refused
  except the reopen (reopened_at, reopened_by, reopen_reason filled in once, nothing else changed),
  which is what `reports.services.finalise.reopen_year` writes;
- partnerships_lockedyear: DELETE is refused while a report of that year has not been reopened
  (the reopen service records the reopen first, then removes the lock), and its year never changes;
- PostgreSQL: TRUNCATE of the locked tables (activities, plans, targets, partnerships), of the lock
  and of the reports is refused while any year is locked (SQLite has no TRUNCATE; its DELETE is
  held by the row triggers).

The message carries the year lock's marker, so the portal explains it like the other lock errors.
Self-contained: the SQL is written out here.
"""

from django.db import migrations

MARKER = "ketnghia_year_locked"
MESSAGE = "Báo cáo năm đã chốt số liệu chỉ được mở lại qua chức năng mở lại năm; không thể xóa hay sửa"

UNCHANGED = ("year", "version", "figures", "xlsx", "docx", "xlsx_sha256", "docx_sha256", "figures_sha256",
             "finalised_by_id", "finalised_at")
TRUNCATE_GUARDED = ("partnerships_activity", "partnerships_annualplan", "partnerships_plancategorytarget",
                    "partnerships_partnership", "partnerships_lockedyear", "reports_finalisedreport")

# --- PostgreSQL ----------------------------------------------------------------------------

PG_REOPEN_ONLY = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in UNCHANGED)


def _pg_raise(detail: str) -> str:
    return f"RAISE EXCEPTION '{MARKER}: %: {MESSAGE} ({detail}).', OLD.year USING ERRCODE = 'restrict_violation';"


PG_FORWARD = [
    f"""
CREATE OR REPLACE FUNCTION ketnghia_finalised_report_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM partnerships_lockedyear f WHERE f.year = OLD.year) THEN
      {_pg_raise("xóa")}
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.reopened_at IS NULL AND NEW.reopened_at IS NOT NULL AND NEW.reopened_by_id IS NOT NULL
     AND NEW.reopen_reason <> '' AND {PG_REOPEN_ONLY} THEN
    RETURN NEW;
  END IF;
  {_pg_raise("sửa")}
END $$;""",
    "CREATE TRIGGER ketnghia_finalised_report_guard BEFORE UPDATE OR DELETE ON reports_finalisedreport "
    "FOR EACH ROW EXECUTE FUNCTION ketnghia_finalised_report_guard();",
    f"""
CREATE OR REPLACE FUNCTION ketnghia_locked_year_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.year = OLD.year THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM reports_finalisedreport r WHERE r.year = OLD.year AND r.reopened_at IS NULL) THEN
    {_pg_raise("mở khóa")}
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;""",
    "CREATE TRIGGER ketnghia_locked_year_guard BEFORE UPDATE OR DELETE ON partnerships_lockedyear "
    "FOR EACH ROW EXECUTE FUNCTION ketnghia_locked_year_guard();",
    f"""
CREATE OR REPLACE FUNCTION ketnghia_yearlock_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE locked_year integer;
BEGIN
  SELECT f.year INTO locked_year FROM partnerships_lockedyear f ORDER BY f.year LIMIT 1;
  IF locked_year IS NOT NULL THEN
    RAISE EXCEPTION '{MARKER}: %: Năm đã chốt số liệu báo cáo; không thể xóa toàn bộ bảng (%).',
      locked_year, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NULL;
END $$;""",
    *(f"CREATE TRIGGER ketnghia_yearlock_truncate BEFORE TRUNCATE ON {table} "
      "FOR EACH STATEMENT EXECUTE FUNCTION ketnghia_yearlock_truncate();" for table in TRUNCATE_GUARDED),
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS ketnghia_finalised_report_guard ON reports_finalisedreport;",
    "DROP FUNCTION IF EXISTS ketnghia_finalised_report_guard();",
    "DROP TRIGGER IF EXISTS ketnghia_locked_year_guard ON partnerships_lockedyear;",
    "DROP FUNCTION IF EXISTS ketnghia_locked_year_guard();",
    *(f"DROP TRIGGER IF EXISTS ketnghia_yearlock_truncate ON {table};" for table in TRUNCATE_GUARDED),
    "DROP FUNCTION IF EXISTS ketnghia_yearlock_truncate();",
]

# --- SQLite --------------------------------------------------------------------------------

SQ_REOPEN_ONLY = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in UNCHANGED)
SQ_RAISE = f"BEGIN SELECT RAISE(ABORT, '{MARKER}: {MESSAGE}.'); END;"

SQ_FORWARD = [
    "CREATE TRIGGER ketnghia_finalised_report_delete BEFORE DELETE ON reports_finalisedreport "
    f"WHEN EXISTS (SELECT 1 FROM partnerships_lockedyear f WHERE f.year = OLD.year) {SQ_RAISE}",
    "CREATE TRIGGER ketnghia_finalised_report_update BEFORE UPDATE ON reports_finalisedreport "
    "WHEN NOT (OLD.reopened_at IS NULL AND NEW.reopened_at IS NOT NULL AND NEW.reopened_by_id IS NOT NULL "
    f"AND NEW.reopen_reason <> '' AND {SQ_REOPEN_ONLY}) {SQ_RAISE}",
    "CREATE TRIGGER ketnghia_locked_year_delete BEFORE DELETE ON partnerships_lockedyear "
    "WHEN EXISTS (SELECT 1 FROM reports_finalisedreport r WHERE r.year = OLD.year AND r.reopened_at IS NULL) "
    f"{SQ_RAISE}",
    "CREATE TRIGGER ketnghia_locked_year_update BEFORE UPDATE OF year ON partnerships_lockedyear "
    "WHEN NEW.year <> OLD.year AND EXISTS (SELECT 1 FROM reports_finalisedreport r WHERE r.year = OLD.year "
    f"AND r.reopened_at IS NULL) {SQ_RAISE}",
]

SQ_BACKWARD = [f"DROP TRIGGER IF EXISTS {name};" for name in (
    "ketnghia_finalised_report_delete", "ketnghia_finalised_report_update", "ketnghia_locked_year_delete",
    "ketnghia_locked_year_update")]


def _run(statements_for):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_for:
            raise RuntimeError(f"The finalised report guard has no triggers for the {vendor} database.")
        for statement in statements_for[vendor]:
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0006_pivot_views"),
        ("partnerships", "0007_locked_year"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQ_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQ_BACKWARD}),
        ),
    ]
