"""A leader's journey: open the dashboard, change the year and the district, follow a figure to
the list of activities behind it. Screenshots: desktop, print (A4) and phone."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.reports.conftest import report_world  # noqa: F401  (the fixture)


def test_leader_reads_the_dashboard_and_follows_a_figure(page, login, leader, report_world):
    login(leader)
    page.goto(f"{page.base_url}/reports/tong-quan/")
    expect(page.locator("h1")).to_contain_text("Tổng quan chương trình kết nghĩa")

    page.fill("#id_year", "2024")
    page.click("#report-filter [type=submit]")
    expect(page).to_have_url(re.compile(r"year=2024"))
    expect(page.locator("#figure-activities .figure-value")).to_have_text("3")
    expect(page.locator("#figure-money_total .figure-value")).to_have_text("38.000.000\u00a0₫")
    expect(page.locator("#district-table")).to_contain_text("Huyện Tây Giang")
    expect(page.locator("#gap-communes-without-partner")).to_contain_text("Xã Trà Leng")
    expect(page.locator("canvas#chart-categories")).to_be_visible()
    screenshot(page, "dashboard-desktop")
    page.emulate_media(media="print")
    screenshot(page, "dashboard-print")
    page.pdf(path=str(SCREENSHOTS / "dashboard-a4.pdf"), format="A4", print_background=True)  # the real print
    page.emulate_media(media="screen")

    page.select_option("#id_district", label="Huyện Tây Giang")
    page.select_option("#id_category", label="Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội")
    page.click("#report-filter [type=submit]")
    expect(page).to_have_url(re.compile(r"district=504"))
    expect(page.locator("#figure-activities .figure-value")).to_have_text("1")

    page.click("#figure-activities a")
    expect(page).to_have_url(re.compile(r"/hoat-dong/\?"))
    rows = page.locator("#activity-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(report_world.a1.title)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/reports/tong-quan/?year=2024")
    expect(page.locator("#figure-activities .figure-value")).to_have_text("3")
    screenshot(page, "dashboard-phone")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-phone-top.png"))  # what a phone shows first
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{page.base_url}/reports/tong-quan/huyen/504/?year=2024")
    expect(page.locator("#commune-table")).to_contain_text("Xã A Xan")
    screenshot(page, "dashboard-district")
    page.goto(f"{page.base_url}/reports/tong-quan/co-quan/{report_world.a.pk}/?year=2024")
    expect(page.locator("#plan-table")).to_contain_text("36.000.000")
    screenshot(page, "dashboard-agency")
