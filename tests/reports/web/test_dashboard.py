"""Dashboard and drill-down pages: scope, figures, bad parameters, charts with tables, queries."""

import re

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory, UserFactory, category

from tests.reports.conftest import M

DASHBOARD = reverse("reports:dashboard")


def figure_text(response, key):
    html = response.content.decode()
    match = re.search(rf'id="figure-{key}".*?figure-value">(.*?)</div>', html, re.S)
    assert match, key
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.django_db
def test_leader_sees_the_province(client, leader, report_world):
    client.force_login(leader)
    response = client.get(DASHBOARD, {"year": 2024})
    assert response.status_code == 200
    assert figure_text(response, "activities") == "3"
    assert figure_text(response, "money_total") == "38.000.000\u00a0₫"
    assert figure_text(response, "substantive_share_money") == "92,1\u00a0%"  # 35/38
    html = response.content.decode()
    assert "+50,0\u00a0%" in html  # activities 3 against 2 in 2023
    assert "Xã Trà Leng" in html  # a target commune without partner
    assert "Sở Tư pháp" in html  # an agency without activity
    assert "submitted-warning" not in html


@pytest.mark.django_db
def test_officer_sees_only_their_agency(client, officer, report_world):
    client.force_login(officer)
    response = client.get(DASHBOARD, {"year": 2024})
    assert response.status_code == 200
    assert figure_text(response, "activities") == "2"
    assert figure_text(response, "money_total") == "18.000.000\u00a0₫"
    assert "Sở Tư pháp" not in response.content.decode()


@pytest.mark.django_db
def test_focal_point_sees_their_commune(client, focal_point, report_world):
    client.force_login(focal_point)  # Xã A Xan: a1 and a2, not Xã Lăng's a3
    response = client.get(DASHBOARD, {"year": 2024})
    assert figure_text(response, "activities") == "2"
    assert "Xã A Xan" in response.content.decode()


@pytest.mark.django_db
def test_user_without_role_is_refused(client, report_world):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(DASHBOARD).status_code == 403
    client.logout()
    assert client.get(DASHBOARD).status_code == 302  # to the login page


@pytest.mark.django_db
def test_include_submitted_is_clearly_marked(client, leader, report_world):
    client.force_login(leader)
    response = client.get(DASHBOARD, {"year": 2024, "include_submitted": "1"})
    assert figure_text(response, "activities") == "4"
    assert 'id="submitted-warning"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "hai nghìn"}, "Năm phải là một số"),
        ({"year_from": "2025", "year_to": "2021"}, "Năm bắt đầu phải trước"),
        ({"year": "2024", "district": "xyz"}, "Không có huyện với mã này"),
        ({"year": "2024", "category": "<script>"}, "Không có loại hoạt động"),
        ({"year": "99999999999999999999"}, "Năm phải trước"),
    ],
)
def test_bad_parameters_give_a_message_not_an_error(client, leader, report_world, params, message):
    client.force_login(leader)
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>" not in html.split("<main", 1)[1].split('id="chart-data"')[0]  # typed input is escaped


@pytest.mark.django_db
def test_figures_link_to_the_matching_activity_list(client, leader, report_world):
    client.force_login(leader)
    response = client.get(DASHBOARD, {"year": 2024, "district": "504", "category": "mo-hinh"})
    figures = {f.key: f for f in response.context["figures"]}
    link = figures["activities"].link
    assert link.startswith(reverse("partnerships:activity_list"))
    listed = client.get(link)
    assert listed.status_code == 200
    assert list(listed.context["page_obj"].object_list) == [report_world.a1]
    confirmed = client.get(figures["confirmed_activities"].link)
    assert list(confirmed.context["page_obj"].object_list) == [report_world.a1]


@pytest.mark.django_db
def test_every_chart_has_a_table_and_no_external_url(client, leader, report_world):
    client.force_login(leader)
    html = client.get(DASHBOARD, {"year": 2024}).content.decode()
    charts = re.findall(r'<canvas id="chart-([a-z]+)"', html)
    assert sorted(charts) == ["categories", "districts", "money", "trend"]
    tables = {"categories": "category-table", "districts": "district-table", "money": "money-table", "trend": "trend-table"}
    for chart in charts:
        section = html[html.index(f'id="chart-{chart}"'):]
        section = section[: section.index("</section>")]
        assert f'id="{tables[chart]}"' in section
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "/static/vendor/chart.js/chart.umd.min.js" in html


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow(client, leader, report_world, django_assert_max_num_queries):
    client.force_login(leader)
    client.get(DASHBOARD, {"year": 2024})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(DASHBOARD, {"year": 2024})
    for _ in range(8):
        district = DistrictFactory()
        p = PartnershipFactory(unit=district)
        for code in ("an-sinh", "ha-tang", "tham-hoi"):
            ActivityFactory.create_batch(2, partnership=p, commune=CommuneFactory(parent=district),
                                         category=category(code), status="approved")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(DASHBOARD, {"year": 2024})
    assert figure_text(response, "activities") == str(3 + 48)


@pytest.mark.django_db
def test_district_page(client, leader, officer, other_officer, report_world):
    url = reverse("reports:district_detail", args=["504"])
    client.force_login(leader)
    response = client.get(url, {"year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert figure_text(response, "activities") == "3"
    assert "Xã A Xan" in html and "Xã Lăng" in html
    assert [row["commune"].name for row in response.context["communes"]] == ["Xã A Xan", "Xã Lăng"]
    assert "Mô hình nuôi bò" in html
    assert client.get(reverse("reports:district_detail", args=["20333"])).status_code == 404  # a commune
    client.force_login(officer)  # SNN twins with Tây Giang
    assert client.get(url).status_code == 200
    client.force_login(other_officer)  # PCQN twins with Xã Lăng, inside Tây Giang
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:district_detail", args=["516"])).status_code == 404


@pytest.mark.django_db
def test_commune_page(client, leader, focal_point, report_world):
    client.force_login(leader)
    response = client.get(reverse("reports:commune_detail", args=["20336"]), {"year": 2024})  # Xã Lăng
    assert response.status_code == 200
    assert figure_text(response, "activities") == "1"  # a3
    assert "Công ty Điện lực Quảng Nam" in response.content.decode()
    client.force_login(focal_point)  # of Xã A Xan
    assert client.get(reverse("reports:commune_detail", args=["20333"])).status_code == 200
    assert client.get(reverse("reports:district_detail", args=["504"])).status_code == 200  # its district
    assert client.get(reverse("reports:commune_detail", args=["20480"])).status_code == 404


@pytest.mark.django_db
def test_agency_page(client, leader, officer, report_world):
    w = report_world
    url = reverse("reports:agency_detail", args=[w.a.pk])
    client.force_login(leader)
    response = client.get(url, {"year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert figure_text(response, "activities") == "2"
    assert response.context["row"]["plan_progress"]["money"] == pytest.approx(0.5)
    assert "36.000.000\u00a0₫" in html and "50,0\u00a0%" in html
    history = {y["year"]: y for y in response.context["history"]}
    assert history[2023]["result"]["money_total"] == 8 * M and history[2024]["plan"]["money_target"] == 36 * M
    assert "Huyện Nam Trà My" in html  # the ended partnership is part of the history
    client.force_login(officer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:agency_detail", args=[w.b.pk])).status_code == 404


@pytest.fixture
def committed_cache():
    """Figures are cached only outside a transaction: a transactional test, whose flush removes
    the data version's row (put back) and whose cache starts and ends empty."""
    from django.core.cache import cache

    from partnerships.models import DataVersion

    DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("engine, reads", [
    ("cached_db", ["partnerships_user", "auth_group", "partnerships_dataversion"]),
    ("db", ["django_session", "partnerships_user", "auth_group", "partnerships_dataversion"]),
])
def test_cached_dashboard_reads_only_the_request_s_fixed_rows(committed_cache, client, leader, report_world, settings,
                                                             engine, reads):
    """A repeated view reads the session (none from a shared cache), the user, the roles with the
    menu's permissions in one query, and the data version that files the cached figures."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    client.force_login(leader)
    client.get(DASHBOARD, {"year": 2024})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD, {"year": 2024}).status_code == 200
    tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries.captured_queries]
    assert tables == reads


@pytest.mark.django_db
def test_drill_down_pages_keep_queries_bounded(client, leader, report_world, django_assert_max_num_queries):
    client.force_login(leader)
    for url in [reverse("reports:district_detail", args=["504"]), reverse("reports:commune_detail", args=["20333"]),
                reverse("reports:agency_detail", args=[report_world.a.pk])]:
        with django_assert_max_num_queries(40):
            assert client.get(url, {"year": 2024}).status_code == 200


@pytest.mark.django_db
def test_a_period_still_running_says_so_beside_the_comparison(client, leader, report_world):
    import datetime

    client.force_login(leader)
    this_year = datetime.date.today().year
    running = client.get(DASHBOARD, {"year": this_year}).content.decode()
    assert 'id="period-in-progress"' in running
    assert datetime.date.today().strftime("%d/%m/%Y") in running
    assert 'id="period-in-progress"' not in client.get(DASHBOARD, {"year": 2024}).content.decode()


@pytest.mark.django_db
def test_a_running_year_is_compared_with_the_same_months(client, leader, partnership, commune, monkeypatch):
    """In June, this year's activities are compared with last year's January–June, not with the
    whole of last year (which made December look like a fall)."""
    import datetime

    from django.utils import timezone

    from partnerships.models import ActivityStatus
    from tests.factories import ActivityFactory

    for day in (datetime.date(2025, 3, 1), datetime.date(2025, 11, 1), datetime.date(2026, 2, 1)):
        ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.APPROVED, start_date=day)
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 6, 30))
    client.force_login(leader)
    page = client.get(DASHBOARD, {"year": 2026})
    activities = next(f for f in page.context["figures"] if f.key == "activities")
    assert (activities.value, activities.previous, activities.change) == (1, 1, 0)
    html = page.content.decode()
    assert "so với cùng kỳ năm 2025" in html and "đến ngày 30/06/2025" in html
