"""Benchmark of the staff portal's activity list at a million activities (PostgreSQL).

    flock /work/bench.lock .venv/bin/python bench/activity_list.py --skip-seed           # kn_bench_1m as it is
    flock /work/bench.lock .venv/bin/python bench/activity_list.py --skip-seed --record  # ... into docs/performance.md

Method as bench/dashboard.py (helpers in bench/benchlib.py): the shared 1 M database
(`bench/fill_db.py`, see /work/briefs/bench-db.md), Django's test client in this process with
DEBUG off, one warm-up, then the median (min/max) of --runs requests per page. The login page is
timed in the same run as the baseline: the machine is shared, so each page is also given as a
multiple of it. Each list page is timed twice: as a repeated view is served (its count, money,
quarters and drop-downs read from the cache filed under the data version) and cold (the cache
emptied before each request, as the first view after any write). Target: every list page
(first, filtered, sorted, search without diacritics, last page, officer, focal point) median
≤ 100 ms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)

TARGET_MS = 100


def main():
    args = benchlib.start(__doc__, database="kn_bench_1m", activities=1_000_000, runs=15)

    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from partnerships.models import Activity, AdministrativeUnit

    clients = benchlib.clients("coordinator", "officer", "focal")
    year = benchlib.years()[1] - 1
    district = AdministrativeUnit.objects.filter(code="504").order_by("valid_from").first()  # Tây Giang
    total = Activity.objects.count()
    lst = reverse("partnerships:activity_list")
    last_page = (total + 49) // 50
    some = Activity.objects.order_by("pk").values_list("pk", flat=True)[total // 2]
    baseline = benchlib.time_page(Client(), reverse("login"), args.runs)
    pages = [
        ("list, coordinator, first page", lst, "coordinator"),
        (f"list, coordinator, last page ({last_page:,})", f"{lst}?page={last_page}", "coordinator"),
        ("list, coordinator, search “bo sinh san” (no diacritics)", f"{lst}?q=bo+sinh+san", "coordinator"),
        ("list, coordinator, search “tay giang bo”", f"{lst}?q=tay+giang+bo", "coordinator"),
        ("list, coordinator, sorted by money", f"{lst}?sort=-money", "coordinator"),
        ("list, coordinator, sorted by commune", f"{lst}?sort=commune", "coordinator"),
        ("list, coordinator, sorted by agency, last page", f"{lst}?sort=agency&page={last_page}", "coordinator"),
        (f"list, coordinator, {year} + Tây Giang + approved, by money",
         f"{lst}?year={year}&district={district.pk}&status=approved&sort=-money", "coordinator"),
        ("list, officer (own agency)", lst, "officer"),
        ("list, officer, last page", f"{lst}?page=100000", "officer"),
        ("list, focal point (own commune)", lst, "focal"),
        # Their commune's work is all after mid-2025: the oldest page lies 700,000 rows away along
        # the date index (docs/performance.md).
        ("list, focal point, last page", f"{lst}?page=100000", "focal"),
        ("activity page", reverse("partnerships:activity_detail", args=[some]), "coordinator"),
    ]
    results = []
    for label, url, who in pages:
        timed = benchlib.time_page(clients[who], url, args.runs)
        timed["cold"] = benchlib.time_page(clients[who], url, args.runs, before=cache.clear)["median"]
        results.append((label, timed))

    lines = [
        f"Activities: {total:,}; runs per page: {args.runs} (after one warm-up). Baseline: the login page, "
        f"median {baseline['median']:.1f} ms in the same run.",
        "",
        "| page | median ms | min | max | × login | queries | cold median ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {label} | {r['median']:.0f} | {r['min']:.0f} | {r['max']:.0f} | "
              f"{r['median'] / baseline['median']:.1f} | {r['queries']} | {r['cold']:.0f} |" for label, r in results]
    benchlib.finish(args, lines, "activity-list", "## Activity list (`bench/activity_list.py`)\n\n",
                    target=f"median ≤ {TARGET_MS} ms for every list page", note="; shared by eight developers")
    slowest = max(max(r["median"], r["cold"]) for label, r in results if label.startswith("list"))
    return 0 if slowest <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
