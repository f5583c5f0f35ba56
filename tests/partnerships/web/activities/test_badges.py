"""The status and confirmation badges (partnerships/templatetags/badges.py): each state its own
colour and words, on the list's rows and on the activity page."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.models import ActivityStatus, ConfirmationStatus
from tests.factories import ActivityFactory


def _badges(html: str) -> list[str]:
    return re.findall(r'<span class="badge ([^"]+)">(?:<i class="bi ([^"]+)"[^>]*></i> )?([^<]+)</span>', html)


@pytest.mark.parametrize(("status", "css"), [
    (ActivityStatus.DRAFT, "text-bg-secondary"), (ActivityStatus.SUBMITTED, "text-bg-warning"),
    (ActivityStatus.RETURNED, "text-bg-danger"), (ActivityStatus.APPROVED, "text-bg-success"),
    ("unknown", "text-bg-light"),
])
def test_status_badge_colours_each_state(status, css):
    html = Template("{% load badges %}{% status_badge status label %}").render(
        Context({"status": status, "label": "Chờ <duyệt>"}))
    assert html == f'<span class="badge {css}">Chờ &lt;duyệt&gt;</span>'  # the label escaped


@pytest.mark.parametrize(("status", "css", "icon"), [
    (ConfirmationStatus.CONFIRMED, "text-bg-success", "bi-check2-circle"),
    (ConfirmationStatus.DISPUTED, "text-bg-danger", "bi-exclamation-triangle"),
    (ConfirmationStatus.PENDING, "text-bg-light border", ""),
])
def test_confirmation_badge_colours_and_marks_each_state(status, css, icon):
    html = Template("{% load badges %}{% confirmation_badge status label %}").render(
        Context({"status": status, "label": status.label}))
    assert _badges(html) == [(css, icon, status.label)]


def test_list_and_page_show_the_activitys_badges(client, officer, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune, title="Tập huấn trồng quế")
    services.activity_submit(actor=officer, activity=activity)
    client.force_login(officer)
    expected = [("text-bg-warning", "", "Chờ duyệt"), ("text-bg-light border", "", "Chưa xác nhận")]
    listed = client.get(reverse("partnerships:activity_list")).content.decode()
    row = re.search(r"<tr>.*?Tập huấn trồng quế.*?</tr>", listed, re.S).group(0)
    assert _badges(row) == expected
    page = client.get(reverse("partnerships:activity_detail", args=[activity.pk])).content.decode()
    assert _badges(page)[:2] == expected


def test_a_confirmation_whose_confirmer_is_gone_names_nobody(client, officer, partnership, commune):
    """The focal point's account may be deleted (confirmed_by is set to NULL): the page says "–",
    never Python's "None"."""
    activity = ActivityFactory(partnership=partnership, commune=commune, confirmation_status=ConfirmationStatus.CONFIRMED,
                               confirmed_at=timezone.now(), confirmed_by=None)
    client.force_login(officer)
    page = client.get(reverse("partnerships:activity_detail", args=[activity.pk])).content.decode()
    panel = page.split('id="confirmation"')[1].split("</section>")[0]
    assert "None" not in panel
    assert re.search(r'<div class="small text-muted mt-1">– · \d\d/\d\d/\d{4} \d\d:\d\d</div>', panel)
