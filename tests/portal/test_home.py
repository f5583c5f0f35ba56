"""The home page shows each role what awaits them, and only within their scope."""

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import Activity, ActivityStatus
from tests.factories import ActivityFactory

HOME = reverse("portal:home")


@pytest.fixture
def activities(partnership, commune, officer, coordinator):
    draft = ActivityFactory(partnership=partnership, commune=commune, title="Bản nháp lớp dạy nghề")
    returned = ActivityFactory(partnership=partnership, commune=commune, title="Hỗ trợ giống heo đen")
    services.activity_submit(actor=officer, activity=returned)
    services.activity_return(actor=coordinator, activity=returned, comment="Thiếu ảnh minh chứng buổi bàn giao")
    waiting = ActivityFactory(partnership=partnership, commune=commune, title="Trao bò sinh sản")
    services.activity_submit(actor=officer, activity=waiting)
    return {"draft": draft, "returned": returned, "waiting": waiting}


def test_anonymous_is_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_sees_drafts_returned_with_comment_and_waiting(client, officer, activities, other_partnership):
    ActivityFactory(partnership=other_partnership, title="Việc của cơ quan khác")
    client.force_login(officer)
    response = client.get(HOME)
    text = response.content.decode()
    assert [a.title for a in response.context["drafts"]] == ["Bản nháp lớp dạy nghề"]
    assert [a.title for a in response.context["returned"]] == ["Hỗ trợ giống heo đen"]
    assert "Thiếu ảnh minh chứng buổi bàn giao" in text
    assert [a.title for a in response.context["waiting"]] == ["Trao bò sinh sản"]
    assert "Việc của cơ quan khác" not in text
    assert reverse("partnerships:activity_detail", args=[activities["returned"].pk]) in text


def test_coordinator_sees_items_to_review_and_counts(client, coordinator, activities, other_partnership, other_officer):
    other = ActivityFactory(partnership=other_partnership, title="Kéo điện về thôn")
    services.activity_submit(actor=other_officer, activity=other)
    client.force_login(coordinator)
    response = client.get(HOME)
    assert {a.title for a in response.context["to_review"]} == {"Trao bò sinh sản", "Kéo điện về thôn"}
    assert response.context["counts"]["submitted"] == 2
    assert response.context["counts"]["draft"] == 1
    assert "Duyệt hàng loạt" in response.content.decode()
    assert response.context.get("drafts") is None


def test_focal_point_sees_what_awaits_confirmation_in_their_commune(client, focal_point, activities, coordinator,
                                                                     other_partnership, other_officer):
    elsewhere = ActivityFactory(partnership=other_partnership, title="Ở huyện khác")
    services.activity_submit(actor=other_officer, activity=elsewhere)
    client.force_login(focal_point)
    response = client.get(HOME)
    assert [a.title for a in response.context["to_confirm"]] == ["Trao bò sinh sản"]
    services.activity_confirm(actor=focal_point, activity=activities["waiting"])
    assert list(client.get(HOME).context["to_confirm"]) == []


def test_leader_sees_counts_and_no_work_queues(client, leader, activities):
    client.force_login(leader)
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["counts"]["returned"] == 1
    assert response.context.get("to_review") is None
    assert "Ghi nhận hoạt động" not in response.content.decode()


def test_home_query_count_constant(client, django_assert_max_num_queries, officer, partnership, commune):
    for index in range(30):
        activity = ActivityFactory(partnership=partnership, commune=commune)
        if index % 2:
            Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.RETURNED)
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        client.get(HOME)


def test_pages_work_in_english_too(client, officer, activities):
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    for url in (HOME, reverse("partnerships:activity_list"),
                reverse("partnerships:activity_detail", args=[activities["returned"].pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()


def test_leader_home_links_to_the_dashboard(client, leader, activities):
    client.force_login(leader)
    assert reverse("reports:dashboard") in client.get(HOME).content.decode()


def test_locality_discrepancies_reach_the_officer_and_the_coordinator(client, officer, coordinator, focal_point,
                                                                       leader, activities):
    services.activity_flag_discrepancy(actor=focal_point, activity=activities["waiting"],
                                       comment="Thôn chỉ nhận 8 con bò")
    for user in (officer, coordinator):
        client.force_login(user)
        response = client.get(HOME)
        assert [a.title for a in response.context["disputed"]] == ["Trao bò sinh sản"]
        assert "Thôn chỉ nhận 8 con bò" in response.content.decode()
    client.force_login(leader)
    assert client.get(HOME).context.get("disputed") is None


def test_leader_home_shows_this_years_figures_and_gaps(client, leader, officer, coordinator, partnership, commune,
                                                       django_assert_max_num_queries):
    import datetime

    today = datetime.date.today()
    done = ActivityFactory(partnership=partnership, commune=commune, start_date=today.replace(day=1),
                           budget_state=1_250_000, budget_society=0, budget_in_kind=0)
    services.activity_submit(actor=officer, activity=done)
    services.activity_approve(actor=coordinator, activity=done)
    client.force_login(leader)
    with django_assert_max_num_queries(40):
        html = client.get(HOME).content.decode()
    summary = html[html.index('id="home-summary"'):]
    assert "1.250.000\u00a0₫" in summary
    assert 'id="coverage-gaps"' in summary
    # Coordinators and officers keep their work queues instead.
    client.force_login(officer)
    assert 'id="home-summary"' not in client.get(HOME).content.decode()


def test_leader_home_names_the_same_period_of_last_year_and_keeps_figures_in_their_cards(client, leader, activities):
    """The running year is compared with the same months of last year: the sentence names that
    day (it was blank on the home page), and the home loads the dashboard's styles so that a long
    money figure wraps inside its card on a phone instead of pushing the page sideways."""
    import datetime

    from django.templatetags.static import static

    client.force_login(leader)
    html = client.get(HOME).content.decode()
    today = datetime.date.today()
    try:
        same_day_last_year = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        same_day_last_year = today.replace(year=today.year - 1, day=28)
    assert 'id="period-in-progress"' in html
    assert f"(đến ngày {same_day_last_year:%d/%m/%Y})" in html
    assert static("css/dashboard.css") in html


def test_menu_reads_roles_and_permissions_in_one_query(client, coordinator):
    """Every page's menu asks the policy six questions (roles, staff, model permissions): one
    query answers them all (partnerships/access/roles.py `read_access`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.context["nav"] == {"annual_report": True, "add_activities": True, "admin": True,
                                       "plans_inspections": True, "manage_accounts": True, "audit": True}
    reads = [q["sql"] for q in queries.captured_queries if '"auth_group' in q["sql"] or '"auth_permission"' in q["sql"]]
    assert len(reads) == 1
