"""A coordinator exports the whole province's year and watches the progress bar reach the
download, without reloading the page; the file is in "Tệp của tôi" afterwards.

CI uses a few hundred activities (the job reports each row, slowed down here so the bar is seen
moving); the 200 000-activity run is a benchmark (bench/export_job.py, docs/performance.md)."""

import io
import time
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from jobs import runner
from tests.browser.conftest import screenshot
from tests.browser.worker import Worker
from tests.factories import ActivityFactory

ROWS = 240


@pytest.mark.django_db(transaction=True)
def test_coordinator_watches_the_export_reach_the_download(page, login, coordinator, partnership, monkeypatch):
    for number in range(ROWS):
        ActivityFactory(partnership=partnership, title=f"Hoạt động {number}", start_date=date(2024, 1 + number % 12, 5))
    ActivityFactory(partnership=partnership, title="Năm khác", start_date=date(2023, 6, 1))
    # Slow each row down a little and report every time, so the poll sees the bar in between.
    monkeypatch.setattr(runner, "PROGRESS_EVERY", 0)
    advance = runner.JobRun.advance

    def slow_advance(self, count=1):
        time.sleep(0.01)
        advance(self, count)

    monkeypatch.setattr(runner.JobRun, "advance", slow_advance)

    login(coordinator)
    page.goto(f"{page.base_url}/hoat-dong/?year=2024")
    page.click("#export-link")
    expect(page.locator("h1")).to_contain_text("Danh sách hoạt động")
    expect(page.locator("[data-job-label]")).to_have_text("Đang chờ")

    worker = Worker()
    worker.start()
    bar = page.locator("[data-job-bar]")
    page.wait_for_function(
        "() => { const n = +document.querySelector('.progress').getAttribute('aria-valuenow'); return n > 0 && n < 100; }"
    )
    screenshot(page, "jobs-01-export-progress")
    expect(page.locator("[data-job-download]")).to_be_visible(timeout=60_000)
    expect(bar).to_have_text("100%")
    expect(page.locator("[data-job-total]")).to_have_text(str(ROWS))
    screenshot(page, "jobs-02-export-done")
    worker.join(timeout=30)

    with page.expect_download() as download_info:
        page.click("[data-job-download]")
    content = open(download_info.value.path(), "rb").read()
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == ROWS + 1  # header + the year's rows, not the other year's

    page.goto(f"{page.base_url}/tep-cua-toi/")
    expect(page.locator("#job-list")).to_contain_text("hoat-dong-ket-nghia-")
    screenshot(page, "jobs-03-my-files")
