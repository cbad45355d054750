"""The list's parameters: one test per filter, OR within, AND across, strictness, facets, sort."""

import pytest
from django.urls import reverse

from tests.builders import make_initiative
from tests.web.conftest import titles

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:initiative-list")


def get(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response


def facet(response, facet_id):
    return next(f for f in response.context["facets"] if f.id == facet_id)


def counts(response, facet_id):
    return {item["value"]: item["count"] for item in facet(response, facet_id).items}


def test_the_list_without_parameters_shows_every_initiative_by_title(client, catalogue):
    assert titles(get(client)) == [
        "Færre genindlæggelser af ældre",
        "Rådgivning til familier",
        "Sundhedshus i Aarhus",
        "Udgående psykiatrisk team",
    ]


def test_region_filter_keeps_the_regions_initiatives(client, catalogue):
    assert set(titles(get(client, "?region=hovedstaden"))) == {
        "Færre genindlæggelser af ældre",
        "Udgående psykiatrisk team",
    }


def test_region_filter_ors_repeated_values(client, catalogue):
    assert len(titles(get(client, "?region=hovedstaden&region=midtjylland"))) == 4


def test_organisation_filter_keeps_initiatives_with_that_partner(client, catalogue):
    assert titles(get(client, "?organisation=herlev-og-gentofte-hospital")) == [
        "Færre genindlæggelser af ældre"
    ]


def test_organisation_filter_ors_a_hospital_and_a_kommune(client, catalogue):
    assert titles(get(client, "?organisation=pc-nordsjaelland&organisation=aarhus-kommune")) == [
        "Rådgivning til familier",
        "Sundhedshus i Aarhus",
        "Udgående psykiatrisk team",
    ]


def test_kind_filter_keeps_initiatives_with_a_partner_of_that_kind(client, catalogue):
    assert titles(get(client, "?kind=general_practice")) == ["Sundhedshus i Aarhus"]
    assert set(titles(get(client, "?kind=hospital&kind=psychiatry"))) == {
        "Færre genindlæggelser af ældre",
        "Udgående psykiatrisk team",
    }


def test_target_group_filter_keeps_the_groups_initiatives(client, catalogue):
    assert titles(get(client, "?target_group=boern-og-unge")) == [
        "Rådgivning til familier",
        "Sundhedshus i Aarhus",
    ]


def test_target_group_filter_ors_repeated_values(client, catalogue):
    assert len(titles(get(client, "?target_group=psykisk-sygdom&target_group=boern-og-unge"))) == 3


def test_status_filter_uses_status_codes(client, catalogue):
    assert titles(get(client, "?status=completed")) == ["Udgående psykiatrisk team"]
    assert len(titles(get(client, "?status=completed&status=planned"))) == 2


def test_source_filter_keeps_initiatives_the_note_mentions(client, catalogue):
    assert titles(get(client, "?source=rh-notat-2019")) == [
        "Færre genindlæggelser af ældre",
        "Udgående psykiatrisk team",
    ]


def test_q_filter_searches(client, catalogue):
    assert titles(get(client, "?q=genindlæggelse")) == ["Færre genindlæggelser af ældre"]


def test_different_parameters_and_together(client, catalogue):
    assert titles(get(client, "?region=midtjylland&target_group=aeldre-medicinske-patienter")) == [
        "Sundhedshus i Aarhus"
    ]
    assert titles(get(client, "?region=hovedstaden&status=planned")) == []


def test_an_initiative_matching_two_values_is_listed_once(client, catalogue):
    response = get(client, "?organisation=aarhus-kommune&organisation=almen-praksis")
    assert titles(response) == ["Rådgivning til familier", "Sundhedshus i Aarhus"]
    assert response.context["paginator"].count == 2


@pytest.mark.parametrize(
    "query",
    [
        "?region=atlantis",
        "?organisation=nobody",
        "?kind=spaceship",
        "?target_group=martians",
        "?model=smoke-signals",
        "?status=dormant",
        "?source=no-such-note",
        "?sort=shoe-size",
        "?region=hovedstaden&region=atlantis",
    ],
)
def test_an_unknown_value_gives_an_empty_result_and_a_visible_message(client, catalogue, query):
    response = get(client, query)
    assert titles(response) == []
    html = response.content.decode()
    assert "som kataloget ikke kender" in html
    bad_value = query.rsplit("=", 1)[1]
    assert f"»{bad_value}«" in html


def test_the_unknown_value_message_links_to_the_list_without_it(client, catalogue):
    response = get(client, "?region=hovedstaden&region=atlantis")
    (bad,) = response.context["invalid"]
    assert bad["remove_url"] == "?region=hovedstaden"


def test_facet_counts_apply_every_other_filter(client, catalogue):
    response = get(client, "?region=hovedstaden&target_group=aeldre-medicinske-patienter")
    # Region counts ignore the region filter but keep the target group.
    assert counts(response, "region") == {"hovedstaden": 1, "midtjylland": 1}
    # Target-group counts ignore the target-group filter but keep the region.
    assert counts(response, "target_group") == {
        "aeldre-medicinske-patienter": 1,
        "psykisk-sygdom": 1,
    }
    assert counts(response, "status") == {"ongoing": 1}
    assert counts(response, "hospital") == {"herlev-og-gentofte-hospital": 1}
    assert counts(response, "municipality") == {"gladsaxe-kommune": 1}
    assert counts(response, "kind") == {"hospital": 1, "municipality": 1}
    assert counts(response, "source") == {"rh-notat-2019": 1}


def test_facet_counts_without_filters_count_distinct_initiatives(client, catalogue):
    response = get(client)
    assert counts(response, "region") == {"hovedstaden": 2, "midtjylland": 2}
    assert counts(response, "municipality") == {"gladsaxe-kommune": 2, "aarhus-kommune": 2}
    assert counts(response, "hospital") == {"herlev-og-gentofte-hospital": 1, "pc-nordsjaelland": 1}
    assert counts(response, "kind")["municipality"] == 4
    assert counts(response, "status") == {"planned": 1, "ongoing": 2, "completed": 1}
    assert counts(response, "source") == {
        "midtklyngen-2022": 1,
        "rh-notat-2019": 2,
        "danske-regioner": 1,
    }


def test_a_selected_facet_value_is_marked_and_links_to_its_removal(client, catalogue):
    response = get(client, "?region=hovedstaden&status=ongoing")
    item = next(i for i in facet(response, "region").items if i["value"] == "hovedstaden")
    assert item["selected"] is True
    assert item["toggle_url"] == "?status=ongoing"
    other = next(i for i in facet(response, "region").items if i["value"] == "midtjylland")
    assert other["toggle_url"] == "?region=hovedstaden&region=midtjylland&status=ongoing"
    html = response.content.decode()
    assert 'aria-current="true"' in html


def test_facet_links_drop_the_page_number(client, catalogue):
    response = get(client, "?page=1")
    assert all("page=" not in item["toggle_url"] for item in facet(response, "region").items)


def test_the_sentence_says_what_is_shown(client, catalogue):
    response = get(client, "?region=hovedstaden&target_group=aeldre-medicinske-patienter")
    assert response.context["sentence"] == (
        "Viser 1 af 4 initiativer · Region Hovedstaden · Målgruppe: Ældre medicinske patienter"
    )
    assert "Ryd alle filtre" in response.content.decode()


def test_the_sentence_joins_repeated_values_with_eller(client, catalogue):
    response = get(client, "?status=planned&status=completed&q=team")
    assert response.context["sentence"] == (
        "Viser 1 af 4 initiativer · Søgning: »team« · Status: Planlagt eller Afsluttet"
    )


def test_sort_by_newest_mention_puts_undated_last(client, catalogue):
    assert titles(get(client, "?sort=-date")) == [
        "Sundhedshus i Aarhus",
        "Færre genindlæggelser af ældre",
        "Udgående psykiatrisk team",
        "Rådgivning til familier",
    ]


def test_sort_by_title(client, catalogue):
    response = get(client, "?sort=title&region=midtjylland")
    assert titles(response) == ["Rådgivning til familier", "Sundhedshus i Aarhus"]


def test_searching_sorts_by_relevance_by_default(client, catalogue):
    response = get(client, "?q=kommune")
    assert response.context["sort_key"] == "relevance"


def test_relevance_without_a_search_falls_back_to_title(client, catalogue):
    response = get(client, "?sort=relevance")
    assert response.context["sort_key"] == "title"
    assert titles(response)[0] == "Færre genindlæggelser af ældre"


def test_pagination_links_keep_the_filters(client, catalogue):
    for n in range(25):
        make_initiative(f"Ekstra {n:02}", regions=[catalogue.hovedstaden], mentioned=True)
    response = get(client, "?region=hovedstaden&sort=title")
    assert response.context["paginator"].num_pages == 2
    html = response.content.decode()
    assert 'href="?region=hovedstaden&amp;sort=title&amp;page=2"' in html
    second = get(client, "?region=hovedstaden&sort=title&page=2")
    assert len(titles(second)) == 27 - 20
    assert 'href="?region=hovedstaden&amp;sort=title&amp;page=1"' in second.content.decode()


def test_sort_links_keep_the_filters_and_reset_the_page(client, catalogue):
    html = get(client, "?region=hovedstaden&page=1").content.decode()
    assert 'href="?region=hovedstaden&amp;sort=-date"' in html


def test_the_search_form_keeps_the_other_filters(client, catalogue):
    html = get(client, "?region=hovedstaden&q=team").content.decode()
    assert '<input type="hidden" name="region" value="hovedstaden">' in html


def test_export_links_carry_the_filters(client, catalogue):
    html = get(client, "?region=hovedstaden&page=1").content.decode()
    assert 'href="/initiatives/export.csv?region=hovedstaden"' in html


def test_a_long_facet_shows_its_top_rows_and_a_link_to_the_rest(client, catalogue):
    from tests.builders import make_organisation

    for n in range(12):
        kommune = make_organisation(f"Kommune {n:02}", region=catalogue.hovedstaden)
        make_initiative(f"Ekstra {n}", partners=[kommune], mentioned=True)
    response = get(client)
    municipalities = facet(response, "municipality")
    assert len(municipalities.visible) == 8 and municipalities.truncated
    aside = response.content.decode().split('class="facets"')[1]
    assert "Kommune 11" not in aside  # hidden rows are not in the page at all
    assert 'href="?more=municipality#facet-municipality"' in aside
    expanded = get(client, "?more=municipality")
    assert len(facet(expanded, "municipality").visible) == 14
    aside = expanded.content.decode().split('class="facets"')[1]
    assert "Kommune 11" in aside and "Vis færre" in aside


def test_a_selected_value_beyond_the_top_rows_is_shown(client, catalogue):
    from tests.builders import make_organisation

    for n in range(12):
        kommune = make_organisation(f"Kommune {n:02}", region=catalogue.hovedstaden)
        make_initiative(f"Ekstra {n}", partners=[kommune], mentioned=True)
    response = get(client, "?organisation=kommune-11")
    assert "kommune-11" in [i["value"] for i in facet(response, "municipality").visible]


def test_titles_sort_in_danish_order(client, catalogue):
    for title in ["Åben rådgivning", "Zoneterapi", "Ældrepleje", "Østerbro-projekt"]:
        make_initiative(title, mentioned=True)
    assert titles(get(client, "?sort=title"))[-4:] == [
        "Zoneterapi",
        "Ældrepleje",
        "Østerbro-projekt",
        "Åben rådgivning",
    ]


def test_paging_stops_at_the_cap_and_asks_to_narrow_the_search(client, db, settings):
    from initiatives import paging

    settings.PAGE_CACHE = False
    for n in range(45):
        make_initiative(f"Projekt {n:02}", mentioned=True)
    original = paging.MAX_PAGES
    paging.MAX_PAGES = 2
    try:
        last = get(client, "?page=2")
        assert 'rel="next"' not in last.content.decode()
        beyond = get(client, "?page=3")
        assert titles(beyond) == []
        assert "Afgræns din søgning" in beyond.content.decode()
        assert client.get(LIST + "?page=4").status_code == 404
    finally:
        paging.MAX_PAGES = original


def test_filtered_facet_counts_are_counted_once_per_version(client, catalogue, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from initiatives.models import CatalogueVersion

    settings.PAGE_CACHE = False
    url = LIST + "?region=hovedstaden&status=ongoing"
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        client.get(url + "&sort=-date")
    assert not any("UNION ALL" in q["sql"] and "COUNT" in q["sql"] for q in again)
    make_initiative("Nyt initiativ", regions=[catalogue.hovedstaden], mentioned=True)
    CatalogueVersion.bump()
    response = get(client, "?region=hovedstaden&status=ongoing")
    assert counts(response, "status")["ongoing"] == 2  # recounted under the new version


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?region=hovedstaden",
        "?q=sundhed",
        "?q=borger&region=midtjylland",
        "?region=syddanmark&status=ongoing",
        "?kind=municipality&region=nordjylland&q=patient",
    ],
)
def test_each_facet_count_is_what_a_click_on_it_lists(client, loaded_catalogue, settings, query):
    # The bundled catalogue, counted with and without a search and with one to three filters:
    # a value's count is the number of initiatives listed with it instead of its facet's other
    # values, everything else kept.
    from django.http import QueryDict

    settings.PAGE_CACHE = False  # every answer rendered, with its context
    params = QueryDict(query.lstrip("?"))
    checked = 0
    for shown in get(client, query).context["facets"]:
        for item in shown.items[:4]:
            clicked = params.copy()
            clicked.setlist(shown.name, [item["value"]])
            listed = get(client, "?" + clicked.urlencode()).context["paginator"].count
            assert listed == item["count"], (query, shown.id, item["value"])
            checked += 1
    assert checked >= 10
