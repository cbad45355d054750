"""Partner cells and prose resolved against the gazetteer (imports.gazetteer)."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.reference_and_matching import partner_cells
from imports.gazetteer import Gazetteer, Org, Resolution

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = ROOT / "reference"
SOURCES = ROOT / "imports" / "sources"

H = "hovedstaden"
AHH = ("hospital", "Amager og Hvidovre Hospital")
BFH = ("hospital", "Bispebjerg og Frederiksberg Hospital")
HGH = ("hospital", "Herlev og Gentofte Hospital")
NOH = ("hospital", "Nordsjællands Hospital")
RH = ("hospital", "Rigshospitalet")
RHP = ("psychiatry", "Region Hovedstadens Psykiatri")
GP_H = ("general_practice", "Almen praksis i Region Hovedstaden")
KK = ("municipality", "Københavns Kommune")
FK = ("municipality", "Frederiksberg Kommune")
KOMMUNER_H = ("municipality", "Kommunerne i Region Hovedstaden")


def kommune(name):
    return ("municipality", name)


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load(REFERENCE_DIR)


def partners(resolution):
    return [(org.kind, org.name) for org in resolution.partners]


# Real partner cells of 000 (Region Hovedstaden, 2019) -----------------------------------------

CELLS_000 = [
    (
        # Each hospital's "og kommuner" is its own planområde's kommuner (000 tabel 1, række 6).
        "Amager og Hvidovre Hospital og kommuner Herlev og Gentofte Hospital og kommuner "
        "Bispebjerg og Frederiksberg Hospital og kommuner",
        [
            AHH,
            kommune("Kommunerne i Planområde Syd"),
            HGH,
            kommune("Kommunerne i Planområde Midt"),
            BFH,
            kommune("Kommunerne i Planområde Byen"),
        ],
    ),
    (
        "Amager Hospital, Københavns, Tårnby og Dragør kommuner.",
        [AHH, KK, kommune("Tårnby Kommune"), kommune("Dragør Kommune")],
    ),
    (
        "Frederikssund Hospital og Frederikssund Kommune Frederiksberg Hospital og Frederiksberg "
        "Kommune",
        [NOH, kommune("Frederikssund Kommune"), BFH, FK],
    ),
    (
        "I samarbejde mellem Psykiatrisk Center Ballerup og Gladsaxe",
        [("psychiatry", "Psykiatrisk Center Ballerup"), kommune("Gladsaxe Kommune")],
    ),
    (
        "Herlev og Gentofte Hospital og kommunerne i planområdet.",
        [HGH, kommune("Kommunerne i Planområde Midt")],
    ),
    (
        "Region Hovedstadens Psykiatri, Rudersdal, Lyngby-Taarbæk, Gladsaxe, Herlev og Ballerup "
        "kommuner.",
        [
            RHP,
            kommune("Rudersdal Kommune"),
            kommune("Lyngby-Taarbæk Kommune"),
            kommune("Gladsaxe Kommune"),
            kommune("Herlev Kommune"),
            kommune("Ballerup Kommune"),
        ],
    ),
    (
        # A counted group keeps its count and its kommune (000 tabel 2, række 9).
        "Ishøj Kommune, 3 praktiserende læger og Region Hovedstadens Psykiatri.",
        [
            kommune("Ishøj Kommune"),
            ("general_practice", "Tre praktiserende læger i Ishøj Kommune"),
            RHP,
        ],
    ),
    (
        "Samarbejdsaftale mellem regions hospitaler og kommune",
        [("hospital", "Hospitalerne i Region Hovedstaden"), KOMMUNER_H],
    ),
    ("Foregår i samarbejde mellem Rigshospitalet og kommunerne.", [RH, KOMMUNER_H]),
    (
        "Foregår i samarbejde mellem Bispebjerg Hospital og kommunerne.",
        [BFH, kommune("Kommunerne i Planområde Byen")],
    ),
    (
        "Drives i et samarbejde mellem Nordsjællands Hospital og kommuner",
        [NOH, kommune("Kommunerne i Planområde Nord")],
    ),
    (
        "Rigshospitalet, Bispebjerg og Frederiksberg Hospital, Nordsjællands Hospital, Herlev og "
        "Gentofte Hospital og Amager og Hvidovre Hospital og kommunerne i regionen.",
        [RH, BFH, NOH, HGH, AHH, KOMMUNER_H],
    ),
    ("Amager og Hvidovre Hospital og Københavns Kommune.", [AHH, KK]),
    ("Region Hovedstadens Psykiatri og Frederiksberg Kommune.", [RHP, FK]),
    ("Amager og Hvidovre Hospital og Brøndby Kommune.", [AHH, kommune("Brøndby Kommune")]),
    (
        "Alle psykiatriske centre og kommunerne.",
        [("psychiatry", "Psykiatriske centre i Region Hovedstaden"), KOMMUNER_H],
    ),
    (
        "Amager og Hvidovre Hospital og kommunerne i planområdet.",
        [AHH, kommune("Kommunerne i Planområde Syd")],
    ),
    ("Bispebjerg og Frederiksberg Hospital og Københavns Kommune", [BFH, KK]),
    (
        "Region Hovedstadens hospitaler og de praktiserende læger",
        [("hospital", "Hospitalerne i Region Hovedstaden"), GP_H],
    ),
    ("Bispebjerg Hospital med almen praksis", [BFH, GP_H]),
    (
        "Frederiksberg Kommune, Halsnæs Kommune og almen praksis i de to kommuner",
        [FK, kommune("Halsnæs Kommune"), GP_H],
    ),
    (
        "Fysioterapipraksis, almen praksis og tre kommuner (ikke udvalgte)",
        [
            ("other", "Fysioterapipraksis"),
            GP_H,
            kommune("Tre ikke udvalgte kommuner (Region Hovedstaden)"),
        ],
    ),
    ("Region Hovedstadens Psykiatri og kommunerne i Region Hovedstaden", [RHP, KOMMUNER_H]),
    (
        "Nordsjællands Hospital og kommunerne i planområdet",
        [NOH, kommune("Kommunerne i Planområde Nord")],
    ),
    (
        "Bispebjerg og Frederiksberg Hospital, Københavns Kommune og almen praksis",
        [BFH, KK, GP_H],
    ),
    (
        "Nordsjællands Hospital, kommunerne i planområdet og PLO-H.",
        [NOH, kommune("Kommunerne i Planområde Nord"), GP_H],
    ),
    (
        "Bispebjerg og Frederiksberg Hospital, Frederiksberg og Københavns kommuner og 20 "
        "praktiserende fodterapeuter.",
        [BFH, FK, KK, ("other", "20 praktiserende fodterapeuter")],
    ),
    (
        "Lokale aktører, foreningslivet, institutionslivet, erhvervslivet og den offentlige "
        "kommunale administration på Bornholm og i Odsherred. Tre danske forskningsinstitutioner; "
        "Aalborg Universitet, Steno Diabetes Center og Forskningscenter for Forebyggelse og "
        "Sundhed under Region Hovedstaden",
        [
            kommune("Bornholms Regionskommune"),
            kommune("Odsherred Kommune"),
            ("research", "Aalborg Universitet"),
            ("research", "Steno Diabetes Center Copenhagen"),
            ("research", "Forskningscenter for Forebyggelse og Sundhed"),
        ],
    ),
    ("Amager og Hvidovre Hospital og Hvidovre Kommune", [AHH, kommune("Hvidovre Kommune")]),
    ("Amager og Hvidovre Hospital og kommunerne", [AHH, kommune("Kommunerne i Planområde Syd")]),
    ("Bispebjerg og Frederiksberg Hospital, Frederiksberg og Københavns Kommuner", [BFH, FK, KK]),
    ("Bispebjerg og Frederiksberg Hospital", [BFH]),
    (
        "Bornholms Hospital, Region Hovedstadens Apotek og Bornholms Regionskommune",
        [
            ("hospital", "Bornholms Hospital"),
            ("other", "Region Hovedstadens Apotek"),
            kommune("Bornholms Regionskommune"),
        ],
    ),
    (
        "Herlev og Gentofte Hospital og relevante kommuner",
        [HGH, kommune("Relevante kommuner (Region Hovedstaden)")],
    ),
    ("Herlev og Gentofte Hospital og almen praksis i planområdet", [HGH, GP_H]),
    ("Nordsjællands Hospital og Hillerød Kommune", [NOH, kommune("Hillerød Kommune")]),
    (
        "Børne- og Ungdomspsykiatrisk Center og sagsbehandlere fra kommunerne",
        [("psychiatry", "Børne- og Ungdomspsykiatrisk Center"), KOMMUNER_H],
    ),
    (
        "Psykiatrisk Center Ballerup (OPUS team) og kommunerne i planområdet.",
        [
            ("psychiatry", "Psykiatrisk Center Ballerup"),
            kommune("Kommunerne i planområdet for Psykiatrisk Center Ballerup"),
        ],
    ),
    (
        "Psykiatrisk Center Skt. Hans og Københavns Kommune",
        [("psychiatry", "Psykiatrisk Center Sct. Hans"), KK],
    ),
    (
        "Region Hovedstadens Psykiatri – Psykiatriens Centrale visitation, praksiskoordinator i "
        "psykiatrien, praktiserende læger.",
        [RHP, GP_H],
    ),
    ("Rigshospitalet og Hvidovre Kommune", [RH, kommune("Hvidovre Kommune")]),
    (
        "Rigshospitalet og relevante kommuner med patienter fra afdelingen.",
        [RH, kommune("Relevante kommuner (Region Hovedstaden)")],
    ),
    ("Rigshospitalet – Klinik for rygmarvsskader", [RH]),
    (
        "Rigshospitalet og sundhedsplejerske i udvalgte kommuner",
        [RH, kommune("Udvalgte kommuner (Region Hovedstaden)")],
    ),
    (
        "Rigshospitalet, patientrepræsentanter og 3 udvalgte kommuner",
        [RH, kommune("Tre udvalgte kommuner (Region Hovedstaden)")],
    ),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS_000)
def test_partner_cells_of_the_2019_region_hovedstaden_note(gazetteer, cell, expected):
    resolution = gazetteer.resolve_partners(cell, region=H)
    assert partners(resolution) == expected
    assert resolution.unknown == []
    assert resolution.regions[0] == H


# Real partner cells of 002 (Midtklyngen, Region Midtjylland, 2022) ----------------------------

CELLS_002 = [
    (
        "Skive Kommune og Hospitalsenhed Midt",
        [kommune("Skive Kommune"), ("hospital", "Hospitalsenhed Midt")],
    ),
    (
        "Viborg Kommune og Hospitalsenhed Midt",
        [kommune("Viborg Kommune"), ("hospital", "Hospitalsenhed Midt")],
    ),
    (
        "Silkeborg Kommune og Hospitalsenhed Midt",
        [kommune("Silkeborg Kommune"), ("hospital", "Hospitalsenhed Midt")],
    ),
    (
        "Silkeborg Kommune og Regionspsykiatrien Midt",
        [kommune("Silkeborg Kommune"), ("psychiatry", "Regionspsykiatrien Midt")],
    ),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS_002)
def test_partner_cells_of_the_2022_midtklyngen_note(gazetteer, cell, expected):
    resolution = gazetteer.resolve_partners(cell, region="midtjylland", cluster="midtklyngen")
    assert partners(resolution) == expected
    assert resolution.regions == ["midtjylland"]


def test_a_cluster_note_names_its_groups_for_the_cluster(gazetteer):
    resolution = gazetteer.resolve_partners(
        "Hospitalsenhed Midt, kommunerne og almen praksis",
        region="midtjylland",
        cluster="midtklyngen",
    )
    assert partners(resolution) == [
        ("hospital", "Hospitalsenhed Midt"),
        kommune("Kommunerne i Midtklyngen"),
        ("general_practice", "Almen praksis i Region Midtjylland"),
    ]


# Unknown names -------------------------------------------------------------------------------

UNKNOWN_CELLS = [
    (
        "Center for Forsorg og Behandling, det socialpsykiatriske botilbud Orion og kommuner",
        [
            kommune("Center for Forsorg og Behandling"),
            ("other", "Det socialpsykiatriske botilbud Orion"),
            KOMMUNER_H,
        ],
        ["Det socialpsykiatriske botilbud Orion"],
    ),
    (
        "Rigshospitalet og Et Ukendt Videnscenter i Københavns Kommune",
        [RH, ("other", "Et Ukendt Videnscenter i Københavns Kommune")],
        ["Et Ukendt Videnscenter i Københavns Kommune"],
    ),
]

# Known bodies that are not hospitals, kommuner or general practice: their kind and parent are
# in reference/ (000 tabel 2 and 3).
KNOWN_BODIES = [
    (
        "Den Sociale Virksomhed og kommunerne.",
        [("region", "Den Sociale Virksomhed"), KOMMUNER_H],
        {"den-sociale-virksomhed": "region-hovedstaden"},
    ),
    (
        # One Kommunikationscenter under two names is one organisation (000 tabel 2, r. 11-12).
        "Den Sociale Virksomhed /Region Hovedstadens Kommunikationscenter og kommunerne.",
        [
            ("region", "Den Sociale Virksomhed"),
            ("region", "Kommunikationscentret, Region Hovedstaden"),
            KOMMUNER_H,
        ],
        {"kommunikationscentret-region-hovedstaden": "den-sociale-virksomhed"},
    ),
    (
        "Kommunikationscenteret i Region Hovedstaden og enkelte kommuner.",
        [
            ("region", "Kommunikationscentret, Region Hovedstaden"),
            kommune("Enkelte kommuner (Region Hovedstaden)"),
        ],
        {},
    ),
    (
        "Psykiatrisk Gadeplansteam og Kommunalt Misbrugscenter (KAPS)",
        [("psychiatry", "Psykiatrisk Gadeplansteam"), kommune("Kommunalt Misbrugscenter (KAPS)")],
        {"psykiatrisk-gadeplansteam": "psykiatrisk-center-amager"},
    ),
    (
        "Psykiatrisk Center Amager, OP-team Vesterbro og praktiserende læger",
        [("psychiatry", "Psykiatrisk Center Amager"), ("psychiatry", "OP-team Vesterbro"), GP_H],
        {"op-team-vesterbro": "psykiatrisk-center-amager"},
    ),
    (
        "Rigshospitalet og Center for Kræft og Sundhed i Københavns Kommune",
        [RH, kommune("Center for Kræft og Sundhed København")],
        {"center-for-kraeft-og-sundhed-koebenhavn": "koebenhavns-kommune"},
    ),
]


@pytest.mark.parametrize(("cell", "expected", "parents"), KNOWN_BODIES)
def test_known_bodies_have_their_kind_and_parent_from_the_reference_data(
    gazetteer, cell, expected, parents
):
    resolution = gazetteer.resolve_partners(cell, region=H)
    assert partners(resolution) == expected
    assert resolution.unknown == []
    for slug, parent in parents.items():
        assert gazetteer.is_known(slug)
        assert gazetteer.organisation(slug).parent == parent


@pytest.mark.parametrize(("cell", "expected", "unknown"), UNKNOWN_CELLS)
def test_unknown_names_become_other_organisations_with_a_warning(
    gazetteer, cell, expected, unknown
):
    resolution = gazetteer.resolve_partners(cell, region=H)
    assert partners(resolution) == expected
    assert resolution.unknown == unknown
    for name in unknown:
        assert any(name in warning for warning in resolution.warnings)
        org = next(o for o in resolution.partners if o.name == name)
        assert org.kind == "other" and org.region == H and not org.is_group
        assert not gazetteer.is_known(org.slug)
        assert gazetteer.region_of(org.slug) == H


def test_an_unknown_unit_in_a_known_organisation_gets_it_as_parent(gazetteer):
    resolution = gazetteer.resolve_partners(
        "Rigshospitalet og Et Ukendt Videnscenter i Københavns Kommune", region=H
    )
    assert resolution.partners[1].parent == "koebenhavns-kommune"
    resolution = gazetteer.resolve_partners("Et Ukendt Kontor i Region Hovedstaden", region=H)
    assert resolution.partners[0].parent == "region-hovedstaden"


def test_people_and_sectors_are_warnings_not_organisations(gazetteer):
    resolution = gazetteer.resolve_partners(
        "Rigshospitalet, patientrepræsentanter og 3 udvalgte kommuner", region=H
    )
    assert resolution.unknown == []
    assert any("patientrepræsentanter" in w for w in resolution.warnings)


def test_sentences_around_partners_are_not_made_organisations(gazetteer):
    # The agenda reader passes the sentences of a project paragraph that name partners.
    resolution = gazetteer.resolve_partners(
        "Projektmodellen lægger op til et samarbejde mellem en eller flere kommuner og de "
        "praktiserende læger i de pågældende kommuner. På et møde i januar mellem de interesserede "
        "kommuner meldte Frederiksberg og Halsnæs kommuner sig til at konkretisere projektet. "
        "Efterfølgende har de to kommuner aftalt, at Frederiksberg udarbejder et forslag.",
        region=H,
    )
    assert partners(resolution) == [GP_H, FK, kommune("Halsnæs Kommune")]
    assert resolution.unknown == []
    assert any("Projektmodellen lægger op" in w for w in resolution.warnings)


# Names, old names and context ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bispebjerg Hospital", BFH),
        ("Frederiksberg Hospital", BFH),
        ("Frederikssund Hospital", NOH),
        ("Hillerød Hospital", NOH),
        ("Amager Hospital", AHH),
        ("Hvidovre Hospital", AHH),
        ("Glostrup Hospital", RH),
        ("Psykiatrisk Center Skt. Hans", ("psychiatry", "Psykiatrisk Center Sct. Hans")),
        ("Næstved Sygehus", ("hospital", "Næstved, Slagelse og Ringsted Sygehuse")),
        ("Regionshospitalet Silkeborg", ("hospital", "Hospitalsenhed Midt")),
        ("KK", KK),
        ("AHH", AHH),
        ("Kolding kommune", kommune("Kolding Kommune")),
        ("Københavns Kommunes", KK),
    ],
)
def test_old_names_and_aliases_resolve_to_todays_unit(gazetteer, text, expected):
    assert partners(gazetteer.resolve_partners(text, region=None)) == [expected]


def test_abbreviations_match_only_in_capitals(gazetteer):
    assert partners(gazetteer.resolve_partners("KK og RH", region=H)) == [KK, RH]
    assert gazetteer.resolve_partners("kk og rh", region=H).partners == []


def test_a_town_that_is_also_a_hospital_is_read_by_context(gazetteer):
    resolution = gazetteer.resolve_partners(
        "Herlev og Gentofte Hospital og Herlev Kommune", region=H
    )
    assert partners(resolution) == [HGH, kommune("Herlev Kommune")]
    resolution = gazetteer.resolve_partners(
        "Frederiksberg Hospital og Frederiksberg Kommune", region=H
    )
    assert partners(resolution) == [BFH, FK]


def test_kommune_lists_share_one_head_noun(gazetteer):
    resolution = gazetteer.resolve_partners("kommunerne Ballerup, Herlev og Egedal", region=H)
    assert partners(resolution) == [
        kommune("Ballerup Kommune"),
        kommune("Herlev Kommune"),
        kommune("Egedal Kommune"),
    ]


def test_general_practice_is_the_regions_or_all_general_practice_never_the_union(gazetteer):
    # 001's boxes: "almen praksis" in a national note is general practice, not PLO (a union).
    for text in ("almen praksis", "praktiserende læger", "egen læge", "PLO"):
        assert partners(gazetteer.resolve_partners(text, region="sjaelland")) == [
            ("general_practice", "Almen praksis i Region Sjælland")
        ]
    for text in ("almen praksis", "praktiserende læger", "egen læge"):
        assert partners(gazetteer.resolve_partners(text, region=None)) == [
            ("general_practice", "Almen praksis")
        ]
    assert partners(gazetteer.resolve_partners("PLO", region=None)) == [
        ("general_practice", "Praktiserende Lægers Organisation")
    ]
    assert partners(gazetteer.resolve_partners("PLO-H", region=None)) == [GP_H]


def test_a_counted_group_keeps_its_count_and_its_parent(gazetteer):
    # 000 tabel 2: "3 praktiserende læger" (række 9), "20 praktiserende fodterapeuter" (række 10).
    resolution = gazetteer.resolve_partners("3 praktiserende læger", region="sjaelland")
    assert partners(resolution) == [
        ("general_practice", "Tre praktiserende læger (Region Sjælland)")
    ]
    assert resolution.partners[0].parent == "almen-praksis-sjaelland"
    assert resolution.partners[0].is_group
    resolution = gazetteer.resolve_partners("20 praktiserende fodterapeuter", region=H)
    assert partners(resolution) == [("other", "20 praktiserende fodterapeuter")]
    assert resolution.partners[0].parent == "praktiserende-fodterapeuter"


def test_a_named_cluster_is_its_hospital_and_kommuner(gazetteer):
    resolution = gazetteer.resolve_partners("Klynge Midt", region="nordjylland")
    assert [o.slug for o in resolution.partners] == gazetteer.cluster_members(
        "nordjylland", "klynge-midt"
    )


def test_a_region_named_as_partner_is_the_region(gazetteer):
    resolution = gazetteer.resolve_partners(
        "Regionen og kommunerne i Region Sjælland", region="sjaelland"
    )
    assert partners(resolution) == [
        ("region", "Region Sjælland"),
        kommune("Kommunerne i Region Sjælland"),
    ]


def test_a_regional_phrase_without_a_region_is_kept_with_a_warning(gazetteer):
    resolution = gazetteer.resolve_partners("regionen", region=None)
    assert partners(resolution) == [("region", "Regionen")]
    assert resolution.unknown == ["Regionen"]
    assert resolution.warnings


def test_the_regions_psychiatry_without_a_region_is_the_regions_psychiatry_group(gazetteer):
    resolution = gazetteer.resolve_partners("behandlingspsykiatrien", region=None)
    assert partners(resolution) == [("psychiatry", "Psykiatrien i regionerne")]
    assert resolution.unknown == []


# Groups ----------------------------------------------------------------------------------------


def test_groups_are_organisations_of_their_kind_and_region(gazetteer):
    resolution = gazetteer.resolve_partners(
        "Herlev og Gentofte Hospital og kommunerne i planområdet.", region=H
    )
    group = resolution.partners[1]
    assert group.slug == "kommunerne-i-planomraade-midt"
    assert group.kind == "municipality" and group.region == H and group.is_group
    assert gazetteer.is_group(group.slug) and not gazetteer.is_known(group.slug)
    assert gazetteer.region_of(group.slug) == H


def test_the_psychiatric_centres_group_sits_under_the_regions_psychiatry(gazetteer):
    group = gazetteer.resolve_partners("Alle psykiatriske centre", region=H).partners[0]
    assert group.kind == "psychiatry" and group.is_group
    assert group.parent == "region-hovedstadens-psykiatri"


def test_the_same_group_text_gives_the_same_slug_in_a_fresh_gazetteer(gazetteer):
    cell = "Rigshospitalet og relevante kommuner"
    first = gazetteer.resolve_partners(cell, region=H).partners[1]
    fresh = Gazetteer(REFERENCE_DIR)
    second = fresh.resolve_partners(cell, region=H).partners[1]
    assert first == second
    assert first.slug == "relevante-kommuner-region-hovedstaden"


@pytest.mark.parametrize(
    "slug",
    [
        "kommunerne-i-planomraade-nord",
        "kommunerne-i-region-syddanmark",
        "relevante-kommuner-region-hovedstaden",
        "tre-udvalgte-kommuner-region-hovedstaden",
        "hospitalerne-i-region-hovedstaden",
        "psykiatriske-centre-i-region-hovedstaden",
        "almen-praksis-hovedstaden",
    ],
)
def test_is_group_knows_group_slugs_it_has_not_made(slug):
    assert Gazetteer(REFERENCE_DIR).is_group(slug)


@pytest.mark.parametrize(
    "slug", ["rigshospitalet", "koebenhavns-kommune", "den-sociale-virksomhed"]
)
def test_is_group_is_false_for_single_organisations(gazetteer, slug):
    assert not gazetteer.is_group(slug)


def test_is_known_and_region_of(gazetteer):
    assert gazetteer.is_known("koebenhavns-kommune")
    assert gazetteer.region_of("koebenhavns-kommune") == H
    assert gazetteer.region_of("odense-universitetshospital") == "syddanmark"
    assert gazetteer.region_of("plo") is None
    assert not gazetteer.is_known("no-such-organisation")
    assert gazetteer.region_of("no-such-organisation") is None


# Free prose: 001 (Danske Regioner) and 003 (Region Hovedstaden, 2017) --------------------------

PROSE = [
    (
        "I Region Hovedstaden er der udarbejdet lommeguide til personale der arbejder med demente.",
        None,
        [],
        ["hovedstaden"],
        False,
    ),
    (
        "I alle regioner er aftaler med kommuner og almen praksis om opfølgende hjemmebesøg.",
        None,
        [("general_practice", "Almen praksis")],
        [],
        True,
    ),
    (
        "Næstved Sygehus har et tæt samarbejde med Næstved og Vordingborg kommuner. Fra "
        "sidstnævnte er der så godt som dagligt besøg på sygehuset af kommunens visitator.",
        None,
        [
            ("hospital", "Næstved, Slagelse og Ringsted Sygehuse"),
            kommune("Næstved Kommune"),
            kommune("Vordingborg Kommune"),
        ],
        ["sjaelland"],
        False,
    ),
    (
        "Børne- og ungdomspsykiatrien og Kolding kommune udvikler en ny samarbejdsmodel ved "
        "mistanke om psykiatrisk problemstilling hos børn.",
        None,
        [("psychiatry", "Psykiatrien i Region Syddanmark"), kommune("Kolding Kommune")],
        ["syddanmark"],
        False,
    ),
    (
        "Der arbejdes på at etablere et Halfway House i Region Nordjylland. Det er et "
        "samarbejdsprojekt mellem behandlingspsykiatrien og samtlige kommuner.",
        None,
        [
            ("psychiatry", "Psykiatrien i Region Nordjylland"),
            kommune("Kommunerne i Region Nordjylland"),
        ],
        ["nordjylland"],
        False,
    ),
    (
        "Et samarbejde som findes i alle regioner. Ambulatorierne samarbejder med alle kommuner.",
        None,
        [kommune("Kommunerne")],
        [],
        True,
    ),
    (
        "Elektronisk kommunikation mellem hospital og kommuner er på plads i Region Midtjylland.",
        None,
        [],
        ["midtjylland"],
        False,
    ),
    (
        "I projektet indgår Nordsjællands Hospital samt Allerød, Hillerød, Hørsholm, Fredensborg, "
        "Helsingør, Gribskov, Frederikssund og Halsnæs kommuner (alle kommuner i planområdet). "
        "Der er indgået aftale med PLO om de praktiserende lægers deltagelse i projektet.",
        H,
        [
            NOH,
            kommune("Allerød Kommune"),
            kommune("Hillerød Kommune"),
            kommune("Hørsholm Kommune"),
            kommune("Fredensborg Kommune"),
            kommune("Helsingør Kommune"),
            kommune("Gribskov Kommune"),
            kommune("Frederikssund Kommune"),
            kommune("Halsnæs Kommune"),
            GP_H,
        ],
        [H],
        False,
    ),
    (
        "Projektpartnerne er Herlev og Gentofte Hospital samt 8 ud af 9 kommuner i planområde "
        "midt: Ballerup, Egedal, Herlev, Furesø, Gentofte, Gladsaxe, Lyngby-Taarbæk og Rudersdal "
        "kommuner.",
        H,
        [
            HGH,
            kommune("Ballerup Kommune"),
            kommune("Egedal Kommune"),
            kommune("Herlev Kommune"),
            kommune("Furesø Kommune"),
            kommune("Gentofte Kommune"),
            kommune("Gladsaxe Kommune"),
            kommune("Lyngby-Taarbæk Kommune"),
            kommune("Rudersdal Kommune"),
        ],
        [H],
        False,
    ),
    (
        "Høje-Taastrup, Ishøj, Vallensbæk, Albertslund, Glostrup, Brøndby, Hvidovre, Tårnby og "
        "Dragør kommuner har alle udtrykt ønske om at indgå i projektet sammen med Psykiatrisk "
        "Center Glostrup.",
        H,
        [
            kommune("Høje-Taastrup Kommune"),
            kommune("Ishøj Kommune"),
            kommune("Vallensbæk Kommune"),
            kommune("Albertslund Kommune"),
            kommune("Glostrup Kommune"),
            kommune("Brøndby Kommune"),
            kommune("Hvidovre Kommune"),
            kommune("Tårnby Kommune"),
            kommune("Dragør Kommune"),
            ("psychiatry", "Psykiatrisk Center Glostrup"),
        ],
        [H],
        False,
    ),
    (
        "På et møde i januar meldte Frederiksberg og Halsnæs kommuner sig. Efterfølgende har de "
        "to kommuner aftalt, at Frederiksberg udarbejder et forslag og afsøger, om der er læger i "
        "Frederiksberg Kommune, der vil indgå i projektet.",
        H,
        [FK, kommune("Halsnæs Kommune")],
        [H],
        False,
    ),
    (
        "Region Hovedstaden har indgået en 3-årig samarbejdsaftale med Aalborg Universitet, "
        "Center for Organization, Management og Administration om at evaluere projekterne.",
        H,
        [("research", "Aalborg Universitet")],
        [H, "nordjylland"],
        False,
    ),
    (
        "TUCV er etableret i et partnerskab mellem Business Viborg, Hospitalsenhed Midt og "
        "Viborg Kommune.",
        "midtjylland",
        [("hospital", "Hospitalsenhed Midt"), kommune("Viborg Kommune")],
        ["midtjylland"],
        False,
    ),
]


@pytest.mark.parametrize(("prose", "region", "expected", "regions", "all_regions"), PROSE)
def test_prose_names_confident_matches_only(
    gazetteer, prose, region, expected, regions, all_regions
):
    resolution = gazetteer.find_in_text(prose, region=region)
    assert partners(resolution) == expected
    assert resolution.regions == regions
    assert resolution.all_regions is all_regions
    assert resolution.unknown == []


def test_prose_does_not_read_a_town_as_its_kommune(gazetteer):
    resolution = gazetteer.find_in_text(
        "Business Viborg og Skive Sundhedshus", region="midtjylland"
    )
    assert resolution.partners == []


def test_masked_names_are_not_kommuner(gazetteer):
    resolution = gazetteer.find_in_text(
        "Aalborg Universitet og Psykiatrisk Center Xby samarbejder med Aarhus og Odense kommuner.",
        region=None,
    )
    assert partners(resolution) == [
        ("research", "Aalborg Universitet"),
        kommune("Aarhus Kommune"),
        kommune("Odense Kommune"),
    ]


# Robustness ----------------------------------------------------------------------------


def test_every_partner_cell_of_the_notes_resolves_to_partners(gazetteer):
    cells = partner_cells()
    assert len(cells) >= 50
    for cell in cells:
        resolution = gazetteer.resolve_partners(cell, region=H)
        assert resolution.partners, cell
        slugs = [org.slug for org in resolution.partners]
        assert len(slugs) == len(set(slugs)), cell


REGIONS = st.sampled_from([None, "hovedstaden", "midtjylland", "nordjylland", "no-such-region"])
NAMEISH = st.sampled_from(
    [
        "Amager og Hvidovre Hospital",
        "Herlev",
        "kommunerne i planområdet",
        "og",
        ", ",
        "Region Hovedstadens",
        "(",
        ")",
        " - ",
        "praktiserende læger",
        "Københavns",
        "kommuner",
        "Psykiatrisk Center",
        "i",
        "Region Hovedstaden",
        "3",
        ":",
        "Kommune",
    ]
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), region=REGIONS)
def test_arbitrary_text_never_raises(gazetteer, text, region):
    for resolution in (
        gazetteer.resolve_partners(text, region=region),
        gazetteer.find_in_text(text, region=region),
    ):
        assert isinstance(resolution, Resolution)
        assert all(isinstance(org, Org) and org.slug for org in resolution.partners)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(NAMEISH, max_size=12), region=REGIONS)
def test_arbitrary_mixtures_of_names_never_raise(gazetteer, parts, region):
    text = " ".join(parts)
    resolution = gazetteer.resolve_partners(text, region=region, cluster="planomraade-nord")
    slugs = [org.slug for org in resolution.partners]
    assert len(slugs) == len(set(slugs))
    gazetteer.find_in_text(text, region=region)
