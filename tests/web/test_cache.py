"""Whole-page caching: anonymous pages come from the cache until the catalogue version moves."""

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.test import RequestFactory

from initiatives import cache as page_cache
from initiatives.cache import VERSION_KEY, normalised_query
from initiatives.models import CatalogueVersion, Initiative
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_served_from_the_cache(client, catalogue, django_assert_num_queries):
    first = client.get("/initiatives/")
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    with django_assert_num_queries(0):  # the version comes from the cache too
        second = client.get("/initiatives/")
    assert second.content == first.content
    assert "Ændret titel" not in second.content.decode()


def test_a_page_asked_under_another_address_is_cached_apart(client, catalogue):
    # The feed's links are absolute: one address must never get the other's.
    first = client.get("/initiatives/feed.atom", HTTP_HOST="localhost").content.decode()
    second = client.get("/initiatives/feed.atom", HTTP_HOST="127.0.0.1").content.decode()
    assert "http://localhost/initiatives/" in first
    assert "http://127.0.0.1/initiatives/" in second and "http://localhost/" not in second
    secure = client.get("/initiatives/feed.atom", HTTP_HOST="localhost", secure=True)
    assert "https://localhost/initiatives/" in secure.content.decode()


def test_a_version_bump_shows_a_change_at_once(client, catalogue):
    client.get("/initiatives/")
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    CatalogueVersion.bump()
    assert "Ændret titel" in client.get("/initiatives/").content.decode()


def test_the_normalised_query_shares_one_entry(client, catalogue, django_assert_num_queries):
    client.get("/initiatives/?status=ongoing&region=hovedstaden")
    with django_assert_num_queries(0):
        client.get("/initiatives/?region=hovedstaden&q=&status=ongoing")


def test_staff_never_get_cached_pages(client, catalogue):
    client.get(catalogue.fu.get_absolute_url())  # fills the cache anonymously
    client.force_login(make_user(staff=True))
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    assert "Ændret titel" in client.get(catalogue.fu.get_absolute_url()).content.decode()


def test_staff_pages_are_not_stored_for_anonymous_visitors(client, catalogue):
    from tests.builders import make_import_warning

    make_import_warning(catalogue.fu, "Hemmelig advarsel")
    staff = make_user(staff=True)
    client.force_login(staff)
    assert "Hemmelig advarsel" in client.get(catalogue.fu.get_absolute_url()).content.decode()
    client.logout()
    assert "Hemmelig advarsel" not in client.get(catalogue.fu.get_absolute_url()).content.decode()


def test_404s_are_not_cached(client, catalogue):
    assert client.get("/initiatives/new-one/").status_code == 404
    from tests.builders import make_initiative

    make_initiative("Nyt", slug="new-one", mentioned=True)
    assert client.get("/initiatives/new-one/").status_code == 200


def test_languages_are_cached_apart(client, catalogue):
    danish = client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert 'lang="da"' in danish and 'lang="en"' in english


def test_normalised_query_sorts_and_drops_empty_values():
    request = RequestFactory().get("/initiatives/?b=2&a=1&q=&a=0")
    assert normalised_query(request.GET) == "a=0&a=1&b=2"


def test_a_page_is_looked_up_before_the_session_is_read(client, catalogue, monkeypatch):
    client.get("/initiatives/")

    def no_session(*args, **kwargs):
        raise AssertionError("the session was read for a cached page")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", no_session
    )
    assert client.get("/initiatives/").status_code == 200


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, catalogue):
    client.get(catalogue.fu.get_absolute_url())
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    client.cookies["sessionid"] = "whatever"
    assert "Ændret titel" in client.get(catalogue.fu.get_absolute_url()).content.decode()


def test_a_lost_version_key_is_read_again_from_the_database(client, catalogue):
    client.get("/initiatives/")
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    CatalogueVersion.objects.update_or_create(pk=1, defaults={"version": 99})  # unheard of
    cache.delete(VERSION_KEY)
    assert "Ændret titel" in client.get("/initiatives/").content.decode()
    assert cache.get(VERSION_KEY) == 99


def test_the_new_version_reaches_the_cache_when_the_bump_commits(
    catalogue, django_capture_on_commit_callbacks
):
    page_cache.catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        new = CatalogueVersion.bump().version
        assert cache.get(VERSION_KEY) is None  # dropped at once: readers go to the database
    assert cache.get(VERSION_KEY) == new


def test_cached_pages_are_served_while_the_database_is_away(client, catalogue, monkeypatch):
    first = client.get("/initiatives/").content
    cache.delete(VERSION_KEY)  # even the version key lost: the last version seen is used

    def database_away(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", database_away)
    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.executemany", database_away)
    assert client.get("/initiatives/").content == first


def test_exports_are_never_cached(client, catalogue):
    client.get("/initiatives/export.csv")
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    content = b"".join(client.get("/initiatives/export.csv").streaming_content).decode()
    assert "Ændret titel" in content
