"""Benchmark of the pivot explorer at a million activities (PostgreSQL).

    flock /work/bench.lock .venv/bin/python bench/pivot.py --skip-seed \
        --database-url postgres://postgres@127.0.0.1:5432/kn_bench_1m [--record]

Method: as bench/dashboard.py (benchlib): pages requested through Django's test client in this
process, DEBUG off, no query logging; one warm-up, then the median (min/max) of --runs requests.
The leader (province-wide) asks layouts over the whole programme (first to last year of the
data, and one year by quarter); the officer asks one over their agency. Every layout reads the
summary table (it keeps the quarter since partnerships 0021) and is held to the target (median
≤ 300 ms). The .xlsx export of the first layout is timed too.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)

TARGET_MS = 300


def main():
    args = benchlib.start(__doc__, database="ketnghia_bench", activities=1_000_000, runs=9)

    from django.urls import reverse

    from partnerships.models import Activity, ActivitySummary

    logged_in = benchlib.clients("leader", "officer")
    leader, officer = logged_in["leader"], logged_in["officer"]
    first, latest = benchlib.years()
    url = reverse("reports:pivot") + f"?year_from={first}&year_to={latest}"
    period = f"{first}–{latest}"
    layouts = [
        ("agency kind × year: count, money", "&rows=agency_kind&cols=year&measure=count&measure=money_total"),
        ("district × year: money by source and total",
         "&rows=district&cols=year&measure=money_total&measure=money_state&measure=money_society"
         "&measure=money_in_kind"),
        ("category × substantive: count, both shares",
         "&rows=category&cols=substantive&measure=count&measure=substantive_share_count"
         "&measure=substantive_share_money"),
        ("agency × year: money, sorted by the last year", f"&rows=agency&cols=year&measure=money_total"
         f"&sort=-money_total%40{latest}"),
        ("district, category × status: count, money, people trained",
         "&rows=district&rows=category&cols=status&include_submitted=1&measure=count&measure=money_total"
         "&measure=people_trained"),
        ("commune (as of today) × year: money", "&rows=commune&cols=year&measure=money_total&geography=today"),
        ("partnership: every result count",
         "&rows=partnership&measure=households_reached&measure=people_reached&measure=ethnic_minority_people"
         "&measure=people_trained&measure=jobs_created&measure=households_out_of_poverty"),
        ("quarter × year: count, money", "&rows=quarter&cols=year&measure=count&measure=money_total"),
        ("district × year: money, third quarter only", "&rows=district&cols=year&quarter=3&measure=money_total"),
    ]
    pages = [(f"{label}, province {period}", url + params, leader) for label, params in layouts]
    pages.append((f"agency kind × year: count, money, as the officer (own agency), {period}",
                  url + layouts[0][1], officer))
    pages.append((f"agency kind × year: .xlsx export, province {period}", url + layouts[0][1] + "&export=xlsx",
                  leader))
    pages.append((f"quarter × year: count, money, province {latest - 1}",
                  reverse("reports:pivot") + f"?year={latest - 1}&rows=quarter&cols=year&measure=count"
                  "&measure=money_total", leader))
    total = Activity.objects.count()
    summary_rows = ActivitySummary.objects.count()
    results = [(label, benchlib.time_page(c, u, args.runs)) for label, u, c in pages]

    lines = [
        f"Activities: {total:,}; summary rows (by quarter): {summary_rows:,}; runs per layout: {args.runs} "
        "(after one warm-up).",
        "",
        *benchlib.page_table(results),
    ]
    benchlib.finish(args, lines, "pivot", "## Pivot explorer (`bench/pivot.py`)\n\n",
                    target=f"median ≤ {TARGET_MS} ms for any layout")
    slowest = max(r["median"] for _label, r in results)
    return 0 if slowest <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
