"""A coordinator's year end: generate the report for 2024, build both files in the background and
download them, finalise the year (a background job too); afterwards an officer's edit of a 2024
activity is refused with the lock message."""

import datetime
import io

import openpyxl
from docx import Document
import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from partnerships.models import LockedYear
from reports.models import FinalisedReport

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.worker import Worker
from tests.factories import ActivityFactory
from tests.reports.documents.test_annual import fixture_2024  # noqa: F401 (the fixture)


@pytest.fixture
def unlock_afterwards(transactional_db):
    """The live server's flush deletes every row; the year lock would refuse that for 2024."""
    yield
    # Reopened first: the database lets neither the lock nor a locking report go otherwise.
    FinalisedReport.objects.filter(reopened_at__isnull=True).update(
        reopened_at=timezone.now(), reopened_by_id=F("finalised_by_id"),
        reopen_reason="test teardown")
    LockedYear.objects.all().delete()
    FinalisedReport.objects.all().delete()


def test_coordinator_finalises_the_year_and_the_officer_is_refused(page, login, coordinator, officer, partnership,
                                                                   commune, fixture_2024,  # noqa: F811
                                                                   unlock_afterwards):
    draft = ActivityFactory(partnership=partnership, commune=commune, title="Hỗ trợ giống lúa",
                            start_date=datetime.date(2024, 10, 5))
    login(coordinator)
    page.click("text=Báo cáo năm")
    page.fill("#id_year", "2024")
    page.click("#annual-filter [type=submit]")
    expect(page.locator("#key-figures tr[data-key=activities]")).to_contain_text("3")
    expect(page.locator("#key-figures tr[data-key=money_total]")).to_contain_text("23.500.000\u00a0₫")
    expect(page.locator("#district-category")).to_contain_text("Huyện Tây Giang")
    screenshot(page, "annual-desktop")

    # Both files are built in the background: the page shows their progress, then the download.
    page.click("#download-xlsx")
    page.click("#download-docx")
    files = page.locator("#report-files [data-report-file]")
    expect(files).to_have_count(2)
    expect(files.first.locator("[data-job-label]")).to_have_text("Đang chờ")
    worker = Worker(max_tasks=2)
    worker.start()
    for index in range(2):
        expect(files.nth(index).locator("[data-job-download]")).to_be_visible(timeout=60_000)
        expect(files.nth(index).locator("[data-job-bar]")).to_have_text("100%")
    worker.join(timeout=30)
    screenshot(page, "annual-files-ready")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#report-files").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "annual-files-ready-phone.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_download() as download:
        files.filter(has_text=".xlsx").locator("[data-job-download]").click()
    path = download.value.path()
    assert download.value.suggested_filename == "bao-cao-ket-nghia-2024.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(open(path, "rb").read()))
    assert book.sheetnames[0] == "Tổng hợp"
    with page.expect_download() as download:
        files.filter(has_text=".docx").locator("[data-job-download]").click()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in "\n".join(
        cell.text for table in Document(download.value.path()).tables for row in table.rows for cell in row.cells)

    # Finalising too runs in the background, through the finalise service.
    # The fixture keeps activities waiting for confirmation: the page lists them and asks to confirm.
    expect(page.locator("#finalise-waiting")).to_be_visible()
    page.check("#id_waiting_acknowledged")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#finalise-form [type=submit]")
    expect(page.locator("#finalise-job [data-job-label]")).to_have_text("Đang chờ")
    expect(page.locator("#finalise-form")).to_have_count(0)  # no second start while it waits
    worker = Worker(max_tasks=1)
    worker.start()
    outcome = page.locator("#finalise-job [data-job-outcome]")
    expect(outcome).to_contain_text("Đã chốt số liệu báo cáo năm 2024 (lần 1)", timeout=60_000)
    worker.join(timeout=30)
    outcome.locator("a").click()
    expect(page.locator("#finalisation")).to_contain_text("SHA-256")
    screenshot(page, "annual-finalised")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "annual-phone")
    page.screenshot(path=str(SCREENSHOTS / "annual-phone-top.png"))
    page.set_viewport_size({"width": 1366, "height": 900})

    page.click("#user-menu")  # sign-out sits in the user menu with "Đổi mật khẩu"
    page.click("text=Đăng xuất")
    login(officer)
    page.goto(f"{page.base_url}/hoat-dong/{draft.pk}/sua/")
    if page.locator("#id_title").count():
        page.fill("#id_title", "Hỗ trợ giống lúa (sửa)")
        page.click("form [type=submit] >> nth=-1")
    expect(page.locator("body")).to_contain_text("Năm 2024 đã chốt số liệu báo cáo")
    screenshot(page, "annual-officer-refused")
    draft.refresh_from_db()
    assert draft.title == "Hỗ trợ giống lúa"
