"""A coordinator plans and records an inspection with a recommendation; the officer of the
inspected agency sees the notice in the top bar, opens it and reports the follow-up with
evidence; the coordinator is told."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import FollowUp, Inspection, Recommendation
from notifications.models import Event, Notification
from tests.browser.conftest import PNG, logout, screenshot




@pytest.mark.django_db(transaction=True)
def test_inspection_recommendation_follow_up(page, login, coordinator, officer, agency, partnership, tmp_path):
    base = page.base_url
    today = timezone.localdate()
    deadline = today + timedelta(days=20)

    login(coordinator)
    page.goto(f"{base}/kiem-tra/")
    page.get_by_role("link", name="Thêm vào kế hoạch").click()
    page.fill("#id_year", str(today.year))
    page.select_option("#id_kind", "inspection")
    page.select_option("#id_partnership", str(partnership.pk))
    page.fill("#id_subject", "Kiểm tra thực hiện kết nghĩa năm nay")
    page.fill("#id_lead_body", "Ban Dân vận Tỉnh ủy")
    page.fill("#id_planned_date", today.strftime("%d/%m/%Y"))
    page.fill("#id_team-0-name", "Trần Thị B")
    page.fill("#id_team-0-body", "Ban Dân vận Tỉnh ủy")
    page.check("#id_team-0-is_lead")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_have_text("Kiểm tra thực hiện kết nghĩa năm nay")

    page.get_by_role("link", name="Ghi kết quả").click()
    page.fill("#id_done_date", today.strftime("%d/%m/%Y"))
    page.select_option("#id_rating", "fair")
    page.fill("#id_findings", "Hỗ trợ đúng đối tượng; hồ sơ minh chứng chưa đầy đủ.")
    page.fill("#id_rec-0-text", "Bổ sung hồ sơ minh chứng các hoạt động")
    page.select_option("#id_rec-0-owner_agency", str(agency.pk))
    page.fill("#id_rec-0-deadline", deadline.strftime("%d/%m/%Y"))
    screenshot(page, "inspections-01-record")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi kết quả kiểm tra")
    expect(page.locator("[id^=kien-nghi-]")).to_contain_text("Bổ sung hồ sơ minh chứng")
    logout(page)

    login(officer)
    expect(page.locator("#unread-badge")).to_have_text("1")
    page.click("#notification-bell")
    notice = page.locator("[data-notice]").first
    expect(notice).to_contain_text("Kiến nghị sau")
    screenshot(page, "inspections-02-officer-inbox")
    notice.click()
    expect(page.locator("h1")).to_have_text("Kiểm tra thực hiện kết nghĩa năm nay")
    recommendation = Recommendation.objects.get()
    form = page.locator(f"[data-follow-up='{recommendation.pk}']")
    form.locator("textarea").fill("Đã bổ sung 12 bộ hồ sơ, lưu tại văn phòng Sở.")
    form.locator("input[type=checkbox]").check()
    evidence = tmp_path / "bien-ban.png"
    evidence.write_bytes(PNG)
    form.locator("input[type=file]").set_input_files(str(evidence))
    form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo thực hiện kiến nghị")
    expect(page.locator(f"#kien-nghi-{recommendation.pk}")).to_contain_text("Đã thực hiện")
    screenshot(page, "inspections-03-follow-up")
    expect(page.locator("#unread-badge")).to_be_hidden()  # the notice was read when opened

    recommendation.refresh_from_db()
    assert recommendation.follow_up == FollowUp.DONE and recommendation.evidence_name == "bien-ban.png"
    assert Inspection.objects.get().status == "done"
    assert Notification.objects.filter(recipient=coordinator, event=Event.FOLLOW_UP_REPORTED).exists()
