"""The officers' Excel import in a real browser: download the agency's template, upload a file
with one bad row (explained, nothing written), then a good one: preview, confirm, drafts listed."""

import datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from partnerships.io import officer_import
from partnerships.models import Activity, ActivityStatus
from tests.browser.conftest import screenshot
from tests.partnerships.web.imports.test_officer_import import XLSX, fill_rows

CATEGORY = "Đào tạo nghề, giải quyết việc làm"
TITLES = ["Dạy nghề đan lát cho thanh niên thôn Aur", "Tập huấn kỹ thuật trồng ba kích tím"]


def fill(template_path, rows) -> dict:
    return {"name": "hoat-dong-2025.xlsx", "mimeType": XLSX, "buffer": fill_rows(load_workbook(template_path), rows)}


@pytest.mark.django_db(transaction=True)
def test_import_journey(page, login, officer, partnership, commune, tmp_path):
    login(officer)
    page.locator("#nav-partnerships").click()
    page.get_by_role("link", name="Nhập hoạt động từ Excel").click()
    expect(page.locator("h1")).to_have_text("Nhập hoạt động từ Excel")
    screenshot(page, "import-01-upload-page")
    with page.expect_download() as download_info:
        page.locator("#download-template").click()
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)

    row = {
        "Loại hoạt động (*)": CATEGORY,
        "Địa phương kết nghĩa (*)": officer_import.partnership_label(partnership),
        "Xã thực hiện": officer_import.commune_label(commune),
        "Ngày bắt đầu (*)": datetime.date(2025, 4, 2),
        "Ngân sách nhà nước (đồng)": 18_500_000,
        "Xã hội hóa (đồng)": "6.000.000",
        "Số người được hỗ trợ": 25,
        "Trong đó người dân tộc thiểu số": 25,
        "Số người được đào tạo, bồi dưỡng": 25,
    }
    good = [{**row, "Tên hoạt động (*)": TITLES[0]}, {**row, "Tên hoạt động (*)": TITLES[1]}]
    bad = [good[0], {**good[1], "Ngày bắt đầu (*)": "31/04/2025"}]

    # 1. One bad row: explained by row, column and message; nothing written; no confirm button.
    page.set_input_files("#id_file", files=[fill(template, bad)])
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("#import-errors-summary")).to_contain_text("Chưa ghi dòng nào")
    error_row = page.locator("#import-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text("3")
    expect(error_row).to_contain_text("Ngày bắt đầu (*)")
    expect(error_row).to_contain_text("“31/04/2025” không phải ngày hợp lệ; ghi theo dạng dd/mm/yyyy.")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    screenshot(page, "import-02-bad-row")
    assert not Activity.objects.exists()

    # 2. A good file: the preview lists both rows with money the Vietnamese way, then confirm.
    page.get_by_role("link", name="Tải tệp khác").click()
    page.set_input_files("#id_file", files=[fill(template, good)])
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("#import-rows tbody tr")).to_have_count(2)
    expect(page.locator("#import-rows")).to_contain_text("24.500.000\u00a0₫")
    expect(page.locator("#import-rows")).to_contain_text("02/04/2025")
    screenshot(page, "import-03-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-03-preview-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not Activity.objects.exists()
    page.get_by_role("button", name="Xác nhận nhập").click()

    # 3. The drafts are in the officer's list.
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập 2 hoạt động ở trạng thái nháp")
    for title in TITLES:
        expect(page.locator("a:visible", has_text=title).first).to_be_visible()
    screenshot(page, "import-04-drafts-in-list")
    activities = Activity.objects.all()
    assert {a.title for a in activities} == set(TITLES)
    assert all(a.status == ActivityStatus.DRAFT and a.created_by == officer for a in activities)
