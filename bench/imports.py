"""Benchmark of the Excel imports at scale (PostgreSQL): the officers' import and the admin's.

    .venv/bin/python bench/imports.py --skip-seed --rows 20000               # time, print
    .venv/bin/python bench/imports.py --skip-seed --rows 20000 --record      # ... and write docs/performance.md

Method: in the benchmark database (`kn_bench_1m`, a million activities, see bench/dashboard.py)
the parent process builds the files (the officer's own template filled with N rows for the demo
officer's partnerships; the admin's activity columns for the same rows), then runs each import in
a fresh child process so that its peak resident memory (`ru_maxrss`) is the import's own:
Django's test client posts the upload, reads the preview and posts the confirm, exactly what the
browser does, end to end; the queries are counted with a connection wrapper (no query logging).
A file of more than IMPORT_INLINE_MAX rows is written by a background job after its confirm: the
child runs with TASKS_BACKEND=immediate, so the job (its own check and write) runs inside the
confirm request and is timed and counted with it, as a worker would run it.
An admin file of more new rows than ADMIN_NEW_ROWS_MAX is refused at its preview, naming the
portal's page (issue 15): its line says how long the refusal took, and that nothing was written.
The rows written are deleted afterwards (with their history and workflow rows) and the tables
vacuumed, so the database stays at its size and state. Targets: ≥ 1,000 rows/s, ≤ 0.05 queries per row, peak ≤ 200 MB.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)

OUT = benchlib.ROOT / "bench" / "out"
MARK = "BENCH-IMPORT"


def build_files(rows: int) -> tuple[Path, Path]:
    import datetime
    import random

    from openpyxl import Workbook

    from partnerships.io import officer_import
    from partnerships.models import ActivityCategory, User

    officer = User.objects.get(username="officer")
    choices = officer_import.Choices(user=officer, agency=officer.agency)
    categories = [c for c in ActivityCategory.objects.filter(is_active=True)]
    rng = random.Random(15)
    officer_book, admin_book = Workbook(write_only=True), Workbook(write_only=True)
    officer_sheet = officer_book.create_sheet(officer_import.DATA_SHEET)
    admin_sheet = admin_book.create_sheet("Hoạt động")
    officer_sheet.append([header for _name, header, _required, _kind in officer_import.COLUMNS])
    admin_sheet.append(["Mã hoạt động", "Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Loại hoạt động",
                        "Tên hoạt động", "Ngày bắt đầu", "Mã xã thực hiện", "Ngân sách nhà nước (đồng)",
                        "Xã hội hóa (đồng)", "Số người được hỗ trợ", "Trong đó người dân tộc thiểu số"])
    communes_of = {}
    for commune in choices.communes:
        communes_of.setdefault(commune.parent_id, []).append(commune)
    for index in range(rows):
        partnership = rng.choice(choices.partnerships)
        category = rng.choice(categories)
        communes = communes_of.get(partnership.unit_id, [])
        commune = rng.choice(communes) if communes else None
        start = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        money, people = rng.randrange(1, 500) * 100_000, rng.randrange(10, 300)
        title = f"{MARK} {index:05d} – hỗ trợ bò giống cho hộ nghèo"
        officer_sheet.append([title, category.name, officer_import.partnership_label(partnership),
                              officer_import.commune_label(commune) if commune else None, start, None, money, 0, 0,
                              people // 4, people, people // 2, 0, 0, 0, "Nội dung hoạt động"])
        admin_sheet.append([None, partnership.agency.name, partnership.unit.code, category.code, title, start,
                            commune.code if commune else None, money, 0, people, people // 2])
    OUT.mkdir(parents=True, exist_ok=True)
    paths = OUT / f"officer-{rows}.xlsx", OUT / f"admin-{rows}.xlsx"
    officer_book.save(paths[0])
    admin_book.save(paths[1])
    return paths


def cleanup() -> int:
    from django.db import transaction

    from jobs.models import Job
    from partnerships.jobs import IMPORT
    from partnerships.models import Activity, ActivityStatusChange, ActivitySummary, ActivityYearSummary, ImportBatch

    with transaction.atomic():
        ids = list(Activity.objects.filter(title__startswith=MARK).values_list("pk", flat=True))
        ActivityStatusChange.objects.filter(activity_id__in=ids).delete()
        Activity.history.filter(id__in=ids).delete()
        Activity.objects.filter(pk__in=ids).delete()
        ImportBatch.objects.filter(file_name__regex=r"^(officer|admin)-[0-9]+\.xlsx$").delete()
        Job.objects.filter(kind=IMPORT, params__name__regex=r"^officer-[0-9]+\.xlsx$").delete()
    if ids:
        # The summaries the triggers rewrote too: the shared database is left as bench/fill_db.py
        # leaves it (an import run left 20,000 dead activities and 11,000 dead summary rows).
        benchlib.vacuum(Activity, ActivityStatusChange, Activity.history.model, ActivitySummary, ActivityYearSummary)
    return len(ids)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def child(kind: str, path: str) -> dict:
    """One import end to end in this (fresh) process; prints its figures as JSON."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.urls import reverse

    from jobs.models import Job
    from partnerships.jobs import IMPORT
    from partnerships.models import Activity

    data = Path(path).read_bytes()
    user = "officer" if kind == "officer" else "admin"
    client = benchlib.clients(user)[user]
    client.get(reverse("partnerships:import_upload") if kind == "officer" else "/admin/")  # warm-up
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before = Activity.objects.filter(title__startswith=MARK).count()
    counter = QueryCounter()
    refused = False
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        upload = SimpleUploadedFile(Path(path).name, data)
        if kind == "officer":
            preview = client.post(reverse("partnerships:import_upload"), {"file": upload})
            fields = hidden_fields(preview.content.decode())
            assert fields.get("token"), preview.content.decode()[-3000:]
            previewed = time.perf_counter()
            confirm = client.post(reverse("partnerships:import_confirm"), fields)
            assert confirm.status_code == 302, confirm.status_code
            job = Job.objects.filter(kind=IMPORT).order_by("-created_at").first()
            if job is not None and str(job.pk) in confirm.url and job.status != "done":
                raise SystemExit(f"the import job {job.status}: {job.error}")
        else:
            url = "/admin/partnerships/activity/import/"
            preview = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
            text = preview.content.decode()
            fields = hidden_fields(text)
            previewed = time.perf_counter()
            # More new rows than ADMIN_NEW_ROWS_MAX: refused, naming the portal's page (issue 15).
            refused = "import_file_name" not in fields and "“Nhập hoạt động từ Excel”" in text
            if not refused:
                assert preview.status_code == 200 and "import_file_name" in fields, text[-3000:]
                confirm = client.post("/admin/partnerships/activity/process_import/", fields)
                assert confirm.status_code == 302, (confirm.status_code, confirm.content[:3000])
    seconds = time.perf_counter() - started
    written = Activity.objects.filter(title__startswith=MARK).count() - before
    return {"seconds": seconds, "preview_seconds": previewed - started, "queries": counter.count,
            "written": written, "refused": refused,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": before_rss / 1024}


def hidden_fields(html: str) -> dict:
    """The hidden inputs of the page's confirm form (what the browser would post back)."""
    import re

    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def run_child(args, kind: str, path: Path) -> dict:
    command = [sys.executable, __file__, "--child", kind, str(path), "--database-url", args.database_url,
               "--skip-seed"]
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    if output.returncode:
        print(output.stdout[-3000:], output.stderr[-5000:])
        raise SystemExit(f"{kind} import failed")
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    parser = benchlib.parser(__doc__, database="kn_bench_1m", activities=1_000_000)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--admin-rows", type=int, default=None)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    parser.add_argument("--only", choices=["officer", "admin"])
    args = parser.parse_args()
    if args.child:  # a large file's job runs inside the confirm request (see the docstring)
        os.environ["TASKS_BACKEND"] = "immediate"
    benchlib.setup(args.database_url)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    if not args.skip_seed:
        benchlib.ensure_database(args.database_url)
        benchlib.fill(args.activities)
    cleanup()
    results = []
    for kind, rows in (("officer", args.rows), ("admin", args.admin_rows or args.rows)):
        if args.only and kind != args.only:
            continue
        officer_file, admin_file = build_files(rows)
        figures = run_child(args, kind, officer_file if kind == "officer" else admin_file)
        figures["rows"] = rows
        figures["deleted"] = cleanup()
        results.append((kind, figures))
        print(kind, figures, flush=True)

    from partnerships.models import Activity

    lines = [f"Activities in the database: {Activity.objects.count():,} (the imported rows deleted after each run).",
             "", "| import | rows | seconds (preview) | rows/s | queries/row | peak RSS MB | written |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, f in results:
        if f["refused"]:
            lines.append(f"| {kind} | {f['rows']:,} | refused in {f['seconds']:.1f}: sent to the portal's page | – | "
                         f"{f['queries'] / f['rows']:.3f} | {f['peak_rss_mb']:.0f} | {f['written']:,} |")
            continue
        lines.append(f"| {kind} | {f['rows']:,} | {f['seconds']:.1f} ({f['preview_seconds']:.1f}) | "
                     f"{f['rows'] / f['seconds']:,.0f} | {f['queries'] / f['rows']:.3f} | {f['peak_rss_mb']:.0f} | "
                     f"{f['written']:,} |")
    benchlib.finish(args, lines, "import", "## Imports (`bench/imports.py`)\n\n",
                    target="≥ 1,000 rows/s end to end, ≤ 0.05 queries per row, peak ≤ 200 MB")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
