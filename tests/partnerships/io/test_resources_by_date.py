"""The admin imports read unit codes by date: a code the reform reused names the unit of the row's date."""

import pytest

from partnerships.models import Activity, AdministrativeUnit, Partnership
from tests.factories import AgencyFactory, PartnershipFactory
from tests.partnerships.io.test_resources import _errors, _import, _import_and_confirm
from tests.reform import build_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(db):
    return build_reform()


def test_units_import_tells_a_reused_code_by_its_start_date(client, administrator, reform):
    client.force_login(administrator)
    header = ["Mã đơn vị", "Tên", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ ngày", "Hiệu lực đến hết ngày"]
    _import_and_confirm(client, "administrativeunit", [
        header,
        ["20443", "Xã A Xan (sửa)", "commune", "504", "", "30/06/2025"],
        ["20443", "Xã Hùng Sơn (sửa)", "commune", "48", "01/07/2025", ""],
        ["20460", "Xã Mới", "commune", "48", "01/07/2025", ""],  # parent 48 in 2025: the new city
    ])
    reform.a_xan.refresh_from_db(), reform.hung_son.refresh_from_db()
    assert (reform.a_xan.name, reform.hung_son.name) == ("Xã A Xan (sửa)", "Xã Hùng Sơn (sửa)")
    assert AdministrativeUnit.objects.filter(code="20443").count() == 2
    assert AdministrativeUnit.objects.get(code="20460").parent == reform.city


def test_partnership_and_activity_imports_read_the_code_on_the_row_date(client, administrator, reform):
    client.force_login(administrator)
    AgencyFactory(name="Sở Y tế")
    _import_and_confirm(client, "partnership", [
        ["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Ngày ký kết", "Số quyết định / thỏa thuận"],
        ["Sở Y tế", "20443", "01/10/2021", "1/QĐ"],
        ["Sở Y tế", "20443", "01/08/2025", "2/QĐ"],
    ])
    old, new = Partnership.objects.get(agreement_number="1/QĐ"), Partnership.objects.get(agreement_number="2/QĐ")
    assert (old.unit, new.unit) == (reform.a_xan, reform.hung_son)


def test_activity_import_refuses_an_old_commune_after_the_reform(client, administrator, reform):
    from partnerships.io.columns import ACTIVITY_HEADING as H

    PartnershipFactory(agency=AgencyFactory(name="Sở Y tế"), unit=reform.district)
    client.force_login(administrator)
    header = [H["agency"], H["unit_code"], H["category"], H["title"], H["start_date"], H["commune_code"]]
    response = _import(client, "activity", [
        header, ["Sở Y tế", "504", "mo-hinh", "Khám bệnh", "02/02/2026", "20446"],
    ])
    errors = _errors(response)
    assert any("Xã Ch'ơm đã sáp nhập vào Xã Hùng Sơn từ 01/07/2025; chọn Xã Hùng Sơn." in message
               for _row, _column, message in errors), errors
    assert not Activity.objects.exists()
