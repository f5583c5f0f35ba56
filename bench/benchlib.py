"""What the benchmark scripts share: options, the benchmark database, timing pages, the machine
line and writing a result into docs/performance.md. Each script in bench/ imports it."""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parser(doc: str, database: str, activities: int, runs: int | None = None) -> argparse.ArgumentParser:
    """The options every bench script takes, with the script's own defaults (it may add more)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database-url", default=f"postgres://postgres@127.0.0.1:5432/{database}")
    parser.add_argument("--activities", type=int, default=activities)
    if runs is not None:
        parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--record", action="store_true", help="write the result into docs/performance.md")
    return parser


def setup(database_url: str):
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="False",
        SECRET_KEY="benchmark-only-not-a-secret",
        ALLOWED_HOSTS="testserver,localhost",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DJANGO_SETTINGS_MODULE="ketnghia.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def vacuum(*models):
    """VACUUM ANALYZE the tables of `models` (all of the database without any), outside a
    transaction as VACUUM must run: what a bench that wrote leaves behind it, so that the shared
    database is in the state the next bench expects (autovacuum is off on this machine)."""
    from django.db import connection

    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    connection.ensure_connection()
    autocommit = connection.connection.autocommit
    connection.connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {tables}".rstrip())
    finally:
        connection.connection.autocommit = autocommit


def ensure_database(database_url: str):
    """Create the benchmark database if it does not exist (never touches another one)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def fill(activities: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_admin_units", "--province", "49", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", activities=activities, verbosity=1)
    print(f"seed_demo: {time.perf_counter() - started:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def start(doc: str, database: str, activities: int, runs: int | None = None, options=None,
          environ: dict | None = None) -> argparse.Namespace:
    """Every script's start: its options (`options(parser)` adds its own), `environ` set before
    Django starts, the database created if missing, Django set up on it and filled unless
    --skip-seed. Returns the parsed options."""
    options_parser = parser(doc, database, activities, runs)
    if options:
        options(options_parser)
    args = options_parser.parse_args()
    os.environ.update(environ or {})
    ensure_database(args.database_url)
    setup(args.database_url)
    if not args.skip_seed:
        fill(args.activities)
    return args


def years() -> tuple[int, int]:
    """The first and the last year that activities start in."""
    from partnerships.models import Activity

    started = Activity.objects.order_by("start_date").values_list("start_date__year", flat=True)
    return started.first(), started.last()


def time_page(client, url: str, runs: int, before=None) -> dict:
    """Median, min, max ms of `runs` requests after a warm-up, and the query count of one more;
    `before()` (untimed) runs before each, e.g. emptying the cache to time a cold view."""
    from django.db import connection, reset_queries

    response = client.get(url)  # warm-up: connection, template loading, caches
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    connection.force_debug_cursor = True
    reset_queries()
    if before:
        before()
    client.get(url)
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "queries": queries}


def machine() -> str:
    from django.db import connection

    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {pg}; "
            f"load average at the end {load} (other jobs were running)")


def clients(*usernames) -> dict:
    """A logged-in test client per demo user."""
    from django.test import Client

    from partnerships.models import User

    logged_in = {}
    for username in usernames:
        logged_in[username] = Client()
        logged_in[username].force_login(User.objects.get(username=username))
    return logged_in


def page_table(results, last_column: str = "queries", baseline: float | None = None) -> list[str]:
    """Markdown rows of (label, time_page result) pairs; with `baseline` (the login page's median
    ms in the same run) each median also as a multiple of it."""
    ratio = baseline is not None
    lines = ["| page | median ms | min | max | " + ("× login | " if ratio else "") + last_column + " |",
             "|---|---:|---:|---:|---:|" + ("---:|" if ratio else "")]
    lines += [f"| {label} | {r['median']:.0f} | {r['min']:.0f} | {r['max']:.0f} | "
              + (f"{r['median'] / baseline:.1f} | " if ratio else "") + f"{r['queries']} |"
              for label, r in results]
    return lines


def finish(args, lines: list[str], name: str, heading: str, target: str = "", note: str = "") -> str:
    """Every script's end: the machine line (with `note`) and the target under `lines`, printed,
    and with --record written between the `<!-- name-bench:start/end -->` markers."""
    lines = [*lines, "", f"Machine: {machine()}{note}."] + ([f"Target: {target}."] if target else [])
    report = "\n".join(lines)
    print(report)
    if args.record:
        record(report, f"<!-- {name}-bench:start -->", f"<!-- {name}-bench:end -->", heading)
    return report


def record(report: str, start: str, end: str, heading: str):
    """Write `report` between the script's markers in docs/performance.md (a new section the first time)."""
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    block = f"{start}\n{report}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + heading + block + "\n"
    path.write_text(text)
    print(f"written to {path}")
