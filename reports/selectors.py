"""Report selectors: every figure of the dashboards and the annual report.

The dashboard, the HTML report and the Excel workbook read these functions, so they cannot
disagree. Everything is computed in the database (`aggregate` / `annotate` with `filter=Q(...)`);
Python only merges a handful of grouped rows, so the number of queries does not depend on the
number of activities. Sums and counts of activities are read from `ActivityYearSummary` (activities
summed per year × partnership × commune × category × status, kept exact by database triggers;
the pivot's from `ActivitySummary`, which has the quarter too), which keeps the dashboard fast at a million activities; `activities()` still gives the rows. Definitions (reporting year, substantive share, coverage gaps, ...) are
written out in `docs/dashboard.md`.

Every function takes a `ReportFilter` and an optional `user`: with a user, only rows that
`visible_to(user)` returns are counted (an officer sees their agency, a focal point their
locality); without one, the whole province (management commands, the finalised report).

Longer than 400 lines on purpose: every figure's definition stands beside the others it must
agree with, and they share the private helpers (`_facts`, `_measures`, `_finish`, `_grouped`)
that make them one query each; a topic moves to a module of its own when it grows helpers of
its own.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import vi_key, vi_order
from partnerships import geography
from partnerships.agencies import agency_as_of, current_agency_expr
from partnerships.access.scoping import sees_whole_province
from partnerships.models import (
    substantive_q,
    target_area_in_year_q,
    Activity,
    ActivityCategory,
    ActivityStatus,
    ActivityStatusChange,
    ActivitySummary,
    ActivityYearSummary,
    AdministrativeUnit,
    Agency,
    AnnualPlan,
    ConfirmationStatus,
    DevelopmentModel,
    Partnership,
)
from partnerships.models.partnerships import in_force_q
from partnerships.services import ACTIVITY_RESULT_FIELDS, PLAN_TARGET_FIELDS
from reports.filters import ReportFilter  # the selectors' argument; importable from here too

Level = AdministrativeUnit.Level

# An activity is reported on time when it is first submitted within this many days of its end
# (its start when it has no end date): a criterion of the evaluation (Directive 16, point 4).
ON_TIME_DAYS = 30


# --- the rows behind every figure -----------------------------------------------------------

# The district an activity belongs to is its partnership's district (see geography.district_expr).
DISTRICT_OF_ACTIVITY = geography.district_expr("partnership__unit")


def _partnership_area_q(f: ReportFilter, prefix: str = "") -> Q:
    q = Q()
    if f.district_code:
        q &= geography.in_district_q(f"{prefix}unit", code=f.district_code)
    if f.agency_kind:
        q &= Q(**{f"{prefix}agency__kind": f.agency_kind})
    if f.agency_id:
        q &= Q(**{f"{prefix}agency_id": f.agency_id})
    if f.commune_code:
        # Partnerships covering the commune: with the commune itself or with its district (as of
        # today also those with the units it took over, or their districts).
        q &= geography.covering_units_q(f"{prefix}unit", f.commune_units())
    return q


def _commune_q(f: ReportFilter, field: str) -> Q:
    """Work located in the filter's commune (`field` holds the commune's id)."""
    if not f.commune_code:
        return Q()
    ids = f.commune_units().values("pk")
    return Q(**{f"{field}__in": ids}) | Q(partnership__unit__in=ids)


def activities(f: ReportFilter, user=None) -> QuerySet[Activity]:
    """The activities that count for `f`: reporting year (of start_date) in the period, approved
    (or submitted too when asked), and matching district, agency kind and category."""
    qs = Activity.objects.all() if user is None else Activity.objects.visible_to(user)
    qs = qs.filter(start_date__gte=f.start, start_date__lte=f.end, status__in=f.statuses)
    area = _partnership_area_q(f)
    if f.agency_id and not (f.district_code or f.agency_kind or f.commune_code):
        # One agency's: a condition on the partnership's column. The semi-join below cost the
        # agency page's recent activities 12–25 ms of planning at 1 M (≈ 1,5 ms this way), for
        # the same plan: the start_date index walked backwards (docs/performance.md).
        qs = qs.filter(partnership__agency_id=f.agency_id)
    elif area:
        # A semi-join on the few partnerships of the area, not joins to units and agencies: the
        # planner then walks the start_date index instead of misjudging the OR across units.
        qs = qs.filter(partnership__in=Partnership.objects.filter(area).values("pk"))
    qs = qs.filter(_commune_q(f, "commune"))
    if f.category_code:
        qs = qs.filter(category__code=f.category_code)
    return qs


def partnerships(f: ReportFilter, user=None) -> QuerySet[Partnership]:
    """Partnerships in force at some time in the period (signed by its end, not ended before its
    start), in the filter's district and agency kind. The category criterion does not apply."""
    return _partnership_base(f, user).filter(_in_force(f))


def _partnership_base(f: ReportFilter, user=None) -> QuerySet[Partnership]:
    qs = Partnership.objects.all() if user is None else Partnership.objects.visible_to(user)
    return qs.filter(_partnership_area_q(f))


def _in_force(f: ReportFilter) -> Q:
    return in_force_q(f.start, f.end)


def development_models(f: ReportFilter, user=None, *, in_period: bool = True) -> QuerySet[DevelopmentModel]:
    """Models started in the period (a model without a start date is not attributed to a year);
    with in_period=False, every model of the filter's area whenever it started."""
    qs = DevelopmentModel.objects.all() if user is None else DevelopmentModel.objects.visible_to(user)
    qs = qs.filter(_partnership_area_q(f, "partnership__"))
    if in_period:
        qs = qs.filter(started_on__gte=f.start, started_on__lte=f.end)
    return qs.filter(commune__in=f.commune_units().values("pk")) if f.commune_code else qs


def _facts(f: ReportFilter, user=None, *, by_quarter: bool = False) -> QuerySet[ActivityYearSummary]:
    """The summary rows of the activities that count for `f` (same criteria as `activities`).

    The summaries are kept per year (`ActivityYearSummary`, what the dashboards read) and per
    quarter (`ActivitySummary`, with `by_quarter`: the pivot's quarters); the yearly one has ≈ 2,5
    times fewer rows for the same figures. A period cut at a day in the past (the same months of
    the previous year) is read from the activities themselves, with the summaries' column names. A
    running period reads a summary: it holds what has been recorded so far."""
    if not _reads_summary(f):
        return _facts_from_activities(f, user)
    summary = ActivitySummary if by_quarter else ActivityYearSummary
    qs = summary.objects.all() if user is None else summary.objects.visible_to(user)
    qs = qs.filter(year__gte=f.year_from, year__lte=f.year_to, status__in=f.statuses)
    qs = qs.filter(_partnership_area_q(f, "partnership__")).filter(_commune_q(f, "commune_id"))
    if f.category_code:
        qs = qs.filter(category__code=f.category_code)
    return qs


def _reads_summary(f: ReportFilter) -> bool:
    return not (f.is_cut and f.until < timezone.localdate())


def _facts_from_activities(f: ReportFilter, user=None) -> QuerySet[Activity]:
    return activities(f, user).annotate(
        year=ExtractYear("start_date"),
        quarter=ExtractQuarter("start_date"),
        n=Value(1, output_field=IntegerField()),
        confirmed=Case(When(confirmation_status=ConfirmationStatus.CONFIRMED, then=1), default=0),
        disputed=Case(When(confirmation_status=ConfirmationStatus.DISPUTED, then=1), default=0),
    )


# A finalised year as classified when it was finalised (partnerships.models.substantive_q); a
# marker for `_substantive()`.
_SUBSTANTIVE = "substantive"


@functools.cache
def _substantive() -> Q:
    """substantive_q() built once for the process: Django copies an expression when it resolves
    it into a query and never changes the original, so every aggregate may share it; building it
    for each one (two querysets, four times per grouping) was a good part of a cold dashboard's
    Python time."""
    return substantive_q()
_REPLICA = DevelopmentModel.replica_q()

MONEY_FIELDS = ("money_state", "money_society", "money_in_kind")
RESULT_FIELDS = ACTIVITY_RESULT_FIELDS


# name, summary column, condition: the measures every grouping carries.
_MEASURES = [
    ("count", "n", None),
    ("money_state", "budget_state", None),
    ("money_society", "budget_society", None),
    ("money_in_kind", "budget_in_kind", None),
    ("substantive_count", "n", _SUBSTANTIVE),
    ("substantive_state", "budget_state", _SUBSTANTIVE),
    ("substantive_society", "budget_society", _SUBSTANTIVE),
    ("substantive_in_kind", "budget_in_kind", _SUBSTANTIVE),
    ("confirmed", "confirmed", None),
    ("disputed", "disputed", None),
    *[(name, name, None) for name in RESULT_FIELDS],
]


def _and(*conditions) -> Q | None:
    present = [c for c in conditions if c is not None]
    if not present:
        return None
    combined = present[0]
    for condition in present[1:]:
        combined &= condition
    return combined


def _measures(where: Q | None = None, suffix: str = "") -> dict:
    """Aggregates shared by every grouping (fresh expressions each time: they are mutable);
    `where` restricts them further (one period of several read in a single query)."""
    return {
        name + suffix: Sum(column, filter=_and(_substantive() if condition == _SUBSTANTIVE else condition, where))
        for name, column, condition in _MEASURES
    }


# The measures' names, for code that only reads the keys: building _measures() costs a query
# expression per measure (the substantive one an EXISTS), which per row of a table added up to
# most of a cold dashboard's time.
_MEASURE_NAMES = tuple(name for name, _column, _condition in _MEASURES)


def _share(part, whole):
    return part / whole if whole else None


def _finish(row: dict) -> dict:
    """Turn raw aggregates (None for no rows) into the figures shown: totals and shares."""
    for key in _MEASURE_NAMES:
        row[key] = int(row[key] or 0)  # no rows → None; PostgreSQL sums bigints as numeric
    row["money_total"] = sum(row[k] for k in MONEY_FIELDS)
    row["substantive_money"] = row.pop("substantive_state") + row.pop("substantive_society") + row.pop(
        "substantive_in_kind"
    )
    return _with_shares(row)


def _with_shares(row: dict) -> dict:
    """The substantive shares of a row of sums, and the rest (visits, gifts, charity houses and
    other kinds), by count and by money."""
    row["substantive_share_count"] = _share(row["substantive_count"], row["count"])
    row["substantive_share_money"] = _share(row["substantive_money"], row["money_total"])
    for key in ("count", "money"):
        part = row[f"substantive_share_{key}"]
        row[f"non_substantive_share_{key}"] = None if part is None else 1 - part
    return row


def _grouped(qs, *keys, **extra) -> list[dict]:
    return [_finish(row) for row in qs.values(*keys).annotate(**_measures(), **extra).order_by()]


def _zero_row() -> dict:
    return _finish({key: 0 for key in _MEASURE_NAMES})


# Measures that add up across groups; shares are recomputed from their parts (`combine`).
ADDITIVE_MEASURES = ("count", *MONEY_FIELDS, "money_total", "substantive_count", "substantive_money", "confirmed",
                     "disputed", *RESULT_FIELDS)


def combine(rows: list[dict]) -> dict:
    """The figures of the union of `_grouped` rows (a pivot's margins): sums, and the shares of
    those sums, never the sum or mean of shares."""
    return _with_shares({key: sum(row[key] for row in rows) for key in ADDITIVE_MEASURES})


def facts_grouped(f: ReportFilter, user=None, *, by: dict, where: Q | None = None,
                  limit: int | None = None) -> list[dict]:
    """The dashboard's measures over the counted activities of `f`, grouped by the expressions in
    `by` (name → expression over the summary's columns, names unlike its fields; the pivot
    explorer's dimensions), with
    `where` narrowing further. Reads the quarterly summary (`ActivitySummary`: the pivot has
    quarters), the same sums as the yearly one every breakdown above reads. `limit` caps the groups fetched (the pivot's cell cap)."""
    qs = _facts(f, user, by_quarter=True)
    if where is not None:
        qs = qs.filter(where)
    grouped = qs.values(**by).annotate(**_measures()).order_by()
    if limit is not None:
        grouped = grouped[:limit]
    return [_finish(row) for row in grouped]


# --- key figures ----------------------------------------------------------------------------


def key_figures(f: ReportFilter, user=None) -> dict:
    """The headline figures for the period. Keys are listed in docs/dashboard.md."""
    return _key_figures_for([f], user)[0]


def _sums_from_trend(p: ReportFilter, trend) -> list[dict] | None:
    """The `trend_by_year` rows that add up to `p`'s summed measures, when `trend` (filter, rows)
    is `p`'s own criteria over years that include `p`'s, both read from the summary; else None."""
    if trend is None:
        return None
    trend_filter, rows = trend
    same = replace(trend_filter, year_from=p.year_from, year_to=p.year_to, until=p.until) == p
    if not (same and trend_filter.year_from <= p.year_from and p.year_to <= trend_filter.year_to
            and _reads_summary(p) and _reads_summary(trend_filter)):
        return None
    return [row for row in rows if p.year_from <= row["year"] <= p.year_to]


def _key_figures_for(periods: list[ReportFilter], user, trend=None) -> list[dict]:
    """Key figures for several periods that differ only in years, in three queries in all (three
    per period when they are cut at different days). With `trend` (a filter and its
    `trend_by_year` rows, the dashboard's), the sums of the periods it covers are added up from
    its rows: the query then counts only the distinct agencies, districts and communes."""
    if len({p.until for p in periods}) > 1:
        return [_key_figures_for([p], user, trend)[0] for p in periods]
    span = replace(periods[0], year_from=min(p.year_from for p in periods), year_to=max(p.year_to for p in periods))
    span_facts = _facts(span, user)
    facts, in_force, models = {}, {}, {}
    summed = {i: _sums_from_trend(p, trend) for i, p in enumerate(periods)}
    for i, p in enumerate(periods):
        years = Q(year__gte=p.year_from, year__lte=p.year_to)
        facts.update(
            _measures(years, f"__{i}") if summed[i] is None else {},
            **{
                f"agencies__{i}": Count("partnership__agency", distinct=True, filter=years),
                f"districts_reached__{i}": Count(DISTRICT_OF_ACTIVITY, distinct=True, filter=years),
                f"communes_reached__{i}": _communes_reached(span_facts, years, p.geography, narrow=_narrow(span, user)),
            },
        )
        in_force[f"active_partnerships__{i}"] = Count("pk", filter=_in_force(p))
        started = Q(started_on__gte=p.start, started_on__lte=p.end)
        models[f"models_built__{i}"] = Count("pk", filter=started & ~_REPLICA)
        models[f"models_replicated__{i}"] = Count("pk", filter=started & _REPLICA)
    raw = {
        **span_facts.aggregate(**facts),
        **_partnership_base(span, user).aggregate(**in_force),
        **development_models(span, user).aggregate(**models),
    }
    rows = []
    for i in range(len(periods)):
        row = {key[: -len(f"__{i}")]: value for key, value in raw.items() if key.endswith(f"__{i}")}
        row = _finish(row) if summed[i] is None else {**row, **combine(summed[i])}
        for key in ("agencies", "districts_reached", "communes_reached", "active_partnerships", "models_built",
                    "models_replicated"):
            row[key] = row[key] or 0
        row["activities"] = row["count"]
        row["confirmed_activities"] = row["confirmed"]
        row["disputed_activities"] = row["disputed"]
        row["unconfirmed_activities"] = row["count"] - row["confirmed"] - row["disputed"]
        rows.append(row)
    return rows


def _narrow(f: ReportFilter, user) -> bool:
    """The rows of `f` are those of a district, a commune or an agency, or of someone who does not
    see the whole province: a few thousand summary rows at most."""
    return bool(f.district_code or f.commune_code or f.agency_id) or (user is not None and not sees_whole_province(user))


def _communes_reached(facts: QuerySet[ActivitySummary], years: Q, geography_name: str, *, narrow: bool):
    """The aggregate `communes_reached` over the rows of `facts` in `years`: distinct communes,
    district-wide work left out. As of today an old commune counts once with the commune that
    took it over. Over the province's rows: the period's communes counted by the unit carrying
    them (`geography.count_current_units`, read once), not each of ≈ 30,000 rows mapped by a
    subquery of its own; over few rows (`narrow`) the lookup per row costs less than reading them
    again (a district's 2025: ≈ 1,300 lookups, 2 ms, against two reads of 5 ms; docs/performance.md).
    The count read once is a constant of the query; MAX makes it an aggregate."""
    if geography_name == geography.AS_OF_TODAY and not narrow:
        # DISTINCT: without it PostgreSQL probed the summary's key once per unit (≈ 300 ms at 1 M).
        communes = facts.filter(years).exclude(commune_id=0).values("commune_id").distinct()
        return Max(geography.count_current_units(communes))
    return Count(geography.unit_id_expr("commune_id", geography_name), distinct=True, filter=years & ~Q(commune_id=0))


def _model_count_measures() -> dict:
    return {"models_built": Count("pk", filter=~_REPLICA), "models_replicated": Count("pk", filter=_REPLICA)}


EMPTY_MODELS = {"models_built": 0, "models_replicated": 0}


def _model_counts(qs) -> dict:
    return {key: value or 0 for key, value in qs.aggregate(**_model_count_measures()).items()}


def _models_by(f: ReportFilter, user, **group) -> dict:
    """Models built / replicated in the period, grouped by the one expression in `group`."""
    (key,) = group
    return {
        row.pop(key): row
        for row in development_models(f, user).values(**group).annotate(**_model_count_measures()).order_by()
    }


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    previous: int | float | None
    # For counts and money: the relative change (0.25 = +25 %), None when the previous period
    # had nothing. For shares: the difference in percentage points as a fraction (0.05 = +5 pt).
    change: float | None
    kind: str  # "count", "money" or "share"
    link: str | None
    # False when the period has no previous one to compare with (`ReportFilter.compared`):
    # then `previous` and `change` are None and nothing shows a comparison.
    compared: bool = True


# Which list a figure opens: the rows it counts, so that the list's count (or its total of the
# figure's column) equals the figure.
ACTIVITIES, PARTNERSHIPS, DISTRICTS, COMMUNES, AGENCIES, MODELS = (
    "activities", "partnerships", "districts", "communes", "agencies", "models")

FIGURES = [
    # key, label, kind, list, extra list parameters
    ("active_partnerships", _("Quan hệ kết nghĩa đang thực hiện"), "count", PARTNERSHIPS, {}),
    ("agencies", _("Cơ quan, đơn vị có hoạt động"), "count", AGENCIES, {}),
    ("districts_reached", _("Huyện được hỗ trợ"), "count", DISTRICTS, {}),
    ("communes_reached", _("Xã được hỗ trợ"), "count", COMMUNES, {}),
    ("activities", _("Hoạt động hỗ trợ"), "count", ACTIVITIES, {}),
    ("money_total", _("Tổng kinh phí"), "money", ACTIVITIES, {}),
    ("money_state", _("Ngân sách nhà nước"), "money", ACTIVITIES, {}),
    ("money_society", _("Xã hội hóa"), "money", ACTIVITIES, {}),
    ("money_in_kind", _("Hiện vật quy đổi"), "money", ACTIVITIES, {}),
    ("substantive_share_count", _("Tỷ lệ hỗ trợ thiết thực (theo số hoạt động)"), "share", ACTIVITIES, {}),
    ("substantive_share_money", _("Tỷ lệ hỗ trợ thiết thực (theo kinh phí)"), "share", ACTIVITIES, {}),
    ("people_trained", _("Người được đào tạo, bồi dưỡng"), "count", ACTIVITIES, {"has": "people_trained"}),
    ("households_reached", _("Hộ được hỗ trợ"), "count", ACTIVITIES, {"has": "households_reached"}),
    ("people_reached", _("Người được hỗ trợ"), "count", ACTIVITIES, {"has": "people_reached"}),
    ("ethnic_minority_people", _("Trong đó người dân tộc thiểu số"), "count", ACTIVITIES,
     {"has": "ethnic_minority_people"}),
    ("jobs_created", _("Việc làm tạo ra"), "count", ACTIVITIES, {"has": "jobs_created"}),
    ("households_out_of_poverty", _("Hộ thoát nghèo"), "count", ACTIVITIES, {"has": "households_out_of_poverty"}),
    ("models_built", _("Mô hình xây dựng mới"), "count", MODELS, {"origin": "built"}),
    ("models_replicated", _("Mô hình nhân rộng"), "count", MODELS, {"origin": "replicated"}),
    ("confirmed_activities", _("Hoạt động được địa phương xác nhận"), "count", ACTIVITIES,
     {"confirmation_status": ConfirmationStatus.CONFIRMED.value}),
]


def _change(value, previous, kind):
    if value is None or previous is None:
        return None
    if kind == "share":
        return value - previous
    return (value - previous) / previous if previous else None


def key_figures_with_change(f: ReportFilter, user=None, *, trend=None) -> list[Figure]:
    return key_figures_and_changes(f, user, trend=trend)[1]


def key_figures_and_changes(f: ReportFilter, user=None, *, trend=None) -> tuple[dict, list[Figure]]:
    """`key_figures(f)` and `key_figures_with_change(f)` from the same three queries. A running
    period is compared with the same months of the previous one (`ReportFilter.to_date`); a
    period with nothing before it in the programme, with nothing (`ReportFilter.compared`).
    `trend`: (filter, its `trend_by_year` rows) already read, to add the sums up from
    (`_key_figures_for`)."""
    cut = f.to_date()
    previous = cut.compared()
    if previous is None:
        [now], before = _key_figures_for([cut], user, trend), {}
    else:
        now, before = _key_figures_for([cut, previous], user, trend)
    links = {}  # one URL per list and distinct set of extra parameters
    lookups = {}  # the ids those URLs name (district, commune, category), read once for all of them
    figures = []
    for key, label, kind, target, extra in FIGURES:
        marker = (target, *sorted(extra.items()))
        if marker not in links:
            links[marker] = figure_list_url(f, target, lookups=lookups, **extra)
        figures.append(
            Figure(
                key=key,
                # Plain text, not the lazy translation: figures are cached (per language), and
                # unpickling a lazy string builds a class each time (≈ 2 ms per figure).
                label=str(label),
                value=now[key],
                previous=before.get(key),
                change=_change(now[key], before.get(key), kind),
                kind=kind,
                link=links[marker],
                compared=previous is not None,
            )
        )
    return now, figures


def _looked_up(lookups: dict | None, key, read):
    """`read()`, once per `lookups` (a page's memo for the links of its figures: without it, the
    district page read its district's id ten times); None: read now."""
    if lookups is None:
        return read()
    if key not in lookups:
        lookups[key] = read()
    return lookups[key]


def figure_list_url(f: ReportFilter, target: str, *, lookups: dict | None = None, **extra) -> str | None:
    """The list of what a figure counts, filtered exactly like `f` (see FIGURES); `lookups`: a
    memo shared by the links of one filter (`_looked_up`)."""
    if target == ACTIVITIES:
        return activity_list_url(f, lookups=lookups, **extra)
    if target == PARTNERSHIPS:
        return partnership_list_url(f, lookups=lookups)
    if target == MODELS:
        return model_list_url(f, lookups=lookups, **extra)
    names = {DISTRICTS: "reports:district_list", COMMUNES: "reports:commune_list", AGENCIES: "reports:agency_list"}
    try:
        base = reverse(names[target])
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode(f.as_querydict())}"


def _portal_list_params(f: ReportFilter, *, prefix: str = "", lookups: dict | None = None) -> dict:
    """The period, place and agency of `f` as the portal lists' (partnerships, models) hidden
    parameters: years of the period, the district and commune by id, the agency and its kind."""
    codes = {c for c in (f.district_code, f.commune_code) if c}
    units = _looked_up(lookups, "portal units", lambda: dict(
        AdministrativeUnit.objects.filter(code__in=codes).values_list("code", "pk"))) if codes else {}
    cut = f.to_date()
    return {
        "year": f.year_from if f.is_single_year else None,
        "year_from": None if f.is_single_year else f.year_from,
        "year_to": None if f.is_single_year else f.year_to,
        "until": cut.until.isoformat() if cut.is_cut else None,
        "agency_kind": f.agency_kind,
        "district": units.get(f.district_code),
        "commune": units.get(f.commune_code),
        "agency": f.agency_id,
    }


def partnership_list_url(f: ReportFilter, *, lookups: dict | None = None) -> str | None:
    """The portal's partnership list showing the partnerships in force during `f`'s period (up
    to today in a running one), in its area: exactly those `active_partnerships` counts."""
    try:
        base = reverse("partnerships:partnership_list")
    except NoReverseMatch:
        return None
    params = _portal_list_params(f, lookups=lookups)
    return f"{base}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def model_list_url(f: ReportFilter, *, origin: str, lookups: dict | None = None) -> str | None:
    """The portal's model list showing the models built (or replicated) in `f`'s period, in its
    area: exactly those `models_built` / `models_replicated` count."""
    try:
        base = reverse("partnerships:model_list")
    except NoReverseMatch:
        return None
    params = {**_portal_list_params(f, lookups=lookups), "origin": origin}
    return f"{base}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def activity_list_url(f: ReportFilter, *, lookups: dict | None = None, **extra) -> str | None:
    """The portal's activity list (`partnerships.filters.ActivityFilter`) filtered exactly like
    `f`: the year or range of years, the counted statuses (approved, plus submitted when they are
    included), district, commune, category, agency and agency kind. `extra`: more list
    parameters, `category_code` to override the category."""
    try:
        base = reverse("partnerships:activity_list")
    except NoReverseMatch:
        return None
    category_code = extra.pop("category_code", None) or f.category_code
    # District codes name one district; a commune code is read by the period (codes were reused).
    units = {}
    if f.district_code:
        units[f.district_code] = _looked_up(lookups, "district", lambda: (
            geography.districts().filter(code=f.district_code).values_list("pk", flat=True).first()))
    if f.commune_code:
        units[f.commune_code] = _looked_up(
            lookups, "commune", lambda: f.commune_unit().values_list("pk", flat=True).first())
    category = _looked_up(lookups, ("category", category_code), lambda: (
        ActivityCategory.objects.filter(code=category_code).values_list("pk", flat=True).first()
    )) if category_code else None
    params = {
        "year": f.year_from if f.is_single_year else None,
        "year_from": None if f.is_single_year else f.year_from,
        "year_to": None if f.is_single_year else f.year_to,
        "status": None if f.include_submitted else ActivityStatus.APPROVED.value,
        "statuses": list(f.statuses) if f.include_submitted else None,
        "agency_kind": f.agency_kind,
        "district": units.get(f.district_code),
        "commune": units.get(f.commune_code),
        "category": category,
        "agency": f.agency_id,
        "geography": f.geography if f.as_of_today else None,
        **extra,
    }
    return f"{base}?{urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)}"


# --- breakdowns -----------------------------------------------------------------------------


def by_category(f: ReportFilter, user=None) -> list[dict]:
    """One row per category (every active one, and inactive ones that still have activities),
    substantive categories first, in reference-data order."""
    return _category_rows({row["category"]: row for row in _grouped(_facts(f, user), "category")})


def _category_rows(grouped: dict[int, dict]) -> list[dict]:
    rows = []
    for category in ActivityCategory.objects.filter(Q(is_active=True) | Q(pk__in=list(grouped))).order_by(
        "-is_substantive", "sort_order", "name"
    ):
        row = grouped.get(category.pk) or _zero_row()
        row.update(category=category, code=category.code, name=category.name, is_substantive=category.is_substantive)
        rows.append(row)
    return rows


def by_district(f: ReportFilter, user=None) -> list[dict]:
    """One row per district with counted activities, by district name. After the reform work
    at the new communes counts for the old district they were formed from, named "Khu vực huyện
    … cũ" (`label`) when the district ended before the period's end: the same rows in both
    geographies."""
    # Grouped by the partnerships' units (a column the planner knows: a hash of ~100 groups),
    # each with its district, then added up per district here: grouped by the district's four
    # expressions PostgreSQL sorted every summary row (docs/performance.md).
    district = {key: Max(geography.district_expr("partnership__unit", key)) for key in ("code", "name", "valid_to")}
    units = _grouped(_facts(f, user), "partnership__unit", district=Max(DISTRICT_OF_ACTIVITY), **district)
    parts: dict[int, list[dict]] = {}
    for row in units:
        parts.setdefault(row["district"], []).append(row)
    rows = []
    for pk, same in parts.items():
        first = same[0]
        rows.append(dict(combine(same), district=pk, code=first["code"], name=first["name"],
                         label=geography.district_label(first["name"], valid_to=first["valid_to"], on=f.end)))
    return sorted(rows, key=lambda r: vi_key(r["name"]))


def district_category_matrix(f: ReportFilter, user=None) -> dict:
    """District × category: {"categories": [...], "rows": [{"district", "cells": [{count,
    money_total}, ... aligned with categories], "count", "money_total"}], "totals": [...]}."""
    categories = [row["category"] for row in by_category(f, user)]
    grouped = _grouped(_facts(f, user).annotate(district=DISTRICT_OF_ACTIVITY), "district", "category")
    units = AdministrativeUnit.objects.in_bulk({row["district"] for row in grouped})
    cells = {(row["district"], row["category"]): row for row in grouped}
    empty = {"count": 0, "money_total": 0}
    rows = []
    for district in sorted(units.values(), key=lambda u: vi_key(u.name)):
        line = [
            {k: cells.get((district.pk, c.pk), empty)[k] for k in ("count", "money_total")} for c in categories
        ]
        rows.append(
            {
                "district": district,
                # "Khu vực huyện … cũ" once the district has been abolished (see by_district).
                "label": geography.district_label(district.name, valid_to=district.valid_to, on=f.end),
                "cells": line,
                "count": sum(c["count"] for c in line),
                "money_total": sum(c["money_total"] for c in line),
            }
        )
    totals = [
        {k: sum(r["cells"][i][k] for r in rows) for k in ("count", "money_total")} for i in range(len(categories))
    ]
    return {"categories": categories, "rows": rows, "totals": totals}


def trend_by_year(f: ReportFilter, user=None) -> list[dict]:
    """One row per year of the period (years without activities give zeros)."""
    grouped = {row["year"]: row for row in _grouped(_facts(f, user), "year")}
    return [dict(grouped.get(year) or _zero_row(), year=year) for year in f.years]


def categories_and_trend(f: ReportFilter, trend: ReportFilter, user=None) -> tuple[list[dict], list[dict]]:
    """`by_category(f)` and `trend_by_year(trend)` from one query grouped by year and category
    (a few dozen rows added up here), when `trend` is `f` starting earlier, as the dashboard's
    trend is (from the programme's start): one read of the summary fewer per cold view."""
    if trend.year_from > f.year_from or replace(trend, year_from=f.year_from) != f:
        return by_category(f, user), trend_by_year(trend, user)
    by_year: dict[int, list[dict]] = {}
    in_period: dict[int, list[dict]] = {}
    for row in _grouped(_facts(trend, user), "year", "category"):
        by_year.setdefault(row["year"], []).append(row)
        if f.year_from <= row["year"] <= f.year_to:
            in_period.setdefault(row["category"], []).append(row)
    categories = _category_rows({category: combine(rows) for category, rows in in_period.items()})
    years = [dict(combine(by_year[year]) if year in by_year else _zero_row(), year=year) for year in trend.years]
    return categories, years


def money_by_source(f: ReportFilter, user=None) -> dict:
    """{"money_state", "money_society", "money_in_kind", "money_total"} for the period."""
    sums = _facts(f, user).aggregate(
        money_state=Sum("budget_state"), money_society=Sum("budget_society"), money_in_kind=Sum("budget_in_kind")
    )
    result = {key: int(value or 0) for key, value in sums.items()}
    result["money_total"] = sum(result.values())
    return result


# --- coverage gaps ----------------------------------------------------------------------------

def _units_in_period(f: ReportFilter) -> Q:
    """Units that existed during the period (not yet merged or dissolved at its start)."""
    return (Q(valid_to__isnull=True) | Q(valid_to__gt=f.start)) & (Q(valid_from__isnull=True) | Q(valid_from__lte=f.end))


def _communes_in_scope(f: ReportFilter, user) -> QuerySet[AdministrativeUnit]:
    """Communes of the filter's district that the user looks after: the whole province for
    province-wide roles; otherwise the areas of their partnerships and their own locality."""
    qs = geography.communes().filter(_units_in_period(f))
    if f.district_code:
        qs = qs.filter(geography.in_district_q("", code=f.district_code))
    if f.commune_code:
        qs = qs.filter(pk__in=f.commune_units().values("pk"))
    if user is not None and not sees_whole_province(user):
        area = Exists(
            Partnership.objects.visible_to(user).filter(geography.covering_outer_q("unit"))
        )
        if getattr(user, "locality_id", None):
            area |= geography.in_area_q("", user.locality_id)
        qs = qs.filter(area)
    return qs


def coverage_gaps(f: ReportFilter, user=None) -> dict:
    """What leaders act on:
    - communes_without_partner: target communes (geography.is_target_area, existing in the period) with no partnership in force, neither with the commune nor with
      its district;
    - communes_without_activity: communes with a partnership of their own in force, where no
      activity counted in the period (under any partnership);
    - partnerships_without_activity: partnerships in force with no counted activity;
    - agencies_without_activity: agencies with a partnership in force but no counted activity,
      each agency as of today (an agency merged into another counts as its successor).
    """
    in_force = partnerships(f, user)
    acts = _facts(f, user)
    # Both commune lists in one query. "Worked in" is two IN lists rather than one EXISTS with
    # OR: PostgreSQL hashes each subquery once.
    covered = Exists(in_force.filter(geography.covering_outer_q("unit")))
    own_partner = Exists(in_force.filter(unit=OuterRef("pk")))
    worked_in = Q(pk__in=acts.values("commune_id")) | Q(pk__in=acts.values("partnership__unit_id"))
    communes = list(geography.in_district_order(
        _communes_in_scope(f, user)
        .annotate(
            # A finalised year's target areas as flagged when it was finalised (versioned by year).
            gap_no_partner=ExpressionWrapper(target_area_in_year_q(f.year_to) & ~covered, output_field=BooleanField()),
            gap_no_activity=ExpressionWrapper(own_partner & ~worked_in, output_field=BooleanField()),
        )
        .filter(Q(gap_no_partner=True) | Q(gap_no_activity=True))
    ))
    without_partner = [c for c in communes if c.gap_no_partner]
    without_activity = [c for c in communes if c.gap_no_activity]
    idle_partnerships = (
        in_force.exclude(Exists(acts.filter(partnership=OuterRef("pk"))))
        .select_related("agency", "unit", *geography.naming_joins("unit"))
        .order_by(vi_order("agency__name"), vi_order("unit__name"))
    )
    # An agency merged into another counts as the agency carrying its work today
    # (partnerships.agencies), as in agency_rows: not a gap of its own, and its work is its successor's.
    idle_agencies = (
        Agency.objects.filter(pk__in=in_force.annotate(now=current_agency_expr("agency")).values("now"))
        .exclude(pk__in=acts.annotate(now=current_agency_expr("partnership__agency")).values("now"))
        .order_by(vi_order("name"))
    )
    return {
        "communes_without_partner": list(without_partner),
        "communes_without_activity": list(without_activity),
        "partnerships_without_activity": list(idle_partnerships),
        "agencies_without_activity": list(idle_agencies),
    }


# --- agencies and models --------------------------------------------------------------------

PLAN_TARGETS = PLAN_TARGET_FIELDS
EMPTY_PLAN = {"plans": 0, **{name: 0 for name in PLAN_TARGETS}}


def _plans_by(f: ReportFilter, user, key: str, expression=None) -> dict:
    """Plans of the period's years in the filter's area, their targets summed per `key` (a field
    path, or the name given to `expression`) (whole numbers: SUM over bigint is numeric on
    PostgreSQL)."""
    plans = AnnualPlan.objects.all() if user is None else AnnualPlan.objects.visible_to(user)
    plans = plans.filter(year__gte=f.year_from, year__lte=f.year_to).filter(_partnership_area_q(f, "partnership__"))
    grouped = (
        (plans.values(**{key: expression}) if expression is not None else plans.values(key))
        .annotate(plans=Count("pk"), **{name: Sum(name) for name in PLAN_TARGETS})
        .order_by()
    )
    return {row.pop(key): {name: int(value or 0) for name, value in row.items()} for row in grouped}


def agency_rows(f: ReportFilter, user=None) -> list[dict]:
    """Per agency (with a partnership in force or a counted activity), by name: partnerships in
    force, the activity measures (count, money by source, results, confirmed / disputed), plan
    targets for the period's years against the counted results, models built / replicated."""
    # An agency that ended with a successor counts under the agency carrying its work today
    # (partnerships.agencies: the one rule for it).
    now = current_agency_expr("partnership__agency")
    acts = {r["agency_now"]: r for r in _grouped(_facts(f, user).annotate(agency_now=now), "agency_now")}
    counts = dict(partnerships(f, user).annotate(agency_now=current_agency_expr("agency"))
                  .values_list("agency_now").annotate(n=Count("pk")).order_by())
    plans = _plans_by(f, user, "agency_now", now)
    models = _models_by(f, user, agency=now)
    agencies = Agency.objects.filter(pk__in=set(acts) | set(counts)).order_by(vi_order("name"))
    return [_agency_row(agency, acts.get(agency.pk), counts.get(agency.pk, 0), plans.get(agency.pk),
                        models.get(agency.pk)) for agency in agencies]


def _agency_row(agency, acts: dict | None, partnerships_in_force: int, plan: dict | None,
                models: dict | None) -> dict:
    """An `agency_rows` row from its parts: the activity measures (`_finish`ed), the partnerships
    in force, the plans' summed targets and the models' counts (None: nothing of that kind)."""
    row = acts or _zero_row()
    row.pop("agency_now", None)
    plan = dict(plan or EMPTY_PLAN)
    row.update(agency=agency, partnerships=partnerships_in_force, plan=plan, **(models or EMPTY_MODELS))
    row["plan_progress"] = {
        "money": _share(row["money_total"], plan["money_target"]),
        "society_money": _share(row["money_society"], plan["society_money_target"]),
        "people_trained": _share(row["people_trained"], plan["people_trained_target"]),
        "jobs": _share(row["jobs_created"], plan["jobs_target"]),
        "households_out_of_poverty": _share(
            row["households_out_of_poverty"], plan["households_out_of_poverty_target"]
        ),
        "models": _share(row["models_built"] + row["models_replicated"], plan["models_target"]),
    }
    return row


def agency_figures(agency: Agency, f: ReportFilter, history: ReportFilter,
                   user=None) -> tuple[list[Figure], dict | None, list[dict]]:
    """The agency page's figures for `agency` (`f.agency_id`): `key_figures_with_change(f)`,
    its `agency_rows(f)` row (None without one) and `plans_by_year(history)`, `history` being `f`
    over more years (from the programme's start). The history's rows are read first, and the
    key figures' sums and the row's sums, plan targets and model counts are added up from its
    years, as the dashboard adds its key figures up from the trend, and the row's partnerships in
    force are the key figures' (for a period that has ended): 4 queries fewer on a cold page, and
    the Python that built them (the row's and the key figures' sixty aggregates). Where
    the history cannot stand for `f` (another period's criteria, a cut period, a period read
    from the activities), the row comes from `agency_rows`."""
    years = plans_by_year(history, user)
    trend = (history, [year["result"] for year in years])
    now, figures = key_figures_and_changes(f, user, trend=trend)
    summed = _sums_from_trend(f, trend) if f.agency_id == agency.pk and not f.is_cut else None
    if summed is None:
        rows = agency_rows(f, user)
        return figures, (rows[0] if rows else None), years
    in_period = [year for year in years if f.year_from <= year["year"] <= f.year_to]
    acts = combine(summed)
    # The key figures counted the partnerships in force in `f` itself unless it is still running.
    in_force = now["active_partnerships"] if f.to_date() == f else partnerships(f, user).count()
    if not acts["count"] and not in_force:
        return figures, None, years  # agency_rows lists an agency with activities or a partnership in force
    plan = {key: sum(year["plan"][key] for year in in_period) for key in EMPTY_PLAN}
    models = {key: sum(year[key] for year in in_period) for key in EMPTY_MODELS}
    # All of one agency's rows are under the agency carrying its work today (agency_rows' grouping).
    row = _agency_row(agency_as_of(agency), acts if acts["count"] else None, in_force, plan, models)
    return figures, row, years


PLAN_MISSED_BELOW = 0.8  # a target is missed when less than 80 % of it was reached


def plans_missed(rows: list[dict]) -> list[dict]:
    """From `agency_rows`: agencies whose plans for the period set targets they reached less than
    PLAN_MISSED_BELOW of, [{"agency", "missed": [plan_progress keys]}], by name."""
    missed = []
    for row in rows:
        keys = [key for key, part in row["plan_progress"].items() if part is not None and part < PLAN_MISSED_BELOW]
        if keys:
            missed.append({"agency": row["agency"], "missed": keys})
    return missed


def agencies_with_plan(rows: list[dict]) -> int:
    """From `agency_rows`: how many agencies have a plan for a year of the period."""
    return sum(1 for row in rows if row["plan"]["plans"])


def replication_targets(models: list, gaps: dict, limit: int = 3) -> list[tuple]:
    """Where each original model (not itself a replica) could be replicated: communes of its own
    district that have no partner, or a partner but no activity (`coverage_gaps`), up to `limit`
    each. [(model, [communes])], models with most households first."""
    open_communes: dict[int, list] = {}
    for unit in [*gaps["communes_without_partner"], *gaps["communes_without_activity"]]:
        district = geography.district_area_id_of(unit)
        open_communes.setdefault(district, [])
        if unit not in open_communes[district]:
            open_communes[district].append(unit)
    originals = sorted((m for m in models if not getattr(m, "is_replica", False)), key=lambda m: (-m.households, m.name))
    return [
        (m, [c for c in open_communes.get(geography.district_area_id_of(m.commune), []) if c.pk != m.commune_id][:limit])
        for m in originals
    ]


def on_time_by_agency(f: ReportFilter, user=None) -> dict[int, tuple[int, int]]:
    """agency id → (counted activities reported on time, those with a submission on record). On
    time: first submitted within ON_TIME_DAYS of the activity's end (or start, without an end).

    Read from the summary, which counts both per row (`submitted`, `on_time`: migration 0028,
    kept by triggers on the activities and on their status changes): a few rows per agency
    instead of two probes into the submissions per activity (≈ 45 ms of a cold agency page at
    1 M activities; docs/performance.md). A period cut at a past day reads the activities."""
    if f.is_cut and f.until < timezone.localdate():
        return _on_time_from_activities(f, user)
    rows = (
        _facts(f, user).values("partnership__agency")
        .annotate(on_time=Sum("on_time"), recorded=Sum("submitted"))
        .order_by()
    )
    return {r["partnership__agency"]: (int(r["on_time"]), int(r["recorded"])) for r in rows}


def _on_time_from_activities(f: ReportFilter, user=None) -> dict[int, tuple[int, int]]:
    """`on_time_by_agency` from the activities and their submissions: two EXISTS per activity,
    each a probe into the partial index of submissions (partnerships 0022); the first submission
    is on time exactly when some submission is (the first is the earliest)."""
    deadline = ExpressionWrapper(
        Coalesce("end_date", "start_date") + datetime.timedelta(days=ON_TIME_DAYS), output_field=DateField()
    )
    submissions = ActivityStatusChange.objects.filter(activity=OuterRef("pk"), to_status=ActivityStatus.SUBMITTED)
    rows = (
        activities(f, user)
        .alias(deadline=deadline)
        .values("partnership__agency")
        .annotate(
            on_time=Count("pk", filter=Exists(submissions.filter(created_at__date__lte=OuterRef("deadline")))),
            recorded=Count("pk", filter=Exists(submissions)),
        )
        .order_by()
    )
    return {r["partnership__agency"]: (r["on_time"], r["recorded"]) for r in rows}


def models_summary(f: ReportFilter, user=None) -> dict:
    """Development models started in the period: counts, and the list with where each came from
    (`replicated_from`) and how often it was replicated since (`replica_count`, all time)."""
    qs = development_models(f, user)
    summary = _model_counts(qs)
    summary["households"] = qs.aggregate(n=Sum("households"))["n"] or 0
    summary["models"] = list(
        qs.select_related("partnership__agency", *geography.naming_joins("commune"), "replicated_from__commune")
        .annotate(
            replica_count=Count("replicas"), is_replica=ExpressionWrapper(_REPLICA, output_field=BooleanField())
        )
        .order_by(vi_order("commune__parent__name"), vi_order("commune__name"), vi_order("name"))
    )
    return summary


EXAMPLES = 3  # models named per kind in the narrative


def models_overview(f: ReportFilter, user=None) -> dict:
    """What the narrative says of models: built and replicated in the period, and among all the
    models of the area running by the period's end (started by then, or undated), how many are
    now maintained or developed; with a few named examples of each, most households first, and
    the running originals with most households (to replicate). {"built", "replicated",
    "maintained", "developed", "running", "examples": {kind: [model]}, "replicable": [model]}."""
    cut = f.to_date()
    started = Q(started_on__gte=cut.start, started_on__lte=cut.end)
    kinds = {
        "built": started & ~_REPLICA,
        "replicated": started & _REPLICA,
        "maintained": Q(stage=DevelopmentModel.Stage.MAINTAINED) & ~started,
        "developed": Q(stage=DevelopmentModel.Stage.DEVELOPED) & ~started,
    }
    running = development_models(cut, user, in_period=False).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=cut.end)
    )
    counts = running.aggregate(running=Count("pk"), **{k: Count("pk", filter=q) for k, q in kinds.items()})
    examples = {}
    for kind, condition in kinds.items():
        examples[kind] = list(
            running.filter(condition).select_related(*geography.naming_joins("commune"), "replicated_from__commune")
            .order_by("-households", vi_order("name"))[:EXAMPLES]
        ) if counts[kind] else []
    # Candidates to replicate: running originals with the most households.
    replicable = list(running.exclude(_REPLICA).select_related(*geography.naming_joins("commune")).order_by("-households", vi_order("name"))[:5])
    return {**counts, "examples": examples, "replicable": replicable}


def by_agency(f: ReportFilter, user=None) -> list[dict]:
    """One row per agency with counted activities, by name (what the figure `agencies` counts)."""
    grouped = _grouped(_facts(f, user), "partnership__agency")
    agencies = Agency.objects.in_bulk([row["partnership__agency"] for row in grouped])
    rows = [dict(row, agency=agencies[row["partnership__agency"]]) for row in grouped
            if row["partnership__agency"] in agencies]
    return sorted(rows, key=lambda r: vi_key(r["agency"].name))


def by_commune(f: ReportFilter, user=None) -> list[dict]:
    """One row per commune with counted activities located there (district-wide work has no
    commune and is left out), by name."""
    recorded = _grouped(_facts(f, user).exclude(commune_id=0), "commune_id")
    ids = [row["commune_id"] for row in recorded]
    if f.as_of_today:
        # Old communes' work under the commune that carries it today (a split one's: its main
        # successor; `mapped_from_split` names those, for the page to say so): grouped as
        # recorded, then added up per commune here, a few hundred rows, where a subquery per
        # summary row cost the province's 2021–2026 ≈ 150 ms of SQL (docs/performance.md).
        units = geography.with_parents(geography.with_current_units(ids)).in_bulk()
        places: dict[int, list[dict]] = {}
        for row in recorded:
            unit = units.get(row["commune_id"])
            places.setdefault(geography.current_id_of(unit) if unit else row["commune_id"], []).append(row)
        grouped = [dict(rows[0] if len(rows) == 1 else combine(rows), place=place) for place, rows in places.items()]
    else:
        units = geography.with_parents(AdministrativeUnit.objects).in_bulk(ids)
        grouped = [dict(row, place=row["commune_id"]) for row in recorded]
    rows = []
    labels = {}  # per district: a few for a hundred communes or more, each label a translation
    for row in grouped:
        commune = units.get(row["place"])
        if commune is None:
            continue
        district = geography.district_area_of(commune)
        if district is not None and district.pk not in labels:
            # "Huyện Tây Giang", or after the reform "Khu vực huyện Tây Giang cũ".
            labels[district.pk] = geography.district_label(district.name, valid_to=district.valid_to, on=f.end)
        rows.append(dict(
            row,
            commune_id=commune.pk,
            commune=commune,
            district_label=labels[district.pk] if district is not None else "",
            # A unit that ended during the period (its work after that is at its successor).
            until=commune.valid_to if commune.valid_to and commune.valid_to < f.end else None,
        ))
    return sorted(rows, key=lambda r: vi_key(r["commune"].name))


def mapped_from_split(f: ReportFilter, user=None) -> list[tuple[AdministrativeUnit, AdministrativeUnit]]:
    """As of today: the split communes with counted work in the period, each with the main
    successor their work is reported under [(split commune, main successor)]; [] as recorded."""
    if not f.as_of_today:
        return []
    split = geography.split_units(_facts(f, user).values("commune_id")).select_related("current_unit")
    return [(unit, unit.current_unit) for unit in split.order_by(vi_order("name"))]


def plans_by_year(f: ReportFilter, user=None) -> list[dict]:
    """Plan targets and counted results per year of the period (one agency's history when the
    filter names the agency): {"year", "plan": {targets}, "result": {measures}, "models_built",
    "models_replicated"}."""
    plans = _plans_by(f, user, "year")
    models = _models_by(f, user, year=ExtractYear("started_on"))
    return [
        {"year": result["year"], "plan": dict(plans.get(result["year"]) or EMPTY_PLAN), "result": result,
         **(models.get(result["year"]) or EMPTY_MODELS)}
        for result in trend_by_year(f, user)
    ]
