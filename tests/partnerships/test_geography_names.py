"""How a unit is named and looked for across 1 July 2025: one function for pages, forms, imports and
documents. A commune formed after the districts were abolished sits under the city, but leaders and
officers look for it under the old district it was formed from ("khu vực huyện … cũ")."""

import datetime

import pytest
from django.utils import translation

from partnerships import geography
from partnerships.models import AdministrativeUnit, UnitSuccession
from tests.reform import LAST_OLD_DAY, REFORM_DAY, build_reform

pytestmark = pytest.mark.django_db
Level = AdministrativeUnit.Level


@pytest.fixture
def world(db):
    """tests/reform.py, plus old Huyện Đông Giang (Xã Ba → Xã Đông Giang), old Thị xã Điện Bàn
    (Phường Vĩnh Điện → Phường Điện Bàn) and Đặc khu Hoàng Sa, a unit of the city formed from no
    Quảng Nam commune."""
    w = build_reform()
    w.dong_giang = AdministrativeUnit.objects.create(
        code="503", name="Huyện Đông Giang", level=Level.DISTRICT, parent=w.old_province, valid_to=LAST_OLD_DAY)
    w.ba = AdministrativeUnit.objects.create(
        code="20413", name="Xã Ba", level=Level.COMMUNE, parent=w.dong_giang, valid_to=LAST_OLD_DAY)
    w.new_dong_giang = AdministrativeUnit.objects.create(
        code="20410", name="Xã Đông Giang", level=Level.COMMUNE, parent=w.city, valid_from=REFORM_DAY)
    w.hoang_sa = AdministrativeUnit.objects.create(
        code="20333", name="Đặc khu Hoàng Sa", level=Level.COMMUNE, parent=w.city, valid_from=REFORM_DAY)
    UnitSuccession.objects.create(predecessor=w.ba, successor=w.new_dong_giang, effective_on=REFORM_DAY)
    dien_ban = AdministrativeUnit.objects.create(
        code="508", name="Thị xã Điện Bàn", level=Level.DISTRICT, parent=w.old_province, valid_to=LAST_OLD_DAY)
    vinh_dien = AdministrativeUnit.objects.create(
        code="20570", name="Phường Vĩnh Điện", level=Level.COMMUNE, parent=dien_ban, valid_to=LAST_OLD_DAY)
    new_dien_ban = AdministrativeUnit.objects.create(
        code="20575", name="Phường Điện Bàn", level=Level.COMMUNE, parent=w.city, valid_from=REFORM_DAY)
    UnitSuccession.objects.create(predecessor=vinh_dien, successor=new_dien_ban, effective_on=REFORM_DAY)
    geography.link_units_forward()
    return w


def named(*units, **kwargs):
    """The units as a page reads them (joined as `with_parents`), named."""
    loaded = geography.with_parents(AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units])).in_bulk()
    return [geography.name_with_district(loaded[u.pk], **kwargs) for u in units]


def test_a_new_commune_is_named_with_its_former_districts_area_never_the_city(world):
    w = world
    assert named(w.a_xan, w.hung_son, w.hoang_sa, w.district) == [
        "Xã A Xan – Huyện Tây Giang", "Xã Hùng Sơn – khu vực huyện Tây Giang cũ", "Đặc khu Hoàng Sa", "Huyện Tây Giang"]
    assert named(w.hung_son, brackets=True) == ["Xã Hùng Sơn (khu vực huyện Tây Giang cũ)"]
    # a report of a period after the reform names an old commune's district as its area too
    assert named(w.a_xan, on=datetime.date(2025, 12, 31)) == ["Xã A Xan – khu vực huyện Tây Giang cũ"]
    assert named(w.a_xan, on=datetime.date(2024, 12, 31)) == ["Xã A Xan – Huyện Tây Giang"]
    with translation.override("en"):
        assert named(w.hung_son) == ["Xã Hùng Sơn – area of the former Huyện Tây Giang"]
        w.hung_son.refresh_from_db()  # its former district was set by link_units_forward
        assert geography.district_area_name(w.hung_son) == "Area of the former Huyện Tây Giang"


def test_naming_what_with_parents_loaded_reads_no_row(world, django_assert_num_queries):
    w = world
    with django_assert_num_queries(1):
        units = list(geography.with_parents(AdministrativeUnit.objects.filter(level=Level.COMMUNE)))
        names = [geography.name_with_district(u) for u in units]
    assert "Xã Đông Giang – khu vực huyện Đông Giang cũ" in names
    # units read without the joins get them in one query per join, none when already loaded
    bare = list(AdministrativeUnit.objects.filter(pk__in=[w.hung_son.pk, w.a_xan.pk]))
    with django_assert_num_queries(2):
        geography.with_parents([*bare, None])
    with django_assert_num_queries(0):
        geography.with_parents(units)
        assert {geography.name_with_district(u) for u in bare} == {
            "Xã Hùng Sơn – khu vực huyện Tây Giang cũ", "Xã A Xan – Huyện Tây Giang"}


def test_pickers_group_new_communes_under_their_former_district_not_the_city(world, django_assert_num_queries):
    w = world
    with django_assert_num_queries(1):  # the communes read only what naming needs (GROUPING_FIELDS), once
        groups = geography.communes_by_district(geography.communes())
        named = {geography.name_with_district(c) for _heading, members in groups for c in members}
    assert "Xã Hùng Sơn – khu vực huyện Tây Giang cũ" in named and "Xã A Xan – Huyện Tây Giang" in named
    assert [(heading, [c.name for c in members]) for heading, members in groups] == [
        ("Huyện Đông Giang", ["Xã Ba"]),
        ("Khu vực huyện Đông Giang cũ", ["Xã Đông Giang"]),
        ("Huyện Tây Giang", ["Xã A Xan", "Xã Ch'ơm", "Xã Ga Ri"]),
        ("Khu vực huyện Tây Giang cũ", ["Xã Hùng Sơn", "Xã Tây Giang"]),
        ("Thị xã Điện Bàn", ["Phường Vĩnh Điện"]),
        ("Khu vực thị xã Điện Bàn cũ", ["Phường Điện Bàn"]),
        ("Thành phố Đà Nẵng", ["Đặc khu Hoàng Sa"]),  # formed from no district: under the city, last
    ]
    # a list in district order: each district, its communes, then the new communes of its area
    ordered = geography.in_district_order(geography.districts() | geography.communes())
    assert [u.name for u in ordered] == [
        "Huyện Đông Giang", "Xã Ba", "Xã Đông Giang",
        "Huyện Tây Giang", "Xã A Xan", "Xã Ch'ơm", "Xã Ga Ri", "Xã Hùng Sơn", "Xã Tây Giang",
        "Thị xã Điện Bàn", "Phường Vĩnh Điện", "Phường Điện Bàn",
        "Đặc khu Hoàng Sa",
    ]
