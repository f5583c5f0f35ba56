"""The reform's data as read from vietnamadminunits' files (no database): the map covers every
Quảng Nam commune of the pinned three-level list, and the known hard cases come out right."""

import json
from collections import defaultdict

import pytest
import vietnam_provinces

from partnerships.io import admin_units_2025 as source


@pytest.fixture(scope="module")
def arrows():
    by_old = defaultdict(list)
    for a in source.successions():
        by_old[a.old_code].append(a)
    return by_old


def _old_communes(province_codes):
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        divisions = json.load(fh)
    return {
        f"{w['code']:05d}": w["name"]
        for p in divisions if p["code"] in province_codes for d in p["districts"] for w in d["wards"]
    }


def test_every_quang_nam_commune_has_exactly_one_main_successor_in_city_48(arrows):
    old = _old_communes({49})
    assert len(old) == 234
    new_48 = {u.code for u in source.new_units() if u.province_code == "48"}
    assert len(new_48) == 94
    for code in old:
        assert code in arrows, f"{code} {old[code]} has no successor"
        assert [a.is_main for a in arrows[code]].count(True) == 1
        assert {a.new_code for a in arrows[code]} <= new_48
    # No Quảng Nam commune is split; 78 new units receive them.
    assert all(len(arrows[c]) == 1 for c in old)
    assert len({arrows[c][0].new_code for c in old}) == 78


def test_only_20674_needs_a_decision_and_it_is_recorded(arrows):
    decided = [c for c in _old_communes({49}) if arrows[c][0].note]
    assert decided == ["20674"]
    assert arrows["20674"][0].new_code == "20669"


def test_reused_and_renamed_codes(arrows):
    assert [a.new_code for a in arrows["20443"]] == ["20443"]  # A Xan → the new 20443 (Hùng Sơn)
    assert {u.code: u.name for u in source.new_units()}["20443"] == "Xã Hùng Sơn"
    assert [a.new_code for a in arrows["20935"]] == ["20938"]  # old Trà Leng → new Trà Leng 20938


def test_split_commune_has_a_main_successor(arrows):
    parts = {a.new_code: a.is_main for a in arrows["20296"]}  # Hòa Liên, old Đà Nẵng
    assert parts == {"20197": True, "20194": False}


def test_island_district_and_provinces():
    assert source.province_successors()["49"] == "48"
    assert source.province_successors()["48"] == "48"
    assert len(source.new_provinces()) == 34
    island = [a for a in source.successions() if a.old_code == "498"]
    assert [(a.old_level, a.new_code) for a in island] == [("district", "20333")]
