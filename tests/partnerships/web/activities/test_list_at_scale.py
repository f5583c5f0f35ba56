"""What keeps the activity list fast at a million rows, held to giving the same rows and figures
as the plain way: counts and money from the summary table, late pages read backwards, the search
matching names through their small tables, the indexes PostgreSQL needs, and the triggers that the
indexes' migration must not lose."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.paging import CountedPaginator
from partnerships.models import Activity, ActivityStatus
from partnerships.selectors.activities import activity_search, list_totals, scoped_activities
from partnerships.selectors.filters import ACTIVITY_SORTS
from partnerships.web.activities import views
from tests.factories import ActivityFactory, AgencyFactory, CommuneFactory, DistrictFactory, PartnershipFactory, category

LIST = reverse("partnerships:activity_list")


@pytest.fixture
def rows(partnership, other_partnership, commune):
    """23 activities over two partnerships, three years, two categories and statuses, money in
    every order, with ties on the date (so the pk tie-break matters)."""
    made = []
    for i in range(23):
        made.append(ActivityFactory(
            partnership=partnership if i % 3 else other_partnership,
            commune=commune if i % 3 else None,
            category=category("mo-hinh" if i % 2 else "ha-tang"),
            start_date=datetime.date(2022 + i % 3, 1 + i % 12, 1 + i % 2),
            title=f"Hoạt động {i:02d}",
            budget_state=(i * 7919) % 23 * 100_000, budget_society=i * 1_000, budget_in_kind=0,
        ))
    Activity.objects.filter(pk__in=[a.pk for a in made[::4]]).update(status=ActivityStatus.SUBMITTED)
    return made


def titles(response):
    return [a.title for a in response.context["activities"]]


def page_query_of(queries) -> str:
    """The query that read a page's rows (not a search's first matches, which are in no order)."""
    return next(q["sql"] for q in queries if "LIMIT" in q["sql"] and "ORDER BY" in q["sql"]
                and '"partnerships_activity"."title"' in q["sql"])


@pytest.mark.parametrize("sort", ["", "start_date", "money", "-money", "title", "-commune", "commune"])
def test_every_page_holds_the_same_rows_as_plain_offsets(client, coordinator, rows, monkeypatch, sort):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(coordinator)
    queryset = scoped_activities(coordinator)
    if sort:
        queryset = queryset.order_by(*ACTIVITY_SORTS[sort])
    plain = Paginator(queryset, 5)
    for number in plain.page_range:
        response = client.get(LIST, {"sort": sort, "page": number} if sort else {"page": number})
        assert titles(response) == [a.title for a in plain.page(number)], number
    assert len(plain.page(5)) == 3  # a short last page, read backwards with OFFSET 0


@pytest.mark.parametrize("who", ["focal_point", "officer"])
@pytest.mark.parametrize("sort", ["", "start_date", "-start_date"])
def test_pages_read_through_quarters_hold_the_same_rows(client, request, rows, monkeypatch, who, sort):
    """The pages sorted by date read only the quarters that hold their rows (the summary says how
    many rows each quarter has): the same rows as plain offsets, for a scope that is a part of
    the table, from both ends."""
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    user = request.getfixturevalue(who)
    client.force_login(user)
    queryset = scoped_activities(user).order_by(*ACTIVITY_SORTS[sort]) if sort else scoped_activities(user)
    plain = Paginator(queryset, 4)
    assert plain.num_pages >= 3
    for number in plain.page_range:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"sort": sort, "page": number} if sort else {"page": number})
        assert titles(response) == [a.title for a in plain.page(number)], number
        page_query = page_query_of(queries)
        assert "BETWEEN" in page_query, page_query  # the page's quarters, not the whole table


def test_a_searchs_pages_read_through_the_quarters_of_its_matches(client, coordinator, rows, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client.force_login(coordinator)
    plain = Paginator(activity_search(scoped_activities(coordinator), "hoat dong"), 4)
    assert plain.num_pages >= 5
    for number in plain.page_range:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"q": "hoat dong", "page": number})
        assert titles(response) == [a.title for a in plain.page(number)], number
        page_query = page_query_of(queries)
        assert "BETWEEN" in page_query, page_query


def test_quarters_that_do_not_add_up_to_the_count_are_not_trusted(coordinator, rows):
    queryset = scoped_activities(coordinator)
    count = queryset.count()
    days = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    # Short of the count; adding up to it with a negative quarter (a summary gone wrong).
    for wrong in ([(count - 1, *days)], [(count + 1, *days), (-1, *days)]):
        for number in (1, 5):
            page = CountedPaginator(queryset, 5, count=count, spans=wrong, field="start_date").page(number)
            assert [a.pk for a in page] == [a.pk for a in queryset[(number - 1) * 5:number * 5]]
    assert list(CountedPaginator(queryset, 5, count=-1).get_page(1)) == []  # a count below nothing


FILTERS = [
    {},
    {"year": "2023"},
    {"year_from": "2023", "year_to": "2024", "statuses": ["draft", "submitted"]},
    {"status": "submitted"},
    {"category": "ha-tang"},
    {"district": "district"},
    {"commune": "commune"},
    {"agency": "agency"},
    {"agency_kind": "enterprise"},
    {"partnership": "partnership"},
]


def _params(raw, request):
    params = {}
    for key, value in raw.items():
        if key == "category":
            value = category(value).pk
        elif value in ("district", "commune", "agency", "partnership"):
            value = request.getfixturevalue(value).pk
        params[key] = value
    return params


@pytest.mark.parametrize("raw", FILTERS)
def test_count_and_money_come_from_the_summary_and_match_the_rows(client, coordinator, rows, request, raw):
    params = _params(raw, request)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    shown = response.context["activities"]
    filtered = response.context["filter"].qs
    assert response.context["totals"] == list_totals(filtered)
    assert response.context["page_obj"].paginator.count == filtered.count() == len(shown)
    # No aggregate over the activity table itself: the figures were read from the summary.
    aggregates = [q["sql"] for q in queries if "COUNT(" in q["sql"] or "SUM(" in q["sql"]]
    assert aggregates and all("partnerships_activitysummary" in sql for sql in aggregates), aggregates


def test_an_officer_and_a_focal_point_get_their_own_figures(client, officer, focal_point, rows):
    for user in (officer, focal_point):
        client.force_login(user)
        response = client.get(LIST)
        assert response.context["totals"] == list_totals(scoped_activities(user))
        assert response.context["page_obj"].paginator.count == scoped_activities(user).count() > 0


def test_search_and_confirmation_count_their_own_rows(client, coordinator, rows):
    client.force_login(coordinator)
    for params in ({"q": "hoat dong 1"}, {"confirmation_status": "pending", "year": "2022"}):
        response = client.get(LIST, params)
        filtered = response.context["filter"].qs
        assert response.context["totals"] == list_totals(filtered)
        assert response.context["page_obj"].paginator.count == filtered.count() > 0


def test_search_matches_every_field_through_small_tables(coordinator, district):
    agency = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh")
    partner = PartnershipFactory(agency=agency, unit=CommuneFactory(name="Xã Lăng", parent=district))
    by_agency = ActivityFactory(partnership=partner, title="Tặng quà", description="")
    by_commune = ActivityFactory(commune=CommuneFactory(name="Xã Trà Leng"), title="Khám bệnh", description="")
    by_title = ActivityFactory(title="Nuôi bò sinh sản", description="")
    by_description = ActivityFactory(title="Tập huấn", description="Kỹ thuật trồng quế Trà My")
    everything = scoped_activities(coordinator)

    def found(term):
        return set(activity_search(everything, term).values_list("pk", flat=True))

    assert found("BIEN PHONG") == {by_agency.pk}
    assert found("lang") == {by_agency.pk}  # the partner locality
    assert found("tra leng") == {by_commune.pk}
    assert found("bo sinh san") == {by_title.pk}
    assert found("que tra my") == {by_description.pk}
    assert found("bo ky thuat") == set()  # every word must occur
    assert found("   ") == set(everything.values_list("pk", flat=True))


def test_a_search_reads_the_names_in_two_queries_whatever_its_words(coordinator, district):
    """The units' and the partnerships' names are matched for all the words at once (issue 15: a
    round trip per word and table before)."""
    everything = scoped_activities(coordinator)
    for term in ("lang", "bien phong tra leng", "a b c d e f g h i j"):
        with CaptureQueriesContext(connection) as queries:
            activity_search(everything, term)
        assert len(queries) == 2, term


def test_list_query_counts(client, django_assert_max_num_queries, coordinator, officer, focal_point, rows):
    """Uncached (a test runs in a transaction): a repeated view reads fewer (test_data_version)."""
    client.force_login(coordinator)
    for params, most in (({}, 11), ({"page": 5}, 11), ({"q": "hoat dong"}, 14), ({"sort": "-money"}, 11)):
        with django_assert_max_num_queries(most):
            assert client.get(LIST, params).status_code == 200
    for user, most in ((officer, 10), (focal_point, 11)):
        client.force_login(user)
        with django_assert_max_num_queries(most):
            assert client.get(LIST).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_postgresql_reads_the_search_and_order_from_indexes(coordinator, rows):
    queryset = activity_search(Activity.objects.all(), "hoat dong")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        by_money = scoped_activities(coordinator).order_by(*ACTIVITY_SORTS["-money"])[:50].explain()
        assert "activity_money_id" in by_money
        by_title = scoped_activities(coordinator).order_by(*ACTIVITY_SORTS["title"])[:50].explain()
        assert "activity_title_id" in by_title
        # By status: its own index at 1 M; on a few rows the planner may take (status, start_date)
        # and sort each status's rows. Either way, no sort of the whole table.
        by_status = scoped_activities(coordinator).order_by(*ACTIVITY_SORTS["-status"])[:50].explain()
        assert "activity_status_id" in by_status or "Presorted Key: partnerships_activity.status" in by_status
        cursor.execute("SET LOCAL enable_indexscan = off")  # left: bitmap scans, the search's kind
        assert "activity_search_trgm" in queryset.explain()


def test_the_summary_and_year_lock_triggers_survive_the_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'partnerships_activity'::regclass")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'partnerships_activity'")
        names = {row[0] for row in cursor.fetchall()}
    assert {name for name in names if name.startswith("activity_summary_")}, names
    assert {name for name in names if name.startswith("ketnghia_yearlock_")}, names


@pytest.fixture
def communes_rows(partnership, other_partnership, rows):
    """The 23 rows spread over four communes, two of them of the same name (the reform's new
    Xã Trà Leng beside the old one), and over a third partnership whose agency has the other's
    name: the order by name ties them, the pk breaks the tie."""
    names = ["Xã Trà Leng", "Xã A Xan", "Xã Trà Leng", "Xã Bhalêê"]
    communes = [CommuneFactory(name=name, parent=partnership.unit) for name in names]
    twin = PartnershipFactory(agency=AgencyFactory(name=other_partnership.agency.name, short_name="PC2"),
                              unit=DistrictFactory(name="Huyện Tây Giang", code="504"))
    for i, activity in enumerate(rows):
        if activity.commune_id:
            Activity.objects.filter(pk=activity.pk).update(commune=communes[i % 4])
        elif i % 2:
            Activity.objects.filter(pk=activity.pk).update(partnership=twin)
    return communes


@pytest.mark.parametrize("who", ["coordinator", "officer"])
@pytest.mark.parametrize("sort", ["commune", "-commune", "agency", "-agency"])
def test_pages_sorted_by_a_name_read_only_the_ids_holding_their_rows(
        client, request, communes_rows, monkeypatch, who, sort):
    """Sorted by the commune's or the agency's name, a page reads only the communes (and the "no
    commune" rows) or partnerships that hold its rows, as the summary counts them: the same rows
    as plain offsets, from both ends."""
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    user = request.getfixturevalue(who)
    client.force_login(user)
    plain = Paginator(scoped_activities(user).order_by(*ACTIVITY_SORTS[sort]), 4)
    assert plain.num_pages >= 3
    narrowed = 0
    for number in plain.page_range:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"sort": sort, "page": number})
        assert titles(response) == [a.title for a in plain.page(number)], (sort, number)
        page_query = page_query_of(queries)
        column = "commune_id" if "commune" in sort else "partnership_id"
        narrowed += f'"partnerships_activity"."{column}" IN' in page_query or "IS NULL" in page_query
    assert narrowed == plain.num_pages  # every page, not the whole list sorted
