"""load_admin_units across the 2025 reform: old units end on 30/06/2025, the new city 48 starts on
01/07/2025, and the successor map joins them; idempotent, flags proposed, nothing dropped."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from partnerships import geography
from partnerships.io import admin_units_2025 as source
from partnerships.models import AdministrativeUnit, UnitSuccession

Level = AdministrativeUnit.Level
END = datetime.date(2025, 6, 30)
START = datetime.date(2025, 7, 1)


def run(*args) -> str:
    out = StringIO()
    call_command("load_admin_units", *args, stdout=out)
    return out.getvalue()


def old(code):
    return AdministrativeUnit.objects.get(code=code, valid_from__isnull=True)


def new(code):
    return AdministrativeUnit.objects.get(code=code, valid_from=START)


def successors(code):
    return {
        s.successor.code: s.is_main
        for s in UnitSuccession.objects.filter(predecessor=old(code)).select_related("successor")
    }


@pytest.fixture
def loaded(db):
    return run("--province", "49")


def test_province_49_loads_old_units_the_new_city_and_the_map(loaded):
    qn = old("49")
    assert qn.valid_to == END
    old_communes = AdministrativeUnit.objects.filter(parent__parent=qn)
    assert old_communes.count() == 234
    assert set(old_communes.values_list("valid_to", flat=True)) == {END}
    city = new("48")
    assert (city.name, city.valid_from, city.valid_to, city.parent) == ("Thành phố Đà Nẵng", START, None, None)
    assert old("48").valid_to == END  # the old Đà Nẵng, merged into the same city
    communes = AdministrativeUnit.objects.filter(parent=city)
    assert communes.count() == 94
    assert set(communes.values_list("level", flat=True)) == {Level.COMMUNE}
    assert set(communes.values_list("valid_from", flat=True)) == {START}
    assert successors("49") == {"48": True}
    assert "20674" in loaded and "20669" in loaded  # the decision is printed


def test_every_quang_nam_commune_has_one_main_successor_in_the_city(loaded):
    city = new("48")
    for unit in AdministrativeUnit.objects.filter(parent__parent=old("49")):
        arrows = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor"))
        assert [a.is_main for a in arrows].count(True) == 1, unit.code
        assert all(a.successor.parent_id == city.pk for a in arrows)
        assert all(a.effective_on == START for a in arrows)


def test_reused_code_names_two_units_told_apart_by_validity(loaded):
    assert old("20443").name == "Xã A Xan"
    assert new("20443").name == "Xã Hùng Sơn"
    assert successors("20443") == {"20443": True}
    assert successors("20935") == {"20938": True}
    assert new("20938").name == "Xã Trà Leng"


def test_split_commune_keeps_both_parts_and_names_the_main_one(loaded):
    assert successors("20296") == {"20197": True, "20194": False}


def test_old_district_goes_to_the_new_communes_of_its_communes(loaded):
    tay_giang = old("504")
    expected = set(
        UnitSuccession.objects.filter(predecessor__parent=tay_giang).values_list("successor__code", flat=True)
    )
    assert 3 <= len(expected) <= 6
    assert set(successors("504")) == expected
    assert successors("498") == {"20333": True}  # Hoàng Sa: an island district without communes


def test_second_run_changes_nothing(loaded):
    before = (
        list(AdministrativeUnit.objects.order_by("pk").values_list()),
        list(UnitSuccession.objects.order_by("pk").values_list()),
    )
    output = run("--province", "49")
    after = (
        list(AdministrativeUnit.objects.order_by("pk").values_list()),
        list(UnitSuccession.objects.order_by("pk").values_list()),
    )
    assert before == after
    assert "tạo mới 0, cập nhật 0" in output


def test_new_units_flags_are_proposed_from_predecessors_and_then_kept(loaded):
    # 20443 Hùng Sơn took Tây Giang's communes: mountainous, border.
    hung_son = new("20443")
    assert hung_son.is_mountainous and hung_son.is_border
    # Units fed only by the old Đà Nẵng's (unflagged) wards carry no flag.
    da_nang_only = AdministrativeUnit.objects.filter(
        predecessor_links__predecessor__parent__parent=old("48")
    ).exclude(predecessor_links__predecessor__parent__parent=old("49")).distinct()
    assert da_nang_only.count() == 15
    assert not any(geography.is_target_area(u) for u in da_nang_only)
    hung_son.is_border = False
    hung_son.save()
    run("--province", "49")
    assert not new("20443").is_border
    assert new("20443").history.count() >= 1  # the edit is audited


def test_an_unmapped_commune_is_reported_not_dropped(db, monkeypatch):
    monkeypatch.setattr(source, "EXPLICIT_SUCCESSORS", {})
    source.successions.cache_clear()
    try:
        output = run("--province", "49")
    finally:
        source.successions.cache_clear()
    assert "20674" in output and "Xã Quế Phước" in output
    assert old("20674").valid_to == END
    assert not UnitSuccession.objects.filter(predecessor=old("20674")).exists()


def test_one_unit_per_code_and_start_date(db):
    AdministrativeUnit.objects.create(code="49", name="Tỉnh Quảng Nam", level=Level.PROVINCE, valid_to=END)
    AdministrativeUnit.objects.create(code="49", name="Tỉnh mới", level=Level.PROVINCE, valid_from=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(code="49", name="Trùng", level=Level.PROVINCE)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(code="49", name="Trùng", level=Level.PROVINCE, valid_from=START)
