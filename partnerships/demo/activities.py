"""The demo's activities: generated in batches as a pure function of (seed, number), and written
in bulk with their workflow history (see generator.py for why bulk).

Longer than 400 lines on purpose: the generator, the bulk writer and the thread that feeds one
to the other are one pipeline (`seed_activities`), read together; the seasonal calendar is the
generator's alone and may move out when it grows.
"""

import datetime
import queue
import random
import threading
import time
from bisect import bisect_right
from dataclasses import dataclass, field

from django.db import connections, reset_queries, transaction
from django.utils import timezone

from partnerships import geography
from partnerships.demo import data as D
from partnerships.demo.common import (
    SETTLED_AFTER_DAYS,
    PROGRAMME_START,
    TZ,
    S,
    lower_first,
    explicit_timestamps,
)
from partnerships.models import Activity, ActivityCategory, ActivityStatusChange, Agency, ConfirmationStatus
from partnerships.demo.structure import Structure


# Lunar-calendar occasions, by Gregorian year (Tết Nguyên đán; Trung thu, 15th of the 8th month).
TET = {2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
       2028: (1, 26)}
MID_AUTUMN = {2021: (9, 21), 2022: (9, 10), 2023: (9, 29), 2024: (9, 17), 2025: (10, 6), 2026: (9, 25),
              2027: (9, 15), 2028: (10, 3)}
SEASONS = {  # a word in the title → (day of the occasion in a year, days before it the work happens)
    "Tết": (lambda y: datetime.date(y, *TET[y]) if y in TET else None, 25),
    "Trung thu": (lambda y: datetime.date(y, *MID_AUTUMN[y]) if y in MID_AUTUMN else None, 14),
    "khai giảng": (lambda y: datetime.date(y, 9, 5), 16),
    "mưa lũ": (lambda y: datetime.date(y, 11, 30), 60),
}


def season_of(template: str):
    return next((season for word, season in SEASONS.items() if word in template), None)


def seasonal_day(template: str, start: datetime.date, first: datetime.date, last: datetime.date, rand):
    """The day an occasion's activity happens near `start` (its year, else the next): None when
    the title names no occasion, False when no occasion falls between `first` and `last`."""
    season = season_of(template)
    if season is None:
        return None
    occasion_of, window = season
    draw = rand()  # drawn only for seasonal titles: the rest of the demo keeps its random sequence
    for year in (start.year, start.year + 1, start.year - 1):
        occasion = occasion_of(year)
        if occasion is None:
            continue
        day = occasion - datetime.timedelta(days=1 + int(draw * window))
        if first <= day <= last:
            return day
    return False


@dataclass
class Target:
    """What the generator needs to know about one partnership, read once."""

    pk: int
    agency: str
    is_armed: bool
    unit_name: str
    district_name: str
    ethnic_group: str
    communes: list  # [(pk, display name, ethnic-minority area, border)]
    start: datetime.date
    days: int
    creator_id: int | None
    models: list = field(default_factory=list)  # [(pk, commune pk, commune display name, model display name)]


# Column order of the rows the generator yields. Checked against the model at start-up: if the
# model gains a column, the fast paths step aside for bulk_create (see ActivityWriter).
ACTIVITY_COLUMNS = (
    "partnership_id", "category_id", "title", "description", "start_date", "end_date", "commune_id",
    "budget_state", "budget_society", "budget_in_kind", "households_reached", "people_reached",
    "ethnic_minority_people", "people_trained", "jobs_created", "households_out_of_poverty",
    "development_model_id", "status", "confirmation_status", "confirmation_comment", "confirmed_by_id",
    "confirmed_at", "created_by_id", "created_at", "updated_at",
)
CHANGE_COLUMNS = ("activity_id", "from_status", "to_status", "actor_id", "comment", "created_at")
_DATETIME_COLUMNS = {"confirmed_at", "created_at", "updated_at"}
_DATE_COLUMNS = {"start_date", "end_date"}


class ActivityGenerator:
    """Activity number i from (seed, i): the same row whenever and however often it is generated."""

    def __init__(self, structure: Structure, seed: int):
        self.seed = seed
        self.today = structure.today
        self.this_year = self.today.year
        # In the demo's own time zone: aware datetimes sharing one tzinfo compare quickly.
        self.now = timezone.now().astimezone(TZ)
        categories = list(ActivityCategory.objects.order_by("sort_order", "pk"))
        self.categories = [(c.pk, c.code) for c in categories]
        by_code = {c.code: c.pk for c in categories}
        self.coordinator_id = structure.users["coordinator"].pk
        focal = structure.users["focal"]
        # The focal point confirms the work at their commune, and before the reform at the old
        # communes it took over (the same office, then under its old name).
        self.focal = (focal.pk, {u.pk for u in structure.units_by_pk.values()
                                 if geography.current_id_of(u) == focal.locality_id})
        officers = {structure.users[u].agency_id: structure.users[u].pk for u in ("officer", "officer2")}
        # Agencies without a demo login report on paper and the coordinator records for them: every
        # activity has a creator, as in real use.
        recorder = structure.users["coordinator"].pk
        units_by_pk = structure.units_by_pk
        models_by_partnership = {}
        for m in structure.models:
            commune = units_by_pk[m.commune_id]
            models_by_partnership.setdefault(m.partnership_id, []).append(
                (m.pk, m.commune_id, lower_first(commune.name), lower_first(m.name))
            )
        agencies_by_pk = {a.pk: a for a in structure.agencies.values()}

        self.targets = []
        for p in structure.partnerships:
            unit = units_by_pk[p.unit_id]
            # After the reform a new commune's district is the old one it was formed from.
            district = units_by_pk[geography.district_area_id_of(unit)]
            agency = agencies_by_pk[p.agency_id]
            start = max(p.signed_on, PROGRAMME_START)
            end = min(p.ended_on or self.today, self.today)
            self.targets.append(Target(
                pk=p.pk, agency=agency.name,
                is_armed=agency.kind == Agency.Kind.ARMED_FORCES,
                unit_name=unit.name, district_name=lower_first(district.name),
                ethnic_group=D.ETHNIC_GROUP.get(district.code, D.DEFAULT_ETHNIC_GROUP),
                communes=[
                    (c.pk, lower_first(c.name), c.is_ethnic_minority_area, c.is_border) for c in structure.communes_of(p)
                ],
                start=start, days=max((end - start).days, 0) + 1,
                creator_id=officers.get(p.agency_id, recorder), models=models_by_partnership.get(p.pk, []),
            ))
        # Longer partnerships (and districts, with more communes) see more activities.
        # A district's successors (the new communes formed from it) share its weight.
        shares = getattr(structure, "activity_share", {})
        weights = [
            t.days * shares.get(t.pk, 2 if len(t.communes) > 1 else 1) for t in self.targets
        ]
        self.target_cum = list(_accumulate(weights))

        self.category_cum = {}
        for armed in (False, True):
            subst = dict(D.SUBSTANTIVE_WEIGHTS)
            if armed:
                subst["quoc-phong"] *= 6
            self.category_cum[armed] = (
                [by_code[c] for c in subst], list(_accumulate(subst.values())),
                [by_code[c] for c in D.NON_SUBSTANTIVE_WEIGHTS], list(_accumulate(D.NON_SUBSTANTIVE_WEIGHTS.values())),
            )
        self.code_of = {pk: code for pk, code in self.categories}
        self.status_cum = {
            True: ((S.APPROVED, S.SUBMITTED, S.RETURNED, S.DRAFT), list(_accumulate((97, 0, 1, 2)))),
            False: ((S.APPROVED, S.SUBMITTED, S.RETURNED, S.DRAFT), list(_accumulate((42, 25, 8, 25)))),
        }

    def _at(self, day: datetime.date, rng: random.Random) -> datetime.datetime:
        moment = datetime.datetime.combine(
            day, datetime.time(7 + int(rng.random() * 10), int(rng.random() * 60)), tzinfo=TZ
        )
        return moment if moment < self.now else self.now

    def _later(self, moment, rng, max_days):
        rand = rng.random
        moment += datetime.timedelta(days=1 + int(rand() * max_days), minutes=int(rand() * 480))
        return moment if moment < self.now else self.now

    def activity(self, i: int, rng: random.Random):
        """(row, [status change rows without activity id]) for activity number i; row follows ACTIVITY_COLUMNS."""
        rng.seed(self.seed * 1_000_003 + i)
        rand = rng.random
        targets = self.targets
        t = targets[i] if i < len(targets) else targets[_pick(rng, self.target_cum)]
        start = t.start + datetime.timedelta(days=int(rand() * t.days))
        year = start.year

        if i < len(self.categories):
            category_id = self.categories[i][0]
        else:
            subst_ids, subst_cum, other_ids, other_cum = self.category_cum[t.is_armed]
            if rand() < D.NON_SUBSTANTIVE_SHARE.get(year, D.LATER_NON_SUBSTANTIVE_SHARE):
                category_id = other_ids[_pick(rng, other_cum)]
            else:
                category_id = subst_ids[_pick(rng, subst_cum)]
        code = self.code_of[category_id]
        profile = D.PROFILES[code]

        commune_id, commune_name, minority_area, border = t.communes[int(rand() * len(t.communes))]
        model_id = None
        low, high = profile["households"]
        households = low + int(rand() * (high - low + 1)) if high else 0
        n = households or 2 + int(rand() * 5)
        if code == "mo-hinh" and t.models and rand() < 0.7:
            model_id, commune_id, commune_name, model_name = t.models[int(rand() * len(t.models))]
            title = _MODEL_TITLES[int(rand() * len(_MODEL_TITLES))].format(m=model_name)
            minority_area = True
        else:
            templates = D.TITLES[code] if border or code != "quoc-phong" else D.INLAND_DEFENCE_TITLES
            template = templates[int(rand() * len(templates))]
            # Tết gifts before Tết, mid-autumn gifts before Trung thu, school gifts at the start of
            # the school year, flood relief in the flood season: the date follows the occasion.
            seasonal = seasonal_day(template, start, t.start, t.start + datetime.timedelta(days=t.days - 1), rand)
            if seasonal is False:
                template = next(x for x in templates if season_of(x) is None)
            elif seasonal:
                start = seasonal
                year = start.year
            title = template.format(
                xa=commune_name, huyen=t.district_name, dt=t.ethnic_group, n=n, thon=1 + int(rand() * 8),
                y=year, y1=year + 1, y2=year + 2,
            )

        # Money in whole đồng: log-uniform within the category's range, rounded like real budgets.
        low, high = profile["money"]
        if code == "nha-tinh-nghia":
            total = households * (60 + int(rand() * 21)) * 1_000_000
        else:
            total = low * (high / low) ** rand() * 1_000_000
            total = int(total // 100_000 * 100_000) if total >= 10_000_000 else int(total // 10_000 * 10_000)
        split = profile["split"]
        weights = [w * (0.5 + rand()) for w in split]
        whole = sum(weights)
        state = int(total * weights[0] / whole) // 1000 * 1000
        society = int(total * weights[1] / whole) // 1000 * 1000
        in_kind = total - state - society
        if not split[2]:  # rounding leftovers go where the money came from
            if split[1]:
                society, in_kind = society + in_kind, 0
            else:
                state, in_kind = state + in_kind, 0

        low, high = profile["people"]
        if households:
            people = int(households * (low + rand() * (high - low)))
        else:
            people = low + int(rand() * (high - low + 1))
        minority = int(people * (0.75 + rand() * 0.25 if minority_area else rand() * 0.3))
        if profile["trained"] == (1, 1):
            trained = people
        elif code == "mo-hinh" and rand() < 0.5:
            trained = households
        else:
            trained = 0
        low, high = profile["jobs"]
        jobs = int(trained * (low + rand() * (high - low))) if high else 0
        out_of_poverty = int(households * rand() * profile["poverty"])

        low, high = profile["days"]
        end = start + datetime.timedelta(days=low + int(rand() * (high - low + 1)))
        if end > self.today:
            end = None

        # Workflow: settled (almost all approved) once an activity is half a year old; a live mix
        # of drafts, submissions and returns in the recent months, as in a real review queue.
        past = (self.today - start).days > SETTLED_AFTER_DAYS
        statuses, cum = self.status_cum[past]
        status = statuses[_pick(rng, cum)]
        actor = t.creator_id
        recorded = (end or start) + datetime.timedelta(days=1 + int(rand() * 14))
        created_at = self._at(min(recorded, self.today), rng)
        changes = [("", S.DRAFT, actor, "", created_at)]
        moment = created_at
        if status != S.DRAFT:
            moment = self._later(moment, rng, 9)
            changes.append((S.DRAFT, S.SUBMITTED, actor, "", moment))
            if status == S.RETURNED or rand() < 0.08:
                moment = self._later(moment, rng, 11)
                comment = D.RETURN_COMMENTS[int(rand() * len(D.RETURN_COMMENTS))]
                changes.append((S.SUBMITTED, S.RETURNED, self.coordinator_id, comment, moment))
                if status != S.RETURNED:
                    moment = self._later(moment, rng, 7)
                    changes.append((S.RETURNED, S.SUBMITTED, actor, "", moment))
            if status == S.APPROVED:
                moment = self._later(moment, rng, 14)
                changes.append((S.SUBMITTED, S.APPROVED, self.coordinator_id, "", moment))

        confirmation, comment, confirmed_by, confirmed_at = ConfirmationStatus.PENDING, "", None, None
        if status == S.APPROVED or status == S.SUBMITTED:
            roll = rand()
            confirm_share = 0.55 if status == S.APPROVED and past else 0.15
            if roll < confirm_share:
                confirmation, comment = ConfirmationStatus.CONFIRMED, D.CONFIRM_COMMENTS[int(rand() * len(D.CONFIRM_COMMENTS))]
            elif roll < confirm_share + 0.04:
                confirmation, comment = ConfirmationStatus.DISPUTED, D.DISPUTE_COMMENTS[int(rand() * len(D.DISPUTE_COMMENTS))]
            if confirmation != ConfirmationStatus.PENDING:
                confirmed_at = self._later(moment, rng, 29)
                confirmed_by = self.focal[0] if commune_id in self.focal[1] else None

        description = D.DESCRIPTIONS[int(rand() * len(D.DESCRIPTIONS))].format(
            y=year, agency=t.agency, unit=t.unit_name, xa=commune_name
        )
        row = (
            t.pk, category_id, title, description, start, end, commune_id,
            state, society, in_kind, households, people, minority, trained, jobs, out_of_poverty,
            model_id, str(status), str(confirmation), comment, confirmed_by, confirmed_at,
            actor, created_at, changes[-1][4],
        )
        return row, changes


_MODEL_TITLES = (
    "Hỗ trợ duy trì {m}", "Phát triển {m}: bổ sung giống, vật tư",
    "Tập huấn kỹ thuật cho các hộ tham gia {m}", "Đánh giá, nhân rộng {m}",
)


def _accumulate(values):
    total = 0
    for v in values:
        total += v
        yield total


def _pick(rng: random.Random, cum: list) -> int:
    return bisect_right(cum, rng.random() * cum[-1])


class ActivityWriter:
    """Writes generated rows in one transaction per batch, by the fastest means the backend offers.

    PostgreSQL: COPY, with ids drawn from the table's own sequence; SQLite: executemany with ids
    after the current maximum (inside the write transaction, which SQLite serialises); anything
    else, or a model whose columns no longer match ACTIVITY_COLUMNS: plain bulk_create. The
    generator's rows are the same in every case, so the choice changes speed, not data.
    """

    def __init__(self, using: str = "default"):
        self.using = using
        self.connection = connections[using]
        expected = {f.attname for f in Activity._meta.concrete_fields} - {"id"}
        changes = {f.attname for f in ActivityStatusChange._meta.concrete_fields} - {"id"}
        matches = expected == set(ACTIVITY_COLUMNS) and changes == set(CHANGE_COLUMNS)
        vendor = self.connection.vendor
        if vendor == "postgresql":
            from django.db.backends.postgresql.psycopg_any import is_psycopg3

            fast = is_psycopg3  # COPY through psycopg 3's cursor.copy()
        else:
            fast = vendor == "sqlite"
        self.mode = vendor if matches and fast else "orm"
        self.activity_table = Activity._meta.db_table
        self.change_table = ActivityStatusChange._meta.db_table
        cols = [Activity._meta.get_field(a).column for a in ACTIVITY_COLUMNS]
        self.activity_cols = ", ".join(self.connection.ops.quote_name(c) for c in ["id", *cols])
        self.change_cols = ", ".join(
            self.connection.ops.quote_name(ActivityStatusChange._meta.get_field(a).column) for a in CHANGE_COLUMNS
        )

    def write(self, rows: list[tuple], histories: list[list[tuple]]) -> None:
        with transaction.atomic(using=self.using):
            getattr(self, f"_write_{self.mode}")(rows, histories)

    def _write_orm(self, rows, histories):
        with explicit_timestamps(Activity, ActivityStatusChange):
            activities = Activity.objects.using(self.using).bulk_create(
                [Activity(**dict(zip(ACTIVITY_COLUMNS, row))) for row in rows]
            )
            ActivityStatusChange.objects.using(self.using).bulk_create(
                ActivityStatusChange(**dict(zip(CHANGE_COLUMNS, (a.pk, *change))))
                for a, changes in zip(activities, histories)
                for change in changes
            )

    def _write_postgresql(self, rows, histories):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.activity_table, len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
            raw = cursor.cursor  # psycopg 3: COPY is not part of the DB-API Django wraps
            with raw.copy(f"COPY {self.activity_table} ({self.activity_cols}) FROM STDIN") as copy:
                for pk, row in zip(ids, rows):
                    copy.write_row((pk, *row))
            with raw.copy(f"COPY {self.change_table} ({self.change_cols}) FROM STDIN") as copy:
                for pk, changes in zip(ids, histories):
                    for change in changes:
                        copy.write_row((pk, *change))

    def _write_sqlite(self, rows, histories):
        ops = self.connection.ops
        if self.connection.timezone_name == "UTC":
            # What ops.adapt_datetimefield_value() stores (naive UTC text), at a quarter of the cost.
            def stamp(value, utc=datetime.timezone.utc):
                return None if value is None else value.astimezone(utc).replace(tzinfo=None).isoformat(" ")
        else:
            stamp = ops.adapt_datetimefield_value
        datetime_at = [i for i, c in enumerate(ACTIVITY_COLUMNS) if c in _DATETIME_COLUMNS]
        date_at = [i for i, c in enumerate(ACTIVITY_COLUMNS) if c in _DATE_COLUMNS]
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.activity_table}")
            first_id = cursor.fetchone()[0] + 1

            def prepared():
                for pk, row in enumerate(rows, start=first_id):
                    row = list(row)
                    for i in datetime_at:
                        row[i] = stamp(row[i])
                    for i in date_at:
                        row[i] = ops.adapt_datefield_value(row[i])
                    yield (pk, *row)

            marks = ", ".join(["%s"] * (len(ACTIVITY_COLUMNS) + 1))
            cursor.executemany(f"INSERT INTO {self.activity_table} ({self.activity_cols}) VALUES ({marks})", prepared())
            marks = ", ".join(["%s"] * len(CHANGE_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {self.change_table} ({self.change_cols}) VALUES ({marks})",
                (
                    (pk, frm, to, actor, comment, stamp(at))
                    for pk, changes in enumerate(histories, start=first_id)
                    for frm, to, actor, comment, at in changes
                ),
            )


def _batches(generator: ActivityGenerator, first: int, target: int, batch_size: int):
    """Generated batches, made one ahead on a background thread.

    Generation is pure Python and needs no database; writing mostly waits on the database (COPY,
    index maintenance, deferred foreign-key checks at commit). Making the next batch during that
    wait nearly halves the wall time on PostgreSQL. At most two batches are in memory at once.
    """
    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item) -> bool:
        """Hand over one item unless the consumer has gone away."""
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        rng = random.Random()
        try:
            for batch_start in range(first, target, batch_size):
                rows, histories = [], []
                for i in range(batch_start, min(batch_start + batch_size, target)):
                    row, changes = generator.activity(i, rng)
                    rows.append(row)
                    histories.append(changes)
                if not put((rows, histories)):
                    return
            put(None)
        except BaseException as exc:  # surfaced in the consuming thread
            put(exc)

    thread = threading.Thread(target=produce, name="seed_demo-generator", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def seed_activities(generator: ActivityGenerator, *, first: int, target: int, batch_size: int, progress) -> int:
    """Create activities number first..target-1 (and their workflow history) in batches."""
    writer = ActivityWriter()
    created = 0
    started = time.monotonic()
    for rows, histories in _batches(generator, first, target, batch_size):
        writer.write(rows, histories)
        reset_queries()  # with DEBUG on, Django would keep every batch's SQL in memory
        created += len(rows)
        progress(created, target - first, time.monotonic() - started)
    return created
