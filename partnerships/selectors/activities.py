"""Reads of activities shared by pages and exports."""

import dataclasses
import datetime
import functools
import operator

from django.db import connections, models
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear

from common.text import FOLD_FUNCTION, Folded, fold
from partnerships.models import (
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    AdministrativeUnit,
    Partnership,
    Attachment,
    ConfirmationStatus,
    money_total,
)

# Words of a search beyond this many are ignored.
MAX_SEARCH_WORDS = 8


def scoped_activities(user):
    """Activities the user may see, with what list pages show, in a constant number of queries."""
    return (
        Activity.objects.visible_to(user)
        .select_related("partnership__agency", "partnership__unit", "category", "commune")
        .annotate(money_total=money_total())
    )


class SearchText(models.Func):
    """The folded title and description of an activity: on PostgreSQL the stored column
    `search_text` of migration 0011 (trigram-indexed, unknown to the model), on SQLite the fold of
    the same text computed per row."""

    output_field = models.TextField()
    arg_joiner = " || ' ' || "
    template = f"{FOLD_FUNCTION}((%(expressions)s))"

    def __init__(self, **extra):
        super().__init__(models.F("title"), models.F("description"), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        title, params = compiler.compile(self.source_expressions[0])
        return title.rsplit(".", 1)[0] + '."search_text"', params


def activity_search(queryset, term: str):
    """Activities where every word of `term` occurs, diacritics and case ignored, in the title,
    the description, the agency's name, the commune's name or the partner locality's name.

    The names live in small tables: they are matched there first and become lists of ids, so
    that every condition is on the activity table itself and PostgreSQL can combine the trigram
    index with the foreign-key indexes instead of folding a million rows. Two short queries
    whatever the number of words (`_names_matching`).
    """
    words = fold(term).split()[:MAX_SEARCH_WORDS]
    if not words:
        return queryset
    queryset = queryset.alias(_search=SearchText())
    for word, (units, partnerships) in zip(words, _names_matching(words)):
        queryset = queryset.filter(
            Q(_search__contains=word) | Q(partnership_id__in=partnerships) | Q(commune_id__in=units)
        )
    return queryset


def _names_matching(words: list[str]) -> list[tuple[list[int], list[int]]]:
    """For each word, the ids of the units whose name holds it, and of the partnerships whose
    agency's name holds it or whose partner unit is one of those units: one query for the units
    and one for the partnerships, each row saying which of the words it holds (two queries a
    word before)."""

    def matching(queryset, conditions: list[Q]) -> list[list[int]]:
        flags = {f"_word{i}": ExpressionWrapper(c, output_field=BooleanField()) for i, c in enumerate(conditions)}
        found: list[list[int]] = [[] for _ in conditions]
        rows = queryset.filter(functools.reduce(operator.or_, conditions)).annotate(**flags).order_by()
        rows = rows.values_list("pk", *flags)
        for pk, *held in rows:
            for ids, holds in zip(found, held):
                if holds:
                    ids.append(pk)
        return found

    units = matching(AdministrativeUnit.objects.alias(_name=Folded("name")), [Q(_name__contains=w) for w in words])
    partnerships = matching(
        Partnership.objects.alias(_agency=Folded("agency__name")),
        [Q(_agency__contains=word) | Q(unit_id__in=ids) for word, ids in zip(words, units)],
    )
    return list(zip(units, partnerships))


def list_totals(queryset, summary=None, *, result: str | None = None) -> dict:
    """What a list shows: its count and money by source, so a leader can match a dashboard figure
    with the rows behind it. From `summary` (the same rows' ActivitySummary queryset) when the
    filter can be read there: a few thousand rows instead of up to a million; else one aggregate
    over the filtered activities. `result` (a result column, e.g. "jobs_created"): its total
    too, as "result" with its label (a dashboard figure of results opens such a list)."""
    return list_figures(queryset, summary, result=result)[0]


def list_figures(queryset, summary=None, *, result: str | None = None):
    """`list_totals`, and the list's rows per quarter of their start date, newest first:
    [(rows, first day, last day), ...], in one query (over `summary`, or without it over the
    matches of `queryset`). The pages read only the quarters that hold their rows
    (`spans_in_order`, common.paging): a focal point's 50 newest rows may lie behind 300,000
    newer rows out of their scope, which the index walk along the start date would otherwise read
    one by one, and a search's 11,000 matches are joined and sorted a quarter at a time."""
    sums = {"money_state": Sum("budget_state"), "money_society": Sum("budget_society"),
            "money_in_kind": Sum("budget_in_kind"), **({"result": Sum(result)} if result else {})}
    if summary is None:  # a search: its matches, grouped as the summary is
        quarters = queryset.order_by().annotate(year=ExtractYear("start_date"), quarter=ExtractQuarter("start_date"))
        quarters = quarters.values("year", "quarter").annotate(count=Count("pk"), **sums)
    else:
        quarters = summary.order_by().values("year", "quarter").annotate(count=Sum("n"), **sums)
    quarters = list(quarters.order_by("-year", "-quarter"))
    totals = {key: sum(row[key] or 0 for row in quarters) for key in ("count", *sums)}
    spans = [(row["count"], *_quarter_days(row["year"], row["quarter"])) for row in quarters if row["count"]]
    totals = {key: int(value or 0) for key, value in totals.items()}
    totals["money_total"] = totals["money_state"] + totals["money_society"] + totals["money_in_kind"]
    if result:
        totals["result_label"] = str(Activity._meta.get_field(result).verbose_name)  # cached: plain text
    return totals, spans


# A search estimated to match more activities than this is counted by the estimate and its money
# left out until asked for (issue 15); its pages within the first half of these rows are read
# through the estimate, and are exact all the same (common.paging.EstimatedPaginator).
ESTIMATE_ABOVE = 2000
# The share of the activity table's pages the estimate reads (PostgreSQL's TABLESAMPLE SYSTEM),
# always the same pages (REPEATABLE), which the searches share in the database's memory.
SAMPLE_PERCENT = 2


@dataclasses.dataclass(frozen=True)
class Estimate:
    """A broad search's figures from a sample: `count`, rounded to two significant figures, and
    the rows per quarter [(rows, first day, last day), ...], newest first."""

    count: int
    quarters: tuple

    @property
    def totals(self) -> dict:
        return {"count": self.count, "estimated": True}

    @property
    def readable(self) -> int:
        """The rows its pages read from the start (the paginator's `readable`)."""
        return ESTIMATE_ABOVE // 2


def search_figures(queryset, *, result: str | None = None):
    """`list_figures` of a search (`queryset`: its matches), or for a broad one (a sample says
    it matches more than ESTIMATE_ABOVE activities) an `Estimate`.

    A cold search paid its count and sum over every match: "tay giang bo" matches 9,800 of the
    34,000 activities of Tây Giang's partnerships, spread over most of the table's pages (a
    trigram index cannot test a word of two letters): 0,2–0,3 s on a quiet machine. The sample
    reads 2 % of the table's pages and tests their rows; it tells the count to within about a
    tenth for such a search, and is only a guide for a narrow one, which is counted."""
    sampled: dict[tuple[int, int], int] = {}
    for day, rows in _sampled_matches(queryset):
        key = (day.year, (day.month + 2) // 3)
        sampled[key] = sampled.get(key, 0) + rows * 100 // SAMPLE_PERCENT
    if sum(sampled.values()) <= ESTIMATE_ABOVE:
        return list_figures(queryset, result=result)
    return Estimate(count=_about(sum(sampled.values())),
                    quarters=tuple((rows, *_quarter_days(*key)) for key, rows in sorted(sampled.items(), reverse=True)))


def _about(number: int) -> int:
    """`number` rounded to two significant figures: 9,795 → 9,800; 11,687 → 12,000."""
    places = len(str(number)) - 2
    return number if places <= 0 else int(round(number, -places))


def _sampled_matches(queryset) -> list[tuple[datetime.date, int]]:
    """The matches of `queryset` among SAMPLE_PERCENT of the activities, per start date: on
    PostgreSQL those of the same 2 % of the table's pages (TABLESAMPLE SYSTEM), on SQLite (no
    sampling; small databases) the activities whose id ends in 00–01."""
    sql, params = queryset.order_by().values_list("pk", "start_date").query.sql_with_params()
    connection = connections[queryset.db]
    table = f"FROM {connection.ops.quote_name(Activity._meta.db_table)}"
    condition = f"{connection.ops.quote_name('pk')} %% 100 < {SAMPLE_PERCENT}"
    if connection.vendor == "postgresql" and table in sql:
        # The outer query's table comes first: the scope's and the search's subqueries follow it.
        sql, condition = sql.replace(table, f"{table} TABLESAMPLE SYSTEM ({SAMPLE_PERCENT}) REPEATABLE (0)", 1), "TRUE"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT start_date, COUNT(*) FROM ({sql}) sampled WHERE {condition} GROUP BY start_date", params)
        return [(_day(day), rows) for day, rows in cursor.fetchall()]


def _day(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)  # SQLite: text


def estimate_reaches(estimate: Estimate, sort: str = ""):
    """For the pages of a broad search sorted by date, the one-sided ranges of start dates
    estimated to hold the list's first rows (common.paging.EstimatedPaginator), tightest first:
    from the list's first quarter on. None for a sort not by date."""
    if sort not in DATE_SORTS:
        return None
    descending, held, reaches = DATE_SORTS[sort] == "desc", 0, []
    for rows, first_day, last_day in estimate.quarters if descending else estimate.quarters[::-1]:
        held += rows
        reaches.append((held, first_day, None) if descending else (held, None, last_day))
    return reaches


def _quarter_days(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + 1, 1, 1) if quarter == 4 else first.replace(month=first.month + 3)
    return first, after - datetime.timedelta(days=1)


# Sorts of the list by the start date (the default: the newest first), and their direction.
DATE_SORTS = {"": "desc", "-start_date": "desc", "start_date": "asc"}


# Sorts of the list by a name in another table (ACTIVITY_SORTS): sort → (the column of the
# activities and of the summary that leads to the name, the rows named, the name, direction).
NAME_SORTS = {
    "commune": ("commune_id", AdministrativeUnit, "name", "asc"),
    "-commune": ("commune_id", AdministrativeUnit, "name", "desc"),
    "agency": ("partnership_id", Partnership, "agency__name", "asc"),
    "-agency": ("partnership_id", Partnership, "agency__name", "desc"),
}


def name_spans(summary, sort: str):
    """For a list sorted by a name in another table (`NAME_SORTS`: the commune's, the agency's),
    from `summary` (the summary rows behind the list, `list_figures`): its rows per name in the
    list's order, [(rows, (ids of the column with that name)), ...], with "no commune" as (None,)
    first ascending and last descending; two queries. The pages read only the ids that hold their
    rows (common.paging): otherwise the database sorts a million rows by a name in another table
    for every page (3,5 s by commune). The names are put in order by the database, as the list's
    ORDER BY puts them, so that the spans follow the list exactly; equal names (two communes
    "Xã Trà Leng", before and after the reform) make one span, as the list's pk tie-break mixes
    their rows."""
    column, model, name, direction = NAME_SORTS[sort]
    per_id = summary.order_by().values(column).annotate(rows=Sum("n")).values_list(column, "rows")
    counts = {key: rows for key, rows in per_id if rows}
    groups: list[tuple[int, tuple]] = []
    last_name = object()
    named = model.objects.filter(pk__in=[key for key in counts if key]).order_by(name, "pk").values_list("pk", name)
    for pk, text in named:
        if text == last_name:
            rows, ids = groups[-1]
            groups[-1] = (rows + counts[pk], (*ids, pk))
        else:
            groups.append((counts[pk], (pk,)))
        last_name = text
    without = [(counts[0], (None,))] if counts.get(0) else []  # the summary's 0: no commune
    return without + groups if direction == "asc" else groups[::-1] + without


def spans_in_order(spans, sort: str = ""):
    """The spans of `list_figures` in the order of the list sorted by `sort`; None for a sort not
    by date (the quarters do not cut it)."""
    if spans is None or sort not in DATE_SORTS:
        return None
    return spans if DATE_SORTS[sort] == "desc" else spans[::-1]


def last_return(activity) -> ActivityStatusChange | None:
    """The reviewer's latest "returned" move on a returned activity (comment, who, when): what the
    officer has to fix, shown above the edit form. None unless the activity is returned now."""
    if activity.status != ActivityStatus.RETURNED:
        return None
    return (
        activity.status_changes.filter(to_status=ActivityStatus.RETURNED)
        .select_related("actor").order_by("-created_at", "-pk").first()
    )


def activity_timeline(activity) -> list[dict]:
    """What happened to an activity, oldest first: each workflow move and each answer of the
    locality (confirmed or disputed, with the files attached to it). Answers recorded before
    answers had rows of their own (the demo's bulk writer, old databases) appear from the
    activity's latest answer. Three queries whatever the length."""
    entries = [
        {"kind": "status", "at": change.created_at, "actor": change.actor, "comment": change.comment,
         "change": change}
        for change in activity.status_changes.select_related("actor")
    ]
    answers = list(
        activity.confirmations.select_related("actor").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
        )
    )
    entries += [
        {"kind": "confirmation", "at": answer.created_at, "actor": answer.actor, "comment": answer.comment,
         "status": answer.status, "label": answer.get_status_display(), "attachments": list(answer.attachments.all())}
        for answer in answers
    ]
    if not answers and activity.confirmed_at and activity.confirmation_status != ConfirmationStatus.PENDING:
        entries.append({"kind": "confirmation", "at": activity.confirmed_at, "actor": activity.confirmed_by,
                        "comment": activity.confirmation_comment, "status": activity.confirmation_status,
                        "label": activity.get_confirmation_status_display(), "attachments": []})
    return sorted(entries, key=lambda entry: entry["at"])
