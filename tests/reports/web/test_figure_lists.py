"""Each dashboard figure opens the list of what it counts, and the list agrees with the figure:
communes → those communes, districts → those districts, agencies → those agencies,
partnerships → the partnership list so filtered, models → the model list, jobs / trained /
households → the activities that have them (with their total), money → the activities (with
their money), for a year, a range of years, a district and with submitted work included."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

QUERIES = [
    {"year": "2024"},
    {"year_from": "2023", "year_to": "2024"},
    {"year_from": "2021", "year_to": "2024", "district": "504"},
    {"year": "2024", "include_submitted": "1"},
]

ACTIVITY_COUNTS = {"activities", "confirmed_activities", "substantive_share_count", "substantive_share_money"}
MONEY = {"money_total", "money_state", "money_society", "money_in_kind"}
RESULTS = {"people_trained", "households_reached", "people_reached", "ethnic_minority_people", "jobs_created",
           "households_out_of_poverty"}
PLACES = {"districts_reached": "/reports/tong-quan/huyen/", "communes_reached": "/reports/tong-quan/xa/",
          "agencies": "/reports/tong-quan/co-quan/"}


def figures(client, query):
    response = client.get(reverse("reports:dashboard"), query)
    assert response.status_code == 200
    return {figure.key: figure for figure in response.context["figures"]}


def follow(client, link):
    parts = urlsplit(link)
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200, link
    return response


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_every_figure_opens_a_list_that_agrees_with_it(client, leader, report_world, query):
    client.force_login(leader)
    shown = figures(client, query)
    assert set(shown) == ACTIVITY_COUNTS | MONEY | RESULTS | set(PLACES) | {
        "active_partnerships", "models_built", "models_replicated"}
    for key, figure in shown.items():
        response = follow(client, figure.link)
        context = response.context
        if key in PLACES:
            assert figure.link.startswith(PLACES[key]), key
            assert len(context["rows"]) == figure.value, (key, figure.value)
        elif key == "active_partnerships":
            assert figure.link.startswith(reverse("partnerships:partnership_list"))
            assert context["page_obj"].paginator.count == figure.value, key
        elif key in ("models_built", "models_replicated"):
            assert figure.link.startswith(reverse("partnerships:model_list"))
            assert context["page_obj"].paginator.count == figure.value, key
        elif key in RESULTS:
            assert "has=" in figure.link
            assert context["totals"]["result"] == figure.value, key
            assert all(getattr(a, key) > 0 for a in context["activities"]), key
        elif key in MONEY:
            assert context["totals"][key] == figure.value, key
        elif key == "activities":
            assert context["totals"]["count"] == figure.value
        elif key == "confirmed_activities":
            assert context["totals"]["count"] == figure.value


def test_the_figures_are_not_all_zero_so_the_comparison_means_something(client, leader, report_world):
    client.force_login(leader)
    shown = figures(client, {"year_from": "2023", "year_to": "2024"})
    for key in ("activities", "districts_reached", "communes_reached", "agencies", "active_partnerships",
                "jobs_created", "people_trained", "money_total", "models_built", "models_replicated"):
        assert shown[key].value, key


def test_the_lists_name_what_they_count(client, leader, report_world):
    client.force_login(leader)
    shown = figures(client, {"year": "2024"})
    districts = follow(client, shown["districts_reached"].link)
    assert [row["label"] for row in districts.context["rows"]] == ["Huyện Tây Giang"]
    assert f'href="/reports/tong-quan/huyen/504/?year=2024"' in districts.content.decode()
    communes = follow(client, shown["communes_reached"].link)
    assert [(row["label"], row["area"]) for row in communes.context["rows"]] == [
        ("Xã A Xan", "Huyện Tây Giang"), ("Xã Lăng", "Huyện Tây Giang")]
    agencies = follow(client, shown["agencies"].link)
    assert [row["agency"] for row in agencies.context["rows"]] == sorted(
        {report_world.a, report_world.b}, key=lambda a: a.name)
    partnerships = follow(client, shown["active_partnerships"].link)
    assert set(partnerships.context["page_obj"].object_list) == {report_world.p1, report_world.p2, report_world.p3}
    built = follow(client, shown["models_built"].link)
    assert list(built.context["page_obj"].object_list) == [report_world.m1]
    replicated = follow(client, shown["models_replicated"].link)
    assert list(replicated.context["page_obj"].object_list) == [report_world.m2]
    jobs = follow(client, shown["jobs_created"].link)
    assert {a.pk for a in jobs.context["activities"]} == {report_world.a1.pk, report_world.a3.pk}
    assert "Số việc làm tạo ra: 7" in jobs.content.decode()


def test_the_place_lists_follow_scoping(client, officer, report_world):
    """An officer's figures and lists count their own agency's work only."""
    client.force_login(officer)
    shown = figures(client, {"year": "2024"})
    agencies = follow(client, shown["agencies"].link)
    assert [row["agency"] for row in agencies.context["rows"]] == [report_world.a]
    communes = follow(client, shown["communes_reached"].link)
    assert len(communes.context["rows"]) == shown["communes_reached"].value == 1


def test_a_bad_period_on_a_place_list_is_a_message_not_an_error(client, leader, report_world):
    client.force_login(leader)
    response = client.get(reverse("reports:commune_list"), {"year": "abc"})
    assert response.status_code == 200
    assert "Đang hiển thị số liệu năm" in response.content.decode()
