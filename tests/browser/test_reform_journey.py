"""Across the 2025 reform in a real browser: an officer records a 2026 activity at a new commune
(the commune list follows the start date); a coordinator confirms re-pointing proposals, then
moves the activities recorded at an abolished commune after it ended (picking where it was split)."""

import datetime

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Activity, Agency, Partnership, PartnershipStatus, UnitSuccession
from tests.browser.conftest import screenshot
from tests.factories import ActivityFactory, AgencyFactory, PartnershipFactory
from tests.reform import REFORM_DAY, build_reform

TITLE = "Tập huấn kỹ thuật trồng sâm cho hộ nghèo"


@pytest.mark.django_db(transaction=True)
def test_officer_records_a_2026_activity_at_a_new_commune(page, login, officer, coordinator):
    reform = build_reform()
    agency = Agency.objects.get(pk=officer.agency_id)
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    district = PartnershipFactory(agency=agency, unit=reform.district)  # not re-pointed yet

    login(officer)
    page.get_by_role("link", name="Ghi nhận hoạt động").first.click()
    # The old district's communes are offered for a 2025 date, not for a 2026 one.
    page.select_option("#id_partnership", str(district.pk))
    page.fill("#id_start_date", "15/03/2025")
    page.locator("#id_start_date").blur()
    expect(page.locator(f"#id_commune option[value='{reform.chom.pk}']")).to_be_enabled()
    page.fill("#id_start_date", "12022026")
    page.locator("#id_start_date").blur()
    expect(page.locator("#id_start_date")).to_have_value("12/02/2026")
    expect(page.locator(f"#id_commune option[value='{reform.chom.pk}']")).to_be_disabled()
    # At the new commune it goes through.
    page.select_option("#id_partnership", str(new.pk))
    expect(page.locator(f"#id_commune option[value='{reform.hung_son.pk}']")).to_be_enabled()
    page.select_option("#id_category", label="Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội")
    page.fill("#id_title", TITLE)
    # The new commune is found under its former district, as leaders and officers still think of it.
    page.select_option("#id_commune", label="Xã Hùng Sơn (khu vực huyện Tây Giang cũ)")
    page.fill("#id_budget_state", "25.000.000")
    page.fill("#id_people_reached", "30")
    page.fill("#id_ethnic_minority_people", "28")
    screenshot(page, "reform-01-form-2026-new-commune")
    page.get_by_role("button", name="Lưu nháp", exact=True).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    activity = Activity.objects.get(title=TITLE)
    assert (activity.partnership, activity.commune, activity.start_date) == (new, reform.hung_son, datetime.date(2026, 2, 12))
    screenshot(page, "reform-02-activity-2026")


@pytest.mark.django_db(transaction=True)
def test_coordinator_confirms_re_pointing_proposals(page, login, coordinator):
    reform = build_reform()
    agency, other = AgencyFactory(name="Sở Y tế"), AgencyFactory(name="Sở Xây dựng")
    a = PartnershipFactory(agency=agency, unit=reform.a_xan)
    b = PartnershipFactory(agency=agency, unit=reform.chom)
    kept = PartnershipFactory(agency=other, unit=reform.district)

    login(coordinator)
    page.goto(f"{page.base_url}/ket-nghia/")
    page.get_by_role("link", name="Chuyển quan hệ kết nghĩa").click()
    expect(page.locator("h1")).to_have_text("Chuyển quan hệ kết nghĩa sang đơn vị hành chính mới")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("tbody")).to_contain_text("Xã Hùng Sơn")
    expect(page.locator("tbody")).to_contain_text("Gộp với:")
    screenshot(page, "reform-03-repointing-proposals")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "reform-03b-repointing-proposals-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    page.uncheck(f"#repoint-{kept.pk}")  # the district's proposal waits for another day
    page.get_by_role("button", name="Xác nhận chuyển các quan hệ đã chọn").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã chuyển 2 quan hệ kết nghĩa sang 1 quan hệ kết nghĩa")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Sở Xây dựng")
    screenshot(page, "reform-04-after-confirm")
    a.refresh_from_db(), b.refresh_from_db(), kept.refresh_from_db()
    assert a.status == b.status == PartnershipStatus.ENDED and kept.status == PartnershipStatus.ACTIVE
    new = Partnership.objects.get(agency=agency, status=PartnershipStatus.ACTIVE)
    assert new.unit == reform.hung_son and set(new.predecessors.all()) == {a, b}
    # the new partnership's page shows it (and the old one's history keeps the reason)
    page.goto(f"{page.base_url}/ket-nghia/{a.pk}/")
    expect(page.locator("body")).to_contain_text("sắp xếp đơn vị hành chính")


@pytest.mark.django_db(transaction=True)
def test_coordinator_moves_activities_recorded_at_an_abolished_commune(page, login, coordinator):
    reform = build_reform()
    # Ga Ri was split: its main part went to Xã Tây Giang, a part to Xã Hùng Sơn.
    UnitSuccession.objects.create(predecessor=reform.ga_ri, successor=reform.hung_son, effective_on=REFORM_DAY, is_main=False)
    agency = AgencyFactory(name="Sở Tài chính")
    old = PartnershipFactory(agency=agency, unit=reform.district)
    services.partnerships_repoint(actor=coordinator, partnerships=[old])
    # written before the new map was loaded (the factory runs no clean())
    plain = ActivityFactory(partnership=old, commune=reform.a_xan, start_date=datetime.date(2025, 8, 12), title="Tặng bò giống")
    split = ActivityFactory(partnership=old, commune=reform.ga_ri, start_date=datetime.date(2025, 9, 3), title="Tập huấn nghề")

    login(coordinator)
    page.goto(f"{page.base_url}/ket-nghia/chuyen-don-vi-moi/")
    page.locator("#stray-activities").get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Hoạt động ghi ở đơn vị đã hết hiệu lực")
    expect(page.locator(f"#move-row-{plain.pk}")).to_contain_text("Xã Hùng Sơn")
    expect(page.locator(f"#move-{plain.pk}")).to_be_checked()
    expect(page.locator(f"#move-{split.pk}")).not_to_be_checked()
    page.select_option(f"#commune-{split.pk}", str(reform.hung_son.pk))
    page.check(f"#move-{split.pk}")
    screenshot(page, "reform-05-activities-at-abolished-units")
    page.get_by_role("button", name="Chuyển các hoạt động đã chọn sang đơn vị mới").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã chuyển 2 hoạt động sang đơn vị mới.")
    expect(page.locator("main")).to_contain_text("Không có hoạt động nào ghi ở đơn vị đã hết hiệu lực.")
    plain.refresh_from_db(), split.refresh_from_db()
    assert plain.commune == split.commune == reform.hung_son
    assert plain.partnership.unit == reform.hung_son and plain.partnership.predecessors.get() == old
