"""The annual report's inspection sheet and paragraph, read from inspections.selectors."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from inspections import services
from inspections.models import InspectionKind, Rating
from reports.documents.annual import build_files

pytestmark = pytest.mark.django_db


def test_the_sheet_and_the_paragraph(coordinator, agency, partnership, other_partnership):
    year = timezone.localdate().year
    done = services.inspection_plan(actor=coordinator, year=year, kind=InspectionKind.SUPERVISION, partnership=partnership,
                                    subject="Giám sát mô hình chăn nuôi", lead_body="Ủy ban MTTQ tỉnh",
                                    planned_date=date(year, 1, 10))
    services.inspection_record(actor=coordinator, inspection=done, done_date=date(year, 1, 12), rating=Rating.GOOD,
                               findings="Mô hình duy trì tốt, 30 hộ tham gia.", recommendations=[
                                   {"text": "Nhân rộng sang xã lân cận", "owner_agency": agency,
                                    "deadline": timezone.localdate() - timedelta(days=1)}])
    services.inspection_plan(actor=coordinator, year=year, kind=InspectionKind.INSPECTION, partnership=other_partnership,
                             subject="Kiểm tra kế hoạch", lead_body="Ban Dân vận Tỉnh ủy", planned_date=date(year, 12, 1))

    figures, xlsx, docx = build_files(year_from=year, year_to=year, district_code=None)
    sheet = load_workbook(io.BytesIO(xlsx))["Kiểm tra, giám sát"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell not in (None, "")]
    assert "Giám sát mô hình chăn nuôi" in values and "Kiểm tra kế hoạch" in values
    assert any("Đã thực hiện 1/2 cuộc; 1 kiến nghị, đã thực hiện 0, quá hạn 1." in str(v) for v in values)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "đã thực hiện 1/2 cuộc kiểm tra, giám sát" in text
    assert "còn 1 kiến nghị quá hạn" in text and "Mô hình duy trì tốt, 30 hộ tham gia" in text


def test_a_year_without_inspections_says_so(coordinator):
    _figures, xlsx, docx = build_files(year_from=2020, year_to=2020, district_code=None)
    assert "Kiểm tra, giám sát" in load_workbook(io.BytesIO(xlsx)).sheetnames
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "chưa tổ chức kiểm tra, giám sát" in text
