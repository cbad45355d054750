"""Public reads go to a read replica, everything else to the primary (catalogue.routers)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from initiatives.models import CatalogueVersion, Initiative
from tests.builders import make_user
from tests.web.conftest import build_catalogue

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


@pytest.fixture
def replica(settings):
    """tests/settings.py's mirror alias, used as a replica (transactions commit, so it sees)."""
    settings.REPLICA_DATABASES = ["replica1"]
    settings.PAGE_CACHE = False
    return connections["replica1"]


def captured(alias):
    return CaptureQueriesContext(connections[alias])


def test_an_anonymous_page_reads_from_the_replica(client, replica):
    build_catalogue()
    with captured("default") as primary, captured("replica1") as replica_queries:
        response = client.get("/initiatives/?region=hovedstaden")
    assert response.status_code == 200
    assert len(replica_queries) > 0
    assert [q["sql"] for q in primary] == [
        q["sql"] for q in primary if "catalogueversion" in q["sql"]
    ]  # at most the catalogue version, read from the primary on purpose


def test_staff_and_writes_use_the_primary(client, replica):
    catalogue = build_catalogue()
    client.force_login(make_user(staff=True))
    with captured("replica1") as replica_queries:
        assert client.get(catalogue.readmissions.get_absolute_url()).status_code == 200
        Initiative.objects.filter(pk=catalogue.readmissions.pk).update(title="Rettet")
        CatalogueVersion.bump()
    assert len(replica_queries) == 0


def test_a_page_from_a_lagging_replica_is_served_but_not_cached(client, replica, settings):
    from django.core.cache import cache

    from initiatives.cache import VERSION_KEY

    build_catalogue()
    settings.PAGE_CACHE = True
    CatalogueVersion.objects.update_or_create(pk=1, defaults={"version": 5})
    cache.set(VERSION_KEY, 6)  # the primary moved on; the replica has not caught up
    assert client.get("/initiatives/").status_code == 200
    with captured("replica1") as replica_queries:
        client.get("/initiatives/")
    assert any("initiatives_initiative" in q["sql"] for q in replica_queries)  # rendered again
