"""Create and fill a benchmark database: Quảng Nam's units and the demo data topped up to N activities.

    flock /work/bench.lock .venv/bin/python bench/fill_db.py                       # kn_bench_1m, 1 M activities
    flock /work/bench.lock .venv/bin/python bench/fill_db.py --database-url postgres://.../other --activities 200000

It migrates, loads the units (`load_admin_units --province 49`), runs `seed_demo --activities N`
(which tops up, so a second run only migrates and adds what is missing), then ANALYZE and
VACUUM (the summary triggers leave dead rows while seeding). The other bench scripts then take
`--database-url postgres://postgres@127.0.0.1:5432/kn_bench_1m --skip-seed` and only read it.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)


def main():
    args = benchlib.parser(__doc__, database="kn_bench_1m", activities=1_000_000).parse_args()
    benchlib.ensure_database(args.database_url)
    benchlib.setup(args.database_url)
    started = time.perf_counter()
    if args.skip_seed:
        from django.core.management import call_command

        call_command("migrate", verbosity=1)
    else:
        benchlib.fill(args.activities)
    from django.db import connection

    benchlib.vacuum()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM partnerships_activity")
        activities = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"{activities} activities, database {size}, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
