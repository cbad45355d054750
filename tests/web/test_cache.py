"""Whole-page caching: anonymous pages come from the cache until the catalogue version moves."""

import pytest
from django.test import RequestFactory

from initiatives.cache import normalised_query
from initiatives.models import CatalogueVersion, Initiative
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_served_from_the_cache(client, catalogue, django_assert_num_queries):
    first = client.get("/initiatives/")
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    with django_assert_num_queries(1):  # only the catalogue version
        second = client.get("/initiatives/")
    assert second.content == first.content
    assert "Ændret titel" not in second.content.decode()


def test_a_version_bump_shows_a_change_at_once(client, catalogue):
    client.get("/initiatives/")
    Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Ændret titel")
    CatalogueVersion.bump()
    assert "Ændret titel" in client.get("/initiatives/").content.decode()


def test_the_normalised_query_shares_one_entry(client, catalogue, django_assert_num_queries):
    client.get("/initiatives/?status=ongoing&region=hovedstaden")
    with django_assert_num_queries(1):
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
