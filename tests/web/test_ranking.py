"""A searched list's order (initiatives.ranking): the same rows in the same order as ranking every
match, read tier by tier, ranked once per filter combination and catalogue version.

Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import paging, ranking, search
from initiatives.collation import sort_key
from initiatives.filters import BY_NAME, listed
from initiatives.models import CatalogueVersion, Initiative
from tests.builders import make_initiative, make_region
from tests.web.conftest import titles

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:initiative-list")


def every_match(queryset, q):
    """The order the list promises: every match ranked (``search.ranked``), then title, id."""
    ranked = search.ranked(queryset, q).order_by("-search_rank", "sort_key", "pk")
    return list(ranked.values_list("pk", flat=True))


@pytest.fixture
def telemedicine():
    """Whole-stem and prefix-only matches of "telemedicin" in two regions, with equal texts (equal
    ranks: title and id decide), a title hit, and initiatives no note mentions (never listed)."""
    north, south = make_region("nord", "Region Nord"), make_region("syd", "Region Syd")
    listed_in = {"regions": [north], "mentioned": True}, {"regions": [south], "mentioned": True}
    for i in range(24):
        where = listed_in[i % 2]
        make_initiative(f"Projekt {i}", description="Telemedicin i hjemmet.", **where)
        make_initiative(f"Måling {i}", description="Telemedicinsk måling.", **where)
    make_initiative("Telemedicin for alle", **listed_in[0])
    make_initiative("Telemedicinske kufferter", **listed_in[1])
    make_initiative("Sår", description="Sårbehandling med video.", **listed_in[0])
    make_initiative("Telemedicin uden omtale", regions=[north])
    search.rebuild_index()
    return {"north": north, "south": south}


def test_every_limit_gives_the_first_rows_of_the_full_order(telemedicine):
    order = every_match(listed(), "telemedicin")
    assert len(order) == 50  # 25 whole-stem matches, then 25 found through a prefix
    for limit in (1, 2, 20, 24, 25, 26, 40, 49, 50, 51, 1000):
        assert ranking.ranked_ids(listed(), "telemedicin", limit) == order[:limit]


def test_filters_keep_the_order_of_their_rows(telemedicine):
    north = listed().filter(BY_NAME["region"].condition([telemedicine["north"].pk]))
    order = every_match(north, "telemedicin")
    assert 0 < len(order) < 50
    for limit in (1, 3, 12, 13, 14, 40):
        assert ranking.ranked_ids(north, "telemedicin", limit) == order[:limit]


def test_whole_stem_matches_come_before_prefix_only_ones(telemedicine):
    ids = ranking.ranked_ids(listed(), "telemedicin", 50)
    titles_in_order = dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "title"))
    shown = [titles_in_order[pk] for pk in ids]
    assert shown[0] == "Telemedicin for alle"  # the title weighs most
    # Equal texts have equal ranks: then the title decides.
    assert shown[1:25] == sorted((f"Projekt {i}" for i in range(24)), key=sort_key)
    assert set(shown[25:]) == {f"Måling {i}" for i in range(24)} | {"Telemedicinske kufferter"}


def test_synonyms_and_a_query_without_words(telemedicine):
    assert ranking.ranked_ids(listed(), "og", 20) == []
    assert ranking.ranked_ids(listed(), "video", 20) == every_match(listed(), "video")
    # "telesundhed" is a synonym of "telemedicin": the same initiatives, the same order.
    assert ranking.ranked_ids(listed(), "telesundhed", 60) == every_match(listed(), "telemedicin")


def test_the_list_pages_show_the_ranked_order(client, telemedicine, settings):
    settings.PAGE_CACHE = False
    order = every_match(listed(), "telemedicin")
    names = dict(Initiative.objects.values_list("pk", "title"))
    size = paging.PAGE_SIZE
    for page in (1, 2, 3):
        response = client.get(LIST + f"?q=telemedicin&page={page}")
        assert titles(response) == [names[pk] for pk in order[(page - 1) * size : page * size]]
    assert "Viser 50 af 51 initiativer" in response.content.decode()


def test_a_search_is_ranked_once_per_combination_and_depth(client, telemedicine, settings):
    settings.PAGE_CACHE = False
    client.get(LIST + "?q=telemedicin&region=nord")  # counts, ranking, rows, links

    def ranking_queries(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in queries if "WITH whole AS" in q["sql"]], len(queries)

    assert ranking_queries(LIST + "?q=telemedicin&region=nord") == ([], 2)  # rows, links
    assert ranking_queries(LIST + "?q=telemedicin&region=nord&sort=relevance")[0] == []
    # Another combination is ranked (and counted) on its own.
    assert len(ranking_queries(LIST + "?q=telemedicin&region=syd")[0]) == 1
    # Another sort needs no ranking.
    assert ranking_queries(LIST + "?q=telemedicin&sort=title")[0] == []


def test_a_deeper_page_ranks_further_down_once(client, telemedicine, settings, monkeypatch):
    settings.PAGE_CACHE = False
    monkeypatch.setattr(ranking, "STEP", paging.PAGE_SIZE)
    order = every_match(listed(), "telemedicin")
    names = dict(Initiative.objects.values_list("pk", "title"))
    size = paging.PAGE_SIZE
    seen = []
    for page in (1, 2, 1, 3, 2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST + f"?q=telemedicin&page={page}")
        seen.append(sum("WITH whole AS" in q["sql"] for q in queries))
        assert titles(response) == [names[pk] for pk in order[(page - 1) * size : page * size]]
    # Each new depth ranks once; page 3 reaches the end of the matches: every page is known.
    assert seen == [1, 1, 0, 1, 0]


def test_a_new_catalogue_version_ranks_again(client, telemedicine, settings):
    settings.PAGE_CACHE = False
    before = titles(client.get(LIST + "?q=telemedicin"))
    assert before[0] == "Telemedicin for alle"
    make_initiative("Telemedicin, telemedicin og telemedicin", mentioned=True)
    search.rebuild_index()
    CatalogueVersion.bump()
    response = client.get(LIST + "?q=telemedicin")
    assert titles(response)[0] == "Telemedicin, telemedicin og telemedicin"
    assert "Viser 51 af 52 initiativer" in response.content.decode()


def test_an_unreachable_cache_only_means_ranking_again(client, telemedicine, settings, monkeypatch):
    settings.PAGE_CACHE = False
    expected = titles(client.get(LIST + "?q=telemedicin"))

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert titles(client.get(LIST + "?q=telemedicin")) == expected


def test_queries_with_the_same_stems_but_other_words_keep_their_own_results(client, db, settings):
    # "kronisk kronisk obstruktiv lungesygdom" needs "kronisk" besides the KOL synonym set; the
    # query without the repeated word does not. Their counts and orders must not be shared.
    settings.PAGE_CACHE = False
    make_initiative("KOL-skole", mentioned=True)
    make_initiative("Rehabilitering ved kronisk obstruktiv lungesygdom", mentioned=True)
    search.rebuild_index()
    wide = client.get(LIST + "?q=kronisk+obstruktiv+lungesygdom")
    narrow = client.get(LIST + "?q=kronisk+kronisk+obstruktiv+lungesygdom")
    assert len(titles(wide)) == 2 and "Viser 2 af 2" in wide.content.decode()
    assert titles(narrow) == ["Rehabilitering ved kronisk obstruktiv lungesygdom"]
    assert "Viser 1 af 2" in narrow.content.decode()
