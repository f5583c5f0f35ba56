"""A coordinator's year end: generate the report for 2024, download both files, finalise the year;
afterwards an officer's edit of a 2024 activity is refused with the lock message."""

import datetime
import io

import openpyxl
from docx import Document
import pytest
from playwright.sync_api import expect

from partnerships.models import LockedYear
from reports.models import FinalisedReport

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.factories import ActivityFactory
from tests.reports.documents.test_annual import fixture_2024  # noqa: F401 (the fixture)


@pytest.fixture
def unlock_afterwards(transactional_db):
    """The live server's flush deletes every row; the year lock would refuse that for 2024."""
    yield
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

    with page.expect_download() as download:
        page.click("#download-xlsx")
    path = download.value.path()
    assert download.value.suggested_filename == "bao-cao-ket-nghia-2024.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(open(path, "rb").read()))
    assert book.sheetnames[0] == "Tổng hợp"
    with page.expect_download() as download:
        page.click("#download-docx")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in "\n".join(
        cell.text for table in Document(download.value.path()).tables for row in table.rows for cell in row.cells)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#finalise-form [type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã chốt số liệu báo cáo năm 2024 (lần 1)")
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
