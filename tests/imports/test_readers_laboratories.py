"""The laboratory reader on the bundled grant report (004) and on small reports built here."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports.errors import SourceError
from imports.readers import laboratories

from .test_readers_tables import assert_reads_or_refuses

NOTE_004 = "004_f2f7b4d944a37d36.txt"
TEXT_004 = (Path(__file__).resolve().parents[2] / "imports" / "sources" / NOTE_004).read_text(
    encoding="utf-8"
)
SECTION = "Beskrivelse af sundhedsstrategisk ledelse og resultater i perioden 2014-2017"
FUNDING = {
    "amount": 264400,
    "granted_by": "Kvalitets- og Efteruddannelsesudvalget for almen praksis",
    "granted_year": 2014,
    "period": "2014-2017",
    "purpose": "udvikling og forankring af det tværsektorielle samarbejde i Randers-klyngen",
    "lines": [
        {
            "activity": "Honorar til praktiserende læger for deltagelse i tværgående styregruppe",
            "budget": 34400,
            "spent": 31138,
        },
        {
            "activity": "Honorar til praktiserende læger for deltagelse i laboratorier",
            "budget": 156000,
            "spent": 204737,
        },
        {
            "activity": "Honorar til praktiserende læger for deltagelse i fælles "
            "tema-/udviklingsdage",
            "budget": 74000,
            "spent": 28525,
        },
    ],
    "total": {"budget": 264400, "spent": 264400},
}
BUDGET_TAB = [
    "Aktiviteter\tAngivet i budget\tAnvendt beløb",
    "Møder\t10.000 kr.\t9.500 kr.",
    "Dage\t5.000 kr.\t5.500 kr.",
    "<b>Total</b>\t<b>15.000 kr.</b>\t<b>15.000 kr.</b>",
]


def read_004(text=TEXT_004):
    return laboratories.read(text, file=NOTE_004)


def make_report(*, budget=BUDGET_TAB, items=None, after_items=("Styregruppen mødes årligt.",)):
    """A small grant report in the shape of 004, with its own klynge, grantor and subject."""
    items = items or [
        "- Laboratorium 1 - Akut hjælp:  ",
        "Et team rykker ud om natten.",
        "- Laboratorium 2 – Demens:",
        "Fast track for demente borgere.",
    ]
    return "\n".join(
        [
            "### Afrapportering vedr. bevilling til samarbejdet i Vestklyngen",
            "",
            "Parterne fik i 2019 bevilget 15.000 kr. fra Fonden for Samarbejde til fælles "
            "kompetenceudvikling. Pengene er brugt.",
            "",
            "Midlerne er anvendt i perioden 2019-2021.",
            "",
            *budget,
            "",
            "### Beskrivelse af fælles akutteams og resultater",
            "",
            "Målet er færre indlæggelser.",
            "",
            "Der er gennemført følgende laboratorier:",
            "",
            *items,
            "",
            *after_items,
        ]
    )


# --- the bundled report ------------------------------------------------------------------------


def test_004_gives_the_umbrella_and_six_laboratories():
    rows = read_004().rows

    assert [row.locator for row in rows] == ["Bevilling"] + [
        f"Laboratorium {number}" for number in range(6, 12)
    ]


@pytest.mark.parametrize(
    "locator, line, title, description_starts",
    [
        (
            "Laboratorium 6",
            23,
            "Fælles model for beslutning og implementering",
            "I laboratoriet blev der udviklet en køreplan",
        ),
        (
            "Laboratorium 7",
            25,
            "Forebyggelse af indlæggelser af geriatriske patienter",
            "På baggrund af laboratoriegruppens arbejde blev der igangsat et pilotprojekt",
        ),
        (
            "Laboratorium 8",
            65,
            "Visitation af akut syge patienter",
            "På baggrund af laboratoriegruppens arbejde blev der afprøvet en ny model",
        ),
        (
            "Laboratorium 9",
            67,
            "Når hjemmet er ønsket som sidste levested",
            "På baggrund af laboratoriegruppens arbejde blev der afprøvet en tværfaglig",
        ),
        (
            "Laboratorium 10",
            69,
            "Lighed i sundhed kræver ulige indsatser",
            "I laboratoriet er der arbejdet med at sikre",
        ),
        ("Laboratorium 11", 71, "Demens", "Laboratoriegruppens arbejde har blandt andet"),
    ],
)
def test_004_laboratories_read_exactly(locator, line, title, description_starts):
    row = next(row for row in read_004().rows if row.locator == locator)

    assert (row.section, row.line, row.title) == (SECTION, line, title)
    assert row.description.startswith(description_starts)
    assert row.description.endswith("er vedlagt.")
    assert (row.part_of, row.status_from) == ("Bevilling", "lead_in")


def test_each_laboratory_runs_from_its_item_line_to_its_paragraph_in_004():
    # "- Laboratorium 6 - …:" (23) and its paragraph (24); 8 starts after the letterhead (65).
    lines = {row.locator: (row.line, row.line_end) for row in read_004().rows}

    assert lines["Laboratorium 6"] == (23, 24)
    assert lines["Laboratorium 7"] == (25, 26)
    assert lines["Laboratorium 8"] == (65, 66)
    assert lines["Laboratorium 11"] == (71, 72)


def test_the_umbrella_runs_from_the_grant_over_the_budget_to_its_description():
    # The grant (5), the budget table (9-13) and the description under the heading (17, 19).
    umbrella = read_004().rows[0]

    assert (umbrella.line, umbrella.line_end) == (5, 19)


def test_an_indented_paragraph_is_within_its_items_lines():
    items = ["- Laboratorium 1 - Akut hjælp:", "Et team.", "", "  Det virker."]

    row = laboratories.read(make_report(items=items), file="r.txt").rows[1]

    assert row.line_end == row.line + 3


def test_an_item_ends_at_the_blank_line_before_the_letterhead():
    row = next(row for row in read_004().rows if row.locator == "Laboratorium 7")

    assert row.description == (
        "På baggrund af laboratoriegruppens arbejde blev der igangsat et pilotprojekt, som skulle "
        "undersøge om et udkørende geriatrisk team og en forbedret tværsektoriel indsats kunne "
        "nedsætte antallet af akutte genindlæggelser. Rapport fra laboratoriet og evaluering af "
        "pilotprojektet er vedlagt."
    )


def test_letterhead_lines_enter_no_row():
    letterhead = ["Postadresse", "Favrskov", "Hinnerup", "Tlf.", "April 2018", "710-20", "Cpr."]

    texts = [f"{row.section} {row.title} {row.description}" for row in read_004().rows]

    assert [word for word in letterhead for text in texts if word in text] == []


def test_004_funding_is_read_from_the_prose_and_the_budget_table():
    result = read_004()

    assert result.facts == {"funding": FUNDING}
    assert [(table.header, table.line, table.rows) for table in result.tables] == [
        (["Aktiviteter", "Angivet i budget", "Anvendt beløb"], 9, 3)
    ]
    assert result.warnings == []


def test_004_umbrella_row_is_the_collaboration_the_grant_paid_for():
    umbrella = read_004().rows[0]

    assert (umbrella.locator, umbrella.line, umbrella.title) == (
        "Bevilling",
        5,
        "Sundhedsstrategisk ledelse i Randers-klyngen",
    )
    assert umbrella.description.split("\n\n") == [
        "Målet med sundhedsstrategisk ledelse er at udvikle nye måder at samarbejde på, som giver "
        "bedre patientforløb på tværs af hospital, kommuner og almen praksis.",
        'Omdrejningspunktet for udviklingsarbejdet er såkaldte "laboratorier". Laboratorierne er '
        "agile projekter, som indledes med en intensiv periode, hvor praktiserende læger og "
        "repræsentanter fra hospital og kommuner mødes på tværs og udarbejder konkrete forslag "
        "til nye modeller for tværsektorielt samarbejde.",
    ]
    assert (umbrella.funding, umbrella.umbrella) == (FUNDING, True)


def test_the_budget_table_may_be_a_markdown_pipe_table():
    lines = TEXT_004.split("\n")
    piped = [f"| {line.replace(chr(9), ' | ')} |" if "\t" in line else line for line in lines]
    piped.insert(9, "|---|---|---|")

    assert read_004("\n".join(piped)).facts == {"funding": FUNDING}


# --- small reports -----------------------------------------------------------------------------


def test_grant_facts_come_from_the_wording_not_from_this_note():
    result = laboratories.read(make_report(), file="r.txt")

    assert result.facts["funding"] == {
        "amount": 15000,
        "granted_by": "Fonden for Samarbejde",
        "granted_year": 2019,
        "period": "2019-2021",
        "purpose": "fælles kompetenceudvikling",
        "lines": [
            {"activity": "Møder", "budget": 10000, "spent": 9500},
            {"activity": "Dage", "budget": 5000, "spent": 5500},
        ],
        "total": {"budget": 15000, "spent": 15000},
    }
    umbrella = result.rows[0]
    assert (umbrella.title, umbrella.description) == (
        "Fælles akutteams i Vestklyngen",
        "Målet er færre indlæggelser.",
    )


def test_laboratory_titles_take_a_hyphen_or_an_en_dash():
    rows = laboratories.read(make_report(), file="r.txt").rows[1:]

    assert [(row.locator, row.title, row.description) for row in rows] == [
        ("Laboratorium 1", "Akut hjælp", "Et team rykker ud om natten."),
        ("Laboratorium 2", "Demens", "Fast track for demente borgere."),
    ]


def test_an_indented_paragraph_after_a_blank_line_belongs_to_the_item():
    items = ["- Laboratorium 1 - Akut hjælp:", "Et team.", "", "  Det virker."]

    row = laboratories.read(make_report(items=items), file="r.txt").rows[1]

    assert row.description == "Et team.\n\nDet virker."


def test_a_paragraph_after_a_blank_line_is_not_part_of_the_item():
    row = laboratories.read(make_report(), file="r.txt").rows[-1]

    assert "Styregruppen" not in row.description


def test_a_budget_total_that_is_not_the_sum_of_its_lines_gives_a_warning():
    budget = [*BUDGET_TAB[:3], "Total\t15.000 kr.\t16.000 kr."]

    result = laboratories.read(make_report(budget=budget), file="r.txt")

    assert [(w.line, w.message) for w in result.warnings] == [
        (10, "budget total spent 16000 is not the sum of its lines (15000)")
    ]


def test_a_report_without_a_grant_has_no_umbrella_and_no_funding():
    items = ["- Laboratorium 3 - Alene:", "Tekst."]

    result = laboratories.read("\n".join(["### Laboratorier", "", *items]), file="r.txt")

    assert [(row.locator, row.section, row.part_of, row.funding) for row in result.rows] == [
        ("Laboratorium 3", "Laboratorier", "", None)
    ]
    assert result.facts == {}


@pytest.mark.parametrize(
    "text, amount",
    [
        ("264.400 kr.", 264400),
        ("1.000.000 kr", 1000000),
        ("31.138 kr.", 31138),
        ("12,50 kr.", 12),
        ("500", 500),
        ("ingen", None),
    ],
)
def test_parse_amount_reads_danish_kroner(text, amount):
    assert laboratories.parse_amount(text) == amount


def test_a_note_without_laboratories_is_an_error():
    with pytest.raises(SourceError) as error:
        laboratories.read("### Rapport\n\nIngen laboratorier.", file="r.txt")

    assert str(error.value).startswith("r.txt:1:1: no laboratory found")


def test_a_budget_row_with_more_cells_than_its_header_names_its_line_and_cell():
    budget = [*BUDGET_TAB[:2], "Dage\t5.000 kr.\t5.500 kr.\tekstra"]

    with pytest.raises(SourceError) as error:
        laboratories.read(make_report(budget=budget), file="r.txt")

    assert str(error.value).startswith("r.txt:9:4: row has 4 cells")


# --- fuzz --------------------------------------------------------------------------------------

REPORT_PIECES = st.sampled_from(
    ["\n", "\n\n", "  ", "\t", "|", "- ", "### ", "#### Postadresse:", "Laboratorium ", "6", " - "]
    + [" – ", ":", "Titel", "Aktiviteter", "Anvendt beløb", "Total", "264.400 kr.", "x"]
    + ["fik i 2014 bevilliget 1 kr. fra A til B.", "i perioden 2014-2017", "Beskrivelse af "]
)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_laboratories_or_a_source_error(text):
    assert_reads_or_refuses(laboratories.read, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(REPORT_PIECES, max_size=60).map("".join))
def test_any_report_like_text_gives_laboratories_or_a_source_error(text):
    assert_reads_or_refuses(laboratories.read, text)


def test_the_lead_in_sentence_is_each_laboratorys_status_text():
    from imports.readers.laboratories import read

    rows = [r for r in read(TEXT_004, file=NOTE_004).rows if r.locator.startswith("Laboratorium")]
    assert {r.status for r in rows} == {
        "Der er i perioden 2014-2017 gennemført følgende laboratorier:"
    }
