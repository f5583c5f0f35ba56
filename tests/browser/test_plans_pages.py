"""The partnership, plan and model pages in a real browser, at desktop and phone widths: a
coordinator ends a partnership after a refused date; an officer enters a plan typing money the
Vietnamese way and reads plan against approved results."""

import datetime

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import ActivityCategory, PartnershipStatus
from tests.browser.conftest import logout, screenshot
from tests.factories import ActivityFactory, DevelopmentModelFactory


def menu(page, item):
    page.locator("#nav-partnerships").click()
    page.locator(".dropdown-menu").get_by_role("link", name=item).click()



@pytest.mark.django_db(transaction=True)
def test_plan_and_partnership_pages(page, login, officer, coordinator, partnership, commune, other_partnership):
    model_cat = ActivityCategory.objects.get(code="mo-hinh")
    ActivityFactory(partnership=partnership, commune=commune, category=model_cat, status="approved",
                    start_date=datetime.date(2025, 3, 1), budget_state=30_000_000, budget_society=10_000_000,
                    people_trained=12, jobs_created=4, title="Hỗ trợ giống bò cho hộ nghèo xã A Xan")
    origin = DevelopmentModelFactory(name="Mô hình nuôi bò sinh sản", partnership=partnership, commune=commune,
                                     started_on=datetime.date(2025, 2, 1), households=18)
    services.development_model_save(actor=officer, model=origin, stage="developed")

    # The officer enters the 2025 plan, typing money with dots.
    login(officer)
    page.goto(f"{page.base_url}/ket-nghia/{partnership.pk}/ke-hoach/2025/sua/")
    page.fill("#id_money_target", "80.000.000")
    page.fill("#id_society_money_target", "90.000.000")
    page.fill(f"#id_cat_{model_cat.pk}", "2")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.locator(".invalid-feedback")).to_contain_text(
        "Kinh phí xã hội hóa không được lớn hơn tổng kinh phí dự kiến.")
    expect(page.locator("#id_money_target")).to_have_value("80.000.000")
    screenshot(page, "plans-01-form-error")
    page.fill("#id_society_money_target", "20.000.000")
    page.fill("#id_people_trained_target", "24")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kế hoạch năm 2025")
    figures = page.locator("#plan-figures")
    expect(figures).to_contain_text("80.000.000\u00a0₫")
    expect(figures).to_contain_text("40.000.000\u00a0₫")
    expect(figures).to_contain_text("50\u00a0%")
    screenshot(page, "plans-02-plan-vs-results")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "plans-02-plan-vs-results-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    menu(page, "Mô hình phát triển")
    page.get_by_role("link", name="Mô hình nuôi bò sinh sản").first.click()
    # The model's own stage dates: built on its start date, developed now (the current step).
    expect(page.locator("#stage-dates li")).to_have_count(4)
    expect(page.locator("#stage-dates li").first).to_contain_text("01/02/2025")
    expect(page.locator('#stage-dates li[aria-current="step"]')).to_contain_text("Phát triển")
    screenshot(page, "plans-03-model-page")
    menu(page, "Kế hoạch năm")
    expect(page.locator("#plan-list tbody tr")).to_have_count(1)
    screenshot(page, "plans-04-plan-list")
    logout(page)

    # The coordinator ends the partnership; a date before signing is refused on the form.
    login(coordinator)
    menu(page, "Quan hệ kết nghĩa")
    expect(page.locator("table tbody tr")).to_have_count(2)
    screenshot(page, "plans-05-partnership-list")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "plans-05-partnership-list-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name=partnership.agency.name).click()
    page.get_by_role("link", name="Kết thúc kết nghĩa").click()
    page.fill("#id_ended_on", "01/01/2020")
    page.fill("#id_reason", "Sáp nhập đơn vị hành chính")
    page.get_by_role("button", name="Kết thúc kết nghĩa").click()
    expect(page.locator(".alert-danger")).to_contain_text("Ngày kết thúc không được trước ngày ký kết.")
    expect(page.locator("#id_reason")).to_have_value("Sáp nhập đơn vị hành chính")
    page.fill("#id_ended_on", "30/06/2025")
    page.get_by_role("button", name="Kết thúc kết nghĩa").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã kết thúc quan hệ kết nghĩa")
    expect(page.locator("#history")).to_contain_text("Sáp nhập đơn vị hành chính")
    screenshot(page, "plans-06-partnership-ended")
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ENDED
