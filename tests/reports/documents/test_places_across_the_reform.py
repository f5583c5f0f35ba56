"""The report's files after the 2025 reform: a new commune is written with its former district's
area ("khu vực huyện … cũ"), never with the city above it, or alone when it has none."""

import datetime
import io

import openpyxl
import pytest
from docx import Document

from partnerships.models import ActivityStatus, AdministrativeUnit
from reports.documents.annual import build
from reports.documents.docx import render_docx
from reports.documents.xlsx import render_xlsx
from reports.selectors import ReportFilter
from tests import office
from tests.factories import ActivityFactory, DevelopmentModelFactory, PartnershipFactory
from tests.reform import REFORM_DAY, build_reform

pytestmark = pytest.mark.django_db
HEADER_ROW = 6
MODEL = "Mô hình trồng sâm Ngọc Linh dưới tán rừng"


@pytest.fixture
def report_2026(agency):
    reform = build_reform()
    AdministrativeUnit.objects.create(code="20333", name="Đặc khu Hoàng Sa", level=AdministrativeUnit.Level.COMMUNE,
                                      parent=reform.city, valid_from=REFORM_DAY, is_border=True)
    partnership = PartnershipFactory(agency=agency, unit=reform.hung_son, signed_on=REFORM_DAY)
    ActivityFactory(partnership=partnership, commune=reform.hung_son, status=ActivityStatus.APPROVED,
                    start_date=datetime.date(2026, 3, 2))
    DevelopmentModelFactory(name=MODEL, partnership=partnership, commune=reform.hung_son, households=25,
                            started_on=datetime.date(2026, 3, 2))
    return build(ReportFilter.for_year(2026))


def _rows(book, name):
    return list(book[name].iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def test_the_workbook_names_the_former_district_not_the_city(report_2026):
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report_2026)))
    [model] = [row for row in _rows(book, "Mô hình") if row[1] == MODEL]
    assert (model[3], model[4]) == ("Khu vực huyện Tây Giang cũ", "Xã Hùng Sơn")
    gaps = {row[3]: row[2] for row in _rows(book, "Khoảng trống") if row[3]}
    assert gaps["Xã Tây Giang"] == "Khu vực huyện Tây Giang cũ"
    assert gaps["Đặc khu Hoàng Sa"] in ("", None)  # no district, no former district: the commune alone
    for name in ("Mô hình", "Khoảng trống"):
        assert "Thành phố Đà Nẵng" not in str(_rows(book, name))


def test_the_narrative_names_the_former_district_not_the_city(report_2026):
    text = office.docx_text(Document(io.BytesIO(render_docx(report_2026))))
    assert "mô hình trồng sâm Ngọc Linh dưới tán rừng (Xã Hùng Sơn – khu vực huyện Tây Giang cũ)" in text
    assert "Xã Tây Giang (khu vực huyện Tây Giang cũ)" in text
    assert "Đặc khu Hoàng Sa" in text and "Đặc khu Hoàng Sa (" not in text
    assert "– Thành phố Đà Nẵng" not in text and "(Thành phố Đà Nẵng)" not in text
