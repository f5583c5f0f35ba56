"""Accounts in a real browser: an officer changes their password from the user menu; a
coordinator creates an officer account, and the new officer sets a password from the mailed
link and signs in. Every page of the journey runs under the Content-Security-Policy with no
console error."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from partnerships.models import User
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

NEW_PASSWORD = "Kết-nghĩa-2026-an-toàn"


def _watch_console(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def _logout(page):
    page.locator("#user-menu").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()


@pytest.mark.django_db(transaction=True)
def test_officer_changes_their_password(page, login, officer):
    errors = _watch_console(page)
    login(officer)
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Đổi mật khẩu").click()
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    screenshot(page, "accounts-password-change")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("heading", name="Đã đổi mật khẩu")).to_be_visible()
    _logout(page)
    login(officer, password=NEW_PASSWORD)
    expect(page.locator("#user-menu")).to_be_visible()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_coordinator_creates_an_officer_who_signs_in(page, login, coordinator, agency):
    errors = _watch_console(page)
    mail.outbox.clear()
    login(coordinator)
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Tài khoản người dùng").click()
    page.get_by_role("link", name="Thêm tài khoản").click()
    page.fill("#id_username", "canbo.snn")
    page.fill("#id_email", "canbo@snn.quangnam.gov.vn")
    page.fill("#id_first_name", "Trần")
    page.fill("#id_last_name", "Thị Bích")
    page.select_option("#id_role", label="Cán bộ đầu mối cơ quan, đơn vị")
    page.select_option("#id_agency", label=agency.name)
    screenshot(page, "accounts-create-officer")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Đã tạo tài khoản canbo.snn")).to_be_visible()
    expect(page.get_by_role("link", name="canbo.snn")).to_be_visible()
    screenshot(page, "accounts-user-list")
    assert User.objects.get(username="canbo.snn").agency == agency
    _logout(page)

    # The new officer opens the mailed link, sets a password and signs in.
    assert len(mail.outbox) == 1
    path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    page.goto(page.base_url + path)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu").click()
    expect(page.get_by_role("heading", name="Đã đặt mật khẩu mới")).to_be_visible()
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", "canbo.snn")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("#content [type=submit]")
    expect(page.locator("#user-menu")).to_contain_text("Trần Thị Bích")
    assert errors == []
