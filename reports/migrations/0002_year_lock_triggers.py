"""Database triggers that refuse changes to a finalised (locked) year on every path.

The services already refuse with a readable YearLocked message; these triggers hold raw SQL,
queryset.update(), bulk loads and the shell to the same rule. A year is locked while a
FinalisedReport row of that year has no reopened_at.

- activities: INSERT/UPDATE/DELETE of a row whose start_date (old or new) is in a locked year;
- plans (and their per-category targets): rows of a locked year;
- partnerships: a row in force during a locked year (signed on or before its end, not ended
  before its start) may not appear, disappear, move in or out of that year, or change its
  agency, unit or signing date. Notes, agreement numbers and ending it after the year stay free.

PostgreSQL uses statement-level triggers with transition tables, so a bulk COPY pays one check
per statement; SQLite has only row triggers, with the check in their WHEN clause.
"""

from django.db import migrations

MARKER = "ketnghia_year_locked"
MESSAGE = "Năm đã chốt số liệu báo cáo; không thể thay đổi dữ liệu của năm này"

# --- PostgreSQL ----------------------------------------------------------------------------

LOCKED = "SELECT f.year FROM reports_finalisedreport f WHERE f.reopened_at IS NULL"
IN_YEAR = "{r}.start_date >= make_date(f.year, 1, 1) AND {r}.start_date < make_date(f.year + 1, 1, 1)"
TOUCHES = "({r}.signed_on <= make_date(f.year, 12, 31) AND ({r}.ended_on IS NULL OR {r}.ended_on >= make_date(f.year, 1, 1)))"


def _pg_function(name: str, condition: str) -> str:
    """A trigger function that raises when `condition` (over locked years f) finds a row."""
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE locked_year integer;
BEGIN
  IF NOT EXISTS ({LOCKED}) THEN RETURN NULL; END IF;
  SELECT f.year INTO locked_year FROM reports_finalisedreport f
   WHERE f.reopened_at IS NULL AND {condition} LIMIT 1;
  IF locked_year IS NOT NULL THEN
    RAISE EXCEPTION '{MARKER}: %: {MESSAGE} (%).', locked_year, TG_TABLE_NAME
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NULL;
END $$;"""


def _rows(table: str, condition: str) -> str:
    return f"EXISTS (SELECT 1 FROM {table} r WHERE {condition})"


ACTIVITY_IN = IN_YEAR.format(r="r")
PLAN_IN = "r.year = f.year"
TARGET_IN = "EXISTS (SELECT 1 FROM partnerships_annualplan p WHERE p.id = r.plan_id AND p.year = f.year)"
PARTNERSHIP_CHANGED = (
    "EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE "
    f"{TOUCHES.format(r='o')} <> {TOUCHES.format(r='n')} OR ({TOUCHES.format(r='o')} AND "
    "(o.agency_id <> n.agency_id OR o.unit_id <> n.unit_id OR o.signed_on <> n.signed_on)))"
)

# (table, short name, condition per event); the UPDATE condition may read old_rows and new_rows.
PG_RULES = [
    ("partnerships_activity", "activity", {
        "INSERT": _rows("new_rows", ACTIVITY_IN),
        "UPDATE": f"({_rows('old_rows', ACTIVITY_IN)} OR {_rows('new_rows', ACTIVITY_IN)})",
        "DELETE": _rows("old_rows", ACTIVITY_IN),
    }),
    ("partnerships_annualplan", "plan", {
        "INSERT": _rows("new_rows", PLAN_IN),
        "UPDATE": f"({_rows('old_rows', PLAN_IN)} OR {_rows('new_rows', PLAN_IN)})",
        "DELETE": _rows("old_rows", PLAN_IN),
    }),
    ("partnerships_plancategorytarget", "plantarget", {
        "INSERT": _rows("new_rows", TARGET_IN),
        "UPDATE": f"({_rows('old_rows', TARGET_IN)} OR {_rows('new_rows', TARGET_IN)})",
        "DELETE": _rows("old_rows", TARGET_IN),
    }),
    ("partnerships_partnership", "partnership", {
        "INSERT": _rows("new_rows", TOUCHES.format(r="r")),
        "UPDATE": PARTNERSHIP_CHANGED,
        "DELETE": _rows("old_rows", TOUCHES.format(r="r")),
    }),
]
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_forward():
    statements = []
    for table, short, events in PG_RULES:
        for event, condition in events.items():
            name = f"ketnghia_lock_{short}_{event.lower()}"
            statements.append(_pg_function(name, condition))
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} {REFERENCING[event]} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
            )
    return statements


def _pg_backward():
    statements = []
    for table, short, events in PG_RULES:
        for event in events:
            name = f"ketnghia_lock_{short}_{event.lower()}"
            statements += [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"]
    return statements


# --- SQLite --------------------------------------------------------------------------------

SQ_LOCKED = "SELECT 1 FROM reports_finalisedreport f WHERE f.reopened_at IS NULL AND "
SQ_ACTIVITY = "f.year = CAST(substr({r}.start_date, 1, 4) AS INTEGER)"
SQ_PLAN = "f.year = {r}.year"
SQ_TARGET = "EXISTS (SELECT 1 FROM partnerships_annualplan p WHERE p.id = {r}.plan_id AND p.year = f.year)"
SQ_TOUCHES = ("({r}.signed_on <= printf('%04d-12-31', f.year) AND "
              "({r}.ended_on IS NULL OR {r}.ended_on >= printf('%04d-01-01', f.year)))")
SQ_PARTNERSHIP_CHANGED = (
    f"({SQ_TOUCHES.format(r='OLD')} <> {SQ_TOUCHES.format(r='NEW')} OR ({SQ_TOUCHES.format(r='OLD')} AND "
    "(OLD.agency_id <> NEW.agency_id OR OLD.unit_id <> NEW.unit_id OR OLD.signed_on <> NEW.signed_on)))"
)


def _sq_events(row_condition: str) -> dict:
    return {
        "INSERT": row_condition.format(r="NEW"),
        "UPDATE": f"(({row_condition.format(r='OLD')}) OR ({row_condition.format(r='NEW')}))",
        "DELETE": row_condition.format(r="OLD"),
    }


SQ_RULES = [
    ("partnerships_activity", "activity", _sq_events(SQ_ACTIVITY)),
    ("partnerships_annualplan", "plan", _sq_events(SQ_PLAN)),
    ("partnerships_plancategorytarget", "plantarget", _sq_events(SQ_TARGET)),
    ("partnerships_partnership", "partnership", {
        "INSERT": SQ_TOUCHES.format(r="NEW"),
        "UPDATE": SQ_PARTNERSHIP_CHANGED,
        "DELETE": SQ_TOUCHES.format(r="OLD"),
    }),
]


def _sq_forward():
    return [
        f"CREATE TRIGGER ketnghia_lock_{short}_{event.lower()} BEFORE {event} ON {table} "
        f"WHEN EXISTS ({SQ_LOCKED}{condition}) "
        f"BEGIN SELECT RAISE(ABORT, '{MARKER}: {MESSAGE}.'); END;"
        for table, short, events in SQ_RULES
        for event, condition in events.items()
    ]


def _sq_backward():
    return [f"DROP TRIGGER IF EXISTS ketnghia_lock_{short}_{event.lower()};"
            for _table, short, events in SQ_RULES for event in events]


def _run(statements_for):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_for:
            raise RuntimeError(f"The year lock has no triggers for the {vendor} database.")
        for statement in statements_for[vendor]():
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("partnerships", "0002_reference_data"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": _pg_forward, "sqlite": _sq_forward}),
            _run({"postgresql": _pg_backward, "sqlite": _sq_backward}),
        ),
    ]
