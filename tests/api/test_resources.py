"""Every resource × every role × a row in and a row out of the officer's scope: the API reads
exactly what the pages show (the scoping module), through a personal token."""

import pytest
from django.urls import reverse

from .conftest import ROLES, bearer

RESOURCES = {"activity": "activity", "model": "model", "plan": "plan", "partnership": "partnership",
             "agency": "agency"}

# resource → {role: (sees the in-scope row, sees the out-of-scope row)}
EXPECTED = {
    "activity": {"officer": (True, False), "other_officer": (False, True), "focal_point": (True, False)},
    "model": {"officer": (True, False), "other_officer": (False, True), "focal_point": (True, False)},
    # A commune's focal point sees the district partnership covering the commune, but not its plans
    # (plans are the agency's commitments to the district; scoping has no commune for them).
    "plan": {"officer": (True, False), "other_officer": (False, True), "focal_point": (False, False)},
    "partnership": {"officer": (True, False), "other_officer": (False, True), "focal_point": (True, False)},
    "agency": {"officer": (True, False), "other_officer": (False, True), "focal_point": (True, False)},
}
PROVINCE = (True, True)


def expected(resource, role):
    return EXPECTED[resource].get(role, PROVINCE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_list_and_detail_are_scoped(client, request, role, resource, api_objects):
    user = request.getfixturevalue(role)
    headers = bearer(user)
    mine, theirs = api_objects
    listed = client.get(reverse(f"api:{resource}-list"), **headers)
    assert listed.status_code == 200, listed.content
    ids = {row["id"] for row in listed.json()["results"]}
    sees_mine, sees_theirs = expected(resource, role)
    assert (mine[resource].pk in ids, theirs[resource].pk in ids) == (sees_mine, sees_theirs)
    for obj, sees in ((mine[resource], sees_mine), (theirs[resource], sees_theirs)):
        detail = client.get(reverse(f"api:{resource}-detail", args=[obj.pk]), **headers)
        assert detail.status_code == (200 if sees else 404)


@pytest.mark.parametrize("role", ROLES)
def test_units_are_reference_data_for_every_role(client, request, role, api_objects, district, commune):
    headers = bearer(request.getfixturevalue(role))
    codes = {row["code"] for row in client.get(reverse("api:unit-list") + "?page_size=500", **headers).json()["results"]}
    assert {"504", "516", "20333"} <= codes
    detail = client.get(reverse("api:unit-detail", args=["20333"]), **headers).json()
    assert detail["parent"] == "504" and detail["level"] == "commune"
    assert "id" not in detail


@pytest.mark.parametrize("path", ["api:activity-list", "api:unit-list", "api:figures", "api:schema"])
def test_anonymous_is_refused_with_401(client, path):
    response = client.get(reverse(path))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["api:activity-list", "api:unit-list", "api:figures"])
def test_account_without_a_role_reads_nothing(client, nobody, path):
    client.force_login(nobody)
    assert client.get(reverse(path)).status_code == 403


def test_session_reads_too_for_the_docs_page(client, coordinator, api_objects):
    client.force_login(coordinator)
    assert client.get(reverse("api:activity-list")).status_code == 200
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content and b"//cdn" not in docs.content and b"https://" not in docs.content


def test_docs_page_asks_to_log_in(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_activity_shows_money_results_status_confirmation_and_codes(client, coordinator, api_objects):
    mine, _ = api_objects
    activity = mine["activity"]
    row = client.get(reverse("api:activity-detail", args=[activity.pk]), **bearer(coordinator)).json()
    assert row["money"] == {"state": 10_000_000, "society": 5_000_000, "in_kind": 0, "total": 15_000_000}
    assert row["results"]["people_reached"] == 20 and row["results"]["ethnic_minority_people"] == 15
    assert row["status"] == "approved" and row["confirmation_status"] == "pending"
    assert row["commune"] == "20333" and row["category"] == activity.category.code
    assert row["partnership"] == activity.partnership_id and row["year"] == 2024
    assert "created_by" not in row and "confirmed_by" not in row


def test_filters_are_the_lists_filters_with_codes(client, coordinator, api_objects):
    mine, theirs = api_objects
    headers = bearer(coordinator)
    url = reverse("api:activity-list")
    by_district = client.get(url + "?district=504", **headers).json()["results"]
    assert [row["id"] for row in by_district] == [mine["activity"].pk]
    by_agency = client.get(url + f"?agency={theirs['agency'].pk}", **headers).json()["results"]
    assert [row["id"] for row in by_agency] == [theirs["activity"].pk]
    assert client.get(url + "?year=2023", **headers).json()["results"] == []
    bad = client.get(url + "?district=khong-co", **headers)
    assert bad.status_code == 400 and "district" in bad.json()


def test_officer_cannot_filter_by_another_agency(client, officer, api_objects):
    """As on the list page, the agency filter is not offered to an officer: naming another agency
    changes nothing, it never widens the scope."""
    mine, theirs = api_objects
    rows = client.get(reverse("api:activity-list") + f"?agency={theirs['agency'].pk}", **bearer(officer)).json()
    assert [row["id"] for row in rows["results"]] == [mine["activity"].pk]


def test_cursor_pagination(client, coordinator, partnership):
    from tests.factories import ActivityFactory

    made = [ActivityFactory(partnership=partnership).pk for _ in range(5)]
    headers = bearer(coordinator)
    page = client.get(reverse("api:activity-list") + "?page_size=2", **headers).json()
    seen = [row["id"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"], **headers).json()
        seen += [row["id"] for row in page["results"]]
    assert seen == sorted(made, reverse=True)
    assert client.get(reverse("api:activity-list") + "?cursor=bad", **headers).status_code == 404


@pytest.mark.parametrize("resource", ["activity", "model", "plan", "partnership", "agency", "unit"])
def test_queries_per_page_do_not_grow_with_rows(client, coordinator, partnership, commune, resource,
                                                 django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerships.models import AnnualPlan, PlanCategoryTarget
    from tests.factories import ActivityFactory, AgencyFactory, DevelopmentModelFactory, PartnershipFactory, category

    headers = bearer(coordinator)

    def add(n):
        for i in range(n):
            other = PartnershipFactory(agency=AgencyFactory(), unit=partnership.unit)
            ActivityFactory(partnership=other, commune=commune)
            DevelopmentModelFactory(partnership=other, commune=commune)
            plan = AnnualPlan.objects.create(partnership=other, year=2024)
            PlanCategoryTarget.objects.create(plan=plan, category=category(), activities_target=2)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"api:{resource}-list"), **headers).status_code == 200
        return len(queries)

    add(2)
    count()  # the token's first use records last_used_at: one write, not per page
    few = count()
    add(12)
    assert count() == few


@pytest.mark.django_db
def test_a_new_communes_partnership_names_its_former_district_not_the_city(client, coordinator):
    from tests.factories import AgencyFactory, PartnershipFactory
    from tests.reform import build_reform

    reform = build_reform()
    agency = AgencyFactory()
    new = PartnershipFactory(agency=agency, unit=reform.hung_son)
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    headers = bearer(coordinator)
    districts = {row["id"]: row["district"] for row in
                 client.get(reverse("api:partnership-list"), **headers).json()["results"]}
    assert districts[new.pk] == districts[old.pk] == reform.district.code  # "504", not the city's "48"
