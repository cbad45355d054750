"""Query counts do not grow with the catalogue or with the rows shown.

``test_query_counts_are_the_same_at_100_10k_and_100k`` grows one catalogue (bulk writes) from
100 to 10,000 to 100,000 initiatives and asks every kind of page at each size: the counts must be
equal across sizes and within the issue's budget (a list page at most 6 queries, a detail page at
most 4; ours makes 2). The other tests pin each view's count over 1, 5 and 20 rows.
"""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from initiatives import news, vocabulary
from initiatives.collation import sort_key
from initiatives.history import as_user
from initiatives.models import CatalogueChange, Initiative, Mention, Organisation
from initiatives.paging import MAX_PAGES
from initiatives.search import rebuild_index
from tests.builders import (
    make_collaboration_model,
    make_initiative,
    make_mention,
    make_organisation,
    make_region,
    make_source,
    make_status,
    make_target_group,
)

pytestmark = pytest.mark.django_db

ROW_COUNTS = [1, 5, 20]
SIZES = [100, 10_000, 100_000]
LIST_BUDGET = 6
DETAIL_BUDGET = 2


def build(n):
    """n initiatives, each with two partners, two target groups, two collaboration models, a
    region and two mentions."""
    make_status("ongoing")
    region = make_region("hovedstaden", "Region Hovedstaden")
    hospital = make_organisation("Herlev og Gentofte Hospital", kind="hospital", region=region)
    groups = [make_target_group("aeldre", "Ældre"), make_target_group("boern", "Børn")]
    sources = [make_source("note-a"), make_source("note-b")]
    models = [make_collaboration_model("telemedicin"), make_collaboration_model("shared-care")]
    parent = None
    for i in range(n):
        kommune = make_organisation(f"Kommune {i}", region=region, slug=f"kommune-{i}")
        initiative = make_initiative(
            f"Genoptræning {i:02}",
            regions=[region],
            partners=[hospital, kommune],
            target_groups=groups,
            models=models,
            parent=parent,
        )
        parent = parent or initiative
        for source in sources:
            make_mention(initiative, source, locator=f"Tabel 1, række {i}")
    rebuild_index()
    return hospital, sources[0]


# Pinned: a change here means a view's queries changed. The list: facets (one UNION ALL), the
# page, and its regions, target groups and partners (one UNION ALL); the catalogue version, the vocabulary and
# the unfiltered facet counts come from the cache once a version has been seen.
LIST_QUERIES = 3
# A search by relevance also ranks its first pages (one statement, initiatives.ranking) on the
# first request of its filter combination; the ids are cached with the counts after that.
LIST_SEARCH_QUERIES = 4
# The detail page: its mentions, each row with the initiative and the ids of its regions,
# target groups, partners and collaboration models, and its parts when it has any; sources,
# statuses and the linked rows come from the vocabulary.
DETAIL_QUERIES = 2
DETAIL_QUERIES_WITHOUT_PARTS = 1
ORGANISATION_QUERIES = 7
# Exports: the count for the filter sentence, the catalogue version in the database (the names
# must cover the rows read now, even just after another process loaded), the ids, then per chunk
# of 1,000 the initiatives with their links (a subquery per link table) and their mentions; JSON
# counts again for its "count" key.
EXPORT_QUERIES = {"json": 6, "csv": 5, "xlsx": 5}
# The feed: the newest history per initiative, the initiatives, their changes, their links.
FEED_QUERIES = 4
# "Nyt i kataloget": the changes, then the initiatives each touched (one windowed query).
NEWS_QUERIES = 2


def warm(client, url="/initiatives/?q=varm"):
    """Load the vocabulary and the unfiltered counts, as the first visitor of a version does."""
    client.get(url)


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_list_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    build(n)
    warm(client)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/initiatives/?region=hovedstaden&target_group=aeldre")
    assert len(response.context["object_list"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_print_view_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    build(n)
    warm(client)
    # As the list: the facet counts (for the sentence), the rows, their links.
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/initiatives/print/?region=hovedstaden&target_group=aeldre")
    assert len(response.context["initiatives"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_searched_list_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    build(n)
    warm(client)
    with django_assert_num_queries(LIST_SEARCH_QUERIES):
        response = client.get("/initiatives/?q=genoptræning&sort=relevance")
    assert len(response.context["object_list"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_detail_queries_do_not_grow_with_parts_and_mentions(client, django_assert_num_queries, n):
    build(n)
    parent = Initiative.objects.get(title="Genoptræning 00")
    warm(client)
    expected = DETAIL_QUERIES if n > 1 else DETAIL_QUERIES_WITHOUT_PARTS
    with django_assert_num_queries(expected):
        response = client.get(parent.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["parts"]) == n - 1
    assert len(response.context["mentions"]) == 2


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_detail_of_a_part_needs_no_parts_query(client, django_assert_num_queries, n):
    build(n)
    part = Initiative.objects.order_by("-pk").first()
    warm(client)
    with django_assert_num_queries(DETAIL_QUERIES_WITHOUT_PARTS):
        response = client.get(part.get_absolute_url())
    assert response.context["parts"] == []
    assert response.context["initiative"].regions.all()[0].slug == "hovedstaden"
    assert [p.name for p in response.context["initiative"].partners.all()] == [
        "Herlev og Gentofte Hospital",
        f"Kommune {n - 1}",
    ]
    assert (response.context["initiative"].parent is not None) == (n > 1)


def test_detail_of_an_initiative_no_note_mentions_is_not_found(client):
    build(1)
    hidden = make_initiative("Uomtalt initiativ")
    warm(client)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_detail_reads_a_source_and_status_newer_than_the_vocabulary(client):
    # Sources and statuses come from the vocabulary of the version the cache knows; a load by
    # another process can add rows before this one sees the new version.
    build(1)
    initiative = Initiative.objects.get(title="Genoptræning 00")
    warm(client)
    newer = make_source("note-new", title="Notat om det nye", short_title="")
    make_mention(initiative, newer, locator="Tabel 9, række 1", status=make_status("completed"))
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert "Notat om det nye" in response.content.decode()
    assert len(response.context["mentions"]) == 3
    assert any(m.status.code == "completed" for m in response.context["mentions"])


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_organisation_queries_do_not_grow_with_initiatives(client, django_assert_num_queries, n):
    hospital, _source = build(n)
    warm(client)
    with django_assert_num_queries(ORGANISATION_QUERIES):
        response = client.get(hospital.get_absolute_url())
    assert len(response.context["initiatives"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_queries_do_not_grow_with_rows(client, django_assert_num_queries, n, fmt):
    build(n)
    warm(client)
    with django_assert_num_queries(EXPORT_QUERIES[fmt]):
        response = client.get(f"/initiatives/export.{fmt}?region=hovedstaden")
        content = b"".join(response.streaming_content)
    if fmt == "json":
        assert json.loads(content)["count"] == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_feed_queries_do_not_grow_with_entries(client, django_assert_num_queries, n):
    build(n)
    warm(client)
    with django_assert_num_queries(FEED_QUERIES):
        response = client.get("/initiatives/feed.atom?region=hovedstaden&target_group=aeldre")
    assert response.content.count(b"<entry>") == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_news_queries_do_not_grow_with_changes_or_initiatives(client, django_assert_num_queries, n):
    with as_user("import", reason="load_catalogue: test", kind="load"):
        build(n)
    # n changes in all: the load, then a correction of each of n - 1 initiatives.
    for initiative in Initiative.objects.all()[: n - 1]:
        with as_user("redaktion", reason="Titel rettet"):
            initiative.title += " (rettet)"
            initiative.save()
    warm(client)
    with django_assert_num_queries(NEWS_QUERIES):
        response = client.get("/news/")
    changes = response.context["changes"]
    assert len(changes) == min(n, news.CHANGES_LIMIT)
    assert len(changes[-1].initiatives) == min(n, news.LINKS_PER_CHANGE)


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_other_pages_do_not_grow_with_rows(client, django_assert_max_num_queries, n):
    _hospital, source = build(n)
    warm(client)
    for url in [
        "/",
        "/organisations/",
        "/regions/hovedstaden/",
        "/target-groups/aeldre/",
        "/models/",
        "/models/telemedicin/",
    ]:
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(source.get_absolute_url()).status_code == 200


# Three sizes, one catalogue grown with bulk writes -------------------------------------------


class Catalogue:
    """A catalogue grown in place: 5 regions, 60 organisations, 6 target groups, 20 notes."""

    def __init__(self):
        self.statuses = [make_status(code) for code in ("planned", "ongoing", "completed")]
        self.regions = [make_region(f"region-{i}", f"Region {i}") for i in range(5)]
        self.organisations = [
            make_organisation(
                f"Organisation {i:02}",
                kind="hospital" if i % 6 == 0 else "municipality",
                region=self.regions[i % 5],
                slug=f"org-{i:02}",
            )
            for i in range(60)
        ]
        self.groups = [make_target_group(f"group-{i}", f"Gruppe {i}") for i in range(6)]
        self.sources = [make_source(f"note-{i:02}") for i in range(20)]
        self.size = 0

    def grow(self, size):
        links = Initiative.regions.through, Initiative.partners.through
        group_link = Initiative.target_groups.through
        for start in range(self.size, size, 5000):
            numbers = range(start, min(size, start + 5000))
            titles = [f"{'Telemedicin' if i % 50 == 0 else 'Akutteam'} nr. {i}" for i in numbers]
            rows = Initiative.objects.bulk_create(
                Initiative(
                    slug=f"i-{i}",
                    title=title,
                    sort_key=sort_key(title),
                    status=self.statuses[i % 3],
                    last_reported=self.sources[i % 20].date,
                )
                for i, title in zip(numbers, titles, strict=True)
            )
            region_link, partner_link = links
            region_link.objects.bulk_create(
                region_link(initiative_id=r.pk, region_id=self.regions[r.pk % 5].pk) for r in rows
            )
            partner_link.objects.bulk_create(
                partner_link(initiative_id=r.pk, organisation_id=self.organisations[k].pk)
                for r in rows
                for k in {r.pk % 60, (r.pk * 7) % 60}
            )
            group_link.objects.bulk_create(
                group_link(initiative_id=r.pk, targetgroup_id=self.groups[r.pk % 6].pk)
                for r in rows
            )
            Mention.objects.bulk_create(
                Mention(
                    initiative_id=r.pk,
                    source=self.sources[r.pk % 20],
                    locator=f"Række {r.pk}",
                    title=r.title,
                    title_raw=r.title,
                    status=r.status,
                )
                for r in rows
            )
            # Each step is one load: its change and a history row per initiative it created.
            change = CatalogueChange.objects.create(
                when=timezone.now(), kind="load", reason=f"grow to {size}", counts={}
            )
            Initiative.history.model.objects.bulk_create(
                Initiative.history.model(
                    id=r.pk,
                    slug=r.slug,
                    title=r.title,
                    sort_key=r.sort_key,
                    status_id=r.status_id,
                    last_reported=r.last_reported,
                    history_date=change.when,
                    history_type="+",
                    history_change_reason=change.reason,
                )
                for r in rows
            )
        self.size = size
        rebuild_index()
        cache.clear()
        vocabulary.forget()


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@override_settings(PAGE_CACHE=False)
def test_query_counts_are_the_same_at_100_10k_and_100k(client, monkeypatch):
    # The cached version expires after a minute; growing 100k rows can take longer than that,
    # and a re-read version would count as one more query on a slow machine.
    monkeypatch.setattr("initiatives.cache.VERSION_TTL", 3600)
    catalogue = Catalogue()
    some = Organisation.objects.get(slug="org-07")
    pages = {
        "list": "/initiatives/",
        "list, region": "/initiatives/?region=region-1",
        "list, region + status": "/initiatives/?region=region-1&status=ongoing",
        "list, three filters": "/initiatives/?region=region-2&organisation=org-07&target_group=group-1",
        "list, text": "/initiatives/?q=telemedicin",
        "list, text + region": "/initiatives/?q=telemedicin&region=region-0",
        "list, deepest page by date": "/initiatives/?sort=-date&page={deepest}",
        "list, expanded facet": "/initiatives/?more=municipality",
        "print view, region": "/initiatives/print/?region=region-1",
        "detail": "/initiatives/i-42/",
        "organisation": some.get_absolute_url(),
        "overview": "/",
        "region": "/regions/region-1/",
        "target group": "/target-groups/group-2/",
        "export, small filtered list": "/initiatives/export.json?source=note-03&q=telemedicin",
        "feed": "/initiatives/feed.atom",
        "feed, region + status": "/initiatives/feed.atom?region=region-1&status=ongoing",
        "feed, text": "/initiatives/feed.atom?q=telemedicin",
        "news": "/news/",
    }
    cold, steady = {}, {}
    for size in SIZES:
        catalogue.grow(size)
        assert Initiative.objects.count() == size
        urls = {name: url.format(deepest=min(MAX_PAGES, size // 20)) for name, url in pages.items()}
        cold[size] = {name: queries(client, url) for name, url in urls.items()}
        steady[size] = {name: queries(client, url) for name, url in urls.items()}
    assert steady[100] == steady[10_000] == steady[100_000]
    assert cold[100] == cold[10_000] == cold[100_000]
    for name, count in steady[100].items():
        if name.startswith("list"):
            assert count <= LIST_BUDGET, (name, count)
    assert steady[100]["detail"] <= DETAIL_BUDGET
    assert steady[100]["feed"] == FEED_QUERIES and steady[100]["news"] == NEWS_QUERIES
