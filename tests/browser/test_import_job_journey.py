"""A large officers' import in a real browser: the preview of a file longer than
IMPORT_INLINE_MAX, the confirm that goes to the background, the job's page with its progress
and its result, then the drafts in the list."""

import datetime

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from partnerships.io import officer_import
from partnerships.models import Activity, ActivityStatus
from tests.browser.conftest import screenshot
from tests.browser.test_import_journey import CATEGORY, fill
from tests.browser.worker import Worker

ROWS = 30


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_written_by_a_job(page, login, officer, partnership, commune, tmp_path, settings):
    settings.IMPORT_INLINE_MAX = 10
    login(officer)
    page.goto(f"{page.base_url}/nhap-excel/")
    with page.expect_download() as download_info:
        page.locator("#download-template").click()
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)
    rows = [{
        "Tên hoạt động (*)": f"Tập huấn kỹ thuật trồng sâm, lớp {n + 1}",
        "Loại hoạt động (*)": CATEGORY,
        "Địa phương kết nghĩa (*)": officer_import.partnership_label(partnership),
        "Xã thực hiện": officer_import.commune_label(commune),
        "Ngày bắt đầu (*)": datetime.date(2025, 4, 1) + datetime.timedelta(days=n),
        "Ngân sách nhà nước (đồng)": 2_000_000,
        "Số người được hỗ trợ": 20,
        "Trong đó người dân tộc thiểu số": 18,
    } for n in range(ROWS)]
    page.set_input_files("#id_file", files=[fill(template, rows)])
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{ROWS} hoạt động sẽ được nhập")
    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page.locator("h1")).to_have_text("Nhập hoạt động từ hoat-dong-2025.xlsx")
    expect(page.locator("[data-job-label]")).to_have_text("Đang chờ")
    assert not Activity.objects.exists()
    screenshot(page, "import-05-job-waiting")
    worker = Worker()
    worker.start()
    outcome = page.locator("[data-job-outcome]")
    expect(outcome).to_contain_text(f"Đã nhập {ROWS} hoạt động ở trạng thái nháp", timeout=60_000)
    expect(page.locator("[data-job-bar]")).to_have_text("100%")
    expect(page.locator("[data-job-total]")).to_have_text(str(ROWS))
    expect(page.locator("[data-job-download]")).to_be_hidden()  # an import has no file to download
    worker.join(timeout=30)
    full = ("() => { const bar = document.querySelector('[data-job-bar]');"
            " return bar.getBoundingClientRect().width >= bar.parentNode.getBoundingClientRect().width - 1; }")
    page.wait_for_function(full)  # the bar's width eases to 100 %
    screenshot(page, "import-06-job-done")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(full)
    screenshot(page, "import-06-job-done-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    outcome.get_by_role("link", name="Xem các bản nháp").click()
    expect(page.locator("a:visible", has_text="lớp 30").first).to_be_visible()
    assert Activity.objects.filter(status=ActivityStatus.DRAFT, created_by=officer).count() == ROWS
