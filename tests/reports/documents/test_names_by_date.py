"""The names on the annual report by date: the 2024 report is Quảng Nam's, a report after the
reform carries the bodies entered from 01/07/2025; with nothing entered, the REPORT_* settings."""

import datetime
import io

import pytest
from docx import Document

from reports.documents.annual import build
from reports.documents.docx import render_docx
from partnerships.models import ReportNames
from partnerships.names import report_names
from reports.selectors import ReportFilter
from partnerships.services import report_names_save
from partnerships.exceptions import NotPermitted

pytestmark = pytest.mark.django_db

DA_NANG = dict(issuer="ĐẢNG ỦY UBND THÀNH PHỐ", parent_body="THÀNH ỦY ĐÀ NẴNG", place="Đà Nẵng",
               signer_title="Bí thư", signer_name="Trần Văn B")


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_names_by_validity_date(settings, administrator):
    settings.REPORT_ISSUER, settings.REPORT_PLACE = "BAN CÁN SỰ ĐẢNG UBND TỈNH", "Quảng Nam"
    assert report_names(datetime.date(2026, 12, 31)).issuer == "BAN CÁN SỰ ĐẢNG UBND TỈNH"  # nothing entered yet
    report_names_save(actor=administrator, names=ReportNames(valid_from=datetime.date(2025, 7, 1), **DA_NANG))
    assert report_names(datetime.date(2025, 6, 30)).place == "Quảng Nam"
    assert report_names(datetime.date(2025, 7, 1)).place == "Đà Nẵng"
    assert report_names(datetime.date(2026, 12, 31)).parent_body == "THÀNH ỦY ĐÀ NẴNG"


def test_only_administrators_edit_the_names(coordinator):
    with pytest.raises(NotPermitted):
        report_names_save(actor=coordinator, names=ReportNames(valid_from=datetime.date(2025, 7, 1), **DA_NANG))


@pytest.mark.parametrize(("year", "expected", "absent"), [
    (2024, ["TỈNH ỦY QUẢNG NAM", "BAN CÁN SỰ ĐẢNG UBND TỈNH", "Quảng Nam, ngày", "BÍ THƯ"], "ĐÀ NẴNG"),
    (2025, ["THÀNH ỦY ĐÀ NẴNG", "ĐẢNG ỦY UBND THÀNH PHỐ", "Đà Nẵng, ngày", "T/M ĐẢNG ỦY UBND THÀNH PHỐ", "BÍ THƯ",
            "Trần Văn B"], "QUẢNG NAM"),
    (2026, ["THÀNH ỦY ĐÀ NẴNG", "Đà Nẵng, ngày"], "TỈNH ỦY QUẢNG NAM"),
])
def test_the_annual_report_carries_the_bodies_of_its_year(settings, administrator, year, expected, absent):
    settings.REPORT_ISSUER, settings.REPORT_PARENT_BODY, settings.REPORT_PLACE = (
        "BAN CÁN SỰ ĐẢNG UBND TỈNH", "TỈNH ỦY QUẢNG NAM", "Quảng Nam")
    report_names_save(actor=administrator, names=ReportNames(valid_from=datetime.date(2025, 7, 1), **DA_NANG))
    text = _text(Document(io.BytesIO(render_docx(build(ReportFilter.for_year(year))))))
    for words in expected:
        assert words in text
    assert absent not in text
