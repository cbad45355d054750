"""The detail and browse pages: status lines, warnings, citations, funding, grouping, 404s."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.formatting import citation, status_heading
from tests.builders import (
    make_cluster,
    make_import_warning,
    make_initiative,
    make_mention,
    make_organisation,
    make_region,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_overview_shows_counts_per_region_target_group_and_status(client, catalogue):
    page = html(client, "/")
    assert "<strong>4</strong>" in page
    assert 'href="/initiatives/?region=hovedstaden"' in page
    assert 'href="/initiatives/?target_group=boern-og-unge"' in page
    assert 'href="/initiatives/?status=ongoing"' in page
    assert "<title" in page and "Kort over de fem regioner" in page
    assert "Udvalgte initiativer i Midtklyngen" in page  # newest notes
    assert 'role="search"' in page


def test_the_detail_page_states_status_as_of_a_dated_note(client, catalogue):
    page = html(client, catalogue.readmissions.get_absolute_url())
    assert "Status pr. 30. april 2019:" in page
    assert "Igangværende" in page


def test_the_status_line_of_a_month_precise_note_names_the_month(client, catalogue):
    page = html(client, catalogue.health_house.get_absolute_url())
    assert "Status pr. november 2022:" in page


def test_the_status_line_of_an_undated_note_says_so(client, catalogue):
    page = html(client, catalogue.counselling.get_absolute_url())
    assert "Status (udateret kilde, ca. 2014):" in page
    assert "Kilden er udateret" in page


def test_a_source_older_than_two_years_gives_a_warning(client, catalogue):
    page = html(client, catalogue.readmissions.get_absolute_url())
    assert "mere end to år gammel" in page


def test_a_recent_source_gives_no_warning(client, db):
    recent = datetime.date.today() - datetime.timedelta(days=30)
    initiative = make_initiative("Nyt projekt", status_as_of=recent, last_reported=recent)
    make_mention(initiative, make_source(date=recent))
    page = html(client, initiative.get_absolute_url())
    assert "mere end to år gammel" not in page
    assert "Kilden er udateret" not in page


def test_a_source_just_over_two_years_old_gives_a_warning(client, db):
    old = datetime.date.today() - datetime.timedelta(days=2 * 365 + 2)
    initiative = make_initiative("Ældre projekt", status_as_of=old, last_reported=old)
    make_mention(initiative, make_source(date=old))
    assert "mere end to år gammel" in html(client, initiative.get_absolute_url())


def test_the_citation_names_region_note_date_and_locator_with_a_lower_case_first_letter(
    catalogue,
):
    mention = catalogue.readmissions.mentions.get()
    assert citation(mention) == (
        "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1, række 6"
    )


def test_citations_of_month_precise_and_undated_notes(catalogue):
    assert citation(catalogue.health_house.mentions.get()) == (
        "Kilde: Region Midtjylland, Midtklyngens oversigt over initiativer, november 2022, "
        "tabel 1, række 2"
    )
    # A note without a region (Danske Regioner) is cited by its title alone.
    assert citation(catalogue.counselling.mentions.get()) == (
        "Kilde: Danske Regioners notat, udateret, ca. 2014, eksempel 4"
    )


def test_locators_keep_proper_names_capitalised(db):
    mention = make_mention(
        source=make_source(short_title="Sundhedskoordinationsudvalget, dagsorden"),
        locator="Bilag 1, Allerød, 2016",
    )
    assert citation(mention).endswith("30. april 2019, bilag 1, Allerød, 2016")


def test_the_detail_page_shows_mentions_with_raw_cells_and_citation(client, catalogue):
    page = html(client, catalogue.readmissions.get_absolute_url())
    assert (
        "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 30. april 2019, tabel 1, række 6"
        in page
    )
    assert "HGH, Gladsaxe" in page  # partner_text as read
    assert "Samarbejder med kommunerne" in page  # section
    assert 'href="/organisations/herlev-og-gentofte-hospital/"' in page
    assert 'href="/regions/hovedstaden/"' in page
    assert 'href="/target-groups/aeldre-medicinske-patienter/"' in page


def test_the_detail_page_shows_funding_in_kroner(client, db):
    initiative = make_initiative(
        "Laboratorium 8",
        funding_amount=Decimal("1250000"),
        funding_granted_by="Sundhedsstyrelsen",
        funding_period="2016-2018",
        funding_lines=[{"activity": "Kompetenceudvikling", "budget": 300000, "spent": 275500.5}],
        mentioned=True,
    )
    page = html(client, initiative.get_absolute_url())
    assert "1.250.000 kr." in page
    assert "Sundhedsstyrelsen" in page
    assert "Kompetenceudvikling" in page
    assert "300.000 kr." in page
    assert "275.500,50 kr." in page


def test_an_initiative_without_funding_has_no_funding_section(client, catalogue):
    assert "Finansiering" not in html(client, catalogue.readmissions.get_absolute_url())


def test_the_detail_page_links_parent_and_parts(client, db):
    parent = make_initiative("Sundhedsaftalen", mentioned=True)
    part = make_initiative("Delprojekt om KOL", parent=parent, mentioned=True)
    assert part.get_absolute_url() in html(client, parent.get_absolute_url())
    assert parent.get_absolute_url() in html(client, part.get_absolute_url())


def test_status_heading_without_mentions_is_plain(db):
    initiative = make_initiative()
    assert status_heading(initiative, []) == "Status"


def test_the_organisations_page_groups_by_kind_and_region_with_counts(client, catalogue):
    make_organisation("Rudersdal Kommune", region=catalogue.hovedstaden)  # no initiatives
    response = client.get(reverse("initiatives:organisation-list"))
    kinds = {kind["value"]: kind for kind in response.context["kinds"]}
    assert list(kinds) == ["hospital", "psychiatry", "municipality", "general_practice"]
    regions = dict(kinds["municipality"]["regions"])
    assert [o.name for o in regions["Region Hovedstaden"]] == ["Gladsaxe Kommune"]
    assert regions["Region Hovedstaden"][0].initiative_count == 2
    assert "Rudersdal Kommune" not in response.content.decode()
    assert "Rudersdal Kommune" in html(client, reverse("initiatives:organisation-list") + "?all=1")


def test_the_organisation_page_lists_its_initiatives_parent_children_and_clusters(client, db):
    region = make_region("hovedstaden", "Region Hovedstaden")
    parent = make_organisation("Region Hovedstadens Psykiatri", kind="psychiatry", region=region)
    centre = make_organisation(
        "Psykiatrisk Center Ballerup", kind="psychiatry", region=region, parent=parent
    )
    hospital = make_organisation("Herlev og Gentofte Hospital", kind="hospital", region=region)
    make_cluster(region, "Planområde Midt", hospital=hospital)
    make_initiative("Fælles psykiatrisk akutmodtagelse", partners=[centre], mentioned=True)
    page = html(client, centre.get_absolute_url())
    assert "Fælles psykiatrisk akutmodtagelse" in page
    assert parent.get_absolute_url() in page
    assert centre.get_absolute_url() in html(client, parent.get_absolute_url())
    assert "Planområde Midt" in html(client, hospital.get_absolute_url())


def test_the_region_page_groups_initiatives_by_cluster(client, catalogue):
    make_cluster(
        catalogue.hovedstaden,
        "Planområde Midt",
        hospital=catalogue.herlev,
        municipalities=[catalogue.gladsaxe],
    )
    make_cluster(catalogue.hovedstaden, "Planområde Nord")
    lonely = make_initiative("Regionalt projekt", regions=[catalogue.hovedstaden], mentioned=True)
    response = client.get(catalogue.hovedstaden.get_absolute_url())
    groups = {
        g["cluster"].name: [i.title for i in g["initiatives"]] for g in response.context["clusters"]
    }
    assert groups == {
        "Planområde Midt": ["Færre genindlæggelser af ældre", "Udgående psykiatrisk team"],
        "Planområde Nord": [],
    }
    assert [i.title for i in response.context["unclustered"]] == [lonely.title]
    assert "Uden for klyngerne" in response.content.decode()


def test_the_target_group_page_lists_its_initiatives_and_status_counts(client, catalogue):
    response = client.get(catalogue.children.get_absolute_url())
    assert [i.title for i in response.context["initiatives"]] == [
        "Rådgivning til familier",
        "Sundhedshus i Aarhus",
    ]
    assert [(s.code, n) for s, n in response.context["status_counts"]] == [
        ("planned", 1),
        ("ongoing", 1),
    ]


def test_the_sources_page_lists_notes_newest_first_with_counts(client, catalogue):
    response = client.get(reverse("initiatives:source-list"))
    sources = list(response.context["sources"])
    assert [s.slug for s in sources] == ["midtklyngen-2022", "rh-notat-2019", "danske-regioner"]
    assert sources[1].mention_count == 2
    assert "udateret, ca. 2014" in response.content.decode()


def test_the_source_page_lists_its_mentions_in_order(client, catalogue):
    response = client.get(catalogue.fu.get_absolute_url())
    assert [m.locator for m in response.context["mentions"]] == [
        "Tabel 1, række 6",
        "Tabel 2, række 1",
    ]
    page = response.content.decode()
    assert catalogue.readmissions.get_absolute_url() in page
    assert "30. april 2019" in page


def test_import_warnings_show_only_to_staff(client, catalogue):
    make_import_warning(catalogue.fu, "Ukendt partner: »Hjemmeplejen Nord«", locator="Tabel 3")
    url = catalogue.fu.get_absolute_url()
    assert "Hjemmeplejen Nord" not in html(client, url)
    client.force_login(make_user(staff=False))
    assert "Hjemmeplejen Nord" not in html(client, url)
    client.force_login(make_user(staff=True))
    assert "Hjemmeplejen Nord" in html(client, url)


def test_an_import_warning_links_staff_to_its_line_in_the_note(client, catalogue):
    make_import_warning(catalogue.fu, "Ukendt partner: »Foo«", locator="Tabel 3", line=88)
    client.force_login(make_user(staff=True))
    page = html(client, catalogue.fu.get_absolute_url())
    assert 'href="/sources/rh-notat-2019/text/?lines=88#L88">linje 88</a>' in page


@pytest.mark.parametrize(
    "url",
    [
        "/initiatives/?page=abc",
        "/initiatives/?page=999999",
        "/initiatives/?page=0",
        "/initiatives/no-such-initiative/",
        "/organisations/nobody/",
        "/regions/atlantis/",
        "/target-groups/martians/",
        "/sources/no-such-note/",
    ],
)
def test_bad_pages_and_slugs_give_a_danish_404(client, catalogue, url):
    page = html(client, url, status=404)
    assert "Siden findes ikke" in page
    assert '<html lang="da">' in page


def test_a_very_long_search_is_cut_with_a_polite_message(client, catalogue):
    response = client.get("/initiatives/", {"q": "genindlæggelse " * 700})
    assert response.status_code == 200
    assert len(response.context["search_text"]) <= 200
    assert "forkortet til 200 tegn" in response.content.decode()


def test_the_500_page_stands_alone_in_danish(client):
    from django.template.loader import render_to_string

    assert "Der opstod en fejl" in render_to_string("500.html")
