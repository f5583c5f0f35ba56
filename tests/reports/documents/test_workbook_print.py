"""The annual workbook as it prints: row heights for wrapped text, numbers with Vietnamese
separators in any viewer's locale, merged titles over the full width, grouped matrix headers,
nothing printed below 8 pt. Read back with openpyxl; one test prints it with an English
LibreOffice and reads the PDF's text."""

import datetime
import io
import os

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from partnerships.models import ActivityStatus
from reports.documents.annual import build
from reports.documents.xlsx import MIN_PRINT_SCALE, PRINTABLE_PX, column_px, render_xlsx
from reports.models import ClassificationBand
from reports.selectors import ReportFilter
from tests import office
from tests.factories import ActivityFactory, AgencyFactory, PartnershipFactory, category

pytestmark = pytest.mark.django_db

LONG_NAME = "Ngân hàng Thương mại cổ phần Ngoại thương Việt Nam - Chi nhánh Quảng Nam, Phòng giao dịch Tam Kỳ"


@pytest.fixture
def workbook(partnership, commune, district):
    long_partner = PartnershipFactory(agency=AgencyFactory(name=LONG_NAME, short_name="VCB"), unit=district)
    ActivityFactory(partnership=partnership, commune=commune, category=category("mo-hinh"),
                    status=ActivityStatus.APPROVED, start_date=datetime.date(2024, 3, 1),
                    budget_state=101_448_830_000, budget_society=1_250_000, title="Mô hình nuôi bò")
    ActivityFactory(partnership=long_partner, commune=commune, category=category("dao-tao-nghe"),
                    status=ActivityStatus.APPROVED, start_date=datetime.date(2024, 4, 1), budget_state=1_000_000,
                    title="Lớp đào tạo nghề đan lát thổ cẩm cho phụ nữ dân tộc Cơ Tu tại thôn A Rầng, xã A Xan, "
                          "huyện Tây Giang, khóa thứ hai năm 2024")
    ClassificationBand.objects.filter(year=2024).delete()
    ClassificationBand.objects.create(year=2024, classification="excellent", min_score=90)
    ClassificationBand.objects.create(year=2024, classification="good", min_score="72.50")
    report = build(ReportFilter.for_year(2024))
    return render_xlsx(report)


def _book(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def _cell_with(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in {sheet.title}")


def test_wrapped_rows_are_tall_enough_not_to_overprint(workbook):
    book = _book(workbook)
    agencies = book["Cơ quan, đơn vị"]
    long_row = _cell_with(agencies, LONG_NAME).row
    assert agencies.cell(long_row, 2).alignment.wrap_text
    assert agencies.row_dimensions[long_row].height >= 3 * 14  # three lines in a 28-wide column
    activities = book["Hoạt động"]
    totals = _cell_with(activities, "Tổng cộng")
    assert activities.row_dimensions[totals.row].height in (None, 15)  # one line: the default height
    long_title = next(c for row in activities.iter_rows() for c in row if str(c.value).startswith("Lớp đào tạo"))
    assert activities.row_dimensions[long_title.row].height >= 3 * 14
    # The header is as tall as its longest heading ("Hoàn thành kế hoạch kinh phí", 11 wide: 3 lines).
    assert agencies.row_dimensions[6].height >= 3 * 14


def test_numbers_carry_the_vietnamese_locale_and_ids_are_plain(workbook):
    book = _book(workbook)
    activities = book["Hoạt động"]
    money = _cell_with(activities, 101_448_830_000)
    assert money.number_format == '[$-42A]#,##0" ₫"'
    first = money.row
    assert activities.cell(first, 2).number_format == "0"  # the activity's id: "1318", never "1.318"
    assert activities.cell(first, 15).number_format == "[$-42A]#,##0"
    summary = book["Tổng hợp"]
    share = _cell_with(summary, "Tỷ lệ hỗ trợ thiết thực (theo kinh phí)")
    assert summary.cell(share.row, 3).number_format == "[$-42A]0.0%"
    note = book["Đánh giá, khen thưởng"]["A5"].value
    assert "≥ 90;" in note and "≥ 72,5" in note and "90.00" not in note and "90,00" not in note


def test_titles_span_the_sheet_and_the_matrix_groups_its_headers(workbook):
    book = _book(workbook)
    for sheet in book.worksheets:
        last = get_column_letter(sheet.max_column)
        for row in (1, 2, 3):
            assert f"A{row}:{last}{row}" in {str(r) for r in sheet.merged_cells.ranges}, (sheet.title, row)
    matrix = book["Huyện - loại hoạt động"]
    merged = {str(r) for r in matrix.merged_cells.ranges}
    assert "A6:A7" in merged and "B6:B7" in merged  # STT and the district span both header rows
    assert matrix["C6"].value == "Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội"
    assert "C6:D6" in merged and matrix["C7"].value == "Số hoạt động" and matrix["D7"].value == "Kinh phí"
    assert matrix.print_title_rows == "$6:$7" and matrix.freeze_panes == "C8"
    assert _cell_with(matrix, "Huyện Tây Giang").row == 8
    assert book["Hoạt động"].column_dimensions["F"].width >= 20  # "Huyện Bắc Trà My" fits


def test_no_sheet_prints_below_eight_points(workbook):
    for sheet in _book(workbook).worksheets:
        setup = sheet.page_setup
        widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, sheet.max_column + 1)]
        if sheet.sheet_properties.pageSetUpPr.fitToPage:
            assert setup.fitToWidth == 1
            scale = min(100, PRINTABLE_PX * 100 // sum(column_px(w) for w in widths))
        else:
            scale = setup.scale
            assert sheet.print_title_cols == "$A:$B"  # split over pages, the row's name on each
        assert scale >= MIN_PRINT_SCALE, sheet.title  # 11 pt × 73 % = 8 pt


def test_an_english_libreoffice_prints_dot_separators(workbook, tmp_path):
    office.require()
    source = tmp_path / "bao-cao.xlsx"
    source.write_bytes(workbook)
    env = dict(os.environ, LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8", LANGUAGE="en_US")
    office.to_pdf(source, tmp_path, profile=tmp_path / "lo-en", env=env)
    text = office.pdf_text(tmp_path / "bao-cao.pdf")
    assert "101.448.830.000 ₫" in text and "1.250.000 ₫" in text
    assert "101,448,830,000" not in text
