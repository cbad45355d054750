"""The Content-Security-Policy breaks nothing: Chromium loads every page, public and admin, with
JavaScript on, and no resource, script or style is refused.

Every GET URL of the URL walk (tests/security/test_headers.py) is loaded as staff signed in with
password and TOTP code; the public pages also as a visitor. Violations are caught twice: the
``securitypolicyviolation`` event (recorded by an init script, which the policy does not govern)
and Chromium's console message. The partner autocomplete (select2) is opened as well.
"""

import pytest

from tests.browser import BROWSER_MARKS
from tests.security.conftest import PASSWORD, current_code, make_admin
from tests.security.test_headers import example_paths
from tests.web.conftest import build_catalogue

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
));
"""
# Not pages: files to download, JSON, redirects elsewhere, sign-out, and POST-only endpoints
# (the note upload's "decide").
NOT_PAGES = (
    "export", "feed", "autocomplete", "view_on_site", "logout", "jsi18n", "qrcode", "decide"
)  # fmt: skip

pytestmark = BROWSER_MARKS


class Watcher:
    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.console = []
        self.page.on(
            "console",
            lambda msg: (
                self.console.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )

    def visit(self, url):
        self.console.clear()
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        return response

    def violations(self):
        return self.page.evaluate("window.__csp || []") + list(self.console)


@pytest.fixture
def site(transactional_db, live_server, settings):
    settings.ADMIN_2FA_REQUIRED = True
    data = build_catalogue()
    data.url = live_server.url
    data.admin = make_admin()
    return data


def sign_in(watcher, site):
    watcher.visit(f"{site.url}/admin/login/")
    assert not watcher.violations(), watcher.violations()
    watcher.page.fill("#id_username", site.admin.username)
    watcher.page.fill("#id_password", PASSWORD)
    watcher.page.fill("#id_otp_token", current_code(site.admin.totpdevice_set.get()))
    watcher.page.click("input[type=submit]")
    watcher.page.wait_for_url(f"{site.url}/admin/")


def test_no_page_public_or_admin_breaks_under_the_policy(browser, site):
    watcher = Watcher(browser)
    sign_in(watcher, site)
    paths = [
        (path, namespace, name)
        for path, namespace, name, _ in example_paths(site, site.admin)
        if not any(word in name for word in NOT_PAGES)
    ]
    assert len(paths) > 30
    found, loaded = {}, 0
    for path, _namespace, name in paths:
        response = watcher.visit(site.url + path)
        loaded += response is not None and response.status == 200
        if watcher.violations():
            found[f"{path} ({name})"] = watcher.violations()
    visitor = Watcher(browser)
    for path, namespace, name in paths:
        if namespace != "admin":
            visitor.visit(site.url + path)
            if visitor.violations():
                found[f"visitor {path} ({name})"] = visitor.violations()
    assert not found, "\n".join(f"{where}: {v}" for where, v in found.items())
    assert loaded > 25
    watcher.context.close()
    visitor.context.close()


def test_the_partner_autocomplete_works_under_the_policy(browser, site):
    watcher = Watcher(browser)
    sign_in(watcher, site)
    watcher.visit(f"{site.url}/admin/initiatives/initiative/{site.readmissions.pk}/change/")
    watcher.page.locator(".field-partners .select2-selection").first.click()
    watcher.page.keyboard.type("Aarhus")
    option = watcher.page.locator(".select2-results__option", has_text="Aarhus Kommune")
    option.first.wait_for(timeout=5000)
    assert not watcher.violations(), watcher.violations()
    watcher.context.close()
