"""The whole review journey in a real browser: an officer records an activity with evidence and
submits it, the coordinator returns it with a comment, the officer reads the comment on the home
page, fixes and resubmits, the coordinator approves it from the list, the focal point confirms."""

import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Activity, ActivityStatus, ConfirmationStatus
from tests.browser.conftest import PNG, logout, screenshot

TITLE = "Hỗ trợ 10 con bò sinh sản cho hộ nghèo thôn Bhơ Hôồng"



@pytest.mark.django_db(transaction=True)
def test_activity_review_journey(page, login, officer, coordinator, focal_point, partnership, commune):
    base = page.base_url

    # 1. The officer fills the form; a slip is reported on the field and what was typed stays.
    login(officer)
    screenshot(page, "portal-01-home-officer-empty")
    page.get_by_role("link", name="Ghi nhận hoạt động").first.click()
    page.select_option("#id_partnership", str(partnership.pk))
    page.select_option("#id_category", label="Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội")
    page.fill("#id_title", TITLE)
    page.select_option("#id_commune", str(commune.pk))
    page.fill("#id_start_date", "15032024")  # typed in a hurry; tidied on leaving the field
    page.fill("#id_budget_state", "125000000")
    page.fill("#id_budget_society", "30.000.000 ₫")
    page.fill("#id_households_reached", "10")
    page.fill("#id_people_reached", "42")
    page.fill("#id_ethnic_minority_people", "45")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator(".has-error")).to_contain_text(
        "Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ.")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_start_date")).to_have_value("15/03/2024")
    expect(page.locator("#id_budget_society")).to_have_value("30.000.000")  # tidied while typing
    screenshot(page, "portal-02-form-with-error")
    page.fill("#id_ethnic_minority_people", "40")
    page.set_input_files("#id_files", files=[{"name": "anh-ban-giao.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu và gửi duyệt")
    expect(page.locator("#attachments img.attachment-thumb")).to_have_count(1)
    activity = Activity.objects.get(title=TITLE)
    assert activity.status == ActivityStatus.SUBMITTED
    assert (activity.budget_state, activity.budget_society) == (125_000_000, 30_000_000)
    assert activity.attachments.get().content_type == "image/png"
    detail_url = page.url
    logout(page)

    # 2. The coordinator returns it with a comment.
    login(coordinator)
    expect(page.locator("#home-to-review")).to_contain_text(TITLE)
    screenshot(page, "portal-02b-home-coordinator")
    page.goto(detail_url)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    page.fill("#return-comment", "Ghi rõ danh sách 10 hộ nhận bò và biên bản bàn giao.")
    page.get_by_role("button", name="Trả lại cho cơ quan").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trả lại")
    logout(page)

    # 3. The officer sees the comment on the home page, fixes and resubmits.
    login(officer)
    returned = page.locator("#home-returned")
    expect(returned).to_contain_text("Ghi rõ danh sách 10 hộ nhận bò")
    screenshot(page, "portal-03-home-officer-returned")
    returned.locator("a.list-group-item-action").first.click()
    page.get_by_role("link", name="Sửa").click()
    expect(page.locator("#id_budget_state")).to_have_value("125.000.000")
    page.fill("#id_description", "Danh sách 10 hộ và biên bản bàn giao ngày 15/03/2024 kèm theo.")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu và gửi duyệt")
    logout(page)

    # 4. The coordinator approves it from the list (bulk approve with its checkbox).
    login(coordinator)
    page.goto(f"{base}/hoat-dong/?status=submitted")
    expect(page.locator("#activity-table tbody tr")).to_have_count(1)
    screenshot(page, "portal-04-list-coordinator")
    page.locator(f"#activity-table input[name=ids][value='{activity.pk}']").check()
    page.locator("#bulk-form .bulk-bar").get_by_role("button", name="Duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã duyệt 1 hoạt động.")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED
    logout(page)

    # 5. The focal point of the commune confirms receipt.
    login(focal_point)
    expect(page.locator("#home-to-confirm")).to_contain_text(TITLE)
    page.locator("#home-to-confirm a.list-group-item-action").first.click()
    page.get_by_role("button", name="Xác nhận đã nhận hỗ trợ").click()
    expect(page.locator("#confirmation")).to_contain_text("Địa phương đã xác nhận")
    timeline = page.locator("#timeline li")
    expect(timeline).to_have_count(6)  # created, submitted, returned, resubmitted, approved, confirmed
    expect(timeline.last).to_contain_text("Địa phương đã xác nhận")
    expect(page.locator("#timeline")).to_contain_text("Ghi rõ danh sách 10 hộ nhận bò")
    expect(page.locator("#history")).to_contain_text("Nội dung")
    screenshot(page, "portal-05-detail-confirmed")
    activity.refresh_from_db()
    assert activity.confirmation_status == ConfirmationStatus.CONFIRMED

    # 6. On a phone: the list's rows become cards (the same markup, no table head), the form a
    # single column.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/hoat-dong/")
    card = page.locator("#activity-table tbody tr")
    expect(card).to_have_count(1)
    expect(page.locator("#activity-table thead")).to_be_hidden()
    expect(card.locator(".cell-phone")).to_be_visible()  # date · agency → place under the title
    assert card.evaluate("row => getComputedStyle(row).display") == "flex"
    title, money = (card.locator(sel).bounding_box() for sel in (".cell-title", ".cell-money"))
    assert money["y"] > title["y"] and title["width"] > 300  # the title spans the card, money below
    screenshot(page, "portal-06-list-390")
    page.goto(detail_url)
    screenshot(page, "portal-07-detail-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    logout(page)
    login(officer)
    page.goto(f"{base}/hoat-dong/them/")
    boxes = [page.locator(sel).bounding_box() for sel in ("#id_budget_state", "#id_budget_society")]
    assert boxes[1]["y"] > boxes[0]["y"] and abs(boxes[1]["x"] - boxes[0]["x"]) < 2  # stacked, not side by side
    screenshot(page, "portal-08-form-390")
    assert re.search(r"/hoat-dong/them/$", page.url)
