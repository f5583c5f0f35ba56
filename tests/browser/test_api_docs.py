"""The API documentation page renders under the portal's CSP (style-src 'self', no inline script):
Swagger UI from drf-spectacular-sidecar draws every resource and the browser reports no violation."""

from playwright.sync_api import expect

from tests.browser.test_pivot_journey import CSP_LISTENER


def test_api_docs_render_without_a_csp_violation(page, login, leader):
    page.add_init_script(CSP_LISTENER)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(leader)
    response = page.goto(f"{page.base_url}/api/docs/")
    policy = response.headers["content-security-policy"]
    assert "style-src 'self'" in policy and "script-src 'self'" in policy
    expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible()
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/activities/")
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/figures/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp || []") == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
