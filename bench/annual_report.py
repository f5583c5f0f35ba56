"""Benchmark of the annual report's workbook at 100 000 activities in one year (PostgreSQL).

    .venv/bin/python bench/annual_report.py             # fill ketnghia_bench_annual if needed, measure, print
    .venv/bin/python bench/annual_report.py --record    # ... and write the result into docs/performance.md

Method: the database gets Quảng Nam's units and the demo structure (`seed_demo`), then approved
activities of 2024 are topped up to --activities by copying the demo's own 2024 activities in
SQL (so every row is valid: its commune lies in its partnership's area). Each measurement runs in
a fresh Python process, so its peak resident memory (ru_maxrss) is its own (and the tracemalloc
peak comes from a second, traced run, as tracing slows Python down): the process sets up Django,
then times (a) the whole annual workbook (`annual_report.build` + `render_xlsx`, all
seven sheets, the activity sheet streamed from the database), (b) the narrative, and (c)
django-import-export's own export of the same activities (`ActivityResource().export()` then
`.xlsx`). Python allocations are traced with tracemalloc; ru_maxrss includes the interpreter and
Django. Target for the workbook: ≤ 15 s and ≤ 200 MB.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)

YEAR = 2024
TARGET_S, TARGET_MB = 15, 200


def parse_args():
    parser = benchlib.parser(__doc__, database="ketnghia_bench_annual", activities=100_000)
    parser.add_argument("--measure", choices=["xlsx", "docx", "import_export"], help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def fill(target: int):
    from django.db import connection

    from reports.selectors import ReportFilter, activities

    benchlib.fill(20_000)
    with connection.cursor() as cursor:
        need = target - activities(ReportFilter.for_year(YEAR)).count()
        if need > 0:
            columns = ("partnership_id, category_id, title, description, end_date, commune_id, budget_state, "
                       "budget_society, budget_in_kind, households_reached, people_reached, ethnic_minority_people, "
                       "people_trained, jobs_created, households_out_of_poverty, development_model_id, status, "
                       "confirmation_status, confirmation_comment, confirmed_by_id, confirmed_at, created_by_id, "
                       "created_at, updated_at")
            started = time.perf_counter()
            cursor.execute(f"""
                WITH src AS (
                    SELECT *, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS n
                    FROM partnerships_activity
                    WHERE status = 'approved' AND start_date >= %s AND start_date < %s)
                INSERT INTO partnerships_activity (start_date, {columns})
                SELECT %s::date + (g %% 365), {columns.replace("end_date", "NULL")}
                FROM generate_series(1, %s) AS g JOIN src ON src.rn = 1 + (g %% src.n)
            """, [f"{YEAR}-01-01", f"{YEAR + 1}-01-01", f"{YEAR}-01-01", need])
            print(f"added {need:,} approved activities of {YEAR} in {time.perf_counter() - started:.0f} s")
        cursor.execute("ANALYZE")


def measure(kind: str, trace: bool) -> dict:
    from reports.selectors import ReportFilter

    f = ReportFilter.for_year(YEAR)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    if kind in ("xlsx", "docx"):
        from reports.documents.annual import build
        from reports.documents.docx import render_docx
        from reports.documents.xlsx import render_xlsx

        data = (render_xlsx if kind == "xlsx" else render_docx)(build(f))
    else:
        from partnerships.io.resources import ActivityResource
        from reports.selectors import activities

        data = ActivityResource().export(queryset=activities(f)).xlsx
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "traced_mb": peak / 2**20, "rss_mb": rss_kb / 1024, "bytes": len(data)}


def run(kind: str, database_url: str) -> dict:
    """Time and ru_maxrss from one process; the tracemalloc peak from a second (tracing slows Python)."""
    results = []
    for trace in (False, True):
        command = [sys.executable, __file__, "--measure", kind, "--database-url", database_url]
        result = subprocess.run(command + (["--trace"] if trace else []), capture_output=True, text=True, check=True)
        results.append(json.loads(result.stdout.strip().splitlines()[-1]))
    timed, traced = results
    return {**timed, "traced_mb": traced["traced_mb"]}


def main():
    args = parse_args()
    if args.measure:
        benchlib.setup(args.database_url)
        print(json.dumps(measure(args.measure, args.trace)))
        return 0
    benchlib.ensure_database(args.database_url)
    benchlib.setup(args.database_url)
    if not args.skip_seed:
        fill(args.activities)
    from reports.selectors import ReportFilter, activities

    counted = activities(ReportFilter.for_year(YEAR)).count()
    results = []
    for label, kind in (
        ("annual workbook (.xlsx, 7 sheets, write-only)", "xlsx"),
        ("annual narrative (.docx)", "docx"),
        ("django-import-export: ActivityResource export → .xlsx", "import_export"),
    ):
        results.append((label, run(kind, args.database_url)))
        print(label, results[-1], flush=True)  # progress: the import-export export takes minutes
    lines = [
        f"Approved activities in {YEAR}: {counted:,} (the workbook's activity sheet has one row each).",
        "",
        "| build | seconds | peak traced Python MB | peak RSS MB | file size MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, r in results:
        lines.append(f"| {label} | {r['seconds']:.1f} | {r['traced_mb']:.0f} | {r['rss_mb']:.0f} | "
                     f"{r['bytes'] / 2**20:.1f} |")
    benchlib.finish(args, lines, "annual", "## Annual report workbook (`bench/annual_report.py`)\n\n" + METHOD,
                    target=f"≤ {TARGET_S} s and ≤ {TARGET_MB} MB for the workbook")
    workbook = results[0][1]
    return 0 if workbook["seconds"] <= TARGET_S and workbook["rss_mb"] <= TARGET_MB else 1


METHOD = ("Method: see the docstring of `bench/annual_report.py` (100 000 approved activities of one year in "
          "PostgreSQL; each build in its own process; time, tracemalloc peak and ru_maxrss).\n\n")


if __name__ == "__main__":
    sys.exit(main())
