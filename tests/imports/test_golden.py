"""Golden rows: for a sample of mentions across the notes, the exact resolved meaning.

Each row pins the partners (kind and name), regions, target groups and status the importers
give one note row, so that a change to a reader, the gazetteer or a rule that alters what a user
sees fails here first.
"""

import datetime

import pytest

from imports.pipeline import load_gazetteer

RH19 = "rh-notat-forretningsudvalget-2019"
MIDT = "midtklyngen-initiativer-2022"
RANDERS = "randers-klyngen-afrapportering-2018"
DR = "danske-regioner-samarbejdsmodeller"
SKU = "rh-sundhedskoordinationsudvalget-2017-05-19"
AKUTTEAMS = (
    "Punkt 4, bilag 1, tabellen »Oversigt over hvilke kommuner, der har etableret akutteams«"
)
# 002 does not number its tables: its rows are cited by the table's caption.
MIDT_1 = "Tabellen »Fælles 'spydspidsinitiativer\" - prioriterede indsatser i Midtklyngen«"
MIDT_2 = (
    "Tabellen »Udvalgte bilaterale initiativer i samarbejde mellem kommune, Hospitalsenhed Midt "
    "og/eller Regionspsykiatrien og almen praksis«"
)
MIDT_3 = "Tabellen »Implementering af udvalgte fælles samarbejdsaftaler i regi af sundhedsaftalen«"

H = "hospital"
P = "psychiatry"
M = "municipality"
GP = "general_practice"
R = "research"
RG = "region"
OT = "other"

GOLDEN = [
    (RH19, "Tabel 1, række 1", "ongoing", ["hovedstaden"], ["kronisk-sygdom"],
     [(H, "Hospitalerne i Region Hovedstaden"), (M, "Kommunerne i Region Hovedstaden")]),
    (RH19, "Tabel 1, række 4", "completed", ["hovedstaden"], ["psykisk-sygdom"],
     [(P, "Psykiatrisk Center Ballerup"), (M, "Gladsaxe Kommune")]),
    # "… Hospital og kommuner" three times: each hospital with its own planområde's kommuner.
    (RH19, "Tabel 1, række 6", "ongoing", ["hovedstaden"],
     ["aeldre-medicinske-patienter", "medicinske-patienter"],
     [(H, "Amager og Hvidovre Hospital"), (M, "Kommunerne i Planområde Syd"),
      (H, "Herlev og Gentofte Hospital"), (M, "Kommunerne i Planområde Midt"),
      (H, "Bispebjerg og Frederiksberg Hospital"), (M, "Kommunerne i Planområde Byen")]),
    (RH19, "Tabel 1, række 7", "ongoing", ["hovedstaden"], ["kraeft-og-palliation"],
     [(H, "Rigshospitalet"), (H, "Bispebjerg og Frederiksberg Hospital"),
      (H, "Nordsjællands Hospital"), (H, "Herlev og Gentofte Hospital"),
      (H, "Amager og Hvidovre Hospital"), (M, "Kommunerne i Region Hovedstaden")]),
    (RH19, "Tabel 1, række 13", "ongoing", ["hovedstaden"], ["psykisk-sygdom", "misbrug"],
     [(P, "Region Hovedstadens Psykiatri"), (M, "Rudersdal Kommune"),
      (M, "Lyngby-Taarbæk Kommune"), (M, "Gladsaxe Kommune"), (M, "Herlev Kommune"),
      (M, "Ballerup Kommune")]),
    (RH19, "Tabel 1, række 17", "ongoing", ["hovedstaden"], ["genoptraening-og-rehabilitering"],
     [(H, "Nordsjællands Hospital"), (M, "Frederikssund Kommune"),
      (H, "Bispebjerg og Frederiksberg Hospital"), (M, "Frederiksberg Kommune")]),
    (RH19, "Tabel 1, række 19", "ongoing", ["hovedstaden"], ["socialt-udsatte"],
     [(H, "Amager og Hvidovre Hospital"), (M, "Kommunerne i Planområde Syd")]),
    (RH19, "Tabel 2, række 2", "ongoing", ["hovedstaden"], ["multisygdom"],
     [(H, "Bispebjerg og Frederiksberg Hospital"), (GP, "Almen praksis i Region Hovedstaden")]),
    # "3 praktiserende læger" in Ishøj: a counted general-practice group in that kommune.
    (RH19, "Tabel 2, række 9", "ongoing", ["hovedstaden"], ["alle-borgere"],
     [(M, "Ishøj Kommune"), (GP, "Tre praktiserende læger i Ishøj Kommune"),
      (P, "Region Hovedstadens Psykiatri")]),
    (RH19, "Tabel 2, række 10", "ongoing", ["hovedstaden"], ["kronisk-sygdom", "saar-og-hud"],
     [(H, "Bispebjerg og Frederiksberg Hospital"), (M, "Frederiksberg Kommune"),
      (M, "Københavns Kommune"), (OT, "20 praktiserende fodterapeuter")]),
    # Den Sociale Virksomhed and one Kommunikationscenter under two names: the region's own.
    (RH19, "Tabel 2, række 11", "ongoing", ["hovedstaden"], ["erhvervet-hjerneskade"],
     [(RG, "Den Sociale Virksomhed"), (RG, "Kommunikationscentret, Region Hovedstaden"),
      (M, "Kommunerne i Region Hovedstaden")]),
    (RH19, "Tabel 2, række 12", "ongoing", ["hovedstaden"], ["erhvervet-hjerneskade"],
     [(RG, "Kommunikationscentret, Region Hovedstaden"),
      (M, "Enkelte kommuner (Region Hovedstaden)")]),
    # Steno Diabetes Center, listed among "Tre danske forskningsinstitutioner": research.
    (RH19, "Tabel 2, række 16", "completed", ["hovedstaden", "sjaelland", "nordjylland"],
     ["boern-og-unge", "gravide-og-familier"],
     [(M, "Bornholms Regionskommune"), (M, "Odsherred Kommune"), (R, "Aalborg Universitet"),
      (R, "Steno Diabetes Center Copenhagen"),
      (R, "Forskningscenter for Forebyggelse og Sundhed")]),
    # Tabel 3's caption: "Samarbejder igangsat som følge af en regional pulje …".
    (RH19, "Tabel 3, række 3", "ongoing", ["hovedstaden"], ["aeldre-medicinske-patienter"],
     [(H, "Amager og Hvidovre Hospital"), (M, "Københavns Kommune"), (M, "Tårnby Kommune"),
      (M, "Dragør Kommune")]),
    (RH19, "Tabel 3, række 7", "ongoing", ["hovedstaden"], ["medicinske-patienter"],
     [(H, "Bornholms Hospital"), (OT, "Region Hovedstadens Apotek"),
      (M, "Bornholms Regionskommune")]),
    (RH19, "Tabel 3, række 12", "ongoing", ["hovedstaden"], ["psykisk-sygdom", "socialt-udsatte"],
     [(P, "Psykiatrisk Gadeplansteam"), (M, "Kommunalt Misbrugscenter (KAPS)")]),
    (RH19, "Tabel 3, række 16", "ongoing", ["hovedstaden"], ["psykisk-sygdom", "multisygdom"],
     [(P, "Psykiatrisk Center Amager"), (P, "OP-team Vesterbro"),
      (GP, "Almen praksis i Region Hovedstaden")]),
    (RH19, "Tabel 3, række 20", "ongoing", ["hovedstaden"], ["kraeft-og-palliation"],
     [(H, "Rigshospitalet"), (M, "Center for Kræft og Sundhed København")]),
    (MIDT, f"{MIDT_2}, række 2", "implementation", ["midtjylland"],
     ["kronisk-sygdom", "genoptraening-og-rehabilitering"],
     [(M, "Skive Kommune"), (H, "Hospitalsenhed Midt")]),
    (MIDT, f"{MIDT_2}, række 3", "ongoing", ["midtjylland"], ["socialt-udsatte"],
     [(M, "Viborg Kommune"), (H, "Hospitalsenhed Midt")]),
    (MIDT, f"{MIDT_2}, række 6", "operation", ["midtjylland"], ["psykisk-sygdom", "misbrug"],
     [(M, "Silkeborg Kommune"), (P, "Regionspsykiatrien Midt")]),
    (MIDT, f"{MIDT_3}, række 1", "operation", ["midtjylland"], ["medicinske-patienter"],
     [(H, "Hospitalsenhed Midt"), (M, "Viborg Kommune"), (M, "Skive Kommune"),
      (M, "Silkeborg Kommune")]),
    # General practice took part in every laboratorium (004 line 7, the manifest's participants).
    (RANDERS, "Laboratorium 6", "completed", ["midtjylland"], ["alle-borgere"],
     [(H, "Regionshospitalet Randers"), (M, "Randers Kommune"), (M, "Favrskov Kommune"),
      (M, "Norddjurs Kommune"), (M, "Syddjurs Kommune"),
      (GP, "Almen praksis i Region Midtjylland")]),
    (RANDERS, "Laboratorium 8", "completed", ["midtjylland"],
     ["aeldre-medicinske-patienter", "medicinske-patienter"],
     [(H, "Regionshospitalet Randers"), (M, "Randers Kommune"), (M, "Favrskov Kommune"),
      (M, "Norddjurs Kommune"), (M, "Syddjurs Kommune"),
      (GP, "Almen praksis i Region Midtjylland")]),
    # "foreløbigt forlænget … endnu ikke evaluering": still running, not completed.
    (RANDERS, "Laboratorium 10", "ongoing", ["midtjylland"], ["misbrug", "socialt-udsatte"],
     [(H, "Regionshospitalet Randers"), (M, "Randers Kommune"), (M, "Favrskov Kommune"),
      (M, "Norddjurs Kommune"), (M, "Syddjurs Kommune"),
      (GP, "Almen praksis i Region Midtjylland")]),
    # 001's boxes: "almen praksis" is general practice, not the union; statuses in words.
    (DR, "Eksempel »Opfølgende hjemmebesøg«", "operation",
     ["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"],
     ["medicinske-patienter"],
     [(M, "Kommunerne"), (GP, "Almen praksis"), (H, "Hospitalerne")]),
    (DR, "Eksempel »Følgehjemordning«", "operation", ["hovedstaden"],
     ["aeldre-medicinske-patienter", "medicinske-patienter"],
     [(M, "Kommunerne i Region Hovedstaden"), (H, "Hospitalerne i Region Hovedstaden")]),
    (DR, "Eksempel »Den trygge Vej«", "ongoing", ["syddanmark"], ["psykisk-sygdom", "boern-og-unge"],
     [(P, "Psykiatrien i Region Syddanmark"), (M, "Kolding Kommune")]),
    (DR, "Eksempel »Collaborative care«", "planned", [], ["psykisk-sygdom"],
     [(P, "Psykiatrien i regionerne"), (GP, "Almen praksis")]),
    (DR, "Eksempel »Folkesundheden i Midten«", "operation", ["midtjylland"], ["alle-borgere"],
     [(R, "Aarhus Universitet"), (RG, "Region Midtjylland"),
      (M, "Kommunerne i Region Midtjylland")]),
    (SKU, "Punkt 5, projekt 3", "ongoing", ["hovedstaden"],
     ["erhvervet-hjerneskade", "genoptraening-og-rehabilitering"],
     [(H, "Herlev og Gentofte Hospital"), (M, "Ballerup Kommune"), (M, "Egedal Kommune"),
      (M, "Herlev Kommune"), (M, "Furesø Kommune"), (M, "Gentofte Kommune"),
      (M, "Gladsaxe Kommune"), (M, "Lyngby-Taarbæk Kommune"), (M, "Rudersdal Kommune")]),
    # A kommune block's text names its partners ("i samarbejde med Lyngby-Taarbæk, Gladsaxe og
    # gentofte Kommuner").
    (SKU, "Punkt 4, bilag 1, Rudersdal, 2017", "planned", ["hovedstaden"], ["medicinske-patienter"],
     [(M, "Rudersdal Kommune"), (M, "Lyngby-Taarbæk Kommune"), (M, "Gladsaxe Kommune"),
      (M, "Gentofte Kommune")]),
    # Marked both "Har akutteam" and "Planlægger": it has one.
    (SKU, f"{AKUTTEAMS}, Halsnæs", "operation", ["hovedstaden"], ["medicinske-patienter"],
     [(M, "Halsnæs Kommune")]),
    (SKU, "Punkt 4, bilag 2, Gribskov, 2014", "ongoing", ["hovedstaden"],
     ["aeldre-medicinske-patienter", "medicinske-patienter"],
     [(M, "Gribskov Kommune"), (H, "Nordsjællands Hospital"),
      (GP, "Almen praksis i Region Hovedstaden")]),
    (SKU, "Punkt 4, bilag 2, Furesø, 2015", "ongoing", ["hovedstaden"],
     ["aeldre-medicinske-patienter", "medicinske-patienter"],
     [(M, "Furesø Kommune"), (M, "Ballerup Kommune"), (M, "Herlev Kommune"),
      (H, "Herlev og Gentofte Hospital")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def mentions(bundled_mentions):
    return bundled_mentions


@pytest.fixture(scope="module")
def names(bundled_catalogue):
    gazetteer = load_gazetteer()
    known = {o.slug: (o.kind, o.name) for o in gazetteer.organisations()}
    known.update({o.slug: (o.kind, o.name) for o in bundled_catalogue.organisations})
    return known


@pytest.mark.parametrize(
    ("source", "locator", "status", "regions", "groups", "partners"),
    GOLDEN,
    ids=[f"{g[0][:12]}-{g[1]}" for g in GOLDEN],
)
def test_golden_row_resolves_exactly(mentions, names, source, locator, status, regions, groups,
                                     partners):  # fmt: skip
    mention = mentions[(source, locator)]
    assert [names[slug] for slug in mention.partners] == partners
    assert mention.regions == regions
    assert mention.target_groups == groups
    assert mention.status == status


def test_golden_sample_covers_the_hard_rows_of_all_five_notes():
    assert len(GOLDEN) >= 30
    assert len({row[0] for row in GOLDEN}) == 5


def test_a_future_end_date_in_a_2022_note_is_ongoing_with_the_end_kept(mentions):
    mention = mentions[(MIDT, f"{MIDT_1}, række 2")]
    assert mention.status_text == "Projektet afsluttes marts 2023"
    assert (mention.status, mention.expected_end) == ("ongoing", datetime.date(2023, 3, 31))


def test_the_source_misspelling_is_shown_corrected_and_kept_raw(mentions):
    mention = mentions[(RH19, "Tabel 1, række 8")]
    assert mention.title == "Tværsektoriel neurorehabilitering"
    assert mention.title_raw == "Tværasektoriel neurorehabilitering"


def test_titles_and_partners_come_apart_in_a_titel_og_parter_table(mentions):
    mention = mentions[(MIDT, f"{MIDT_2}, række 3")]
    assert mention.title == "Fælles animationsstrategi"
    assert mention.partner_text == "Viborg Kommune og Hospitalsenhed Midt"
    assert mention.title_raw == "Fælles animationsstrategi (Viborg Kommune og Hospitalsenhed Midt)"


def test_the_budget_table_is_the_funding_of_the_umbrella_collaboration(bundled_catalogue):
    catalogue = bundled_catalogue
    umbrella = next(i for i in catalogue.initiatives if i.funding_amount)
    assert umbrella.title == "Sundhedsstrategisk ledelse i Randers-klyngen"
    assert umbrella.funding_amount == 264400
    assert umbrella.funding_period == "2014-2017"
    assert [line["spent"] for line in umbrella.funding_lines] == [31138, 204737, 28525]
    labs = [i for i in catalogue.initiatives if i.parent == umbrella.slug]
    assert sorted(m.locator for i in labs for m in i.mentions) == [
        f"Laboratorium {n}" for n in (10, 11, 6, 7, 8, 9)
    ]
