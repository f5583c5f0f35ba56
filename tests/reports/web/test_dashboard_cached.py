"""The dashboard below the menu, cached as HTML per query, scope, day and data version (issue 15):
a repeated view is the page the first view drew, messages included, and nobody is shown a page
drawn for another scope, language or query."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import ActivityStatus
from reports.web.dashboard import views
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("data_version_row")]

DASHBOARD = reverse("reports:dashboard")


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def page(client, user, query=None):
    """The page as `user` sees it (signed in again only when another user was)."""
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    response = client.get(DASHBOARD, query or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", [{"year": 2024}, {}, {"year": "2024", "district": "504", "include_submitted": "1"}])
def test_a_repeated_view_is_the_page_the_first_drew(client, leader, report_world, query):
    first = page(client, leader, query)
    with CaptureQueriesContext(connection) as queries:
        again = page(client, leader, query)
    assert without_tokens(again) == without_tokens(first)
    assert "Số liệu chính" in again
    tables = {re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries}
    assert tables <= {"django_session", "partnerships_user", "auth_group", "partnerships_dataversion"}


def test_bad_parameters_are_told_again_on_a_repeated_view(client, leader, report_world):
    query = {"year": "2024", "district": "xyz"}
    first = page(client, leader, query)
    again = page(client, leader, query)
    assert without_tokens(again) == without_tokens(first)
    for html in (first, again):
        assert html.count("Không có huyện với mã này") == 1
        assert "Đang hiển thị số liệu năm" in html


def test_each_scope_sees_its_own_page(client, leader, officer, report_world):
    province = page(client, leader, {"year": 2024})
    assert "toàn tỉnh" in province and "Sở Tư pháp" in province
    mine = page(client, officer, {"year": 2024})
    assert "toàn tỉnh" not in mine and "Sở Tư pháp" not in mine
    assert report_world.a.name in mine.split('id="report-scope"')[1].split("</p>")[0]


def test_each_language_sees_its_own_page(client, leader, report_world, settings):
    assert "Số liệu chính" in page(client, leader, {"year": 2024})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the switch in the top bar
    english = page(client, leader, {"year": 2024})
    assert "Số liệu chính" not in english and '<html lang="en">' in english


def test_a_write_shows_at_once(client, leader, report_world):
    before = page(client, leader, {"year": 2024})
    ActivityFactory(partnership=report_world.p3, commune=report_world.c3, status=ActivityStatus.APPROVED,
                    start_date=report_world.a1.start_date, budget_state=7_000_000)
    assert without_tokens(page(client, leader, {"year": 2024})) != without_tokens(before)


def test_a_query_with_other_parameters_is_not_kept(client, leader, report_world, monkeypatch):
    """Only the filter's own fields make a page worth keeping: made-up parameters would each fill
    an entry (the export link repeats the query as it came)."""
    computed = []
    filter_and_notes = views._filter_and_notes
    monkeypatch.setattr(views, "_filter_and_notes", lambda *a, **k: computed.append(1) or filter_and_notes(*a, **k))
    for _ in range(2):
        page(client, leader, {"year": 2024, "made_up": "1"})
    assert len(computed) == 2
    for _ in range(2):
        page(client, leader, {"year": 2024})
    assert len(computed) == 3


def test_who_may_not_read_reports_is_refused_before_the_cache(client, leader, report_world):
    from tests.factories import UserFactory

    page(client, leader, {"year": 2024})
    client.force_login(UserFactory(username="nobody"))
    assert client.get(DASHBOARD, {"year": 2024}).status_code == 403


def agency_page(client, user, agency, query=None):
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    response = client.get(reverse("reports:agency_detail", args=[agency.pk]), query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_agency_page_is_kept_whole_below_the_menu(client, leader, report_world):
    """The agency page as the dashboard (reports/web/dashboard/views.py: _agency_view): a repeated
    view reads the request's fixed rows, the agency (404 outside the reader's scope) and nothing
    else, figures, evaluation, lists and inspections included."""
    first = agency_page(client, leader, report_world.a, {"year": 2024})
    with CaptureQueriesContext(connection) as queries:
        again = agency_page(client, leader, report_world.a, {"year": 2024})
    assert without_tokens(again) == without_tokens(first)
    assert 'id="agency-evaluation"' in again and 'id="inspections-panel"' in again and "36.000.000" in again
    tables = {re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries}
    assert tables <= {"django_session", "partnerships_user", "auth_group", "partnerships_dataversion",
                      "partnerships_agency"}


def test_the_agency_pages_recent_activities_are_read_in_one_query(client, leader, report_world):
    """The recent activities read only the columns their rows show (views.RECENT_FIELDS): a row
    drawn with a column left out would read it again, one query per activity."""
    html = agency_page(client, leader, report_world.a, {"year": 2024})
    recent = html.split('id="recent-activities"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d\d/\d\d/\d{4})</td><td><a [^>]+>([^<]+)</a></td><td>([^<]+)</td><td>([^<]+)</td>"
                      r"<td>([^<]+)</td><td class=\"num\">([^<]+)</td></tr>", recent)
    assert rows and all(len(cell.strip()) > 1 for row in rows for cell in row)  # date, title, agency, commune, kind, money
    cache.clear()  # drawn again from the database
    with CaptureQueriesContext(connection) as queries:
        again = agency_page(client, leader, report_world.a, {"year": 2024})
    assert without_tokens(again) == without_tokens(html)
    one_by_one = [q["sql"] for q in queries.captured_queries
                  if re.search(r'FROM "partnerships_(activity|partnership|agency|administrativeunit)" WHERE '
                               r'"partnerships_\w+"."id" = ', q["sql"])]
    assert len(one_by_one) <= 1, one_by_one  # the agency of the URL, nothing per row


def test_the_agency_page_shows_each_scope_its_own_evaluation(client, leader, officer, other_officer, focal_point,
                                                             report_world):
    """The score is for province-wide readers and the agency's own officers (policy), never for a
    focal point in its area, whichever of them drew the page first."""
    assert 'id="agency-evaluation"' not in agency_page(client, focal_point, report_world.a, {"year": 2024})
    assert 'id="agency-evaluation"' in agency_page(client, officer, report_world.a, {"year": 2024})
    assert 'id="agency-evaluation"' in agency_page(client, leader, report_world.a, {"year": 2024})
    assert 'id="agency-evaluation"' not in agency_page(client, focal_point, report_world.a, {"year": 2024})
    client.force_login(other_officer)
    assert client.get(reverse("reports:agency_detail", args=[report_world.a.pk]), {"year": 2024}).status_code == 404


def test_the_agency_page_tells_bad_parameters_again(client, leader, report_world):
    first = agency_page(client, leader, report_world.a, {"year": "abc"})
    again = agency_page(client, leader, report_world.a, {"year": "abc"})
    assert without_tokens(again) == without_tokens(first)
    assert "Đang hiển thị số liệu năm" in again
