"""Figures cached per scope and filter, filed under the database's data version.

`DataVersion` (partnerships migration 0014) is raised by the database itself when a transaction
that changed activities, partnerships, units, plans, models or reference data commits, on every
write path (services, admin, imports, bulk SQL). A cached value is stored under
"<name>:<version>:<scope>:<parts>", so after any write the old entries are simply never asked for
again (they expire by themselves). The backend is Django's cache: Redis in production
(`CACHE_URL`), local memory per process when embedded (the default).

Two numbers: `version`, raised by every write that can change a counted figure, and `drafts`,
raised by a transaction that changed only activities no figure counts (drafts, returned ones;
migration 0026). What reads only counted activities (the dashboards, the district and agency
pages) passes `drafts=False` and is filed under `version` alone, so a day of officers saving
drafts leaves the leaders' figures cached; everything else (the lists show drafts) is filed
under both numbers, the default.

Forms' choices read from the database (the filter bars' districts, categories, agencies in a
user's reach) are cached the same way (`cached_choices`): the dashboard's filter and the lists'
share it, so the choices of a repeated view cost no query.

Reads inside a transaction are not cached: a transaction that has written sees its own
uncommitted rows, which must not be filed under the committed version.

A GET or HEAD request reads the version once, however many cached values its page reads (the
dashboard: the filter's choices, the figures, the inspections): such a request writes none of
the data, and each query is a round trip that waits for the shared cores. Any other request, a
command or a job reads it each time.
"""

import functools
import hashlib
from typing import NamedTuple

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection
from django.utils.translation import get_language

from common.db import prepared_cursor
from partnerships.access.scoping import reach_key, sees_whole_province
from partnerships.models import DataVersion

TIMEOUT = 60 * 60  # an hour; entries of older versions are dead weight until then


_UNREAD = object()
# The connection is the thread's own (Django keeps one per thread), so is what is kept on it.
MEMO = "ketnghia_data_version"


class Version(NamedTuple):
    counted: int  # DataVersion.version: any write that can change a counted figure
    drafts: int  # DataVersion.drafts: writes to activities no figure counts

    def key(self, drafts: bool) -> str:
        return f"{self.counted}.{self.drafts}" if drafts else str(self.counted)


def _read_version() -> Version | None:
    with prepared_cursor() as cursor:  # every page that reads a cached value: planned once per connection
        cursor.execute(_version_sql(connection.vendor))
        row = cursor.fetchone()
    return None if row is None else Version(*row)


@functools.cache
def _version_sql(vendor: str) -> str:
    """The version's query as SQL, written once from the model: every page that reads a cached
    value asks it, and building it through the ORM cost 1,5 ms of CPU per request where sending
    it costs 0,2 (docs/performance.md, "Through gunicorn")."""
    q = connection.ops.quote_name
    meta = DataVersion._meta
    return (f"SELECT {q(meta.get_field('version').column)}, {q(meta.get_field('drafts').column)} "
            f"FROM {q(meta.db_table)} WHERE {q(meta.pk.column)} = 1")


def data_version() -> Version | None:
    """None without the row (a flushed test database): then nothing is cached."""
    memo = getattr(connection, MEMO, None)
    if memo is None:
        return _read_version()
    if memo is _UNREAD:
        memo = _read_version()
        setattr(connection, MEMO, _UNREAD if memo is None else memo)
    return memo


def _request_started(sender, environ=None, **kwargs):
    safe = environ is not None and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
    setattr(connection, MEMO, _UNREAD if safe else None)


def _request_finished(sender, **kwargs):
    setattr(connection, MEMO, None)


request_started.connect(_request_started, dispatch_uid="ketnghia_data_version_memo")
request_finished.connect(_request_finished, dispatch_uid="ketnghia_data_version_memo")


def scope_key(user) -> str:
    """Users who see the same rows share cached figures: the whole province, or one person with
    their present reach (roles, agency, locality: `reach_key`)."""
    if user is None or sees_whole_province(user):
        return "province"
    # A person's rows follow their roles, agency and locality, which change in the admin without
    # a new data version (a user's row raises none): a changed reach is another scope.
    reach = hashlib.sha256(repr(reach_key(user)).encode()).hexdigest()[:12]
    return f"user{user.pk}.{reach}"


def cached(name: str, user, parts, compute, *, drafts: bool = True, stale=None):
    """compute() once per data version, scope and `parts` (a repr-able description of the filter).
    `drafts=False`: what compute() reads counts approved and submitted activities only, so writes
    to drafts and returned activities leave the entry (see the module's docstring).
    `stale(value)` True: the entry is computed and kept again (something it was drawn from has
    been refined within the version, e.g. a search's estimate once its exact figures are read)."""
    key = _key(name, user, parts, drafts)
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None or (stale is not None and stale(value)):
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cached_for_query(name: str, request, known, compute, *, parts=(), **options):
    """`cached` for a page drawn from its query as it came (with `parts`), when the query names
    only `known` parameters; any other query is computed each time, so that nobody can fill the
    cache with pages of made-up parameters. `options` as `cached`'s."""
    if not set(request.GET) <= set(known):
        return compute()
    return cached(name, request.user, (request.GET.urlencode(), *parts), compute, **options)


def peek(name: str, user, parts, *, drafts: bool = True):
    """What `cached` holds for these arguments under the present data version, or None: nothing
    is computed (the activity list takes a broad search's exact figures once someone has asked)."""
    key = _key(name, user, parts, drafts)
    return None if key is None else cache.get(key)


def _key(name: str, user, parts, drafts: bool) -> str | None:
    version = None if connection.in_atomic_block else data_version()
    if version is None:
        return None
    # The language too: cached figures may carry translated labels.
    digest = hashlib.sha256(repr((parts, get_language())).encode()).hexdigest()[:32]
    return f"kn:{name}:{version.key(drafts)}:{scope_key(user)}:{digest}"


def cached_choices(name: str, user, rows, *, drafts: bool = True) -> dict[str, list[tuple]]:
    """A form's database choices, once per data version and scope: `rows()` gives
    {"field": iterable of (value, label)}, read in one cache entry (one version query) whatever
    the number of fields. `user` None: choices that are the same for everybody."""
    return cached(f"choices:{name}", user, None,
                  lambda: {field: [tuple(choice) for choice in choices] for field, choices in rows().items()},
                  drafts=drafts)
