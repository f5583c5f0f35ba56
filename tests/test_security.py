"""Hardening that holds for the whole site: no-store on private pages, login lockout, idle
sessions, and `check --deploy` clean for production settings."""

import os
import secrets
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from common.middleware import LAST_SEEN_KEY
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent

# --- caching of private pages ---------------------------------------------------------------


def test_signed_in_pages_are_not_stored(client, officer):
    client.force_login(officer)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]


# --- login lockout (django-axes) -------------------------------------------------------------


def _try(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_lockout_after_failures_for_that_user_and_ip(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "officer", "sai-mat-khau").status_code == 200
    locked = _try(client, "officer", "sai-mat-khau")
    assert locked.status_code == 429
    assert "tạm bị khóa" in locked.content.decode()
    # The right password does not get through while locked.
    assert _try(client, "officer", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another IP for the same user still logs in (per user AND IP, so nobody locks an officer out
    # from elsewhere).
    other = client.post(reverse("login"), {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 302


def test_administrator_unlocks(client, officer):
    from axes.models import AccessAttempt
    from axes.utils import reset

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "officer", "sai-mat-khau")
    assert AccessAttempt.objects.filter(username="officer").exists()
    reset(username="officer")  # what the admin's "delete access attempt" does
    assert _try(client, "officer", PASSWORD).status_code == 302


def test_cool_off_is_set():
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


# --- sessions ---------------------------------------------------------------------------------


def test_idle_session_ends(client, officer):
    client.force_login(officer)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/hoat-dong/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "không hoạt động" in page.content.decode()


# --- deployment check ---------------------------------------------------------------------------


def test_check_deploy_passes_with_production_settings():
    secret = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a deployment does not.
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(
        DEBUG="False",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="ketnghia.quangnam.gov.vn",
        BEHIND_HTTPS_PROXY="True",
        DJANGO_SETTINGS_MODULE="ketnghia.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- passwords outside the admin ------------------------------------------------------------------


def test_an_officer_changes_their_password_without_the_admin(client, officer):
    client.force_login(officer)
    assert "Đổi mật khẩu" in client.get(reverse("password_change")).content.decode()
    new = "Kết-nghĩa-2026-an-toàn"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_reset_mail_in_vietnamese(client, officer):
    from django.core import mail

    officer.email = "officer@snn.quangnam.gov.vn"
    officer.save()
    assert client.post(reverse("password_reset"), {"email": officer.email}).status_code == 302
    assert "Đặt lại mật khẩu" in mail.outbox[0].subject
    assert "/accounts/reset/" in mail.outbox[0].body
