"""Screens that irritated officers: the annual page's district list, the coordinator's comment on a
returned activity's edit form, the coordinator's queue with its total and "see all", count cards
that look like links, and a language switch that works without JavaScript."""

import re

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import ActivityStatus
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_annual_page_lists_every_district(client, coordinator, district, other_partnership):
    client.force_login(coordinator)
    html = client.get(reverse("reports:annual"), {"year": 2024, "district": "504"}).content.decode()
    select = re.search(r'<select name="district".*?</select>', html, re.S).group(0)
    assert '<option value="">Toàn tỉnh</option>' in select
    assert '<option value="504" selected>Huyện Tây Giang</option>' in select
    assert '<option value="516">Huyện Nam Trà My</option>' in select


def test_returned_activity_edit_form_shows_the_reviewers_comment(client, officer, coordinator, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.SUBMITTED)
    services.activity_return(actor=coordinator, activity=activity, comment="Bổ sung danh sách hộ nhận giống")
    client.force_login(officer)
    html = client.get(reverse("partnerships:activity_update", args=[activity.pk])).content.decode()
    assert 'id="return-comment"' in html and "Bổ sung danh sách hộ nhận giống" in html
    draft = ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.DRAFT)
    assert 'id="return-comment"' not in client.get(reverse("partnerships:activity_update", args=[draft.pk])).content.decode()


def test_coordinator_queue_shows_its_total_and_a_way_to_all(client, coordinator, partnership, commune):
    for _ in range(12):
        ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.SUBMITTED)
    client.force_login(coordinator)
    html = client.get(reverse("portal:home")).content.decode()
    assert re.search(r'id="home-to-review-total">12<', html)
    assert "10 hoạt động cũ nhất trong tổng số 12." in html
    assert re.search(r'href="/hoat-dong/\?status=submitted" id="home-to-review-all">Xem tất cả 12', html)
    # The count cards open the lists of what they count and look like links.
    assert html.count('class="card card-body py-2 text-decoration-none h-100 count-card"') == 6
    assert 'count-value">12</div>' in html


def test_language_switch_reads_english_and_needs_no_script(client, officer):
    client.force_login(officer)
    html = client.get(reverse("portal:home")).content.decode()
    button = re.search(r'<button type="submit" name="language" value="en"[^>]*>([^<]*)</button>', html)
    assert button and button.group(1) == "English"
    assert "onchange" not in html and "Tiếng Anh" not in html
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})  # a plain form post
    assert response.status_code == 302
    html = client.get(reverse("portal:home")).content.decode()
    assert re.search(r"<button type=\"submit\" name=\"language\" value=\"vi\"[^>]*>Tiếng Việt</button>", html), html[html.find("language-"):][:300]


def test_activity_list_shows_the_totals_of_what_it_lists(client, coordinator, partnership, commune,
                                                         django_assert_max_num_queries):
    for state, society in ((1_000_000, 250_000), (2_000_000, 0)):
        ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.APPROVED,
                        budget_state=state, budget_society=society, budget_in_kind=0)
    ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.DRAFT, budget_state=9_000_000)
    client.force_login(coordinator)
    html = client.get(reverse("partnerships:activity_list"), {"status": "approved"}).content.decode()
    totals = re.search(r'<p class="small mb-2" id="list-totals">(.*?)</p>', html, re.S).group(1)
    assert "2 hoạt động, kinh phí 3.250.000\u00a0₫" in totals
    assert "ngân sách nhà nước 3.000.000\u00a0₫; xã hội hóa 250.000\u00a0₫; hiện vật quy đổi 0\u00a0₫" in totals
