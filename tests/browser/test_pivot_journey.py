"""A leader builds a pivot (agency kind × year, money) from the dashboard, exports it and opens the
file; the page breaks no rule of the CSP."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.reports.conftest import report_world  # noqa: F401  (the fixture)

M = 1_000_000
CSP_LISTENER = """document.addEventListener('securitypolicyviolation', e => {
    (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI); });"""


def test_leader_builds_exports_and_opens_a_pivot(page, login, leader, report_world, tmp_path):
    page.add_init_script(CSP_LISTENER)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(leader)
    page.goto(f"{page.base_url}/reports/tong-quan/?year=2024")
    page.click("#open-pivot")
    expect(page.locator("h1")).to_contain_text("Khám phá số liệu")

    page.select_option("#id_rows_1", "agency_kind")
    page.select_option("#id_cols_1", "year")
    page.uncheck("#id_measure_count")
    page.check("#id_measure_money_total")
    page.check("#id_measure_money_society")
    page.click("#pivot-form summary")
    page.fill("#id_year", "")
    page.fill("#id_year_from", "2023")
    page.fill("#id_year_to", "2024")
    page.click("#pivot-form [type=submit]")
    table = page.locator("#pivot-table")
    expect(table).to_contain_text("Cơ quan nhà nước")
    expect(table.locator("thead")).to_contain_text("2023")
    expect(table.locator("tbody tr").first).to_contain_text("26.000.000")
    expect(page.locator("#pivot-chart")).to_be_visible()
    expect(page.locator("#pivot-chart-title")).to_contain_text("Tổng kinh phí")  # the first measure
    assert "rows=agency_kind" in page.url and "cols=year" in page.url  # the layout is the link
    # sort by the 2024 money, descending: the enterprise (20M) before the state agency (18M)
    page.click("#pivot-table thead a[href*='sort=-money_total%402024']")
    expect(table.locator("tbody tr").first).to_contain_text("Doanh nghiệp")
    screenshot(page, "pivot-01-agency-kind-by-year")

    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    download = download_info.value
    assert download.suggested_filename == "bang-tong-hop-2023-2024.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[4][0] == "Loại cơ quan, đơn vị" and "2023" in rows[4] and "2024" in rows[4]
    assert rows[6][0] == "Doanh nghiệp"  # the page's order
    state = next(r for r in rows if r[0] == "Cơ quan nhà nước")
    assert state[-2:] == [26 * M, 5 * M]  # total, society over both years (the last block is the totals)
    assert rows[-1][0] == "Tổng cộng" and rows[-1][-2] == 48 * M
    if shutil.which("soffice"):  # the file prints: LibreOffice converts it to PDF
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       check=True, timeout=120, capture_output=True)
        assert (tmp_path / "bang-tong-hop-2023-2024.pdf").stat().st_size > 1000

    assert page.evaluate("window.__csp || []") == []
    assert not [e for e in errors if "Content Security Policy" in e]
