"""A coordinator's journey through the admin: log in, open the activities, filter them, and
import a spreadsheet with a mistake in it."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Activity, ActivityStatus
from tests.browser.conftest import screenshot
from tests.factories import ActivityFactory, category


@pytest.fixture
def activities(partnership, commune):
    waiting = [
        ActivityFactory(partnership=partnership, commune=commune, title=title, budget_state=1_250_000,
                        budget_society=0)
        for title in ("Hỗ trợ giống bò sinh sản", "Lớp dạy nghề đan lát")
    ]
    Activity.objects.filter(pk__in=[a.pk for a in waiting]).update(status=ActivityStatus.SUBMITTED)
    ActivityFactory(partnership=partnership, commune=commune, title="Tặng quà Tết Nguyên đán",
                    category=category("tham-hoi"))
    return waiting


def test_coordinator_filters_activities_in_the_admin(page, login, coordinator, activities):
    login(coordinator)
    page.goto(f"{page.base_url}/admin/partnerships/activity/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#result_list")).to_contain_text("1.250.000\u00a0₫")

    page.locator("#changelist-filter").get_by_role("link", name="Chờ duyệt", exact=True).click()
    expect(page).to_have_url(re.compile(r"status__exact=submitted"))
    expect(rows).to_have_count(2)
    titles = sorted(rows.locator("th a").all_inner_texts())
    assert titles == ["Hỗ trợ giống bò sinh sản", "Lớp dạy nghề đan lát"]
    screenshot(page, "admin-activity-changelist-filtered")

    # Diacritic-free search narrows the filtered list further.
    page.fill("#searchbar", "day nghe dan lat")
    page.press("#searchbar", "Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lớp dạy nghề đan lát")


def test_import_with_a_bad_row_shows_every_mistake_and_writes_nothing(page, login, coordinator, partnership,
                                                                      commune, tmp_path):
    header = ["Cơ quan, đơn vị", "Mã địa phương kết nghĩa", "Loại hoạt động", "Tên hoạt động", "Ngày bắt đầu",
              "Mã xã thực hiện", "Số người được hỗ trợ", "Trong đó người dân tộc thiểu số"]
    good = [partnership.agency.name, partnership.unit.code, "mo-hinh", "Mô hình trồng sâm", "15/03/2024",
            commune.code, "20", "10"]
    out = io.StringIO()
    csv.writer(out).writerows([
        header, good,
        good[:4] + ["31/02/2024"] + good[5:],
        good[:6] + ["20", "35"],
        [partnership.agency.name, partnership.unit.code, "loai-la", "Không rõ loại", "01/04/2024", commune.code, "", ""],
    ])
    path = tmp_path / "hoat-dong.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))

    login(coordinator)
    page.goto(f"{page.base_url}/admin/partnerships/activity/import/")
    page.select_option("select[name=format]", label="csv")
    page.set_input_files("input[name=import_file]", str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()

    expect(page.locator(".import-errors h2")).to_contain_text("Có 3 dòng không hợp lệ")
    table = page.locator(".import-error-table")
    expect(table).to_contain_text("“31/02/2024” không phải ngày hợp lệ")
    expect(table).to_contain_text("Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ.")
    expect(table).to_contain_text("Không có loại hoạt động “loai-la”")
    assert table.locator("td.row-number").all_inner_texts() == ["3", "4", "5"]
    screenshot(page, "admin-import-errors")
    assert not Activity.objects.exists()
