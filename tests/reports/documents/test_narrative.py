"""The narrative (.docx) as a leader would sign it, read back with python-docx: changes against the
named year, a running year compared with the same months, models in words, limitations and
proposals from the data, the summary table, page numbers, the signer's line, names with
semicolons, "Nơi nhận" at the size of Hướng dẫn 36-HD/VPTW. One test prints it with LibreOffice."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from partnerships.models import ActivityStatus, DevelopmentModel
from reports import selectors
from reports.documents.docx import figure_text, render_docx
from reports.documents.annual import build
from reports.selectors import ReportFilter
from tests import office
from tests.factories import ActivityFactory, AgencyFactory, CommuneFactory, PartnershipFactory, category

pytestmark = pytest.mark.django_db

D = datetime.date
APPROVED = ActivityStatus.APPROVED
COMMA_A = "Ngân hàng TMCP Công thương, Chi nhánh Quảng Nam"
COMMA_B = "Hội Liên hiệp Phụ nữ, tỉnh Quảng Nam"


def act(**fields):
    """An approved activity with nothing but what the test says (the factory adds money and people)."""
    base = dict(status=APPROVED, budget_society=0, people_reached=0, ethnic_minority_people=0)
    return ActivityFactory(**{**base, **fields})


@pytest.fixture
def world(partnership, commune, district):
    """2024 against 2023: training, jobs and reach in both years; one model built in 2024, one
    maintained since 2022; two partnered agencies (names with commas) that did nothing in 2024."""
    mo_hinh = category("mo-hinh")
    act(partnership=partnership, commune=commune, category=mo_hinh,
                    start_date=D(2024, 3, 1), budget_state=10_000_000, people_trained=12, jobs_created=4,
                    households_reached=30, people_reached=120, ethnic_minority_people=100,
                    households_out_of_poverty=3)
    act(partnership=partnership, commune=commune, category=category("tham-hoi"),
                    start_date=D(2024, 1, 20), budget_state=5_000_000)
    act(partnership=partnership, commune=commune, category=mo_hinh,
                    start_date=D(2023, 5, 1), budget_state=8_000_000, people_trained=8, jobs_created=4,
                    households_reached=20, people_reached=80, ethnic_minority_people=50,
                    households_out_of_poverty=2)
    for name in (COMMA_A, COMMA_B):
        PartnershipFactory(agency=AgencyFactory(name=name), unit=CommuneFactory(parent=district))
    DevelopmentModel.objects.create(name="Mô hình nuôi bò sinh sản", partnership=partnership, commune=commune,
                                    started_on=D(2024, 4, 1), households=25, stage="built")
    DevelopmentModel.objects.create(name="Mô hình trồng quế", partnership=partnership, commune=commune,
                                    started_on=D(2022, 4, 1), households=40, stage="maintained")


def _document(f):
    return Document(io.BytesIO(render_docx(build(f))))


def _summary_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu")


def test_every_key_figure_changes_against_the_named_year(world):
    text = office.docx_text(_document(ReportFilter.for_year(2024)))
    assert "kỳ trước" not in text
    assert "đã thực hiện 2 hoạt động hỗ trợ (tăng 100,0\u00a0% so với năm 2023)" in text
    for phrase in ["đào tạo, bồi dưỡng 12 người (tăng 50,0\u00a0% so với năm 2023)",
                   "tạo việc làm cho 4 lao động (bằng năm 2023)",
                   "giúp 3 hộ thoát nghèo (tăng 50,0\u00a0% so với năm 2023)",
                   "hỗ trợ 30 hộ (tăng 50,0\u00a0% so với năm 2023)",
                   "120 người (tăng 50,0\u00a0% so với năm 2023)",
                   "trong đó 100 người dân tộc thiểu số (tăng 100,0\u00a0% so với năm 2023)"]:
        assert phrase in text, phrase


def test_models_in_words_with_named_examples(world):
    text = office.docx_text(_document(ReportFilter.for_year(2024)))
    assert "xây dựng mới 1 mô hình (mô hình nuôi bò sinh sản (Xã A Xan – Huyện Tây Giang))" in text
    assert "nhân rộng 0" not in text and " 0 mô hình" not in text  # a zero is left out
    assert "có 2 mô hình phát triển kinh tế - xã hội đang được thực hiện" in text
    assert "1 mô hình được duy trì (như mô hình trồng quế" in text
    # Proposals from the data: the running original with most households, and where.
    assert "Nhân rộng mô hình trồng quế (Xã A Xan – Huyện Tây Giang), 40 hộ tham gia" in text
    text_2025 = office.docx_text(_document(ReportFilter.for_year(2025)))
    assert "chưa có mô hình mới được xây dựng hoặc nhân rộng" in text_2025


def test_limitations_and_proposals_come_from_the_data(world):
    text = office.docx_text(_document(ReportFilter.for_year(2024)))
    assert "vẫn chiếm 50,0\u00a0% số hoạt động và 33,3\u00a0% kinh phí hỗ trợ (thăm hỏi, tặng quà: 1 hoạt động" in text
    # Names separated by semicolons: the agencies' own commas stay readable.
    assert f"chưa có hoạt động hỗ trợ trong kỳ: {COMMA_B}; {COMMA_A}." in text
    assert f"Nhắc nhở, đôn đốc" in text and f"{COMMA_B}; {COMMA_A}" in text
    assert "Củng cố các quan hệ kết nghĩa chưa có hoạt động:" in text
    assert "2 hoạt động đã duyệt chưa được địa phương xác nhận" in text


def test_summary_table_reads_the_selectors(world):
    f = ReportFilter.for_year(2024)
    document = _document(f)
    table = _summary_table(document)
    assert [c.text for c in table.rows[0].cells] == ["Chỉ tiêu", "Năm 2024", "Năm 2023", "Tăng, giảm"]
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}
    figures = selectors.key_figures_with_change(f)
    assert len(rows) == len(figures)
    for figure in figures:  # the very values the dashboard shows, worded
        assert rows[str(figure.label)][:2] == [figure_text(figure.value, figure.kind),
                                               figure_text(figure.previous, figure.kind)]
    assert rows["Hoạt động hỗ trợ"] == ["2", "1", "+100,0\u00a0%"]
    assert rows["Tỷ lệ hỗ trợ thiết thực (theo số hoạt động)"][2] == "−50,0 điểm"


def test_page_numbers_signer_and_recipients(world, settings):
    settings.REPORT_SIGNER = "Nguyễn Văn An"
    document = _document(ReportFilter.for_year(2024))
    footer = document.sections[0].footer._element
    assert any(node.text.strip() == "PAGE" for node in footer.iter(qn("w:instrText")))
    signature = document.tables[-1]
    left, right = signature.rows[0].cells
    assert right.paragraphs[-1].text == "Nguyễn Văn An" and right.paragraphs[-1].runs[0].bold
    received = next(run for run in left.paragraphs[0].runs if run.text)
    assert received.text == "Nơi nhận:" and received.font.size.pt == 14 and received.underline
    assert not received.bold
    assert {run.font.size.pt for p in left.paragraphs[1:] for run in p.runs} == {12}
    header_left = document.tables[0].rows[0].cells[0]
    assert header_left.width.mm >= 80  # "BAN CÁN SỰ ĐẢNG UBND TỈNH" on one line
    settings.REPORT_SIGNER = ""
    document = _document(ReportFilter.for_year(2024))
    assert document.tables[-1].rows[0].cells[1].paragraphs[-1].text.startswith("……")


def test_a_running_year_compares_the_same_months(world, partnership, commune, monkeypatch):
    act(partnership=partnership, commune=commune, start_date=D(2025, 3, 1),
                    budget_state=1_000_000)
    act(partnership=partnership, commune=commune, start_date=D(2025, 11, 1),
                    budget_state=2_000_000)
    act(partnership=partnership, commune=commune, start_date=D(2026, 2, 1),
                    budget_state=4_000_000)
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 6, 30))
    document = _document(ReportFilter.for_year(2026))
    text = office.docx_text(document)
    assert "năm 2026 chưa kết thúc: số liệu tính đến ngày 30/06/2026, so sánh với cùng kỳ năm 2025" in text
    assert "1 hoạt động hỗ trợ (bằng cùng kỳ năm 2025)" in text  # March 2025 only, not November
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in _summary_table(document).rows}
    assert rows["Chỉ tiêu"] == ["Năm 2026 (đến 30/06)", "Năm 2025 (cùng kỳ)", "Tăng, giảm"]
    assert rows["Tổng kinh phí"][:2] == ["4.000.000 đồng", "1.000.000 đồng"]
    # A past year is compared with the whole previous year.
    assert "so với năm 2024" in office.docx_text(_document(ReportFilter.for_year(2025)))


def test_libreoffice_keeps_the_issuer_on_one_line(world, tmp_path):
    office.require()
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(render_docx(build(ReportFilter.for_year(2024))))
    office.to_pdf(source, tmp_path, profile=tmp_path / "lo")
    lines = office.pdf_text(tmp_path / "bao-cao.pdf").splitlines()
    assert any("BAN CÁN SỰ ĐẢNG UBND TỈNH" in line for line in lines)
    assert not any(line.strip() == "TỈNH" for line in lines)
    assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in line for line in lines)
