"""Load through gunicorn: the login page (the baseline), the leaders' dashboard, and a mix of pages.

    flock /work/bench.lock .venv/bin/python bench/gunicorn_load.py --skip-seed            # kn_bench_1m
    flock /work/bench.lock .venv/bin/python bench/gunicorn_load.py --skip-seed --record
    flock /work/bench.lock .venv/bin/python bench/gunicorn_load.py --skip-seed --port 8103   # another port
    flock /work/bench.lock .venv/bin/python bench/gunicorn_load.py --skip-seed --only "mix"  # one scenario (and the login page)

Method: gunicorn with the portal's own settings (`gunicorn.conf.py`: threaded workers, one
process per core; `--workers N --worker-class sync` reproduce the issue's 5 sync workers) serves the shared 1 M
database (see /work/briefs/bench-db.md) on 127.0.0.1:PORT with DEBUG off and the cache on Redis
(`CACHE_URL`, db 8), as in production; PORT is 8108 unless `--port` names another, so that two
checkouts can each run one. Sessions for the demo users are made in this process
(`force_login`), then N client threads (keep-alive HTTP/1.1, `http.client`) request pages
back to back for the duration; every answer must be 200. Scenarios, each after a short warm-up:
1. the login page, 20 clients, 60 s: the baseline requests/s in this run;
2. the province dashboard for a year as the leader, 20 clients, 60 s;
3. 50 users for 60 s over a mix: the activity list (first page, a filter, a search), an
   activity's page, the dashboard, the agency page, and a form post (the activity form sent
   back incomplete: a POST with CSRF that is validated and answered with its errors, no write,
   so the shared database stays as it is).
The clients run on the same two cores as the server, so the numbers are a lower bound.
"""

import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (bench/ is a folder of scripts, not a package)

PORT = 8108  # unless --port says another


def run_clients(n: int, seconds: float, pick, port: int) -> dict:
    """n threads; each calls pick(rng) → (method, path, body, cookies) and sends it until time is up."""
    stop = time.perf_counter() + seconds
    samples, errors, lock = [], [], threading.Lock()

    def client(index):
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        while time.perf_counter() < stop:
            method, path, body, headers = pick(rng, index)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = repr(error)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                bad.append((path, status))
        with lock:
            samples.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    samples.sort()
    return {"requests": len(samples), "rps": len(samples) / elapsed,
            "median": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1],
            "errors": len(errors), "first_errors": errors[:3], "clients": n}


def main():
    def options(parser):
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py's")
        parser.add_argument("--worker-class", help="default: gunicorn.conf.py's (gthread)")
        parser.add_argument("--threads", type=int, help="default: gunicorn.conf.py's")
        parser.add_argument("--port", type=int, default=PORT, help=f"the server's port (default {PORT})")
        parser.add_argument("--only", default="", help="only the scenarios whose label holds this text (the login "
                                                       "page's baseline always runs); not with --record")

    args = benchlib.start(__doc__, database="kn_bench_1m", activities=1_000_000, options=options,
                          environ={"CACHE_URL": "redis://127.0.0.1:6379/8", "SESSION_COOKIE_SECURE": "False",
                                   "CSRF_COOKIE_SECURE": "False"})
    if args.only and args.record:
        raise SystemExit("--only is for trying a change: --record writes the whole table.")

    from django.conf import settings
    from django.urls import reverse

    from partnerships.models import Activity, User

    clients = benchlib.clients("leader", "coordinator", "officer")
    cookies = {name: f"{settings.SESSION_COOKIE_NAME}={c.cookies[settings.SESSION_COOKIE_NAME].value}"
               for name, c in clients.items()}
    year = benchlib.years()[1] - 1
    officer = User.objects.get(username="officer")
    some = list(Activity.objects.filter(partnership__agency=officer.agency_id).values_list("pk", flat=True)[:200])

    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    overrides = [option for name, value in (("--workers", args.workers), ("--worker-class", args.worker_class),
                                            ("--threads", args.threads)) if value for option in (name, str(value))]
    try:  # a server another checkout left on the port would answer instead of this one
        http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).connect()
        raise SystemExit(f"Port {args.port} is in use: choose another with --port.")
    except OSError:
        pass
    server = subprocess.Popen(
        [str(benchlib.ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "ketnghia.wsgi",
         "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning", *overrides],
        cwd=benchlib.ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", reverse("login"))
                break
            except OSError:
                time.sleep(0.2)
        login, dashboard = reverse("login"), reverse("reports:dashboard") + f"?year={year}"
        lst = reverse("partnerships:activity_list")
        agency = reverse("reports:agency_detail", args=[officer.agency_id]) + f"?year={year}"
        create = reverse("partnerships:activity_create")

        # The form post: a CSRF token for the officer's session, from the form page itself.
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        conn.request("GET", create, headers={"Cookie": cookies["officer"]})
        response = conn.getresponse()
        page = response.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        post_headers = {"Cookie": f"{cookies['officer']}; csrftoken={csrf_cookie}",
                        "Content-Type": "application/x-www-form-urlencoded"}
        post_body = f"csrfmiddlewaretoken={token}&title=&start_date=31%2F02%2F2025"

        def get(path, who=None):
            return "GET", path, None, {"Cookie": cookies[who]} if who else {}

        def login_page(rng, i):
            return get(login)

        def dash(rng, i):
            return get(dashboard, "leader")

        mix = [
            lambda rng: get(lst, "coordinator"),
            lambda rng: get(f"{lst}?year={year}&status=approved&sort=-money", "coordinator"),
            lambda rng: get(f"{lst}?q=bo+sinh+san", "coordinator"),
            lambda rng: get(lst, "officer"),
            lambda rng: get(reverse("partnerships:activity_detail", args=[rng.choice(some)]), "officer"),
            lambda rng: get(dashboard, "leader"),
            lambda rng: get(agency, "leader"),
            lambda rng: ("POST", create, post_body, post_headers),
        ]

        def mixed(rng, i):
            return rng.choice(mix)(rng)

        results = []
        for label, clients_n, pick in (("login page (baseline)", 20, login_page),
                                       (f"dashboard, province, {year}", 20, dash),
                                       ("mix of pages (list, search, detail, dashboard, agency, form post)", 50, mixed)):
            if results and args.only not in label:
                continue
            run_clients(clients_n, 5, pick, args.port)  # warm-up: workers' connections, templates, cache
            result = run_clients(clients_n, args.seconds, pick, args.port)
            results.append((label, result))
            print(label, result)
    finally:
        server.terminate()
        server.wait(timeout=30)

    base = results[0][1]["rps"]
    config = {}
    exec((benchlib.ROOT / "gunicorn.conf.py").read_text(), config)  # what the server ran with
    kind, workers = args.worker_class or config["worker_class"], args.workers or config["workers"]
    threads = f" × {args.threads or config['threads']} threads" if kind == "gthread" else ""
    lines = [
        f"gunicorn {workers} {kind} workers{threads} (gunicorn.conf.py{' with ' + ' '.join(overrides) if overrides else ''}), "
        f"{args.seconds:.0f} s per scenario after a 5 s warm-up, clients in the same machine; cache on Redis.",
        "",
        "| scenario | clients | requests | req/s | × login's req/s | median ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {label} | {r['clients']} | {r['requests']:,} | {r['rps']:.1f} | {r['rps'] / base:.2f} | "
              f"{r['median']:.0f} | {r['p95']:.0f} | {r['errors']} |" for label, r in results]
    lines += ["", "Targets: dashboard ≥ 0,30 × the login page's req/s, p95 ≤ 250 ms, 0 errors; "
              "the mix: 0 errors, p95 ≤ 500 ms."]
    benchlib.finish(args, lines, "gunicorn", "## Through gunicorn (`bench/gunicorn_load.py`)\n\n",
                    note="; shared by eight developers")


if __name__ == "__main__":
    main()
