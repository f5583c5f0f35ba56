"""Filter drop-downs (districts, communes, agencies) list only what the user may see (issue 11):
an officer or a focal point is offered the places and agencies of their own partnerships, the
province-wide roles everything; a foreign id typed into the URL is a form error, not a 500."""

import re

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, CommuneFactory

pytestmark = pytest.mark.django_db

PAGES = [("partnerships:activity_list", "id_district"), ("partnerships:partnership_list", "id_district"),
         ("partnerships:model_list", "id_district"), ("reports:dashboard", "id_district")]


def options(html: str, select_id: str) -> set[str]:
    match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no {select_id}"
    return {label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", match.group(1)) if label.strip()}


@pytest.fixture
def places(partnership, other_partnership, commune):
    other_commune = CommuneFactory(name="Xã Trà Mai", code="20777", parent=other_partnership.unit)
    ActivityFactory(partnership=partnership, commune=commune)
    ActivityFactory(partnership=other_partnership, commune=other_commune)
    return partnership, other_partnership


@pytest.mark.parametrize("page,select_id", PAGES)
def test_an_officer_is_offered_only_the_districts_of_their_partnerships(client, officer, places, page, select_id):
    client.force_login(officer)
    listed = options(client.get(reverse(page)).content.decode(), select_id)
    assert "Huyện Tây Giang" in listed and "Huyện Nam Trà My" not in listed


@pytest.mark.parametrize("page,select_id", PAGES)
def test_the_coordinator_is_offered_every_district(client, coordinator, places, page, select_id):
    client.force_login(coordinator)
    listed = options(client.get(reverse(page)).content.decode(), select_id)
    assert {"Huyện Tây Giang", "Huyện Nam Trà My"} <= listed


def test_a_focal_point_is_offered_their_own_district_and_communes(client, focal_point, places):
    client.force_login(focal_point)
    html = client.get(reverse("partnerships:activity_list")).content.decode()
    assert {label for label in options(html, "id_district") if not label.startswith("Tất cả")} == {"Huyện Tây Giang"}
    communes = options(html, "id_commune")
    assert "Xã A Xan" in communes and "Xã Trà Mai" not in communes


def test_an_officer_is_offered_only_their_own_agencies_on_the_partnership_list(client, officer, places):
    client.force_login(officer)
    agencies = options(client.get(reverse("partnerships:partnership_list")).content.decode(), "id_agency")
    assert "Sở Nông nghiệp và Phát triển nông thôn" in agencies and "Công ty Điện lực Quảng Nam" not in agencies


def test_a_foreign_district_in_the_url_is_refused_in_words(client, officer, places):
    client.force_login(officer)
    foreign = places[1].unit
    response = client.get(reverse("partnerships:activity_list"), {"district": foreign.pk})
    assert response.status_code in (200, 400)
    dashboard = client.get(reverse("reports:dashboard"), {"district": foreign.code})
    assert dashboard.status_code in (200, 400) and "Huyện Nam Trà My" not in options(dashboard.content.decode(),
                                                                                        "id_district")
