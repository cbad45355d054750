"""The agenda reader on note 003 (Sundhedskoordinationsudvalget, 19 May 2017) and on junk."""

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.errors import SourceError
from imports.readers.agenda import list_items, read, split_block, strip_page_furniture
from imports.readers.base import ReadResult

NOTE = Path(__file__).resolve().parents[2] / "imports" / "sources" / "003_0bdb4665ffab3184.txt"
FILE = NOTE.name
# Bilag 1 of agenda item 4; the note does not number its akutteam table, so it is cited by its
# caption.
AKUTTEAMS = (
    "Punkt 4, bilag 1, tabellen »Oversigt over hvilke kommuner, der har etableret akutteams«"
)


@cache
def note_text() -> str:
    return NOTE.read_text(encoding="utf-8")


@cache
def result() -> ReadResult:
    return read(note_text(), file=FILE)


def rows_by_locator():
    return {row.locator: row for row in result().rows}


def kommune_year_rows(bilag="1"):
    prefix = f"Punkt 4, bilag {bilag}, "
    return [row for row in result().rows if row.locator.startswith(prefix) and row.year]


def make_lines(text: str) -> list[tuple[int, str]]:
    """A kommune block as (line number, text) pairs, numbered from 1."""
    return list(enumerate(text.split("\n"), start=1))


# --- page furniture ---------------------------------------------------------------------------


def test_strip_page_furniture_blanks_header_footer_and_page_number():
    lines = [
        "2) Evt. opnormering af fremskudt visitation. ",
        "",
        "Punkt nr. 4 - Drøftelse af udvikling i antal færdig behandlede somatiske patienter /",
        "status fra kommunerne om nye initiativer for at understøtte hurtig hjemtagning",
        "Bilag 1 - Side -2 af 10",
        "",
        "Møde i Sundhedskoordinationsudvalget d. 19-05-2017",
        "",
        "",
        "3 ",
        " ",
        "Helsingør  ",
    ]
    stripped = strip_page_furniture(lines)
    assert len(stripped) == len(lines)
    assert stripped[0] == lines[0]
    assert stripped[2:5] == ["", "", ""]
    assert stripped[6] == ""
    assert stripped[9] == ""
    assert stripped[11] == "Helsingør  "


def test_strip_page_furniture_blanks_a_two_page_spread_number():
    lines = ["Punkt nr. 2 - Drøftelse af Midtvejsstatus", "Bilag 1 - Side -19 af 28", "", "20 21"]
    assert strip_page_furniture(lines) == ["", "", "", ""]


def test_strip_page_furniture_keeps_numbers_away_from_footers():
    lines = ["Egedal  ", " ", "", " 1   ", "JOURNALNUMMER ", "16050192 ", "2022  "]
    assert strip_page_furniture(lines) == lines


def test_strip_page_furniture_keeps_the_line_after_a_header_without_slash():
    lines = ["Punkt nr. 2 - Drøftelse af Midtvejsstatus for arbejdet med Sundhedsaftalen", "Tekst"]
    assert strip_page_furniture(lines) == ["", "Tekst"]


@pytest.mark.parametrize(
    "furniture", ["Bilag 1 - Side", "Punkt nr.", "Møde i Sundhedskoordinationsudvalget"]
)
def test_no_row_text_contains_page_furniture(furniture):
    for row in result().rows:
        for text in (row.title, row.section, row.partners, row.description, row.status):
            assert furniture not in text, row.locator


# --- agenda item 5 ----------------------------------------------------------------------------

PROJECT_TITLES = {
    "Punkt 5, projekt 1": "Tværsektoriel stuegang",
    "Punkt 5, projekt 2": "Fra dobbeltarbejde til enkelthed for patienten",
    "Punkt 5, projekt 3": "Tværsektoriel neurorehabilitering",
    "Punkt 5, projekt 4": "Tidlig opsporing af børn og unge med tegn på mistrivsel",
}


def test_item_5_gives_the_four_model_projects():
    projects = [row for row in result().rows if row.project is not None]
    assert {row.locator: row.title for row in projects} == PROJECT_TITLES
    assert {row.section for row in projects} == {
        "Orientering om status på samarbejdsmodelprojekter"
    }
    assert [row.line for row in projects] == [271, 283, 293, 305]


@pytest.mark.parametrize(
    ("locator", "names"),
    [
        (
            "Punkt 5, projekt 1",
            ["Nordsjællands Hospital", "Allerød", "Halsnæs kommuner", "PLO"],
        ),
        (
            "Punkt 5, projekt 2",
            ["Høje-Taastrup", "Dragør kommuner", "Psykiatrisk Center Glostrup"],
        ),
        (
            "Punkt 5, projekt 3",
            ["Herlev og Gentofte Hospital", "Ballerup", "Rudersdal kommuner"],
        ),
        (
            "Punkt 5, projekt 4",
            ["Frederiksberg og Halsnæs kommuner", "de praktiserende læger"],
        ),
    ],
)
def test_item_5_partners_name_the_partners(locator, names):
    partners = rows_by_locator()[locator].partners
    for name in names:
        assert name in partners


def test_item_5_partners_leave_out_sentences_without_organisations():
    rows = rows_by_locator()
    assert "et par kommuner" not in rows["Punkt 5, projekt 2"].partners
    assert "Fem kommuner" not in rows["Punkt 5, projekt 4"].partners


@pytest.mark.parametrize(
    ("locator", "status"),
    [
        ("Punkt 5, projekt 1", "De tværsektorielle stuegange er igangsat i begyndelsen af maj."),
        ("Punkt 5, projekt 2", "Det er aftalt, at en mindre projektgruppe"),
        ("Punkt 5, projekt 3", "Projeket er i opstartsfasen"),
        ("Punkt 5, projekt 4", "På nuværende tidspunkt er der ikke fundet et match"),
    ],
)
def test_item_5_status_is_where_the_project_stands(locator, status):
    assert rows_by_locator()[locator].status.startswith(status)


def test_item_5_description_is_the_project_paragraph_only():
    rows = rows_by_locator()
    first = rows["Punkt 5, projekt 1"].description
    assert first.startswith("Projektet blev godkendt af Den administrative styregruppe")
    assert first.endswith("De tværsektorielle stuegange er igangsat i begyndelsen af maj.")
    last = rows["Punkt 5, projekt 4"].description
    assert last.count("\n") == 1  # two paragraphs
    assert "Projektbeskrivelser" not in last
    assert "Evaluering af de fire modelprojekter" not in last


# --- bilag 1: new initiatives per kommune and year ------------------------------------------------

KOMMUNE_YEARS = {
    "Nord": {
        ("Allerød", 2016), ("Allerød", 2017),
        ("Fredensborg", 2016), ("Fredensborg", 2017),
        ("Frederikssund", 2016), ("Frederikssund", 2017),
        ("Furesø", 2016),
        ("Gribskov", 2016), ("Gribskov", 2017),
        ("Halsnæs", 2016), ("Halsnæs", 2017),
        ("Helsingør", 2016), ("Helsingør", 2017),
        ("Hillerød", 2016), ("Hillerød", 2017),
        ("Hørsholm", 2016), ("Hørsholm", 2017),
    },
    "Midt": {
        ("Ballerup", 2016),
        ("Egedal", 2016), ("Egedal", 2017),
        ("Gladsaxe", 2016), ("Gladsaxe", 2017),
        ("Gentofte", 2016), ("Gentofte", 2017),
        ("Herlev", 2016), ("Herlev", 2017),
        ("Lyngby-Taarbæk", 2016), ("Lyngby-Taarbæk", 2017),
        ("Rudersdal", 2016), ("Rudersdal", 2017),
        ("Rødovre", 2017),
    },
    "Byen": {("København", 2016), ("København", 2017)},
    "Syd": {
        ("Albertslund", 2016),
        ("Brøndby", 2016), ("Brøndby", 2017),
        ("Dragør", 2017),
        ("Hvidovre", 2016), ("Hvidovre", 2017),
        ("Høje-Taastrup", 2016), ("Høje-Taastrup", 2017),
        ("Tårnby", 2016), ("Tårnby", 2017),
        ("Vallensbæk", 2016), ("Vallensbæk", 2017),
    },
    "Bornholm": {("Bornholm", 2016)},
}  # fmt: skip


def test_bilag_1_gives_these_kommune_years_per_planomraade():
    found: dict[str, set] = {}
    for row in kommune_year_rows():
        found.setdefault(row.cluster_heading, set()).add((row.kommune, row.year))
    assert found == KOMMUNE_YEARS


def test_bilag_1_rows_have_locator_title_section_partners_and_status():
    row = rows_by_locator()["Punkt 4, bilag 1, Allerød, 2016"]
    assert row.title == "Nye indsatser for hurtig hjemtagning i Allerød Kommune 2016"
    assert row.section == "Nye indsatser for hurtig hjemtagning – Planområde Nord"
    assert row.partners == "Allerød Kommune"
    assert row.status == "2016: igangsat"
    assert (row.kommune, row.year, row.cluster_heading, row.split) == (
        "Allerød",
        2016,
        "Nord",
        "confident",
    )
    assert (row.agenda_item, row.series, row.status_from) == (4, "hjemtagning Allerød", "column")
    assert (row.line, row.line_end) == (2142, 2143)
    assert rows_by_locator()["Punkt 4, bilag 1, Allerød, 2017"].status == "2017: planlagt"


def test_bilag_1_uses_the_official_name_for_copenhagen():
    row = rows_by_locator()["Punkt 4, bilag 1, København, 2016"]
    assert row.title == "Nye indsatser for hurtig hjemtagning i Københavns Kommune 2016"


def test_allerod_2016_and_2017_descriptions():
    rows = rows_by_locator()
    assert rows["Punkt 4, bilag 1, Allerød, 2016"].description == (
        "Kompetenceudvikling\nUdvidelse af akutteamet"
    )
    assert rows["Punkt 4, bilag 1, Allerød, 2017"].description.split("\n") == [
        "Politisk sag og prioritering af evt. øget antal midlertidige pladser "
        "(evt. 2 sengs-stuer).",
        "Yderligere udbygning af akutteamet",
        "Tværsektoriel stuegangs projekt",
        "Plejecenterlæger",
    ]


def test_numbered_list_items_lose_their_numbers_and_keep_their_wrapped_lines():
    description = rows_by_locator()["Punkt 4, bilag 1, Helsingør, 2017"].description
    assert description.split("\n") == [
        "Øget samarbejdet mellem myndighed, hjemmepleje og midlertidige pladser hver 4. uge. "
        "Hvor vi løfter cases for, at stille skarpt på hjemtagning af flere borgere til "
        "hjemmeplejen.",
        "”Kom godt hjem” – hvor hjemmesygeplejen møder borgeren i hjemmet lige efter udskrivelsen.",
        "Med i projekt ”Tværsektoriel stuegang”.",
    ]


def test_tarnby_short_lines_are_separate_items():
    rows = rows_by_locator()
    assert rows["Punkt 4, bilag 1, Tårnby, 2016"].description == (
        "Optimere styring af de midlertidige pladser\nFremskudt visitation"
    )


def test_page_break_interleave_is_put_back_together():
    rows = rows_by_locator()
    gentofte_2016 = rows["Punkt 4, bilag 1, Gentofte, 2016"].description
    assert "ad hoc på regionens øvrige hospitaler for at planlægge udskrivning" in gentofte_2016
    gentofte_2017 = rows["Punkt 4, bilag 1, Gentofte, 2017"].description
    assert "skal udskrives til en kommunal foranstaltning så det kan ske hurtigst" in gentofte_2017
    taastrup_2016 = rows["Punkt 4, bilag 1, Høje-Taastrup, 2016"].description
    assert "hjemtage borgere, der ikke forsvarligt kan hjemtages til eget hjem" in taastrup_2016
    taastrup_2017 = rows["Punkt 4, bilag 1, Høje-Taastrup, 2017"].description
    assert "det tværfaglige samarbejde og borgerinddragelse både indenfor" in taastrup_2017
    assert rows["Punkt 4, bilag 1, Høje-Taastrup, 2017"].split == "confident"


def test_nothing_new_gives_no_row_for_that_year():
    locators = rows_by_locator()
    assert "Punkt 4, bilag 1, Furesø, 2016" in locators
    assert "Punkt 4, bilag 1, Furesø, 2017" not in locators  # "Ingen nye tiltag"
    assert "Punkt 4, bilag 1, Ballerup, 2017" not in locators  # "Ingen nye indsatser."
    assert "Punkt 4, bilag 1, Dragør, 2016" not in locators
    assert not any(loc.startswith("Punkt 4, bilag 1, Frederiksberg, ") for loc in locators)


def test_a_block_stands_under_its_kommune_and_keeps_the_names_in_its_text():
    # The reader interprets nothing: the kommune heading is the block's partner cell; the
    # hospitals its text names are read by normalisation (tests/imports/test_rules.py).
    rows = rows_by_locator()
    assert rows["Punkt 4, bilag 1, Gribskov, 2016"].partners == "Gribskov Kommune"
    assert "Hillerød Hospital" in rows["Punkt 4, bilag 1, Gribskov, 2016"].description
    assert rows["Punkt 4, bilag 1, Tårnby, 2017"].partners == "Tårnby Kommune"


def test_split_counts():
    split = result().facts["bilag1_split"]
    assert (split["confident"], split["uncertain"]) == (28, 1)
    assert len(split["blocks"]) == 29  # every kommune in Region Hovedstaden
    uncertain = [b["kommune"] for b in split["blocks"] if b["split"] == "uncertain"]
    assert uncertain == ["Rødovre"]


def test_uncertain_rows_come_with_a_warning():
    warned = {w.locator for w in result().warnings}
    for row in kommune_year_rows():
        if row.split == "uncertain":
            assert row.locator in warned


# --- the column split on its own --------------------------------------------------------------


def test_split_two_cells_is_confident():
    split = split_block(make_lines("Kompetenceudvikling\n\nYderligere udbygning"), (2016, 2017))
    assert split.years == {2016: ["Kompetenceudvikling"], 2017: ["Yderligere udbygning"]}
    assert split.first_line == {2016: 1, 2017: 3}
    assert split.confidence == "confident"


def test_split_whitespace_only_lines_stay_inside_a_cell():
    split = split_block(make_lines("A har gjort.\n \nB blev gjort.\n\nC skal gøres."), (2016, 2017))
    assert split.years[2016] == ["A har gjort.", " ", "B blev gjort."]
    assert split.years[2017] == ["C skal gøres."]


def test_split_reversed_tense_is_uncertain():
    block = "Vi forventer at udvide og skal planlægge.\n\nVi har etableret og blev færdige."
    assert split_block(make_lines(block), (2016, 2017)).confidence == "uncertain"


def test_split_two_cells_on_one_line():
    split = split_block(make_lines("Ingen nye indsatser. Ingen nye indsatser."), (2016, 2017))
    assert split.years == {2016: ["Ingen nye indsatser."], 2017: ["Ingen nye indsatser."]}
    assert split.confidence == "confident"


def test_split_one_cell_with_a_later_year_cue_is_uncertain():
    block = "1) Etableret team\n2) Ny visitation\n1) Udvide pladser\n2) Flere læger"
    split = split_block(make_lines(block), (2016, 2017))
    assert split.years[2017] == ["1) Udvide pladser", "2) Flere læger"]
    assert split.confidence == "uncertain"


def test_list_items_join_wrapped_lines_and_split_bullets():
    lines = ["• fortsat fremskudt visitation på", "Hillerød Hospital", "• ansættelse af"]
    assert list_items(lines) == [
        "fortsat fremskudt visitation på Hillerød Hospital",
        "ansættelse af",
    ]


# --- midlertidige pladser and akutteams -------------------------------------------------------


def test_akutteam_rows():
    rows = [row for row in result().rows if row.locator.startswith(AKUTTEAMS + ", ")]
    by_kommune = {row.kommune: row.status for row in rows}
    assert len(rows) == 18
    assert list(by_kommune.values()).count("Har akutteam") == 13
    assert by_kommune["Halsnæs"] == "Har akutteam; Planlægger akutteam"
    assert {k for k, s in by_kommune.items() if s == "Planlægger akutteam"} == {
        "Bornholm",
        "Frederikssund",
        "Hvidovre",
        "Tårnby",
    }
    egedal = rows_by_locator()[AKUTTEAMS + ", Egedal"]
    assert egedal.title == "Akutteam i Egedal Kommune"
    assert egedal.section == "Oversigt over hvilke kommuner, der har etableret akutteams"
    assert egedal.partners == "Egedal Kommune"
    assert (egedal.kommune, egedal.status_from) == ("Egedal", "marks")
    assert "København" not in by_kommune  # "Har ikke" (with a footnote)


def test_akutteam_facts_agree_with_the_total_row():
    facts = result().facts
    assert facts["akutteams_totals_match"] is True
    assert facts["akutteams"]["København"]["columns"] == ["Har ikke"]
    assert (
        "tværsektoriel udrednings- og udskrivningsenhed"
        in (facts["akutteams"]["København"]["note"])
    )
    assert "Høje-Taastrup" not in facts["akutteams"]
    assert any("Høje-Taastrup" in u for u in facts["unrecovered"])


def test_midlertidige_pladser_are_read_for_every_kommune():
    table = result().facts["midlertidige_pladser"]
    assert len(table) == 29
    assert table["Albertslund"]["rehabilitering"] == {"enheder": 1, "pladser": 8}
    assert table["Albertslund"]["planlagte_udvidelser"] == 4
    assert table["Gribskov"]["akut"] == {"enheder": None, "pladser": 2}
    assert table["Gribskov"]["planlagte_udvidelser"] == "4-8"
    assert table["Helsingør"]["rehabilitering"] == {"enheder": None, "pladser": None}
    assert table["Helsingør"]["midlertidigt_ophold_aflastning"] == {"enheder": 2, "pladser": 55}
    assert table["Lyngby-Taarbæk"]["i_alt"] == {"enheder": 2, "pladser": 82}
    assert all(record["sums_check"] for record in table.values())


def test_midlertidige_pladser_total_row_leaves_out_albertslund():
    totals = result().facts["midlertidige_pladser_totals"]
    assert totals["match"] is False
    assert totals["left_out"] == ["Albertslund"]


# --- bad input -------------------------------------------------------------------------------


def test_text_without_an_agenda_item_is_a_source_error_at_line_1():
    with pytest.raises(SourceError) as error:
        read("Bare noget tekst\nuden dagsorden", file="x.txt")
    assert error.value.file == "x.txt"
    assert error.value.line == 1
    assert str(error.value).startswith("x.txt:1:1: ")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_gives_a_result_or_a_source_error(text):
    try:
        assert isinstance(read(text, file="x.txt"), ReadResult)
    except SourceError as error:
        assert error.file == "x.txt"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_shuffled_pieces_of_the_note_give_a_result_or_a_source_error(data):
    lines = note_text().split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    length = data.draw(st.integers(0, 400))
    # Lines of bilag 1 (two year columns, grids) and bilag 2 (year rows with a side column).
    extra = data.draw(st.lists(st.sampled_from(lines[2090:3760]), max_size=40))
    piece = lines[start : start + length] + extra
    piece = data.draw(st.permutations(piece)) if data.draw(st.booleans()) else piece
    if data.draw(st.booleans()):  # reach past the agenda check into the bilag readers
        piece = [" 1. GODKENDELSE AF DAGSORDEN", *piece]
    try:
        assert isinstance(read("\n".join(piece), file="x.txt"), ReadResult)
    except SourceError as error:
        assert error.line == 1


# --- locators and lines: what a committee secretary needs to find the place -------------------


def test_bilag_rows_name_the_agenda_item_and_the_bilag_that_the_page_headers_print():
    # "Punkt nr. 4 - Drøftelse af …" and "Bilag 1 - Side -2 af 10" head bilag 1's pages.
    assert rows_by_locator()["Punkt 4, bilag 1, Allerød, 2016"].year == 2016
    assert all(row.locator.startswith("Punkt 4, bilag 1, ") for row in kommune_year_rows())


def test_no_locator_of_003_carries_a_number_the_note_does_not_print():
    for row in result().rows:
        assert row.locator.startswith(
            ("Punkt 5, projekt ", "Punkt 4, bilag 1, ", "Punkt 4, bilag 2, ")
        ), row.locator
    assert {w.locator.split(",")[0] for w in result().warnings if w.locator} == {"Punkt 4"}


def test_a_bilag_without_page_labels_is_named_by_its_caption_and_no_item_is_invented():
    text = note_text()
    unlabelled = "\n".join(
        "" if ("Bilag 1 - Side" in line or line.startswith("Punkt nr. 4")) else line
        for line in text.split("\n")
    )
    rows = [row for row in read(unlabelled, file=FILE).rows if row.year is not None]
    assert rows
    assert rows[0].locator.startswith(
        "Bilaget »Nye indsatser for hjemtagning af færdigbehandlede borgere (på det somatiske "
        "område) – 2016 og 2017«, "
    )


@pytest.mark.parametrize(
    ("locator", "line", "line_end"),
    [
        # "1. Tværsektoriel stuegang" (271) to "… igangsat i begyndelsen af maj." (280).
        ("Punkt 5, projekt 1", 271, 280),
        # Project 4's second paragraph ends at 314; "Projektbeskrivelser …" (316) is not its own.
        ("Punkt 5, projekt 4", 305, 314),
        # Allerød's 2016 cell: "Kompetenceudvikling" / "Udvidelse af akutteamet".
        ("Punkt 4, bilag 1, Allerød, 2016", 2142, 2143),
        # Hillerød's 2017 cell runs from "Med opstart i 2017 …" to the block's last line.
        ("Punkt 4, bilag 1, Hillerød, 2017", 2287, 2330),
        # A page break interleaves Gentofte's two cells: each year's lines span the other's.
        ("Punkt 4, bilag 1, Gentofte, 2016", 2427, 2444),
        ("Punkt 4, bilag 1, Gentofte, 2017", 2432, 2451),
        # Egedal's mark stands on a line of its own below the name.
        (AKUTTEAMS + ", Egedal", 2863, 2866),
        (AKUTTEAMS + ", Allerød", 2853, 2853),
    ],
)
def test_a_row_runs_from_its_first_to_its_last_line_in_the_note(locator, line, line_end):
    row = rows_by_locator()[locator]
    assert (row.line, row.line_end) == (line, line_end)


def test_every_row_of_003_ends_at_or_after_its_first_line():
    assert all(row.line <= row.line_end for row in result().rows)
