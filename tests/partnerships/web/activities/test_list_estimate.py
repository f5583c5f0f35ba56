"""A broad search's figures (issue 15): a search that a sample of the table estimates at more than
`ESTIMATE_ABOVE` matches shows the estimate, said to be one, and no money until asked for; its
pages read through the estimate are the rows of plain offsets; a page beyond them, asking, or an
estimate found far too high reads the exact figures; a narrow search stays exact."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.paging import EstimatedPaginator
from common.templatetags.ketnghia import vnd
from partnerships.selectors import activities
from partnerships.selectors.activities import activity_search, list_totals, scoped_activities
from partnerships.selectors.filters import ACTIVITY_SORTS
from partnerships.web.activities import views
from tests.factories import ActivityFactory

LIST = reverse("partnerships:activity_list")
COWS = {"q": "bo sinh san"}
READABLE = 6  # ESTIMATE_ABOVE // 2, below: the rows a broad search's pages read from the start


@pytest.fixture
def cows(partnership, other_partnership, commune):
    """23 matches over two partnerships and three years, with ties on the date; 4 other rows."""
    made = [
        ActivityFactory(
            partnership=partnership if i % 3 else other_partnership, commune=commune if i % 3 else None,
            start_date=datetime.date(2022 + i % 3, 1 + i % 12, 1 + i % 2), title=f"Nuôi bò sinh sản {i:02d}",
            description="", budget_state=(i * 7919) % 23 * 100_000, budget_society=i * 1_000, budget_in_kind=0,
        )
        for i in range(23)
    ]
    for i in range(4):
        ActivityFactory(partnership=partnership, title=f"Khám bệnh {i}", description="")
    return made


@pytest.fixture
def broad(monkeypatch):
    """A search estimated at more than 12 matches is broad, its sample every page of the table (so
    the estimate is the count); pages of 3 rows: pages 1–2 lie within the 6 rows its pages read
    from the start, page 3 does not."""
    monkeypatch.setattr(activities, "ESTIMATE_ABOVE", 2 * READABLE)
    monkeypatch.setattr(activities, "SAMPLE_PERCENT", 100)
    monkeypatch.setattr(views, "PAGE_SIZE", 3)


def matches(user, term=COWS["q"]):
    return activity_search(scoped_activities(user), term)


def figure_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"] and "partnerships_activity" in q["sql"]]


def test_a_narrow_search_is_counted_exactly(client, coordinator, cows, broad, monkeypatch):
    monkeypatch.setattr(activities, "ESTIMATE_ABOVE", 23)  # estimated at the threshold: counted
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, COWS)
    totals = response.context["totals"]
    assert totals == list_totals(matches(coordinator)) and totals["count"] == 23
    assert len(figure_queries(queries)) == 2  # the sample, then the count and money of every match
    html = response.content.decode()
    assert "khoảng" not in html and vnd(totals["money_total"]) in html


def test_a_broad_search_says_its_count_is_an_estimate_and_adds_no_money(client, coordinator, cows, broad):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, COWS)
    assert response.context["totals"] == {"count": 23, "estimated": True}
    html = response.content.decode()
    assert "(khoảng 23 hoạt động)" in html and "Trang 1/khoảng 8" in html
    assert "Tổng của danh sách: khoảng 23 hoạt động (số ước tính" in html and "kinh phí chưa được cộng" in html
    assert vnd(list_totals(matches(coordinator))["money_total"]) not in html
    assert 'href="?q=bo+sinh+san&amp;exact=1" id="list-exact"' in html
    figures = figure_queries(queries)
    assert len(figures) == 1, figures  # the sample alone
    if connection.vendor == "postgresql":
        assert "TABLESAMPLE SYSTEM (100) REPEATABLE (0)" in figures[0]


def test_an_estimate_rounds_to_two_figures(client, coordinator, cows, broad, monkeypatch):
    monkeypatch.setattr(activities, "_sampled_matches", lambda queryset: [(datetime.date(2024, 1, 1), 9_795)])
    client.force_login(coordinator)
    response = client.get(LIST, COWS)
    assert response.context["totals"] == {"count": 9_800, "estimated": True}
    assert "(khoảng 9.800 hoạt động)" in response.content.decode()


@pytest.mark.parametrize("sort", ["", "start_date", "-start_date", "-money"])
def test_a_broad_searchs_pages_hold_the_same_rows_as_plain_offsets(client, coordinator, cows, broad, sort):
    """Pages 1–2 from the estimate, read through the start dates estimated to hold them; page 3
    on the exact figures, through their quarters."""
    client.force_login(coordinator)
    plain = Paginator(matches(coordinator).order_by(*ACTIVITY_SORTS[sort]) if sort else matches(coordinator), 3)
    assert plain.num_pages == 8
    for number in plain.page_range:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {**COWS, "sort": sort, "page": number})
        assert [a.title for a in response.context["activities"]] == [a.title for a in plain.page(number)], number
        estimated = "estimated" in response.context["totals"]
        assert estimated == (number * 3 <= READABLE), number
        if not estimated:
            assert response.context["totals"] == list_totals(matches(coordinator))
        elif sort != "-money":
            pages = [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]
                     and '"partnerships_activity"."title"' in q["sql"]]
            bound = '"start_date" <=' if sort == "start_date" else '"start_date" >='
            assert len(pages) == 1 and bound in pages[0], pages


def test_asking_reads_the_exact_figures(client, coordinator, cows, broad):
    client.force_login(coordinator)
    response = client.get(LIST, {**COWS, "exact": "1"})
    assert response.context["totals"] == list_totals(matches(coordinator))
    assert "khoảng" not in response.content.decode()


def test_an_estimate_far_too_high_gives_way_to_the_count(client, coordinator, cows, broad, monkeypatch):
    """4 matches estimated at 500 (a sample of pages that held them all): page 1 is full and
    exact; page 2 finds the list ending and is shown with the exact figures."""
    monkeypatch.setattr(activities, "_sampled_matches", lambda queryset: [(datetime.date(2020, 1, 1), 500)])
    client.force_login(coordinator)
    first = client.get(LIST, {"q": "kham benh"})
    assert first.context["totals"] == {"count": 500, "estimated": True}
    assert [a.title for a in first.context["activities"]] == [a.title for a in matches(coordinator, "kham benh")[:3]]
    second = client.get(LIST, {"q": "kham benh", "page": 2})
    assert second.context["totals"] == list_totals(matches(coordinator, "kham benh")) and second.context["totals"]["count"] == 4
    assert [a.title for a in second.context["activities"]] == [a.title for a in matches(coordinator, "kham benh")[3:]]


def test_a_page_read_through_a_wrong_reach_is_read_again(coordinator, cows):
    newest_first = matches(coordinator)
    newest = [a.pk for a in newest_first[:3]]
    wrong = (100, datetime.date(2030, 1, 1), None)  # "about 100 rows since 2030": none
    page = EstimatedPaginator(newest_first, 3, count=23, readable=READABLE, field="start_date", reaches=[wrong])
    assert [a.pk for a in page.page(1)] == newest
    assert page.serves(2) and not page.serves(3)


def test_a_search_costs_one_query_more_than_before(client, django_assert_max_num_queries, coordinator, cows, broad,
                                                   monkeypatch):
    """As test_list_at_scale's counts (uncached): a broad search reads its sample instead of its
    count, a narrow one both."""
    client.force_login(coordinator)
    with django_assert_max_num_queries(13):
        assert client.get(LIST, COWS).status_code == 200
    monkeypatch.setattr(activities, "ESTIMATE_ABOVE", 23)
    with django_assert_max_num_queries(14):
        assert client.get(LIST, COWS).status_code == 200


@pytest.mark.parametrize("who", ["officer", "focal_point"])
def test_a_broad_searchs_estimate_and_pages_keep_to_the_scope(client, request, cows, broad, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(LIST, COWS)
    mine = matches(user)
    assert response.context["totals"] == {"count": mine.count(), "estimated": True}  # a sample of every page
    assert [a.title for a in response.context["activities"]] == [a.title for a in mine[:3]]
