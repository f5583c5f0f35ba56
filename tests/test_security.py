"""Hardening that holds for the whole site: CSP without inline script, no-store on private pages,
login lockout, idle sessions, remember-me, and `check --deploy` clean for production settings."""

import os
import re
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

# --- Content-Security-Policy ---------------------------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"javascript:", re.I)


def _project_templates():
    dirs = [ROOT / "templates"] + [p for p in ROOT.glob("*/templates") if ".venv" not in str(p)]
    for directory in dirs:
        yield from sorted(directory.rglob("*.html"))


def test_no_template_has_inline_script_or_handler():
    offenders = []
    templates = list(_project_templates())
    assert len(templates) > 30  # the scan really looked at the portal's templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _HANDLER, _JS_URL):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert offenders == []


def test_policy_forbids_inline_script():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["default-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password_reset/"])
def test_csp_header_on_public_pages(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]


# --- caching of private pages ---------------------------------------------------------------


def test_signed_in_pages_are_not_stored(client, officer):
    client.force_login(officer)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


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


@pytest.fixture(params=["db", "cached_db"])
def session_engine(request, settings):
    """Both engines the settings choose from: the database alone, or a shared cache before it."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{request.param}"
    return request.param


def test_sessions_come_from_the_cache_only_when_it_is_shared():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"  # tests: local memory
    code = ("import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)")
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(DJANGO_SETTINGS_MODULE="ketnghia.settings", CACHE_URL="redis://127.0.0.1:6379/9")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.strip() == "django.contrib.sessions.backends.cached_db", result.stderr


def test_a_flushed_cache_loses_no_session(client, officer, settings):
    from django.core.cache import cache

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(officer)
    assert client.get("/").status_code == 200
    cache.clear()
    response = client.get("/")
    assert response.status_code == 200 and response.context["user"] == officer


def test_session_ends_at_browser_close_unless_remember_me(client, officer, session_engine):
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert client.session.get_expire_at_browser_close()
    client.logout()
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD, "remember_me": "on"})
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.REMEMBER_ME_DAYS * 24 * 3600


def test_idle_session_ends(client, officer, session_engine):
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


def test_active_session_continues_and_keepalive_refreshes(client, officer, session_engine):
    client.force_login(officer)
    client.get("/")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 + 60
    session.save()
    assert client.get(reverse("keepalive")).status_code == 204
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5
    assert client.get("/").status_code == 200


def test_pages_carry_the_idle_warning(client, officer):
    client.force_login(officer)
    html = client.get("/").content.decode()
    assert f'data-idle-seconds="{settings.SESSION_IDLE_MINUTES * 60}"' in html
    assert 'id="idle-warning"' in html


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

