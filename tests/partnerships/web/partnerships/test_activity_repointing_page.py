"""The coordinator's page of activities recorded at an abolished unit: linked from the re-pointing
page, a bulk move, a pick where a commune was split, refusals in words."""

import datetime

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import UnitSuccession
from tests.factories import ActivityFactory, AgencyFactory, PartnershipFactory
from tests.reform import REFORM_DAY

pytestmark = pytest.mark.django_db
URL = reverse("partnerships:activity_repointing")
AUGUST = datetime.date(2025, 8, 12)


def test_officers_and_leaders_may_not_open_it(client, officer, leader, reform):
    for user in (officer, leader):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"activity": ["1"]}).status_code == 403


def test_the_re_pointing_page_links_to_it_when_there_are_some(client, coordinator, reform):
    client.force_login(coordinator)
    assert URL not in client.get(reverse("partnerships:partnership_repointing")).content.decode()
    ActivityFactory(partnership=PartnershipFactory(unit=reform.a_xan), commune=reform.a_xan, start_date=AUGUST)
    html = client.get(reverse("partnerships:partnership_repointing")).content.decode()
    assert URL in html and "1 hoạt động được ghi sau ngày đơn vị của nó hết hiệu lực." in html


def test_the_coordinator_moves_them_at_once_picking_the_split_one(
    client, coordinator, reform, django_assert_max_num_queries
):
    UnitSuccession.objects.create(predecessor=reform.ga_ri, successor=reform.hung_son, effective_on=REFORM_DAY, is_main=False)
    olds = [PartnershipFactory(agency=AgencyFactory(), unit=reform.district) for _ in range(3)]
    olds.append(PartnershipFactory(agency=AgencyFactory(), unit=reform.a_xan))
    services.partnerships_repoint(actor=coordinator, partnerships=olds)
    plain = [ActivityFactory(partnership=olds[3], commune=reform.a_xan, start_date=AUGUST + datetime.timedelta(days=n))
             for n in range(8)]
    split = ActivityFactory(partnership=olds[0], commune=reform.ga_ri, start_date=AUGUST)
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):  # not one query per activity
        page = client.get(URL)
    html = page.content.decode()
    assert len(page.context["proposals"]) == 9
    assert f'name="commune-{split.pk}"' in html and "— chọn xã mới —" in html
    assert f'value="{plain[0].pk}" id="move-{plain[0].pk}" checked' in html
    assert f'value="{split.pk}" id="move-{split.pk}">' in html  # not ticked until a commune is picked

    chosen = {"activity": [str(a.pk) for a in plain] + [str(split.pk)]}
    response = client.post(URL, chosen, follow=True)
    assert "chọn xã mới trong các đơn vị: Xã Tây Giang, Xã Hùng Sơn." in response.content.decode()
    response = client.post(URL, {**chosen, f"commune-{split.pk}": str(reform.hung_son.pk)}, follow=True)
    assert "Đã chuyển 9 hoạt động sang đơn vị mới." in response.content.decode()
    split.refresh_from_db()
    assert split.commune == reform.hung_son and split.partnership.agency == olds[0].agency
    assert "Không có hoạt động nào ghi ở đơn vị đã hết hiệu lực." in client.get(URL).content.decode()


def test_one_not_yet_re_pointed_is_shown_greyed_and_a_stale_choice_is_a_message(client, coordinator, reform):
    waiting = ActivityFactory(partnership=PartnershipFactory(unit=reform.a_xan), commune=reform.a_xan, start_date=AUGUST)
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert f'id="move-{waiting.pk}" disabled' in html and "chưa có quan hệ kết nghĩa với Xã Hùng Sơn" in html
    assert "Chưa chọn hoạt động nào để chuyển." in client.post(URL, {}, follow=True).content.decode()
    response = client.post(URL, {"activity": ["999999", "abc"]}, follow=True)
    assert response.status_code == 200 and "tải lại trang" in response.content.decode()
