"""Lookups by date: a reused code names a different unit on each side of 1 July 2025."""

import datetime

import pytest

from partnerships import geography
from tests.reform import build_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(db):
    return build_reform()


def test_a_reused_code_is_resolved_by_the_date_it_is_about(reform):
    assert geography.unit_by_code("20443", on=datetime.date(2024, 5, 1)) == reform.a_xan
    assert geography.unit_by_code("20443", on=datetime.date(2025, 6, 30)) == reform.a_xan
    assert geography.unit_by_code("20443", on=datetime.date(2025, 7, 1)) == reform.hung_son
    assert geography.unit_by_code("20443", on=datetime.date(2026, 3, 1)) == reform.hung_son
    # a retired code names nothing after the reform, a new code nothing before it
    assert geography.unit_by_code("20446", on=datetime.date(2026, 3, 1)) is None
    assert geography.unit_by_code("20450", on=datetime.date(2024, 3, 1)) is None
    assert geography.units_by_code(["20443", "20446", "20450"], on=datetime.date(2026, 1, 2)) == {
        "20443": reform.hung_son, "20450": reform.tay_giang}
    # province 48 is the new city after the reform
    assert geography.unit_by_code("48", on=datetime.date(2026, 1, 1)) == reform.city


def test_successors_follow_the_map(reform):
    assert geography.successor_of(reform.chom) == reform.hung_son
    assert geography.successor_of(reform.hung_son) is None  # still valid
    assert geography.successors_of(reform.district) == [reform.hung_son, reform.tay_giang]
    assert geography.successor_of(reform.district) is None  # a district has no main successor
    assert geography.as_of(reform.a_xan) == reform.hung_son
    assert geography.as_of(reform.a_xan, on=datetime.date(2024, 1, 1)) == reform.a_xan


def test_communes_valid_on_a_date(reform):
    assert set(geography.communes(on=datetime.date(2026, 1, 1))) == {reform.hung_son, reform.tay_giang}
    assert set(geography.communes(on=datetime.date(2025, 1, 1))) == {reform.a_xan, reform.chom, reform.ga_ri}
    assert not geography.districts(on=datetime.date(2026, 1, 1)).exists()


def test_the_refusal_names_the_successor(reform):
    assert geography.validity_error(reform.a_xan, on=datetime.date(2025, 6, 30)) is None
    assert geography.validity_error(reform.a_xan, on=datetime.date(2026, 2, 1)) == (
        "Xã A Xan đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025; chọn Xã Hùng Sơn.")
    before = geography.validity_error(reform.hung_son, on=datetime.date(2025, 1, 1))
    assert before.startswith("Xã Hùng Sơn có hiệu lực từ 01/07/2025; trước ngày đó chọn đơn vị cũ:")
    assert "Xã A Xan" in before and "Xã Ch'ơm" in before
