"""One renderer of a figure's change (defect 7 of issue 9): the dashboard and the annual page write
a share's change the same way, in percentage points ("điểm %"), never as a relative "%"."""

import datetime

import pytest
from django.urls import reverse

from common.templatetags.ketnghia import figure_change
from partnerships.models import ActivityStatus
from reports.selectors import Figure
from tests.factories import ActivityFactory, category


def test_a_share_changes_in_percentage_points_a_count_in_per_cent():
    share = Figure(key="s", label="", value=0.55, previous=0.5, change=0.05, kind="share", link=None)
    count = Figure(key="c", label="", value=5, previous=4, change=0.25, kind="count", link=None)
    assert figure_change(share) == "+5,0 điểm %"
    assert figure_change(count) == "+25,0\u00a0%"
    assert figure_change(Figure(key="n", label="", value=1, previous=0, change=None, kind="count", link=None)) == ""


@pytest.mark.django_db
def test_the_dashboard_and_the_annual_page_say_a_share_change_alike(client, coordinator, partnership, commune):
    for year, substantive in ((2023, 5_000_000), (2024, 5_500_000)):
        for code, money in (("mo-hinh", substantive), ("tham-hoi", 10_000_000 - substantive)):
            ActivityFactory(partnership=partnership, commune=commune, category=category(code),
                            status=ActivityStatus.APPROVED, start_date=datetime.date(year, 4, 1),
                            budget_state=money, budget_society=0)
    client.force_login(coordinator)
    for url in (reverse("reports:dashboard"), reverse("reports:annual")):
        text = client.get(url, {"year": 2024}).content.decode()
        assert "+5,0 điểm %" in text, url
