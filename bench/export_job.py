"""Benchmark of the activity export as a background job on a large database (PostgreSQL).

    .venv/bin/python bench/export_job.py --database-url postgres://postgres@127.0.0.1:5432/ketnghia_i
    .venv/bin/python bench/export_job.py --skip-seed --record    # ... and write docs/performance.md

The whole province's year as the coordinator exports it: `job_start` (as the list's button
does), then the worker's `runner.execute` in this process, as `run_worker` would run it. Reports
the wall time, rows per second, the number of progress writes and the file size; the file is
opened back with openpyxl (read-only) to count its rows. Run it inside `flock /work/bench.lock`.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)



def main():
    def options(parser):
        parser.add_argument("--everything", action="store_true", help="also export the whole table")

    args = benchlib.start(__doc__, database="kn_bench_1m", activities=1_000_000, options=options,
                          environ={"MEDIA_ROOT": os.environ.get("MEDIA_ROOT")
                                   or tempfile.mkdtemp(prefix="ketnghia-bench-media-")})

    from django.db import connection
    from openpyxl import load_workbook

    from jobs import runner, services
    from jobs.models import Job
    from partnerships.models import Activity, User

    coordinator = User.objects.get(username="coordinator")
    total = Activity.objects.count()
    years = Activity.objects.values_list("start_date__year", flat=True).distinct().order_by("-start_date__year")
    year = list(years[:2])[-1]  # the last whole year
    results = []
    import resource

    exports = [(f"year {year}", f"year={year}")] + ([("everything (no filter)", "")] if args.everything else [])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for label, query in exports:
        Job.objects.filter(owner=coordinator).delete()
        job = services.job_start(actor=coordinator, kind="partnerships.activity_export", params={"query": query})
        writes = {"n": 0}
        original = runner.JobRun._write

        def counting(self, force=False, _original=original):
            before = self._last_write
            _original(self, force)
            writes["n"] += self._last_write != before

        runner.JobRun._write = counting
        started = time.perf_counter()
        runner.execute(str(job.pk))
        seconds = time.perf_counter() - started
        runner.JobRun._write = original
        job.refresh_from_db()
        assert job.status == "done", job.error
        size = Path(job.file.path).stat().st_size
        rows = sum(1 for _row in load_workbook(job.file.path, read_only=True).active.iter_rows(values_only=True)) - 1
        assert rows == job.total, (rows, job.total)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append((label, job.total, seconds, writes["n"], size, rss))
        print(f"{label}: {job.total} rows in {seconds:.1f} s ({job.total / seconds:.0f} rows/s), "
              f"{writes['n']} progress writes, {size // 1024} KB")
    connection.close()
    lines = [
        f"{total:,} activities in the database (`seed_demo --activities {args.activities}`).".replace(",", "."),
        "",
        "| export (coordinator) | rows | wall time | rows/s | progress writes | file | peak RSS of the process |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {label} | {rows:,} | {seconds:.1f} s | {rows / seconds:,.0f} | {n} | {size / 1e6:.1f} MB | "
              f"{rss:.0f} MB |".replace(",", ".") for label, rows, seconds, n, size, rss in results]
    lines += ["", f"Peak RSS before the first export (Django loaded): {rss_before:.0f} MB; "
              "the machine is shared by eight developers."]
    benchlib.finish(args, lines, "export-job", "## Activity export as a background job (`bench/export_job.py`)\n\n")


if __name__ == "__main__":
    main()
