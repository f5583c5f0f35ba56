"""In a real browser, on a phone: the focal point flags a discrepancy with a photo of what came,
then confirms with a receipt; both answers and their files are in the activity's timeline."""

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import ActivityConfirmation
from tests.browser.conftest import screenshot
from tests.factories import ActivityFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_focal_point_sends_a_photo_and_a_receipt(page, login, officer, coordinator, focal_point, partnership, commune):
    activity = ActivityFactory(partnership=partnership, commune=commune, title="Trao 10 con bò giống")
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    page.set_viewport_size({"width": 390, "height": 844})
    login(focal_point)
    page.goto(f"{page.base_url}/hoat-dong/{activity.pk}/")

    page.get_by_role("button", name="Phản ánh chưa khớp").click()
    page.fill("#flag-comment", "Mới nhận 8 con")
    page.set_input_files("#flag-files", files=[{"name": "anh-8-con.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận phản ánh chưa khớp.")
    expect(page.locator("#timeline .timeline-confirmation img.attachment-thumb")).to_have_count(1)

    page.fill("#confirm-comment", "Đã nhận thêm 2 con, đủ 10 con")
    page.set_input_files("#confirm-files", files=[{"name": "bien-nhan.pdf", "mimeType": "application/pdf",
                                                  "buffer": PDF}])
    page.get_by_role("button", name="Xác nhận kèm ghi chú, tệp").click()
    expect(page.locator("#confirmation")).to_contain_text("Địa phương đã xác nhận")
    answers = page.locator("#timeline .timeline-confirmation")
    expect(answers).to_have_count(2)
    expect(answers.last).to_contain_text("bien-nhan.pdf")
    expect(answers.first).to_contain_text("Mới nhận 8 con")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "confirmation-files-390")
    with page.expect_download() as download:
        answers.last.get_by_role("link", name="bien-nhan.pdf").click()
    assert download.value.suggested_filename == "bien-nhan.pdf"
    assert ActivityConfirmation.objects.filter(activity=activity).count() == 2
