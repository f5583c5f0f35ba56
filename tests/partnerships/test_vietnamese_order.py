"""Vietnamese alphabetical order on both databases (ICU "vi-x-icu" on PostgreSQL, the same-named
collation registered on SQLite), and the commune filter grouped by district and scoped."""

import re

import pytest
from django.urls import reverse

from common.text import vi_key, vi_order
from partnerships.models import AdministrativeUnit
from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory

NAMES = ["Huyện Tiên Phước", "Huyện Tây Giang", "Huyện Đông Giang", "Huyện Duy Xuyên", "Huyện Đại Lộc",
         "Huyện Núi Thành", "Huyện Nam Trà My"]
ORDER = ["Huyện Duy Xuyên", "Huyện Đại Lộc", "Huyện Đông Giang", "Huyện Nam Trà My", "Huyện Núi Thành",
         "Huyện Tây Giang", "Huyện Tiên Phước"]


def test_the_python_key_sorts_like_a_dictionary():
    assert sorted(NAMES, key=vi_key) == ORDER
    assert sorted(["Xã Ơn", "Xã O", "Xã Ô", "Xã Ba", "Xã Bà", "Xã Ân", "Xã Ă", "Xã A"], key=vi_key) == [
        "Xã A", "Xã Ă", "Xã Ân", "Xã Ba", "Xã Bà", "Xã O", "Xã Ô", "Xã Ơn"]


@pytest.mark.django_db
def test_the_database_sorts_like_a_dictionary():
    for index, name in enumerate(NAMES):
        DistrictFactory(name=name, code=f"9{index:02d}")
    names = list(AdministrativeUnit.objects.filter(code__startswith="9").order_by(vi_order("name"))
                 .values_list("name", flat=True))
    assert names == ORDER


@pytest.mark.django_db
def test_commune_filter_groups_by_district_and_shows_an_officer_only_their_communes(
        client, officer, coordinator, partnership, commune, other_partnership):
    elsewhere = CommuneFactory(name="Xã Trà Leng", parent=other_partnership.unit)
    second = CommuneFactory(name="Xã Bhalêê", parent=partnership.unit)
    for place, p in ((commune, partnership), (second, partnership), (elsewhere, other_partnership)):
        ActivityFactory(partnership=p, commune=place)
    client.force_login(coordinator)
    html = client.get(reverse("partnerships:activity_list")).content.decode()
    select = re.search(r'<select name="commune".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["Huyện Nam Trà My", "Huyện Tây Giang"]
    assert re.findall(r">([^<]+)</option>", groups[1][1]) == ["Xã A Xan", "Xã Bhalêê"]
    client.force_login(officer)
    select = re.search(r'<select name="commune".*?</select>',
                       client.get(reverse("partnerships:activity_list")).content.decode(), re.S).group(0)
    assert "Xã A Xan" in select and "Xã Trà Leng" not in select  # another agency's area
