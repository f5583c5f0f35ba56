"""An administrator opens the audit page from the user menu, filters it, and exports it."""

from playwright.sync_api import expect

from partnerships import services
from partnerships.models import ActivityCategory
from tests.browser.conftest import screenshot


def test_administrator_reads_and_filters_the_audit_trail(page, login, administrator, coordinator):
    category = ActivityCategory.objects.get(code="tham-hoi")
    category.is_substantive = True
    services.category_save(actor=coordinator, category=category)
    login(administrator)
    page.click("#user-menu")
    page.click("text=Nhật ký thay đổi")
    expect(page.locator("h1")).to_have_text("Nhật ký thay đổi")
    page.fill("#id_text", "tham hoi")
    page.click("#audit-filter [type=submit]")
    expect(page.locator("#audit-table tbody tr").first).to_contain_text("Thăm hỏi, tặng quà")
    expect(page.locator("#audit-table tbody tr").first).to_contain_text("Sửa")
    expect(page.locator("#audit-table tbody tr").first).to_contain_text("thiết thực: không → có")
    screenshot(page, "audit")
    with page.expect_download() as download:
        page.click("#audit-export")
    assert download.value.suggested_filename.startswith("nhat-ky-thay-doi-")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "audit-phone")
