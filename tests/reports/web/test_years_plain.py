"""Years are years: with thousands separators on (money reads 1.250.000 ₫), an integer year
rendered without care comes out as "2.025" in headings, options and form values. Walk every
page that shows a year, in both languages, and look for one."""

import re

import pytest
from django.urls import reverse

from tests.factories import DevelopmentModelFactory

LOCALISED_YEAR = re.compile(r'(?:value="|[Nn]ăm |[Yy]ear |>\s*)2\.0\d\d(?![\d.])')


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_prints_a_year_with_a_thousands_separator(client, coordinator, report_world, language):
    w = report_world
    model = DevelopmentModelFactory(partnership=w.p1, commune=w.a1.commune)
    partnership = w.p1
    urls = [
        reverse("portal:home"),
        reverse("partnerships:activity_list"),
        reverse("partnerships:activity_list") + "?year=2024",
        reverse("partnerships:activity_detail", args=[w.a1.pk]),
        reverse("partnerships:activity_update", args=[w.a1.pk]),
        reverse("partnerships:partnership_list"),
        reverse("partnerships:partnership_detail", args=[partnership.pk]),
        reverse("partnerships:plan_list"),
        reverse("partnerships:plan_list") + "?year=2024",
        reverse("partnerships:plan_results", args=[partnership.pk, 2024]),
        reverse("partnerships:plan_edit", args=[partnership.pk, 2024]),
        reverse("partnerships:model_list"),
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + "?year_from=2023&year_to=2024",
        reverse("reports:district_detail", args=["504"]),
        reverse("reports:agency_detail", args=[partnership.agency_id]),
        reverse("reports:annual"),
        reverse("reports:annual") + "?year=2024",
        reverse("reports:annual_evaluation"),
    ]
    urls.append(reverse("partnerships:model_detail", args=[model.pk]))
    client.force_login(coordinator)
    client.cookies["django_language"] = language
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        html = response.content.decode()
        found = LOCALISED_YEAR.search(html)
        assert not found, f"{url}: …{html[max(found.start() - 80, 0):found.end() + 20]}…"
