"""Benchmark of the leaders' dashboard at a million activities (PostgreSQL).

    .venv/bin/python bench/dashboard.py                      # fill ketnghia_bench if needed, time, print
    .venv/bin/python bench/dashboard.py --record             # ... and write the result into docs/performance.md
    .venv/bin/python bench/dashboard.py --activities 200000 --runs 15 --database-url postgres://...

Method: the database gets Quảng Nam's units (`load_admin_units --province 49`) and the demo data
(`seed_demo --activities N`, which tops up, so a second run reuses the rows), then ANALYZE. Pages
are requested through Django's test client in this process, as the demo leader (province-wide
scope), with DEBUG off and no query logging, so the time is the server's: URL resolution,
middleware, selectors, SQL, template rendering. One warm-up request, then the median (and the
min/max) of --runs requests per page. The target is a median of at most 150 ms per dashboard.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150
START, END = "<!-- dashboard-bench:start -->", "<!-- dashboard-bench:end -->"


def parse_args(doc=__doc__, database="ketnghia_bench", activities=1_000_000, runs=9):
    """The options every bench script takes; the other scripts pass their own defaults."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database-url", default=f"postgres://postgres@127.0.0.1:5432/{database}")
    parser.add_argument("--activities", type=int, default=activities)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--record", action="store_true", help="write the result into docs/performance.md")
    return parser.parse_args()


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


def time_page(client, url: str, runs: int) -> dict:
    from django.db import connection, reset_queries

    response = client.get(url)  # warm-up: connection, template loading, caches
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    connection.force_debug_cursor = True
    reset_queries()
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


def main():
    args = parse_args()
    ensure_database(args.database_url)
    setup(args.database_url)
    if not args.skip_seed:
        fill(args.activities)

    from django.test import Client
    from django.urls import reverse

    from partnerships.models import Activity, ActivitySummary, Agency, User

    leader = User.objects.get(username="leader")
    officer = User.objects.get(username="officer")
    client = Client()
    client.force_login(leader)
    latest = Activity.objects.order_by("-start_date").values_list("start_date__year", flat=True).first()
    year = latest - 1  # the last complete year
    first = Activity.objects.order_by("start_date").values_list("start_date__year", flat=True).first()
    district = "504"  # Tây Giang
    agency = Agency.objects.get(pk=officer.agency_id)
    dashboard = reverse("reports:dashboard")
    pages = [
        (f"dashboard, province, year {year}", f"{dashboard}?year={year}", client),
        (f"dashboard, province, {first}–{latest}", f"{dashboard}?year_from={first}&year_to={latest}", client),
        (f"dashboard, province, {year}, submitted included", f"{dashboard}?year={year}&include_submitted=1", client),
        (f"district page (Tây Giang), {year}", reverse("reports:district_detail", args=[district]) + f"?year={year}",
         client),
        (f"agency page ({agency.short_name or agency.name}), {year}",
         reverse("reports:agency_detail", args=[agency.pk]) + f"?year={year}", client),
    ]
    officer_client = Client()
    officer_client.force_login(officer)
    pages.append((f"dashboard as an officer (own agency), {year}", f"{dashboard}?year={year}", officer_client))

    total = Activity.objects.count()
    summary_rows = ActivitySummary.objects.count()
    results = [(label, time_page(c, url, args.runs)) for label, url, c in pages]

    lines = [
        f"Activities: {total:,}; summary rows: {summary_rows:,}; runs per page: {args.runs} (after one warm-up).",
        "",
        "| page | median ms | min | max | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, r in results:
        lines.append(f"| {label} | {r['median']:.0f} | {r['min']:.0f} | {r['max']:.0f} | {r['queries']} |")
    lines += ["", f"Machine: {machine()}.", f"Target: median ≤ {TARGET_MS} ms per dashboard."]
    report = "\n".join(lines)
    print(report)
    if args.record:
        record(report)
    slowest = max(r["median"] for label, r in results if label.startswith("dashboard"))
    return 0 if slowest <= TARGET_MS else 1


def record(report: str, start=START, end=END, heading="## Dashboard (`bench/dashboard.py`)\n\n"):
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


if __name__ == "__main__":
    sys.exit(main())
