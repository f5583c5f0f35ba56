"""/api/v1/figures/: the dashboard's figures, from the same selectors, with the same filters."""

import pytest
from django.urls import reverse

from reports import selectors
from reports.selectors import ReportFilter

from .conftest import ROLES, bearer


@pytest.mark.parametrize("role", ROLES)
def test_figures_equal_the_dashboards_in_each_scope(client, request, role, api_objects):
    user = request.getfixturevalue(role)
    data = client.get(reverse("api:figures") + "?year=2024", **bearer(user)).json()
    f = ReportFilter.for_year(2024)
    expected = {figure.key: figure.value for figure in selectors.key_figures_with_change(f, user)}
    assert {row["key"]: row["value"] for row in data["key_figures"]} == expected
    assert [row["money_total"] for row in data["by_district"]] == [
        row["money_total"] for row in selectors.by_district(f, user)]
    assert [row["year"] for row in data["by_year"]] == [2024]
    activities = {"officer": 1, "other_officer": 1, "focal_point": 1}.get(role, 2)
    assert expected["activities"] == activities


def test_figures_take_the_dashboards_filters(client, coordinator, api_objects):
    headers = bearer(coordinator)
    data = client.get(reverse("api:figures") + "?year_from=2023&year_to=2024&district=504", **headers).json()
    assert data["period"]["year_from"] == 2023 and data["period"]["district"] == "504"
    assert {row["code"] for row in data["by_district"]} == {"504"}
    assert [row["year"] for row in data["by_year"]] == [2023, 2024]


@pytest.mark.parametrize("query", ["year=abc", "year_from=2025&year_to=2020", "district=000", "year=1900",
                                   "year_from=2000&year_to=2099"])
def test_bad_filters_are_a_400_with_the_dashboards_message(client, coordinator, query):
    response = client.get(reverse("api:figures") + "?" + query, **bearer(coordinator))
    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_officer_asking_for_another_agency_gets_404(client, officer, api_objects):
    """The drill-down pages' check: a page about an agency the user has nothing to do with is
    out of scope; so is its figures query."""
    _, theirs = api_objects
    headers = bearer(officer)
    assert client.get(reverse("api:figures") + f"?agency={theirs['agency'].pk}", **headers).status_code == 404
    assert client.get(reverse("api:figures") + f"?agency={officer.agency_id}", **headers).status_code == 200


def test_figures_say_what_they_are_compared_with_as_the_dashboard_does(client, coordinator, api_objects):
    import datetime

    from django.utils import timezone

    headers = bearer(coordinator)

    def figures(query):
        return client.get(reverse("api:figures") + query, **headers).json()

    first = figures("?year=2021")  # the programme's first year: nothing before it to compare with
    assert first["compared"] is None
    assert all(not row["compared"] and row["previous"] is None and row["change"] is None for row in first["key_figures"])
    assert figures("?year_from=2021&year_to=2024")["compared"] is None

    data = figures("?year=2024")
    assert data["compared"] == {"year_from": 2023, "year_to": 2023, "until": None}
    assert data["period"]["until"] is None
    expected = {f.key: (f.previous, f.compared) for f in selectors.key_figures_with_change(ReportFilter.for_year(2024))}
    assert {row["key"]: (row["previous"], row["compared"]) for row in data["key_figures"]} == expected
    assert all(compared for _, compared in expected.values())

    today = timezone.localdate()  # a running year: to today, against the same months of the year before
    running = figures(f"?year={today.year}")
    assert running["period"]["until"] == today.isoformat()
    assert running["compared"]["year_from"] == today.year - 1
    assert datetime.date.fromisoformat(running["compared"]["until"]).month == today.month
