"""A leader reads the reports across the 1 July 2025 reform: 2026 by the new communes with their
former district, then 2021–2026 switched to today's map (the totals do not move), and follows a
commune's figures to the activities behind them. Screenshots: desktop and phone."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.reports.test_geographies import reform  # noqa: F401  (the fixture)


def test_leader_reads_2026_by_new_communes_and_switches_the_map(page, login, leader, reform):
    login(leader)
    page.goto(f"{page.base_url}/reports/tong-quan/?year=2026")
    table = page.locator("#commune-table")
    expect(table).to_contain_text("Xã Hùng Sơn")
    expect(table).to_contain_text("Khu vực huyện Tây Giang cũ")
    expect(page.locator("#district-table")).to_contain_text("Khu vực huyện Tây Giang cũ")
    screenshot(page, "reform-2026-desktop")

    page.fill("#id_year", "")
    page.fill("#id_year_from", "2021")
    page.fill("#id_year_to", "2026")
    page.click("#report-filter [type=submit]")
    recorded_total = page.locator("#figure-money_total .figure-value").inner_text()
    expect(table).to_contain_text("Xã A Xan")  # old communes as recorded
    page.select_option("#id_geography", label="Hiện nay")
    page.click("#report-filter [type=submit]")
    expect(page).to_have_url(re.compile(r"geography=today"))
    expect(page.locator("#geography-note")).to_contain_text("Theo địa giới hiện nay")
    expect(page.locator("#figure-money_total .figure-value")).to_have_text(recorded_total)
    expect(table).not_to_contain_text("Xã A Xan")
    expect(page.locator("#split-note")).to_contain_text("Xã Hòa Liên")
    screenshot(page, "reform-2021-2026-today")

    table.get_by_role("link", name="Xã Hùng Sơn").click()
    expect(page.locator("h1")).to_contain_text("Xã Hùng Sơn")
    expect(page.locator("#figure-money_total .figure-value")).to_have_text("33.000.000\u00a0₫")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "reform-commune-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_leader_finds_a_new_commune_under_its_former_district_in_the_pivot(page, login, leader, reform):
    login(leader)
    page.goto(f"{page.base_url}/reports/kham-pha/?year=2026&rows=commune")
    page.click("#pivot-form summary")
    area = page.locator("#id_commune optgroup[label='Khu vực huyện Tây Giang cũ']")
    expect(area.locator("option", has_text="Xã Hùng Sơn")).to_have_count(1)
    expect(page.locator("#id_commune optgroup[label='Thành phố Đà Nẵng']")).to_have_count(0)
    page.select_option("#id_commune", label="Xã Hùng Sơn")
    page.click("#pivot-form [type=submit]")
    expect(page.locator("#pivot-scope")).to_contain_text("Xã Hùng Sơn – khu vực huyện Tây Giang cũ")
    screenshot(page, "reform-pivot-commune")
