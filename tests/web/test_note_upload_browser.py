"""An editor imports a note in the admin, in a real browser (Playwright + Chromium, no
JavaScript): upload, preview, then Gem (saved) or Annullér (nothing written). Screenshots of
the preview at 1280 and 360 px land in test-artifacts/screenshots/."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from initiatives.models import Mention, SourceDocument
from tests.browser import BROWSER_MARKS, PHONE, SCREENSHOTS, new_page
from tests.imports import make_documents as make
from tests.imports.test_documents import MIDT, TABLE_1

pytestmark = BROWSER_MARKS


@pytest.fixture
def admin_site(transactional_db, live_server, settings, tmp_path):
    settings.NOTES_DIR = tmp_path / "notes"
    call_command("load_catalogue", verbosity=0)
    get_user_model().objects.create_superuser("redaktor", "r@example.dk", "hemmeligt-ord")
    return live_server.url


def log_in(page, url):
    page.goto(f"{url}/admin/login/?next=/admin/")
    page.get_by_label("Brugernavn").fill("redaktor")
    page.get_by_label("Adgangskode").fill("hemmeligt-ord")
    page.get_by_role("button", name="Log ind").click()


def upload(page, url, tmp_path, name, data):
    note = tmp_path / name
    note.write_bytes(data)
    page.get_by_role("link", name="Indlæs notat").first.click()
    assert page.url == f"{url}/admin/imports/noteimport/"
    page.get_by_label("Fil:", exact=True).set_input_files(str(note))
    page.get_by_label("Dato:", exact=True).fill("2024-05")
    page.get_by_label("Udsteder").fill("Region Hovedstaden")
    page.get_by_label("Region:", exact=True).select_option("hovedstaden")
    page.get_by_label("Begrundelse").fill("Nyt notat fra regionen")
    page.get_by_role("button", name="Vis forhåndsvisning").click()


def test_an_upload_walks_through_the_preview_to_saved(admin_site, browser, tmp_path):
    page = new_page(browser, javascript=False)
    try:
        log_in(page, admin_site)
        upload(page, admin_site, tmp_path, "samarbejder-2024.pdf", make.pdf_note(*TABLE_1))

        assert page.locator("h1").inner_text().startswith("Forhåndsvisning")
        assert page.locator(".preview-rows tbody tr").count() == 22
        row = page.locator(".preview-rows tbody tr", has_text="Half way tilbud")
        assert "Side 1, tabel 1, række 4" in row.inner_text()
        assert "samme som Half way tilbud" in row.inner_text()
        assert SourceDocument.objects.filter(file_name="samarbejder-2024.pdf").count() == 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "note-preview-1280.png"), full_page=True)

        page.get_by_role("button", name="Gem").click()

        assert "er gemt: 22 rækker" in page.locator(".messagelist").inner_text()
        source = SourceDocument.objects.get(file_name="samarbejder-2024.pdf")
        assert source.mentions.count() == 22
        assert (tmp_path / "notes" / "samarbejder-2024.pdf").exists()
    finally:
        page.context.close()


def test_an_upload_walks_through_the_preview_to_cancelled(admin_site, browser, tmp_path):
    before = (SourceDocument.objects.count(), Mention.objects.count())
    page = new_page(browser, javascript=False, viewport=PHONE)
    try:
        log_in(page, admin_site)
        upload(page, admin_site, tmp_path, "midtklyngen.docx", make.docx_note(*MIDT, heading=True))

        assert page.locator(".preview-rows tbody tr").count() == 6
        page.screenshot(path=str(SCREENSHOTS / "note-preview-360.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 20  # the admin's own header may overhang a little

        page.get_by_role("button", name="Annullér").click()

        assert "Annulleret: intet er gemt." in page.locator(".messagelist").inner_text()
        assert page.url.endswith("/admin/imports/noteimport/")
        assert (SourceDocument.objects.count(), Mention.objects.count()) == before
        assert not (tmp_path / "notes" / "manifest.toml").exists()
    finally:
        page.context.close()
