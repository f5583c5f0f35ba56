"""The activity list's filter bar and table, cached as HTML per data version, scope and query
(issue 15): a repeated view reads no row, and nobody is shown a page built for someone else's
scope or role."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import ActivityStatus
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("data_version_row")]

LIST = reverse("partnerships:activity_list")



@pytest.fixture
def two_agencies(partnership, other_partnership):
    mine = ActivityFactory(partnership=partnership, title="Hoạt động của SNN", status=ActivityStatus.SUBMITTED)
    theirs = ActivityFactory(partnership=other_partnership, title="Hoạt động của PCQN",
                             status=ActivityStatus.SUBMITTED)
    return mine, theirs


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def page(client, user, query=None):
    client.force_login(user)
    return client.get(LIST, query or {}).content.decode()


def test_a_repeated_view_reads_no_row(client, coordinator, two_agencies):
    first = page(client, coordinator, {"q": "SNN"})
    with CaptureQueriesContext(connection) as queries:
        again = page(client, coordinator, {"q": "SNN"})
    assert without_tokens(again) == without_tokens(first)
    assert "Hoạt động của SNN" in again and "Hoạt động của PCQN" not in again
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "partnerships_activity" not in sql.replace("partnerships_activitysummary", "")


def test_each_officer_sees_only_their_agency_rows_and_filter(client, officer, other_officer, coordinator,
                                                              two_agencies):
    assert "Hoạt động của PCQN" in page(client, coordinator)
    mine = page(client, officer)
    assert "Hoạt động của SNN" in mine and "Hoạt động của PCQN" not in mine
    assert 'name="agency"' not in mine  # an officer's filter bar has no agency field
    theirs = page(client, other_officer)
    assert "Hoạt động của PCQN" in theirs and "Hoạt động của SNN" not in theirs
    assert 'name="agency"' in page(client, coordinator)


def test_the_check_boxes_are_the_reviewers_only(client, coordinator, leader, two_agencies):
    """The coordinator and the leader share the province's scope; only the coordinator reviews."""
    assert 'name="ids"' in page(client, coordinator)
    assert 'name="ids"' not in page(client, leader)
    assert 'name="ids"' in page(client, coordinator)


def test_an_officer_moved_to_another_agency_sees_its_rows_at_once(client, officer, other_agency, two_agencies):
    """A user's agency is not among the tables that raise the data version: the cache key holds it."""
    assert "Hoạt động của SNN" in page(client, officer)
    officer.agency = other_agency
    officer.save()
    moved = page(client, officer)
    assert "Hoạt động của PCQN" in moved and "Hoạt động của SNN" not in moved


def test_a_write_shows_at_once(client, coordinator, partnership, two_agencies):
    assert "Tập huấn mới" not in page(client, coordinator)
    ActivityFactory(partnership=partnership, title="Tập huấn mới")
    assert "Tập huấn mới" in page(client, coordinator)


def test_a_broad_searchs_exact_figures_once_read_serve_it_until_a_write(client, coordinator, partnership,
                                                                         monkeypatch):
    """Counted on asking (issue 15), the search shows its exact figures on every page, whoever
    of the same scope asks, until a write brings the estimate back."""
    from partnerships.selectors import activities
    from partnerships.web.activities import views

    monkeypatch.setattr(activities, "ESTIMATE_ABOVE", 2)  # its pages read its first row from the start
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(activities, "SAMPLE_PERCENT", 100)
    for i in range(5):
        ActivityFactory(partnership=partnership, title=f"Nuôi bò {i}", description="")
    client.force_login(coordinator)
    assert client.get(LIST, {"q": "nuoi bo"}).context["totals"] == {"count": 5, "estimated": True}
    assert client.get(LIST, {"q": "nuoi bo", "exact": "1"}).context["totals"]["count"] == 5
    again = client.get(LIST, {"q": "nuoi bo"})
    assert again.context["totals"]["count"] == 5 and "estimated" not in again.context["totals"]
    assert "khoảng" not in again.content.decode()
    ActivityFactory(partnership=partnership, title="Nuôi bò 5", description="")
    assert client.get(LIST, {"q": "nuoi bo"}).context["totals"] == {"count": 6, "estimated": True}


def test_the_page_is_one_entry_per_query_and_reads_only_the_requests_rows(client, coordinator, two_agencies):
    """Below the menu, the list for a query is one cache read (views.activity_list): a filter
    naming a category or an agency is validated against their tables on the first view only."""
    mine, _ = two_agencies
    query = {"category": mine.category_id, "agency": mine.partnership.agency_id, "sort": "-money"}
    first = page(client, coordinator, query)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(LIST, query).content.decode()
    assert without_tokens(again) == without_tokens(first)
    assert "Hoạt động của SNN" in again and "Hoạt động của PCQN" not in again
    tables = {re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries}
    assert tables <= {"django_session", "partnerships_user", "auth_group", "partnerships_dataversion"}


def test_bad_conditions_are_told_again_on_a_repeated_view(client, coordinator, two_agencies):
    for _ in range(2):
        html = page(client, coordinator, {"category": "999999", "q": "SNN"})
        assert html.count("Một số điều kiện lọc không hợp lệ nên đã bị bỏ qua") == 1
        assert "Hoạt động của SNN" in html


def test_a_query_with_other_parameters_is_not_kept(client, coordinator, two_agencies, monkeypatch):
    """Only the list's own parameters make a page worth keeping: made-up ones would each fill an entry."""
    from partnerships.web.activities import views

    computed = []
    list_page = views._list_page
    monkeypatch.setattr(views, "_list_page", lambda *a: computed.append(1) or list_page(*a))
    for _ in range(2):
        page(client, coordinator, {"q": "SNN", "made_up": "1"})
    assert len(computed) == 2
    for _ in range(2):
        page(client, coordinator, {"q": "SNN", "page": "1"})
    assert len(computed) == 3


def test_the_add_button_follows_the_user_not_the_scope(client, coordinator, leader, two_agencies):
    """The leader and the coordinator share the province's page; the buttons are drawn per view."""
    add = reverse("partnerships:activity_create")
    can_add = {user.username: f'href="{add}"' in page(client, user) for user in (coordinator, leader)}
    from partnerships.access import policy

    assert can_add == {user.username: policy.may_add_activities(user) for user in (coordinator, leader)}
