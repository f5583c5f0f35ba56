"""Browser harness: Playwright driving Debian's Chromium against pytest-django's live server.

The browser is /usr/bin/chromium unless KETNGHIA_CHROMIUM names another. Without one, browser
tests are skipped with the reason, except when REQUIRE_BROWSER=1 (CI), where they fail.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would then refuse to run
# in the test body. The test process is single-threaded per test, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KETNGHIA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
SCREENSHOTS = Path(os.environ.get("KETNGHIA_SCREENSHOTS", "/tmp/ketnghia-screenshots"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _unavailable_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set KETNGHIA_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -r requirements-test.txt)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable_reason()
    if reason:
        if REQUIRE_BROWSER:
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


TIMEOUT_MS = 15_000  # CI runs the two database halves side by side on two cores: a POST may take seconds


@pytest.fixture
def page(browser, live_server):
    from playwright.sync_api import expect

    # Assertions wait as long as actions do (Playwright's expect defaults to 5 s).
    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real login form: login(user) with the fixtures' shared password."""
    from tests.conftest import PASSWORD

    def _login(user, password=PASSWORD):
        page.goto(f"{page.base_url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("#content [type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login


def screenshot(page, name: str) -> Path:
    """Save a screenshot for a person to look at (not an assertion)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def logout(page):
    # On a phone the button sits in the collapsed menu; submitting the form is what it does.
    with page.expect_navigation():
        page.locator("form[action$='/accounts/logout/']").evaluate("form => form.submit()")


# A one-pixel PNG, for evidence files uploaded in the journeys.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
