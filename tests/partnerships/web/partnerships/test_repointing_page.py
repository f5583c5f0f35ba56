"""The coordinator's re-pointing page: the province's proposals, a bulk confirm, refusals in words."""

import re

import pytest
from django.urls import reverse

from partnerships.models import Partnership, PartnershipStatus
from tests.factories import AgencyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
URL = reverse("partnerships:partnership_repointing")


def test_officers_and_leaders_may_not_open_it(client, officer, leader, reform):
    for user in (officer, leader):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"partnership": ["1"]}).status_code == 403


def test_the_coordinator_sees_every_proposal_and_confirms_them_at_once(
    client, coordinator, reform, django_assert_max_num_queries
):
    olds = [PartnershipFactory(agency=AgencyFactory(), unit=unit) for unit in (reform.a_xan, reform.chom, reform.ga_ri)]
    olds += [PartnershipFactory(agency=AgencyFactory(), unit=reform.a_xan) for _ in range(6)]
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):  # not one query per proposal
        page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xã Hùng Sơn" in html and "Xã Tây Giang" in html and len(page.context["proposals"]) == 9
    response = client.post(URL, {"partnership": [str(p.pk) for p in olds]}, follow=True)
    assert "Đã chuyển 9 quan hệ kết nghĩa sang 9 quan hệ kết nghĩa với đơn vị mới." in response.content.decode()
    assert not Partnership.objects.filter(pk__in=[p.pk for p in olds], status=PartnershipStatus.ACTIVE).exists()
    assert "Không có quan hệ kết nghĩa nào cần chuyển" in client.get(URL).content.decode()


def test_nothing_chosen_or_a_stale_choice_is_a_message_not_an_error(client, coordinator, reform):
    old = PartnershipFactory(agency=AgencyFactory(), unit=reform.a_xan)
    client.force_login(coordinator)
    response = client.post(URL, {}, follow=True)
    assert "Chưa chọn quan hệ kết nghĩa nào để chuyển." in response.content.decode()
    response = client.post(URL, {"partnership": [str(old.pk), "999999", "abc"]}, follow=True)
    assert response.status_code == 200 and "tải lại trang" in response.content.decode()
    old.refresh_from_db()
    assert old.status == PartnershipStatus.ACTIVE


def test_a_large_primary_key_is_written_without_a_thousands_separator(client, coordinator, reform):
    """The portal groups numbers with dots (1.250.000 ₫): a key of 12345 must not become "12.345"
    in the checkbox, or the browser posts a value the page cannot read back."""
    old = PartnershipFactory(pk=12345, agency=AgencyFactory(), unit=reform.a_xan)
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert 'value="12345" id="repoint-12345"' in html and "12.345" not in html
    posted = re.findall(r'name="partnership" value="([^"]+)"', html)
    client.post(URL, {"partnership": posted})
    old.refresh_from_db()
    assert old.status != PartnershipStatus.ACTIVE
