"""Real-browser tests' shared pieces: one headless Chromium (Debian's, driven by Playwright) per
test session, the viewports, a page factory and the marks that skip a module without Chromium.

Registered as a pytest plugin in ``tests/conftest.py``, so the ``browser`` fixture is everyone's;
a browser test module sets ``pytestmark = BROWSER_MARKS``.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, *, javascript=True, viewport=DESKTOP, bypass_csp=False):
    """A page in a fresh context (no cookies), Danish locale, downloads accepted."""
    context = browser.new_context(
        viewport=viewport,
        java_script_enabled=javascript,
        accept_downloads=True,
        locale="da-DK",
        bypass_csp=bypass_csp,
    )
    return context.new_page()
