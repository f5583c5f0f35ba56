"""The annual report's files: figures checked against values computed by hand on a small fixture."""

import datetime
import io
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from partnerships.models import ActivityStatus, ConfirmationStatus
from reports.documents.docx import render_docx
from reports.documents.annual import build
from reports.documents.xlsx import render_xlsx
from reports.selectors import ReportFilter
from tests import office
from tests.factories import ActivityFactory, CommuneFactory, category

pytestmark = pytest.mark.django_db

APPROVED = ActivityStatus.APPROVED
SHEETS = ["Tổng hợp", "Huyện - loại hoạt động", "Cơ quan, đơn vị", "Hoạt động", "Mô hình", "Khoảng trống",
          "Đánh giá, khen thưởng", "Kiểm tra, giám sát"]
HEADER_ROW = 6


@pytest.fixture
def fixture_2024(partnership, other_partnership, commune):
    """SNN in Tây Giang: 15 M model work (5 M society, confirmed) and a 5 M gift visit; PCQN in Nam
    Trà My: 3,5 M vocational training. 2023: one 4 M activity. A 2024 draft does not count."""
    tra_my_commune = CommuneFactory(name="Xã Trà Leng", parent=other_partnership.unit)
    ActivityFactory(partnership=partnership, commune=commune, category=category("mo-hinh"), status=APPROVED,
                    title='=HYPERLINK("http://x.example","bấm")', start_date=datetime.date(2024, 3, 1),
                    budget_state=10_000_000, budget_society=5_000_000, people_trained=3, jobs_created=2,
                    confirmation_status=ConfirmationStatus.CONFIRMED)
    ActivityFactory(partnership=partnership, commune=commune, category=category("tham-hoi"), status=APPROVED,
                    title="Thăm hỏi, tặng quà Tết", start_date=datetime.date(2024, 1, 20), budget_state=5_000_000,
                    budget_society=0)
    ActivityFactory(partnership=other_partnership, commune=tra_my_commune, category=category("dao-tao-nghe"),
                    status=APPROVED, title="Lớp nghề đan lát", start_date=datetime.date(2024, 8, 8),
                    budget_state=1_000_000, budget_society=2_000_000, budget_in_kind=500_000, people_trained=10)
    ActivityFactory(partnership=partnership, commune=commune, status=APPROVED, start_date=datetime.date(2023, 6, 1),
                    budget_state=4_000_000, budget_society=0)
    ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 6, 1),
                    budget_state=99_000_000)


def _book(year_from=2024, year_to=2024, district=None):
    report = build(ReportFilter(year_from=year_from, year_to=year_to, district_code=district))
    return report, openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


def _rows(sheet):
    return [row for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def _find(rows, column, value):
    return next(row for row in rows if row[column] == value)


def test_workbook_figures_match_the_hand_computed_ones(fixture_2024):
    _report, book = _book()
    assert book.sheetnames == SHEETS

    summary = _rows(book["Tổng hợp"])
    assert _find(summary, 1, "Hoạt động hỗ trợ")[2:4] == (3, 1)
    assert _find(summary, 1, "Tổng kinh phí")[2:4] == (23_500_000, 4_000_000)
    assert _find(summary, 1, "Xã hội hóa")[2] == 7_000_000
    assert _find(summary, 1, "Hiện vật quy đổi")[2] == 500_000
    assert _find(summary, 1, "Tỷ lệ hỗ trợ thiết thực (theo kinh phí)")[2] == pytest.approx(18.5 / 23.5)
    assert _find(summary, 1, "Tỷ lệ hỗ trợ thiết thực (theo số hoạt động)")[2] == pytest.approx(2 / 3)
    assert _find(summary, 1, "Tổng kinh phí")[4] == pytest.approx((23.5 - 4) / 4)
    # A share's change is in percentage points (66,7 % against 100 % in 2023), not a relative %.
    assert _find(summary, 1, "Tỷ lệ hỗ trợ thiết thực (theo số hoạt động)")[4] == pytest.approx((2 / 3 - 1) * 100)
    share_row = next(row for row in book["Tổng hợp"].iter_rows() if row[1].value == "Tỷ lệ hỗ trợ thiết thực (theo số hoạt động)")
    assert "điểm" in share_row[4].number_format

    matrix = _rows(book["Huyện - loại hoạt động"])
    assert _find(matrix, 1, "Huyện Tây Giang")[-2:] == (2, 20_000_000)
    assert _find(matrix, 1, "Huyện Nam Trà My")[-2:] == (1, 3_500_000)
    assert _find(matrix, 1, "Tổng cộng")[-2:] == (3, 23_500_000)

    agencies = _rows(book["Cơ quan, đơn vị"])
    snn = _find(agencies, 1, "Sở Nông nghiệp và Phát triển nông thôn")
    assert snn[3:9] == (1, 2, 15_000_000, 5_000_000, 0, 20_000_000)
    assert _find(agencies, 1, "Tổng cộng")[3:9] == (2, 3, 16_000_000, 7_000_000, 500_000, 23_500_000)

    activities = _rows(book["Hoạt động"])
    assert len(activities) == 4  # three approved in 2024, then the totals
    assert [row[9] for row in activities[:3]] == ["Thăm hỏi, tặng quà Tết", '=HYPERLINK("http://x.example","bấm")',
                                                  "Lớp nghề đan lát"]
    assert activities[0][2] == datetime.datetime(2024, 1, 20)
    assert activities[-1][10:14] == (16_000_000, 7_000_000, 500_000, 23_500_000)
    assert activities[-1][17] == 13  # people trained


def test_workbook_prints_and_reads_like_a_report(fixture_2024):
    _report, book = _book()
    for sheet in book.worksheets:
        assert sheet["A1"].value == "TỈNH ỦY QUẢNG NAM"
        assert sheet["A2"].value == "BAN CÁN SỰ ĐẢNG UBND TỈNH"
        assert "NĂM 2024" in sheet["A3"].value
        last_header = HEADER_ROW + (1 if sheet.title == "Huyện - loại hoạt động" else 0)  # grouped headers
        assert sheet.freeze_panes in (f"A{last_header + 1}", f"C{last_header + 1}")
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.print_title_rows == f"${HEADER_ROW}:${last_header}"
        assert sheet.column_dimensions["B"].width > 10
    activities = book["Hoạt động"]
    assert activities.auto_filter.ref == f"A{HEADER_ROW}:V{HEADER_ROW + 4}"
    assert activities.cell(HEADER_ROW + 1, 11).number_format == '[$-42A]#,##0" ₫"'
    assert activities.cell(HEADER_ROW + 1, 3).number_format == "dd/mm/yyyy"
    assert book["Tổng hợp"].cell(HEADER_ROW + 10, 3).number_format == "[$-42A]0.0%"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"


def test_a_district_report_and_a_review_period(fixture_2024):
    report, book = _book(district="504")
    assert _find(_rows(book["Hoạt động"]), 4, "Tổng cộng")[13] == 20_000_000
    assert "Phạm vi: Huyện Tây Giang" in book["Tổng hợp"]["A4"].value
    report, book = _book(2023, 2024)
    assert report.period_label == "giai đoạn 2023 - 2024"
    assert _find(_rows(book["Tổng hợp"]), 1, "Hoạt động hỗ trợ")[2] == 4
    assert "GIAI ĐOẠN 2023 - 2024" in book["Tổng hợp"]["A3"].value


def test_narrative_in_the_party_report_format(fixture_2024):
    document = Document(io.BytesIO(render_docx(build(ReportFilter.for_year(2024)))))
    text = office.docx_text(document)
    for expected in ["TỈNH ỦY QUẢNG NAM", "BAN CÁN SỰ ĐẢNG UBND TỈNH", "Số      -BC/BCSĐ", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "Quảng Nam, ngày    tháng    năm", "BÁO CÁO", "Chỉ thị số 16-CT/TU", "năm 2024",
                     "I. KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ, NGUYÊN NHÂN", "III. NHIỆM VỤ, ĐỀ XUẤT",
                     "Nơi nhận:", "T/M BAN CÁN SỰ ĐẢNG", "BÍ THƯ"]:
        assert expected in text, expected
    # The figures, in Vietnamese number format.
    assert "đã thực hiện 3 hoạt động hỗ trợ (tăng 200,0\u00a0% so với năm 2023)" in text
    assert "tổng kinh phí 23,5 triệu đồng" in text
    assert "vận động xã hội hóa 500.000 đồng" not in text and "vận động xã hội hóa 7.000.000 đồng" in text
    assert "chiếm 66,7\u00a0% số hoạt động (giảm 33,3 điểm phần trăm so với năm 2023) và 78,7\u00a0% kinh phí" in text
    assert "Đã đào tạo, bồi dưỡng 13 người" in text
    section = document.sections[0]
    assert [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                            section.left_margin, section.right_margin)] == [210, 297, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14


def test_command_writes_both_files(fixture_2024, tmp_path):
    call_command("build_annual_report", year=2024, out=str(tmp_path / "out"))
    xlsx, docx = tmp_path / "out/bao-cao-ket-nghia-2024.xlsx", tmp_path / "out/bao-cao-ket-nghia-2024.docx"
    assert openpyxl.load_workbook(xlsx).sheetnames == SHEETS
    assert "BÁO CÁO" in office.docx_text(Document(docx))
    call_command("build_annual_report", year=2023, to_year=2024, district="504", out=str(tmp_path))
    assert (tmp_path / "bao-cao-ket-nghia-2023-2024-504.xlsx").exists()
    with pytest.raises(CommandError, match="Không có huyện với mã này"):
        call_command("build_annual_report", year=2024, district="999", out=str(tmp_path))
    with pytest.raises(CommandError, match="Năm bắt đầu phải trước"):
        call_command("build_annual_report", year=2025, to_year=2024, out=str(tmp_path))


def test_libreoffice_converts_both_files_to_pdf(fixture_2024, tmp_path):
    office.require(pdftotext=False)
    call_command("build_annual_report", year=2024, out=str(tmp_path))
    for suffix in ("xlsx", "docx"):
        source = tmp_path / f"bao-cao-ket-nghia-2024.{suffix}"
        result = office.to_pdf(source, tmp_path / "pdf", profile=tmp_path / "lo-profile", check=False)
        pdf = tmp_path / "pdf" / f"bao-cao-ket-nghia-2024.pdf"
        assert result.returncode == 0, result.stderr
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stdout + result.stderr
        keep = os.environ.get("KETNGHIA_REPORT_PDF_DIR")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(pdf, Path(keep) / f"annual-{suffix}.pdf")
        pdf.unlink()


def test_workbook_text_survives_xml_special_and_control_characters(partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune, status=APPROVED, start_date=datetime.date(2024, 4, 4),
                    title='Nhà văn hóa "A & B" <thôn 2>\x07 ', description="")
    _report, book = _book()
    assert _rows(book["Hoạt động"])[0][9] == 'Nhà văn hóa "A & B" <thôn 2> '
