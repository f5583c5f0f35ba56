"""Benchmark of the partnership, plan and model pages on a large database (PostgreSQL).

    .venv/bin/python bench/plans.py                  # fill ketnghia_plans if needed, time, print
    .venv/bin/python bench/plans.py --record         # ... and write the result into docs/performance.md
    .venv/bin/python bench/plans.py --activities 200000 --runs 7 --database-url postgres://...

Same method as bench/dashboard.py (shared helpers in bench/benchlib.py): Quảng Nam's units and the demo data
(`seed_demo --activities N`, topped up), ANALYZE, Django's test client in this process with DEBUG
off, one warm-up, then the median (min/max) of --runs requests. Target: a median of at most
300 ms per page, and a query count that does not depend on the number of rows.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)

TARGET_MS = 300
HEADING = (
    "## Partnership, plan and model pages (`bench/plans.py`)\n\n"
    "Plan vs results is aggregated in the database, one query per kind of figure for the whole page of\n"
    "partnerships; the query counts below do not grow with the data.\n\n"
)


def main():
    args = benchlib.start(__doc__, database="ketnghia_plans", activities=200_000, runs=7)

    from django.db.models import Count
    from django.urls import reverse

    from partnerships.models import Activity, DevelopmentModel, Partnership

    clients = benchlib.clients("coordinator", "officer")
    year = benchlib.years()[1] - 1
    busiest = Partnership.objects.annotate(n=Count("activities")).order_by("-n").first()
    model = DevelopmentModel.objects.annotate(n=Count("replicas")).order_by("-n", "pk").first()
    pages = [
        ("partnership list, coordinator", reverse("partnerships:partnership_list"), "coordinator"),
        ("partnership list, officer", reverse("partnerships:partnership_list"), "officer"),
        (f"partnership page (busiest: {busiest.n:,} activities)",
         reverse("partnerships:partnership_detail", args=[busiest.pk]), "coordinator"),
        (f"plan list {year}, coordinator (50 partnerships a page)",
         f"{reverse('partnerships:plan_list')}?year={year}", "coordinator"),
        (f"plan list {year}, officer", f"{reverse('partnerships:plan_list')}?year={year}", "officer"),
        (f"plan vs results {year}, busiest partnership",
         reverse("partnerships:plan_results", args=[busiest.pk, year]), "coordinator"),
        ("model list, coordinator", reverse("partnerships:model_list"), "coordinator"),
        ("model page (most replicated)", reverse("partnerships:model_detail", args=[model.pk]), "coordinator"),
        ("import page, officer", reverse("partnerships:import_upload"), "officer"),
        ("import template, officer", reverse("partnerships:import_template"), "officer"),
    ]
    results = [(label, benchlib.time_page(clients[who], url, args.runs)) for label, url, who in pages]
    lines = [
        f"Activities: {Activity.objects.count():,}; partnerships: {Partnership.objects.count():,}; "
        f"models: {DevelopmentModel.objects.count():,}; runs per page: {args.runs} (after one warm-up).",
        "",
        *benchlib.page_table(results),
    ]
    benchlib.finish(args, lines, "plans", HEADING, target=f"median ≤ {TARGET_MS} ms per page")
    return 0 if max(r["median"] for _label, r in results) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
