"""Every main page, as each role opens it, at desktop width (1366 px) and on a phone (390 px): no
page scrolls sideways, and axe-core finds no serious or critical accessibility violation.

axe-core comes from the npm registry (devDependency, pinned in package.json) and is injected from
node_modules by the test only; the portal never serves it.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from partnerships import services
from partnerships.models import ActivityStatus
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD
from tests.factories import ActivityFactory
from tests.reports.conftest import report_world  # noqa: F401  (the fixture)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)


@pytest.fixture
def pages(report_world, officer, coordinator, leader, focal_point):
    w = report_world
    returned = ActivityFactory(partnership=w.p1, commune=w.c1, status=ActivityStatus.SUBMITTED,
                               title="Hỗ trợ giống lúa cho xã A Xan")
    services.activity_return(actor=coordinator, activity=returned, comment="Bổ sung danh sách hộ nhận giống")
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
           b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00"
           b"\x00\x00IEND\xaeB`\x82")
    services.activity_flag_discrepancy(actor=focal_point, activity=w.a2, comment="Mới nhận 8 con",
                                       files=[SimpleUploadedFile("anh-nhan-bo.png", png)])
    year = {"year": 2024}
    coordinator_pages = [
        ("home", reverse("portal:home"), {}),
        ("activities", reverse("partnerships:activity_list"), {}),
        ("activity", reverse("partnerships:activity_detail", args=[w.a1.pk]), {}),
        ("activity-new", reverse("partnerships:activity_create"), {}),
        ("models", reverse("partnerships:model_list"), {}),
        ("model", reverse("partnerships:model_detail", args=[w.m1.pk]), {}),
        ("partnerships", reverse("partnerships:partnership_list"), {}),
        ("partnership", reverse("partnerships:partnership_detail", args=[w.p1.pk]), {}),
        ("plans", reverse("partnerships:plan_list"), {}),
        ("plan", reverse("partnerships:plan_results", args=[w.p1.pk, 2024]), {}),
        ("import", reverse("partnerships:import_upload"), {}),
        ("dashboard", reverse("reports:dashboard"), year),
        ("district", reverse("reports:district_detail", args=["504"]), year),
        ("commune", reverse("reports:commune_detail", args=["20333"]), year),
        ("agency", reverse("reports:agency_detail", args=[w.a.pk]), year),
        ("district-list", reverse("reports:district_list"), year),
        ("commune-list", reverse("reports:commune_list"), year),
        ("agency-list", reverse("reports:agency_list"), year),
        ("model-edit", reverse("partnerships:model_update", args=[w.m1.pk]), {}),
        # pages others added today: the pivot explorer, files, inspections, reviews, notices,
        # accounts, re-pointing partnerships and activities after the reform
        ("pivot", reverse("reports:pivot"), year),
        ("jobs", reverse("jobs:list"), {}),
        ("inspections", reverse("inspections:list"), {}),
        ("reviews", reverse("inspections:review_list"), {}),
        ("notices", reverse("notifications:inbox"), {}),
        ("accounts", reverse("accounts:user_list"), {}),
        ("repointing", reverse("partnerships:partnership_repointing"), {}),
        ("activity-repointing", reverse("partnerships:activity_repointing"), {}),
        ("annual", reverse("reports:annual"), year),
        ("evaluation", reverse("reports:annual_evaluation"), year),
        ("pivot", reverse("reports:pivot"), {"year_from": 2023, "year_to": 2024, "rows": "district",
                                             "cols": "year"}),
    ]
    return [
        (coordinator, coordinator_pages),
        (leader, [("leader-home", reverse("portal:home"), {})]),
        (officer, [("officer-home", reverse("portal:home"), {}),
                   ("returned-edit", reverse("partnerships:activity_update", args=[returned.pk]), {})]),
        (focal_point, [("focal-home", reverse("portal:home"), {}),
                       # the answer form with its files, and an earlier answer with a photo in the timeline
                       ("focal-activity", reverse("partnerships:activity_detail", args=[w.a2.pk]), {})]),
    ]


def _query(params: dict) -> str:
    return ("?" + "&".join(f"{k}={v}" for k, v in params.items())) if params else ""


def _axe(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return result


def test_no_page_scrolls_sideways_or_fails_axe(browser, live_server, pages):
    assert AXE.exists(), "axe-core is missing: npm ci installs it (devDependency)"
    failures = []
    for user, user_pages in pages:
        for width in WIDTHS:
            # The portal's CSP forbids inline scripts; the test's own injection of axe is let through.
            context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}, bypass_csp=True)
            context.set_default_timeout(20_000)
            page = context.new_page()
            page.goto(f"{live_server.url}{reverse('login')}")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("#content [type=submit]")
            page.wait_for_load_state("networkidle")
            for name, url, params in user_pages:
                response = page.goto(f"{live_server.url}{url}{_query(params)}")
                page.wait_for_load_state("networkidle")
                assert response.status == 200, (name, response.status)
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    failures.append(f"{name} at {width} px scrolls sideways: {scroll} > {inner}")
                    screenshot(page, f"overflow-{name}-{width}")
                violations = _axe(page)
                if violations:
                    failures.append(f"{name} at {width} px: axe {json.dumps(violations, ensure_ascii=False)}")
            context.close()
    assert not failures, "\n".join(failures)
