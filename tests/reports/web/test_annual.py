"""The annual report pages: who may see and do what, downloads, finalising, evaluation settings."""

import io
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus
from partnerships.models import Activity, ActivityStatus
from reports.services import finalise
from reports.models import ClassificationOverride, EvaluationCriterion, FinalisedReport
from tests.factories import (ActivityFactory, AgencyFactory, CommuneFactory, DistrictFactory, PartnershipFactory,
                             without_report_guard)
from tests.reports.documents.test_annual import fixture_2024  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = reverse("reports:annual")


@pytest.fixture
def built(client, settings, django_capture_on_commit_callbacks):
    """The file the report page's button builds, run in place (the job tests run it on both
    task backends: tests/reports/test_jobs.py): built(kind, query) → the file's bytes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": [settings.JOBS_QUEUE]}}

    def build(kind, query):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{reverse('reports:annual_build', args=[kind])}?{urlencode(query)}")
        assert response.status_code == 302, response
        job = Job.objects.filter(kind="reports.annual_build").latest("created_at")
        assert job.status == JobStatus.DONE, job.error
        download = client.get(reverse("jobs:download", args=[job.pk]))
        return download, b"".join(download.streaming_content)

    return build


def test_readers_see_the_report_and_others_get_403(client, fixture_2024, leader, officer, focal_point):  # noqa: F811
    response = client.get(URL, {"year": 2024})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for outsider in (officer, focal_point):
        client.force_login(outsider)
        assert client.get(URL, {"year": 2024}).status_code == 403
        assert client.get(reverse("reports:annual_download", args=["xlsx"]), {"year": 2024}).status_code == 403
        assert client.post(reverse("reports:annual_finalise"), {"year": 2024}).status_code == 403
    client.force_login(leader)
    response = client.get(URL, {"year": 2024})
    assert response.status_code == 200
    page = response.content.decode()
    assert "23.500.000\u00a0₫" in page and "Huyện Tây Giang" in page
    assert 'id="finalise-form"' not in page  # leaders read, they do not finalise
    assert response.context["report"].key["activities"] == 3


def test_bad_parameters_give_a_message_not_an_error(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"year": "hai nghìn"})
    assert response.status_code == 400
    assert "Năm phải là một số" in response.content.decode()
    response = client.get(URL, {"year_from": 2025, "year_to": 2021})
    assert response.status_code == 400 and "Năm bắt đầu phải trước" in response.content.decode()
    assert client.get(reverse("reports:annual_download", args=["pdf"]), {"year": 2024}).status_code == 404


def test_downloads_and_a_review_period(client, fixture_2024, leader, built):  # noqa: F811
    client.force_login(leader)
    response, data = built("xlsx", {"year_from": 2023, "year_to": 2024})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ket-nghia-2023-2024.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "GIAI ĐOẠN 2023 - 2024" in book["Tổng hợp"]["A3"].value
    response, data = built("docx", {"year": 2024, "district": "504"})
    assert response.status_code == 200 and data.startswith(b"PK")
    # A report not finalised is never built inside a request: the old link explains the button.
    response = client.get(reverse("reports:annual_download", args=["xlsx"]), {"year": 2024}, follow=True)
    assert "chế độ nền" in response.content.decode()
    assert Job.objects.count() == 2


def test_finalising_locks_the_year_and_downloads_stay_as_stored(client, fixture_2024, coordinator, administrator,
                                                                 leader):  # noqa: F811
    client.force_login(leader)
    assert client.post(reverse("reports:annual_finalise"), {"year": 2024}).status_code == 403
    client.force_login(coordinator)
    page = client.get(URL, {"year": 2024}).content.decode()
    assert 'id="finalise-waiting"' in page and 'name="waiting_acknowledged"' in page  # the fixture has some
    response = client.post(reverse("reports:annual_finalise"), {"year": 2024}, follow=True)
    assert "còn hoạt động chờ duyệt hoặc chờ địa phương xác nhận" in response.content.decode()
    assert not Job.objects.exists()  # refused at once, no job started
    # The job that runs it, with the acknowledgement: tests/reports/test_jobs.py
    finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    stored = FinalisedReport.objects.get(year=2024)
    # Data changes later (a new approved activity after an administrator reopens and relocks would
    # be a new version); the download of the finalised year is the stored file, byte for byte.
    for kind in ("xlsx", "docx"):
        response = client.get(reverse("reports:annual_download", args=[kind]), {"year": 2024})
        assert response.content == bytes(getattr(stored, kind))
        assert finalise.sha256(response.content) == getattr(stored, f"{kind}_sha256")
    page = client.get(URL, {"year": 2024}).content.decode()
    assert stored.xlsx_sha256 in page and 'id="reopen-form"' not in page

    client.force_login(administrator)
    response = client.post(reverse("reports:annual_reopen"), {"year": 2024, "reason": ""}, follow=True)
    assert "Cần ghi rõ lý do mở lại" in response.content.decode()
    response = client.post(reverse("reports:annual_reopen"), {"year": 2024, "reason": "Sai kinh phí"}, follow=True)
    assert "Đã mở lại năm 2024" in response.content.decode()
    assert finalise.current(2024) is None


def test_a_tampered_stored_file_is_refused_with_a_message(client, fixture_2024, coordinator):  # noqa: F811
    report = finalise.finalise_year(actor=coordinator, year=2024, waiting_acknowledged=True)
    without_report_guard()  # the database refuses the change; a disk-level tampering would not ask
    FinalisedReport.objects.filter(pk=report.pk).update(xlsx=b"changed")
    client.force_login(coordinator)
    response = client.get(reverse("reports:annual_download", args=["xlsx"]), {"year": 2024}, follow=True)
    assert "không khớp mã kiểm tra SHA-256" in response.content.decode()


def test_evaluation_settings_and_overrides(client, fixture_2024, coordinator, leader, other_agency):  # noqa: F811
    url = reverse("reports:annual_evaluation")
    client.force_login(leader)
    assert client.get(url, {"year": 2024}).status_code == 200
    assert client.post(f"{url}?year=2024", {"save_settings": "1"}).status_code == 403
    client.force_login(coordinator)
    form = client.get(url, {"year": 2024}).context["settings_form"]
    data = {name: form[name].value() for name in form.fields
            if form[name].value() is not None and form[name].value() is not False}
    data.update({"save_settings": "1", "threshold_society_money": "10.000.000,5x"})
    response = client.post(f"{url}?year=2024", data)
    assert response.status_code == 400 and "Ngưỡng phải là một số" in response.content.decode()
    data.update({"threshold_society_money": "0,5", "weight_has_plan": "30"})
    response = client.post(f"{url}?year=2024", data, follow=True)
    assert response.status_code == 200, response.context["settings_form"].errors
    assert "Đã lưu tiêu chí đánh giá năm 2024" in response.content.decode()
    criterion = EvaluationCriterion.objects.get(year=2024, code="has_plan")
    assert criterion.weight == 30
    thresholds = dict(EvaluationCriterion.objects.filter(year=2024).values_list("code", "threshold"))
    assert (thresholds["society_money"], thresholds["substantive_share"]) == (Decimal("0.5"), Decimal("0.7"))

    response = client.post(f"{url}?year=2024", {"agency": other_agency.pk, "classification": "good", "reason": ""})
    assert response.status_code == 400 and "Cần ghi rõ lý do" in response.content.decode()
    client.post(f"{url}?year=2024", {"agency": other_agency.pk, "classification": "good", "reason": "Bão lũ"})
    override = ClassificationOverride.objects.get(year=2024, agency=other_agency)
    assert (override.classification, override.decided_by) == ("good", coordinator)
    page = client.get(url, {"year": 2024}).content.decode()
    assert "Bão lũ" in page and "Hoàn thành tốt nhiệm vụ" in page


def test_report_page_queries_do_not_grow_with_data(client, coordinator, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            district = DistrictFactory()
            partnership = PartnershipFactory(agency=AgencyFactory(), unit=district)
            commune = CommuneFactory(parent=district)
            for _ in range(3):
                ActivityFactory(partnership=partnership, commune=commune, status=ActivityStatus.APPROVED)

    client.force_login(coordinator)
    add(3)
    client.get(URL, {"year": 2024})  # settings of the year are created on the first visit
    with django_assert_max_num_queries(45) as small:
        client.get(URL, {"year": 2024})
    add(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, {"year": 2024})
    assert response.context["report"].key["activities"] == Activity.objects.filter(status="approved").count()


def test_agency_page_shows_the_agencys_score(client, fixture_2024, coordinator, officer, other_officer,
                                              agency):  # noqa: F811
    url = reverse("reports:agency_detail", args=[agency.pk])
    for reader in (coordinator, officer):
        client.force_login(reader)
        page = client.get(url, {"year": 2024}).content.decode()
        assert "Đánh giá công tác kết nghĩa năm 2024" in page
        assert "<strong>33,8</strong>/100" in page  # hand computed: 30,375 of 90 assessable points
    client.force_login(coordinator)
    nav = client.get(URL, {"year": 2024}).content.decode()
    assert 'href="/reports/bao-cao-nam/"' in nav
    client.force_login(other_officer)
    assert "Báo cáo năm" not in client.get(reverse("portal:home")).content.decode()


def test_files_are_in_vietnamese_whatever_the_interface_language(client, fixture_2024, leader, built):  # noqa: F811
    """The report goes to the Provincial Party Standing Committee: an English interface must not
    turn its sheets and sections into English."""
    import docx

    client.force_login(leader)
    client.cookies["django_language"] = "en"
    page = client.get(URL, {"year": 2024}).content.decode()
    assert '<html lang="en">' in page
    _response, data = built("xlsx", {"year": 2024})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "Tổng hợp" in book.sheetnames and "Summary" not in book.sheetnames
    _response, data = built("docx", {"year": 2024})
    document = docx.Document(io.BytesIO(data))
    text = "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Nơi nhận" in text


def test_the_default_year_is_typed_plainly_in_the_form(client, coordinator):
    client.force_login(coordinator)
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        html = client.get(URL).content.decode()
        assert 'name="year" id="id_year"' in html
        assert 'value="2.0' not in html
