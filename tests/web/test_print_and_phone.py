"""The print view of a filtered list, and the list's filter control for phones (issue 12, 3–4).

The real-browser side (a 360 px phone, print media) is in ``test_browser.py``.
"""

import re

import pytest
from django.test.utils import override_settings

from initiatives.models import Initiative
from initiatives.views import printing
from tests.builders import make_initiative, make_mention

pytestmark = pytest.mark.django_db


def printed_titles(response):
    return [initiative.title for initiative in response.context["initiatives"]]


def test_the_print_view_holds_every_row_of_a_filter_beyond_one_list_page(client, catalogue):
    for n in range(45):
        initiative = make_initiative(
            f"Fælles akutteam {n:02}", "ongoing", regions=[catalogue.hovedstaden]
        )
        make_mention(initiative, catalogue.fu, locator=f"Tabel 3, række {n + 1}")
    list_page = client.get("/initiatives/?region=hovedstaden")
    assert len(list_page.context["object_list"]) == 20  # one page of the list

    response = client.get("/initiatives/print/?region=hovedstaden")
    assert response.status_code == 200
    titles = printed_titles(response)
    assert len(titles) == 47  # the 45 and the two of the catalogue in the region
    assert titles == sorted(titles, key=lambda t: Initiative.objects.get(title=t).sort_key)
    page = response.content.decode()
    assert "Viser 47 af 49 initiativer · Region Hovedstaden" in page
    assert page.count('class="initiative-item"') == 47
    assert "Udskriften rummer" not in page


def test_the_print_view_says_what_when_which_version_and_where(client, catalogue):
    response = client.get("/initiatives/print/?target_group=boern-og-unge&sort=-date")
    page = response.content.decode()
    assert printed_titles(response) == ["Sundhedshus i Aarhus", "Rådgivning til familier"]
    assert "Viser 2 af 4 initiativer · Målgruppe: Børn og unge" in page
    # The date and time of printing, as a machine-readable time too.
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d', page)
    assert "Katalogversion</dt><dd>" in page
    # Absolute URLs: the list it prints, and each initiative.
    assert "http://testserver/initiatives/?target_group=boern-og-unge&amp;sort=-date" in page
    assert "http://testserver/initiatives/sundhedshus-aarhus/" in page
    # Every partner, not the list's first six.
    assert "Parter: Almen praksis, Aarhus Kommune" in page


def test_the_print_view_stops_at_its_cap_and_asks_to_narrow(client, catalogue, monkeypatch):
    monkeypatch.setattr(printing, "PRINT_LIMIT", 3)
    page = client.get("/initiatives/print/").content.decode()
    assert page.count('class="initiative-item"') == 3
    assert "Udskriften rummer de første 3 af 4 initiativer. Afgræns listen" in page


def test_the_print_view_of_a_search_prints_the_lists_order_down_to_its_cap(
    client, loaded_catalogue, monkeypatch, settings
):
    settings.PAGE_CACHE = False
    listed = []
    for page in (1, 2):
        listed += [
            i.title
            for i in client.get(f"/initiatives/?q=sundhed&page={page}").context["object_list"]
        ]
    assert len(listed) > 20  # the search fills more than one page
    assert printed_titles(client.get("/initiatives/print/?q=sundhed"))[: len(listed)] == listed
    monkeypatch.setattr(printing, "PRINT_LIMIT", 7)
    response = client.get("/initiatives/print/?q=sundhed")
    assert printed_titles(response) == listed[:7]
    assert "Udskriften rummer de første 7 af" in response.content.decode()


def test_the_print_view_of_a_refused_filter_prints_nothing_and_says_why(client, catalogue):
    page = client.get("/initiatives/print/?region=atlantis").content.decode()
    assert 'class="initiative-item"' not in page
    assert "en værdi, som kataloget ikke kender" in page


@override_settings(LANGUAGE_CODE="da")
def test_the_print_view_is_in_english_for_an_english_visitor(client, catalogue):
    client.cookies["django_language"] = "en"
    page = client.get("/initiatives/print/?region=hovedstaden").content.decode()
    assert "Showing 2 of 4 initiatives · Region Hovedstaden" in page
    assert "Printed" in page and "Catalogue version" in page


def test_the_list_links_to_its_print_view_with_the_same_filters(client, catalogue):
    page = client.get("/initiatives/?region=hovedstaden&sort=-date&page=1").content.decode()
    assert (
        '<a href="/initiatives/print/?region=hovedstaden&amp;sort=-date">Udskriv listen</a>' in page
    )


def test_no_initiative_takes_the_print_views_address(client, catalogue):
    made = Initiative.objects.create(title="Print", status=catalogue.readmissions.status)
    assert made.slug == "print-2"
    assert client.get("/initiatives/print/").context["initiatives"] is not None


def test_the_phone_filter_control_counts_the_chosen_filters(client, catalogue):
    page = client.get(
        "/initiatives/?region=hovedstaden&region=midtjylland&status=ongoing&q=hjem"
    ).content.decode()
    # The search is not a filter of the facets; the three chosen values are.
    assert '<a href="#facets" class="button">Filtre (3 valgt)</a>' in page
    assert 'id="facets"' in page
    assert '<a href="#results">Tilbage til resultaterne</a>' in page
    plain = client.get("/initiatives/").content.decode()
    assert '<a href="#facets" class="button">Filtre</a>' in plain


def test_choosing_or_removing_a_filter_lands_on_the_results(client, catalogue):
    page = client.get("/initiatives/?region=hovedstaden").content.decode()
    facet_links = re.findall(r'<a href="([^"]*)" class="facet-link', page)
    assert facet_links and all(link.endswith("#results") for link in facet_links)
    chip = re.search(r'<a href="([^"]*)" class="chip">', page).group(1)
    assert chip == "?#results"
    assert re.search(r'href="/initiatives/\?#results" class="clear-all"', page)
    assert 'id="results"' in page
