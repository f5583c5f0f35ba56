"""Reviews (sơ kết, tổng kết) and their commendation list, exported as a decision's attachment."""

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import Commendation, CommendationForm, Review, ReviewKind
from partnerships.exceptions import NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(coordinator):
    return services.review_save(actor=coordinator, kind=ReviewKind.PRELIMINARY, title="Sơ kết 3 năm Chỉ thị 16",
                                year_from=2021, year_to=2024, held_on=date(2024, 10, 5),
                                decision_number="125/QĐ-UBND", decision_date=date(2024, 9, 30), note="")


def test_years_and_decision_rules(coordinator):
    with pytest.raises(Exception) as error:
        services.review_save(actor=coordinator, kind=ReviewKind.FINAL, title="x", year_from=2025, year_to=2021)
    assert "Năm kết thúc" in str(error.value)
    with pytest.raises(Exception):
        services.review_save(actor=coordinator, kind=ReviewKind.FINAL, title="x", year_from=2021, year_to=2025,
                             decision_number="7/QĐ", decision_date=None)
    assert not Review.objects.exists()


def test_commendations_are_proposed_edited_and_only_by_coordinators(review, coordinator, officer, agency, other_agency):
    added = services.commendations_propose(actor=coordinator, review=review, form=CommendationForm.CERTIFICATE_PROVINCE,
                                           collectives=[(agency, "Xếp loại xuất sắc 2023, 2024")])
    assert [row.agency for row in added] == [agency] and added[0].__class__.objects.get().proposed
    assert services.commendations_propose(actor=coordinator, review=review, form="letter",
                                          collectives=[(agency, "")]) == []  # already on the list
    services.commendation_save(actor=coordinator, review=review, kind=Commendation.Kind.INDIVIDUAL,
                               person_name="Nguyễn Thị Hoa", position="Chuyên viên", body="Sở Nông nghiệp",
                               form=CommendationForm.LETTER, achievement="Đầu mối tích cực")
    with pytest.raises(Exception):  # an individual needs a body
        services.commendation_save(actor=coordinator, review=review, kind=Commendation.Kind.INDIVIDUAL,
                                   person_name="X", form=CommendationForm.LETTER)
    with pytest.raises(NotPermitted):
        services.commendation_save(actor=officer, review=review, kind=Commendation.Kind.COLLECTIVE,
                                   agency=other_agency, form=CommendationForm.LETTER)
    assert review.commendations.count() == 2


def test_pages_for_leader_and_officer(review, client, leader, officer):
    client.force_login(leader)
    assert client.get(reverse("inspections:review_detail", args=[review.pk])).status_code == 200
    assert client.get(reverse("inspections:review_create")).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("inspections:review_list")).status_code == 403


def test_the_list_opens_as_word_and_excel(review, coordinator, client, agency, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    services.commendation_save(actor=coordinator, review=review, kind=Commendation.Kind.COLLECTIVE, agency=agency,
                               form=CommendationForm.CERTIFICATE_PROVINCE, achievement="=Xuất sắc")
    services.commendation_save(actor=coordinator, review=review, kind=Commendation.Kind.INDIVIDUAL,
                               person_name="Nguyễn Thị Hoa", position="Chuyên viên", body="Sở Nông nghiệp",
                               form=CommendationForm.LETTER, achievement="Đầu mối tích cực")
    client.force_login(coordinator)
    response = client.get(reverse("inspections:commendation_export", args=[review.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Kèm theo Quyết định số 125/QĐ-UBND ngày 30/09/2024" in values[1]
    assert agency.name in values and "Nguyễn Thị Hoa" in values
    assert "=Xuất sắc" in values  # shown as typed, a string cell, never a formula
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)

    response = client.get(reverse("inspections:commendation_export", args=[review.pk, "docx"]))
    content = b"".join(response.streaming_content)
    document = Document(io.BytesIO(content))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "I. TẬP THỂ" in cells and "II. CÁ NHÂN" in cells and "Nguyễn Thị Hoa" in cells
    path = tmp_path / "danh-sach.docx"
    path.write_bytes(content)
    try:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=120)
    except FileNotFoundError:
        pytest.skip("LibreOffice not installed")
    assert (tmp_path / "danh-sach.pdf").stat().st_size > 1000
    assert client.get(reverse("inspections:commendation_export", args=[review.pk, "exe"])).status_code == 404


def test_proposed_from_the_evaluation_through_the_page(review, client, coordinator, officer, monkeypatch, agency):
    from reports.web.commendations import views

    class Item:
        def __init__(self, agency):
            self.agency, self.score, self.classification_label = agency, 92.4, "Xuất sắc"

    class Evaluation:
        commendations = [Item(agency)]

    monkeypatch.setattr(views, "evaluate", lambda f: Evaluation())
    url = reverse("reports:commendations_propose", args=[review.pk])
    client.force_login(officer)
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    response = client.post(url, follow=True)
    assert "Đã đề xuất thêm 1 tập thể" in response.content.decode()
    row = review.commendations.get()
    assert row.agency == agency and row.proposed and "xuất sắc giai đoạn 2021–2024 (92 điểm)" in row.achievement
    assert client.get(url).status_code == 405


def test_the_word_list_carries_the_issuer_in_force_on_the_decision_date(review, coordinator, administrator, client,
                                                                         settings):
    from docx import Document

    from partnerships import services as domain
    from partnerships.models import ReportNames

    settings.REPORT_ISSUER = "BAN CÁN SỰ ĐẢNG UBND TỈNH"
    url = reverse("inspections:commendation_export", args=[review.pk, "docx"])
    client.force_login(coordinator)

    def issuer() -> str:
        return Document(io.BytesIO(b"".join(client.get(url).streaming_content))).paragraphs[0].text

    assert issuer() == "BAN CÁN SỰ ĐẢNG UBND TỈNH"  # nothing entered: the setting
    names = dict(parent_body="THÀNH ỦY ĐÀ NẴNG", place="Đà Nẵng")
    domain.report_names_save(actor=administrator, names=ReportNames(valid_from=date(2025, 7, 1),
                                                                    issuer="ĐẢNG ỦY UBND THÀNH PHỐ", **names))
    assert issuer() == "BAN CÁN SỰ ĐẢNG UBND TỈNH"  # the decision (30/09/2024) came before it
    domain.report_names_save(actor=administrator, names=ReportNames(valid_from=date(2024, 1, 1),
                                                                    issuer="BAN CÁN SỰ ĐẢNG UBND TỈNH QUẢNG NAM",
                                                                    **names))
    assert issuer() == "BAN CÁN SỰ ĐẢNG UBND TỈNH QUẢNG NAM"
