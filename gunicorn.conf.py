"""gunicorn's settings for the portal, read by every way of starting it: README "Production",
docs/systemd/ketnghia-web.service and bench/gunicorn_load.py all run
`gunicorn -c gunicorn.conf.py ketnghia.wsgi`. An option given on the command line (or in
GUNICORN_CMD_ARGS) wins over this file, e.g. `--bind 0.0.0.0:8000` or `--workers 5`.

Workers: threaded (gthread), one process per core, eight threads each. A page is mostly Python
(a cached dashboard ≈ 15–30 ms of CPU) with short waits on PostgreSQL and Redis: one process per
core keeps the cores busy without processes fighting over them, the threads fill the waits, and
unlike sync workers they keep a client's connection open between requests. On the two shared
cores (docs/performance.md, "Through gunicorn"), the cached dashboard at 20 clients: 5 sync
workers 18 req/s, 3 sync 25, gthread 3 × 4 44, gthread 2 × 8 65.
"""

import multiprocessing

bind = "127.0.0.1:8000"
worker_class = "gthread"
workers = multiprocessing.cpu_count()
threads = 8
# Long work (exports, the annual report, large imports) runs in background jobs; a page that
# takes this long is a fault to see in the log, not a wait to allow.
timeout = 120
keepalive = 5
# No max_requests: a worker replaced after N requests drops the clients' open connections with
# it (42 "connection reset" errors in a 60 s run of bench/gunicorn_load.py at 430 req/s).


# Garbage collection (docs/performance.md, "Through gunicorn"): a worker holds ≈ 160,000 objects
# once Django, the URLconf and the templates are loaded, and a full collection walks all of them
# with the GIL held, stalling every thread of the worker: one every 1–5 s under load, 100–215 ms
# each. Objects that live as long as the process are moved out of the collector's sight
# (`gc.freeze`) once the application is loaded, and again once the first requests have compiled
# the templates and filled the caches; collections then walk only what requests create.
FREEZE_AGAIN_AFTER = 1000  # requests


def _freeze():
    import gc

    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    _freeze()
    worker.ketnghia_requests = 0


def post_request(worker, req, environ, resp):
    worker.ketnghia_requests = getattr(worker, "ketnghia_requests", 0) + 1
    if worker.ketnghia_requests == FREEZE_AGAIN_AFTER:
        _freeze()
