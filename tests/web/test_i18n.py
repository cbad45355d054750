"""Danish by default, English through Django i18n and the set_language form."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_danish_by_default(client, catalogue):
    page = client.get("/initiatives/").content.decode()
    assert '<html lang="da">' in page
    assert "Initiativer" in page and "Afgræns" in page


def test_the_language_form_switches_to_english_without_javascript(client, catalogue):
    page = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/initiatives/"})
    assert response.status_code == 302
    assert response["Location"] == "/initiatives/"
    english = client.get("/initiatives/").content.decode()
    assert '<html lang="en">' in english
    assert "Refine" in english
    assert "Showing 4 of 4 initiatives" in english


def test_english_pages_show_english_labels_and_dates(client, catalogue):
    client.cookies["django_language"] = "en"
    page = client.get(catalogue.readmissions.get_absolute_url()).content.decode()
    assert "Status as of 30 April 2019:" in page
    assert "Older medical patients" in page
    # The citation follows the page's language: its words, date and locator are English.
    assert (
        "Source: Region Hovedstaden, notat til Forretningsudvalget, 30 April 2019, Table 1, row 6"
        in page
    )


def test_english_status_labels_come_from_label_en(client, catalogue):
    from initiatives.models import Status

    Status.objects.filter(code="ongoing").update(label_en="Ongoing")
    client.cookies["django_language"] = "en"
    page = client.get(catalogue.readmissions.get_absolute_url()).content.decode()
    assert "Ongoing" in page


def test_the_404_page_is_english_for_english_readers(client, db):
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/initiatives/?page=abc").content.decode()


def test_an_english_browser_still_gets_danish_until_the_visitor_chooses_english(client, catalogue):
    page = client.get("/initiatives/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="da">' in page


def test_every_danish_text_has_an_english_translation():
    """No English message is missing or left fuzzy (a fuzzy one is not used at all)."""
    from pathlib import Path

    po = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]  # after the header
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    untranslated = [
        e
        for e in entries
        if not e.startswith("#~")
        and any(line in ('msgstr ""', 'msgstr[0] ""', 'msgstr[1] ""') for line in e.split("\n"))
        and not any(line.startswith('"') for line in e.split("msgstr", 1)[1].split("\n")[1:])
    ]
    assert not fuzzy, fuzzy[:3]
    assert not untranslated, untranslated[:3]
