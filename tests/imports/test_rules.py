"""The rules in reference/ and the manifest, one class of error each, with the note line it fixes.

Each test quotes the line of a bundled note that showed the class, and checks the rule on that
line and on a line of the same class the notes do not have, so that no rule names one row.
"""

import datetime

import pytest

from imports.manifest import NoteMeta, Participant
from imports.normalise import normalise_note
from imports.pipeline import load_gazetteer
from imports.readers.base import ReadResult, Row
from imports.vocabularies import map_status, map_target_groups, status_in_text

H = "hovedstaden"
SKU = "rh-sundhedskoordinationsudvalget-2017-05-19"
DR = "danske-regioner-samarbejdsmodeller"
RANDERS = "randers-klyngen-afrapportering-2018"
RH19 = "rh-notat-forretningsudvalget-2019"
D2017 = datetime.date(2017, 5, 19)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def names(orgs):
    return [org.name for org in orgs]


def mention_partners(bundled_mentions, source, locator):
    return bundled_mentions[(source, locator)].partners


# Groups per planområde -----------------------------------------------------------------------


def test_each_hospitals_og_kommuner_is_that_hospitals_planomraade(gazetteer):
    # 000 line 45: "Amager og Hvidovre Hospital og kommuner Herlev og Gentofte Hospital og …"
    # The same class with other hospitals:
    cell = "Nordsjællands Hospital og kommuner, Bornholms Hospital og kommunerne"
    assert names(gazetteer.resolve_partners(cell, region=H).partners) == [
        "Nordsjællands Hospital",
        "Kommunerne i Planområde Nord",
        "Bornholms Hospital",
        "Kommunerne i Planområde Bornholm",
    ]


def test_a_group_of_a_clusters_kommuner_all_named_already_is_left_out(bundled_mentions):
    # 004 laboratorium 10 (line 70): "fælles finansiering fra hospital og kommune" in the
    # Randers cluster's own note: the cluster's hospital and kommuner, no extra groups.
    partners = mention_partners(bundled_mentions, RANDERS, "Laboratorium 10")
    assert not [p for p in partners if p.startswith(("kommunerne-i", "hospitalerne-i"))]


# Counted groups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "name"),
    [
        # 000 line 76: "Ishøj Kommune, 3 praktiserende læger og Region Hovedstadens Psykiatri."
        ("Ishøj Kommune, 3 praktiserende læger", "Tre praktiserende læger i Ishøj Kommune"),
        ("Gladsaxe Kommune og 14 praktiserende læger", "14 praktiserende læger i Gladsaxe Kommune"),
        # 000 line 77: "… Frederiksberg og Københavns kommuner og 20 praktiserende fodterapeuter."
        ("Frederiksberg og Københavns kommuner og 20 praktiserende fodterapeuter",
         "20 praktiserende fodterapeuter"),
    ],
)  # fmt: skip
def test_a_counted_group_keeps_its_count(gazetteer, cell, name):
    assert name in names(gazetteer.resolve_partners(cell, region=H).partners)


# Note-level participants ---------------------------------------------------------------------


def test_general_practice_took_part_in_every_laboratorium(bundled_mentions):
    # 004 line 7: "Midlerne er anvendt til honorering af praktiserende læger i forbindelse med
    # deltagelse i laboratorier" (manifest [[note.participants]]).
    for number in range(6, 12):
        mention = bundled_mentions[(RANDERS, f"Laboratorium {number}")]
        assert "almen-praksis-midtjylland" in mention.partners
        assert {"partner": "almen-praksis-midtjylland", "line": 7} in mention.extra["participants"]
    umbrella = bundled_mentions[(RANDERS, "Bevilling")]
    assert "participants" not in umbrella.extra


def test_participants_apply_to_the_rows_they_name_only(gazetteer):
    meta = NoteMeta(
        file="n.txt", slug="n", title="N", issuer="I", kind="Notat", region=H,
        participants=(Participant("praktiserende læger", r"^Projekt ", 3),),
    )  # fmt: skip
    result = ReadResult(
        rows=[
            Row("Projekt 1", "", 5, "Et", partners="Gladsaxe Kommune"),
            Row("Bilag", "", 9, "To", partners="Gladsaxe Kommune"),
        ]
    )
    mentions = normalise_note(meta, result, gazetteer).mentions
    assert [m.partners for m in mentions] == [
        ["gladsaxe-kommune", "almen-praksis-hovedstaden"],
        ["gladsaxe-kommune"],
    ]


# Partners in prose ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 001 lines 177-181: "I Region Hovedstaden er der udarbejdet lommeguide … til brug for
        # kommunale medarbejdere": the region and its kommuner are the parties.
        ("I Region Hovedstaden er der udarbejdet lommeguide til personale der arbejder med "
         "demente. Guiden er til brug for kommunale medarbejdere.",
         ["Region Hovedstaden", "Kommunerne i Region Hovedstaden"]),
        # 001 lines 225-227: "kommunens visitator" points back to the kommuner named before.
        ("Næstved Sygehus har et tæt samarbejde med Næstved og Vordingborg kommuner. Fra "
         "sidstnævnte er der dagligt besøg på sygehuset af kommunens visitator.",
         ["Næstved, Slagelse og Ringsted Sygehuse", "Næstved Kommune", "Vordingborg Kommune"]),
        # The same class elsewhere: a box naming a hospital group and the kommuner.
        ("I Region Sjælland samarbejder hospitalerne og den kommunale hjemmepleje om "
         "udskrivelsen.",
         ["Hospitalerne i Region Sjælland", "Kommunerne i Region Sjælland"]),
    ],
)  # fmt: skip
def test_the_parties_of_a_box_are_read_from_its_text(gazetteer, text, expected):
    resolution = gazetteer.find_in_text(text, region=None, block=True)
    assert names(resolution.partners) == expected


def test_block_words_are_no_partners_in_other_prose(gazetteer):
    text = "Den kommunale hjemmepleje og hospitalet samarbejder."
    assert gazetteer.find_in_text(text, region=H).partners == []


def test_a_kommune_block_names_other_kommuner_only_as_partners_it_collaborates_with(
    bundled_mentions,
):
    # 003 line 2516: "… akutfunktion etableret i samarbejde med Lyngby-Taarbæk, Gladsaxe og
    # gentofte Kommuner …" names partners;
    assert mention_partners(bundled_mentions, SKU, "Punkt 4, bilag 1, Rudersdal, 2017") == [
        "rudersdal-kommune", "lyngby-taarbaek-kommune", "gladsaxe-kommune", "gentofte-kommune",
    ]  # fmt: skip
    # 003 line 3396: "… som p.t. testes i Frederikssund og Halsnæs kommune" does not.
    assert mention_partners(bundled_mentions, SKU, "Punkt 4, bilag 2, Helsingør, 2015") == [
        "helsingoer-kommune"
    ]


def test_an_abbreviation_in_prose_names_only_its_own_regions_bodies(gazetteer):
    # 003 line 2458: "SHS – Specialiseret Hjemme Sygeplejeteam" in Herlev is not Sygehus
    # Sønderjylland (SHS).
    text = "SHS – Specialiseret Hjemme Sygeplejeteam, med henblik på forebyggelse af indlæggelse."
    assert gazetteer.find_in_text(text, region=H).partners == []
    assert names(gazetteer.find_in_text(text, region="syddanmark").partners) == [
        "Sygehus Sønderjylland"
    ]


# Statuses stated in words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # 001 lines 212-213
        ("Der er fokus på medicinen. Er implementeret på alle regionens hospitaler fra 2010 og "
         "der nu ca. 3500 hjemfølgninger.", "operation"),
        # 001 line 391
        ("Der er igangsat en række telemedicinske projekter, hvor patienter måler.", "ongoing"),
        # 001 lines 271 and 291: plans to start
        ("Der arbejdes på at etablere et Halfway House i Region Nordjylland.", "planned"),
        ("På det psykiatriske område arbejdes der på at igangsætte et projekt.", "planned"),
        # 001 line 359: "Regionen udbyder nu …", 361: "… klar til udrulning"
        ("Regionen udbyder nu et kursus, og modulerne er klar til udrulning.", "implementation"),
        # 001 line 231: "Samtlige hospitaler har samordningskonsulenter"
        ("Samtlige hospitaler har samordningskonsulenter i regionen.", "operation"),
        ("Teksten siger intet om, hvor projektet står.", "unknown"),
    ],
)  # fmt: skip
def test_a_status_stated_in_a_rows_own_text(text, status):
    assert status_in_text(text, note_date=None).code == status


def test_the_sentence_that_states_the_status_is_the_status_text(bundled_mentions):
    mention = bundled_mentions[(DR, "Eksempel »Følgehjemordning«")]
    assert mention.status == "operation"
    assert mention.status_text.startswith("Er implementeret på alle regionens hospitaler fra 2010")
    assert mention.extra["status_from"] == "text"


def test_extended_and_not_yet_evaluated_beats_the_lists_lead_in(bundled_mentions):
    # 004 line 21: "Der er i perioden 2014-2017 gennemført følgende laboratorier:" (lead-in)
    # 004 line 70: "… er foreløbigt forlænget yderligere 6 måneder. Der forelægger derfor endnu
    # ikke evaluering af pilotprojektet."
    lab10 = bundled_mentions[(RANDERS, "Laboratorium 10")]
    assert lab10.status == "ongoing"
    assert "forlænget" in lab10.status_text
    assert bundled_mentions[(RANDERS, "Laboratorium 9")].status == "completed"


def test_a_row_marked_both_har_and_planlaegger_has_one():
    # 003 line 2884, the akutteam table: Halsnæs marked "Har akutteam" and "Planlægger".
    assert map_status("Har akutteam; Planlægger akutteam", note_date=D2017).code == "operation"
    assert map_status("Har ikke akutteam; Planlægger akutteam", note_date=D2017).code == "planned"
    assert map_status("Har fælles visitation", note_date=D2017).code == "operation"


def test_a_tables_caption_gives_its_rows_status_where_it_states_one(bundled_mentions):
    # 000 line 85: "Tabel 3: Samarbejder igangsat som følge af en regional pulje …" (no Status
    # column); tabel 1's caption states no status, and its rows have a Status column anyway.
    for row in (1, 12, 22):
        mention = bundled_mentions[(RH19, f"Tabel 3, række {row}")]
        assert (mention.status, mention.extra["status_from"]) == ("ongoing", "caption")
        assert mention.status_text.startswith("Tabel 3: Samarbejder igangsat")


def test_a_status_text_nobody_understands_is_a_warning(gazetteer):
    meta = NoteMeta(file="n.txt", slug="n", title="N", issuer="I", kind="Notat", region=H)
    rows = [Row("Tabel 1, række 1", "T", 3, "Et", partners="Gladsaxe Kommune", status="Ig")]
    out = normalise_note(meta, ReadResult(rows=rows), gazetteer, text="a\nb\nc")
    assert out.mentions[0].status == "unknown"
    assert [w.message for w in out.warnings] == [
        "statusteksten forstås ikke: 'Ig'; noten slutter i denne række og kan være afkortet"
    ]


# Target groups that need more than a loose word ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # 003 line 2229: "besøg af sygeplejerske indenfor 24 timer til alle borgere der udskrives"
        ("besøg af sygeplejerske indenfor 24 timer til alle borgere der udskrives fra hospitalet",
         "alle-borgere"),
        # 003 line 2631: "(Akut, observations, terminal, …" pladser
        ("Udvidelse af pladser fra 16 til 24 pladser. (Akut, observations, terminal, aflastning)",
         "kraeft-og-palliation"),
        # 003 line 3282: bed types "Venteplads, vurderingsplads, aflastningsplads,
        # palliativplads, genoptræningsplads"
        ("Kommunen har 5 forskellige midlertidige pladser: Venteplads, aflastningsplads, "
         "palliativplads, genoptræningsplads", "kraeft-og-palliation"),
        ("Kommunen har 5 forskellige midlertidige pladser: Venteplads, aflastningsplads, "
         "palliativplads, genoptræningsplads", "genoptraening-og-rehabilitering"),
        # 003 line 2238: "Alle borgere vurderes af sygeplejerske inden 24 timer"
        ("Etablering af akutsygeplejefunktion. Alle borgere vurderes af sygeplejerske inden 24 "
         "timer efter udskrivelsen.", "alle-borgere"),
        # 002 line 15: films "bl.a. om demens, fodsår, hjertesygdom, diabetes, hjælpemidler m.v."
        ("Der er udviklet 34 animationsfilm til borgere, bl.a. om demens, fodsår, hjertesygdom.",
         "saar-og-hud"),
        # 001 line 247: "firdobling af afsendte genoptræningsplaner" – a document, not training
        ("Der er sket en firdobling af afsendte genoptræningsplaner.",
         "genoptraening-og-rehabilitering"),
        # 001 line 301: services named in parentheses are not the patients
        ("Samarbejde med anden støtte (misbrugscenter, hjemmepleje mv.) ved behov.", "misbrug"),
    ],
)  # fmt: skip
def test_a_loose_word_is_no_target_group(text, absent):
    assert absent not in map_target_groups("", fallback_text=text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Alle borgere i Ishøj Kommune", "alle-borgere"),
        ("Terminale patienter i eget hjem", "kraeft-og-palliation"),
    ],
)
def test_the_phrase_itself_still_names_the_group(text, present):
    assert present in map_target_groups(text)


@pytest.mark.parametrize(
    ("title", "text", "groups"),
    [
        # 002 line 25: "Rammepapir: … udgående ambulante teams i voksenpsykiatrien … forebygge
        # indlæggelser og fremme tidlig udskrivelse": psychiatric admissions.
        ("Rammepapir: Samarbejdet om udgående ambulante teams i voksenpsykiatrien",
         "Formålet er at forebygge indlæggelser og fremme tidlig udskrivelse.",
         ["psykisk-sygdom"]),
        # 001 lines 271-273: "psykiatriske patienter, der er færdigbehandlede i psykiatrisk
        # indlæggelsesregi".
        ("Halfway House", "Målrettet psykiatriske patienter, der er færdigbehandlede i "
         "psykiatrisk indlæggelsesregi.", ["psykisk-sygdom"]),
        # A kommune's block about discharge in general that also names psychiatric citizens
        # keeps both (003 bilag 1, Herlev 2016).
        ("Nye indsatser for hurtig hjemtagning i Herlev Kommune 2016",
         "Køb af midlertidige pladser. De socialpsykiatriske tilbud har igangsat initiativer.",
         ["psykisk-sygdom", "medicinske-patienter"]),
        # Somatic and psychiatric together keeps both (002 line 24).
        ("Sundhedsvisitationer", "Akutte tilbud til borgere med somatisk og psykisk sygdom.",
         ["psykisk-sygdom", "medicinske-patienter"]),
    ],
)  # fmt: skip
def test_admission_words_in_a_psychiatric_text_are_psychiatric_admissions(title, text, groups):
    assert map_target_groups("", fallback_text=f"{title}. {text}") == groups


def test_a_box_naming_the_regions_ambulatories_has_the_hospitals_as_party(bundled_mentions):
    # 001 lines 323-324: "Et samarbejde som findes i alle regioner. Ambulatorierne samarbejder
    # med alle kommuner …"
    assert mention_partners(bundled_mentions, DR, "Eksempel »Familieambulatorierne«") == [
        "hospitalerne",
        "kommunerne",
    ]
