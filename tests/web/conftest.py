"""A small catalogue built with the make_* builders, shared by the web tests."""

import datetime
from types import SimpleNamespace

import pytest

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


def build_catalogue():
    """Two regions, five partners, three target groups, three collaboration models, three notes
    (one undated), four initiatives."""
    for code in ("planned", "ongoing", "completed", "unknown"):
        make_status(code)
    h = make_region("hovedstaden", "Region Hovedstaden", "1084")
    m = make_region("midtjylland", "Region Midtjylland", "1082")
    # The other three regions, without initiatives, as in the real catalogue.
    make_region("sjaelland", "Region Sjælland", "1085")
    make_region("syddanmark", "Region Syddanmark", "1083")
    make_region("nordjylland", "Region Nordjylland", "1081")
    herlev = make_organisation("Herlev og Gentofte Hospital", kind="hospital", region=h)
    psych = make_organisation(
        "Psykiatrisk Center Nordsjælland", kind="psychiatry", region=h, slug="pc-nordsjaelland"
    )
    gladsaxe = make_organisation("Gladsaxe Kommune", kind="municipality", region=h)
    aarhus = make_organisation("Aarhus Kommune", kind="municipality", region=m)
    practice = make_organisation("Almen praksis", kind="general_practice", slug="almen-praksis")
    older = make_target_group("aeldre-medicinske-patienter", "Ældre medicinske patienter")
    older.name_en = "Older medical patients"
    older.save()
    mental = make_target_group("psykisk-sygdom", "Psykisk sygdom")
    children = make_target_group("boern-og-unge", "Børn og unge")
    # Three collaboration models: two with initiatives, one (telemedicine) with none; their
    # vocabulary order is neither alphabetical nor the order they are made in.
    home = make_collaboration_model(
        "behandling-i-eget-hjem-og-udgaaende-teams",
        "Behandling i eget hjem og udgående teams",
        name_en="Treatment at home and outreach teams",
        order=2,
    )
    house = make_collaboration_model("sundheds-og-akuthuse", "Sundheds- og akuthuse", order=1)
    telemedicine = make_collaboration_model("telemedicin", "Telemedicin", order=3)
    fu = make_source(
        "rh-notat-2019",
        date=datetime.date(2019, 4, 30),
        region=h,
        title="Oversigt over samarbejder (notat til Forretningsudvalget)",
        short_title="Notat til Forretningsudvalget",
    )
    midt = make_source(
        "midtklyngen-2022",
        date=datetime.date(2022, 11, 1),
        date_precision="month",
        region=m,
        title="Udvalgte initiativer i Midtklyngen",
        short_title="Midtklyngens oversigt over initiativer",
    )
    undated = make_source(
        "danske-regioner",
        date=None,
        date_precision="unknown",
        date_note="Udateret, ca. 2014",
        title="Notat om tværsektorielle samarbejdsmodeller",
        short_title="Danske Regioners notat",
        issuer="Danske Regioner",
    )
    readmissions = make_initiative(
        "Færre genindlæggelser af ældre",
        "ongoing",
        slug="faerre-genindlaeggelser",
        regions=[h],
        partners=[herlev, gladsaxe],
        target_groups=[older],
        models=[home],
        description="Opfølgende hjemmebesøg efter udskrivning.",
        status_as_of=fu.date,
        last_reported=fu.date,
    )
    outreach = make_initiative(
        "Udgående psykiatrisk team",
        "completed",
        slug="udgaaende-team",
        regions=[h],
        partners=[psych, gladsaxe],
        target_groups=[mental],
        models=[home],
        description="Teamet rykker ud til borgere i eget hjem.",
        status_as_of=fu.date,
        last_reported=fu.date,
    )
    health_house = make_initiative(
        "Sundhedshus i Aarhus",
        "planned",
        slug="sundhedshus-aarhus",
        regions=[m],
        partners=[aarhus, practice],
        target_groups=[older, children],
        models=[house],
        description="Et fælles sted for kommunens og praksis' tilbud.",
        status_as_of=midt.date,
        last_reported=midt.date,
    )
    counselling = make_initiative(
        "Rådgivning til familier",
        "ongoing",
        slug="raadgivning-familier",
        regions=[m],
        partners=[aarhus],
        target_groups=[children],
        description="Et samarbejde med kommunerne om tidlig indsats.",
    )
    make_mention(
        readmissions,
        fu,
        locator="Tabel 1, række 6",
        position=6,
        section="Samarbejder med kommunerne",
        title_raw="Færre genindlæggelser af ældre ",
        target_group_text="Ældre medicinske patienter",
        partner_text="HGH, Gladsaxe",
        status_text="Igangværende",
        description="Opfølgende hjemmebesøg.",
    )
    make_mention(outreach, fu, locator="Tabel 2, række 1", position=7, status_text="Afsluttet")
    make_mention(health_house, midt, locator="Tabel 1, række 2", position=2, status_text="Planlagt")
    make_mention(counselling, undated, locator="Eksempel 4", position=4)
    rebuild_index()
    return SimpleNamespace(
        hovedstaden=h,
        midtjylland=m,
        herlev=herlev,
        psych=psych,
        gladsaxe=gladsaxe,
        aarhus=aarhus,
        practice=practice,
        older=older,
        mental=mental,
        children=children,
        home=home,
        house=house,
        telemedicine=telemedicine,
        fu=fu,
        midt=midt,
        undated=undated,
        readmissions=readmissions,
        outreach=outreach,
        health_house=health_house,
        counselling=counselling,
    )


@pytest.fixture
def catalogue(db):
    return build_catalogue()


def titles(response):
    """Titles of the initiatives a list response shows, in order."""
    return [initiative.title for initiative in response.context["object_list"]]
