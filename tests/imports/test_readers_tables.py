"""The table reader on the bundled notes and on small notes built here; reader dispatch."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports.errors import SourceError
from imports.readers import detect, get_reader, read_bytes, tables
from imports.readers.base import ReadResult

SOURCES = Path(__file__).resolve().parents[2] / "imports" / "sources"
NOTE_000 = "000_c9a10daa5558fc36.txt"
NOTE_002 = "002_216d5a4db58f8ddc.txt"
CAPTION_000 = [
    "Tabel 1: Samarbejder mellem hospital og kommuner",
    "Tabel 2: Samarbejder hvor praksissektor indgår",
    "Tabel 3: Samarbejder igangsat som følge af en regional pulje til hverdagsforbedringer",
]
CAPTION_002 = [
    "Fælles 'spydspidsinitiativer\" - prioriterede indsatser i Midtklyngen",
    "Udvalgte bilaterale initiativer i samarbejde mellem kommune, Hospitalsenhed Midt og/eller "
    "Regionspsykiatrien og almen praksis",
    "Implementering af udvalgte fælles samarbejdsaftaler i regi af sundhedsaftalen",
]
HEADER = ["Titel", "Målgruppe", "Samarbejdspartner/type", "Status"]
ROWS = [
    ["Sikker Sammenhæng", "Ældre borgere", "Bispebjerg og Frederiksberg Hospital", "Igangværende"],
    ["Half way tilbud", "Borgere over 18 år", "Psykiatrisk Center Ballerup", "Afsluttet"],
]


def read_note(name):
    return tables.read((SOURCES / name).read_text(encoding="utf-8"), file=name)


def make_note(header=HEADER, rows=ROWS, *, caption="Tabel 1: Samarbejder", pipes=False):
    """A note with prose, a captioned table (tab-separated or markdown pipes) and prose."""
    if pipes:
        lines = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
        lines += [f"| {' | '.join(row)} |" for row in rows]
    else:
        lines = ["\t".join(cells) for cells in [header, *rows]]
    return "\n".join(["Notat om samarbejder", "", caption, "", *lines, "", "Med venlig hilsen"])


def fields(row):
    return (row.locator, row.section, row.title, row.target_group, row.partners, row.status)


# --- the bundled notes -------------------------------------------------------------------------


def test_000_has_three_tables_of_22_16_and_22_rows():
    result = read_note(NOTE_000)

    assert [(table.caption, table.rows) for table in result.tables] == list(
        zip(CAPTION_000, [22, 16, 22], strict=True)
    )
    assert [table.header for table in result.tables] == [
        HEADER,
        HEADER,
        HEADER[:2] + ["Samarbejdsparter"],
    ]
    assert len(result.rows) == 60
    assert result.warnings == []


def test_002_has_three_tables_of_3_6_and_4_rows():
    result = read_note(NOTE_002)

    assert [(table.caption, table.rows) for table in result.tables] == list(
        zip(CAPTION_002, [3, 6, 4], strict=True)
    )
    assert [table.line for table in result.tables] == [6, 12, 22]
    assert len(result.rows) == 13


@pytest.mark.parametrize(
    "locator, line, title, target_group, partners, status",
    [
        (
            "Tabel 1, række 1",
            39,
            "Hjemmedialyse - assisteret ambulant peritonealdialyse",
            "Borgere med behov for dialyse",
            "Samarbejdsaftale mellem regions hospitaler og kommune",
            "Igangværende",
        ),
        (
            "Tabel 1, række 5",
            44,
            "CAPTAIN– telefonrådgivning og fast sygeplejerske",
            "Borgere med KOL",
            "Drives i et samarbejde mellem Nordsjællands Hospital og kommuner",
            "Igangværende",
        ),
        (
            "Tabel 1, række 17",
            57,
            "Kommunale rehabiliteringspladser på hospitalet",
            "Borgere med ophold på kommunal rehabiliteringsplads",
            "Frederikssund Hospital og Frederikssund Kommune Frederiksberg Hospital og "
            "Frederiksberg Kommune",
            "Igangværende",
        ),
        (
            "Tabel 1, række 22",
            62,
            "TUE – Tværsektoriel udrednings- og udskrivelsesenhed",
            "Sårbare ældre og andre medicinske patienter over 65 år",
            "Bispebjerg og Frederiksberg Hospital og Københavns Kommune",
            "Afsluttet",
        ),
        (
            "Tabel 2, række 7",
            74,
            "Fælles populationsansvar",
            "Borgere med Diabetes type 2",
            "Bispebjerg og Frederiksberg Hospital, Københavns Kommune og almen praksis",
            "Igangværende",
        ),
        (
            "Tabel 2, række 16",
            83,
            "SOL-projektet",
            "Et interventionsbaseret, sundhedsfremmende forsknings- og udviklingsprojekt rettet "
            "mod børnefamilier",
            "Lokale aktører, foreningslivet, institutionslivet, erhvervslivet og den offentlige "
            "kommunale administration på Bornholm og i Odsherred. Tre danske "
            "forskningsinstitutioner; Aalborg Universitet, Steno Diabetes Center og "
            "Forskningscenter for Forebyggelse og Sundhed under Region Hovedstaden",
            "Afsluttet",
        ),
        (
            "Tabel 3, række 1",
            88,
            "Styrke det tværsektorielle samarbejde omkring den elektroniske genoptræningsplan",
            "Ældre faldtruede borgere",
            "Amager og Hvidovre Hospital og Hvidovre Kommune",
            "",
        ),
        (
            "Tabel 3, række 13",
            101,
            "Undervisning i psykopatologi og medicin til personalet i ungeenhederne fra vores 7 "
            "samarbejdskommuner",
            "Unge med skitsofreni og oskizotypi",
            "Psykiatrisk Center Ballerup (OPUS team) og kommunerne i planområdet.",
            "",
        ),
        (
            "Tabel 3, række 22",
            110,
            "Fælles audit om barriere for implementering af hjemmerespirationsordninger",
            "Borgere med hjemmerespirationsordning",
            "Rigshospitalet, patientrepræsentanter og 3 udvalgte kommuner",
            "",
        ),
    ],
)
def test_000_rows_read_exactly(locator, line, title, target_group, partners, status):
    rows = {row.locator: row for row in read_note(NOTE_000).rows}
    section = CAPTION_000[int(locator.split()[1].rstrip(",")) - 1]

    assert fields(rows[locator]) == (locator, section, title, target_group, partners, status)
    assert rows[locator].line == line


@pytest.mark.parametrize(
    "table_row, line, title, partners, status",
    [
        (
            (1, 1),
            7,
            # A parenthesis under a plain "Titel" header is part of the title.
            "Hospitalsbehandling i eget hjem (forskningsprojekt)",
            "",
            "Projektet publicerer løbende delresultater og forventes afsluttet i 2024.",
        ),
        (
            (2, 1),
            13,
            "SKARB – Skive Sundhedshus – Kommune – Almen praksis – Region - Borger",
            "Skive Kommune og Hospitalsenhed Midt",
            "Projektet er i evaluerings- og afrapporteringsfasen.",
        ),
        (
            (2, 2),
            14,
            "Astma-rehabilitering på tværs",
            "Skive Kommune og Hospitalsenhed Midt",
            "Projektet er under implementering.",
        ),
        (
            (2, 6),
            18,
            "Psykiatriens Hus",
            "Silkeborg Kommune og Regionspsykiatrien Midt",
            "I drift",
        ),
        (
            (3, 4),
            26,
            "Samarbejdsaftale om IV-behandling i nærområdet",
            "",
            "I drift. Samarbejdsaftalen evalueres primo 2023.",
        ),
    ],
)
def test_002_rows_read_exactly(table_row, line, title, partners, status):
    # 002 does not number its tables: a row is cited under its table's caption.
    table, row = table_row
    section = CAPTION_002[table - 1]
    locator = f"Tabellen »{section}«, række {row}"
    rows = {row.locator: row for row in read_note(NOTE_002).rows}

    assert fields(rows[locator]) == (locator, section, title, "", partners, status)
    assert rows[locator].line == line


def test_titel_og_parter_keeps_the_whole_cell():
    locator = f"Tabellen »{CAPTION_002[1]}«, række 2"
    row = next(row for row in read_note(NOTE_002).rows if row.locator == locator)

    assert row.title_cell == (
        "Astma-rehabilitering på tværs (Skive Kommune og Hospitalsenhed Midt)"
    )
    assert row.cell_columns == {"title_and_partners": 1, "description": 2, "status": 3,
                                "title": 1, "partners": 1}  # fmt: skip


def test_html_paragraph_cells_become_plain_paragraphs():
    rows = read_note(NOTE_002).rows

    assert rows[0].description.split("\n\n") == [
        "Forskningsprojektet afprøver et samarbejde mellem hospital, kommuner, almen praksis og "
        "lægevagten om hospitalsbehandling i eget hjem for en udvalgt målgruppe af ældre "
        "patienter.",
        "Formålet er at afprøve en ny organisering af samarbejdet i patientforløbet, hvor "
        "hospitalets læger har det lægelige ansvar, og det kommunale akutteam varetager "
        "behandlingen i borgers eget hjem. Dette med henblik på at flere ældre, medicinske "
        "patienter kan behandles behandlet i eget hjem, og dermed undgå en akut indlæggelse.",
    ]
    texts = [value for row in rows for value in vars(row).values() if isinstance(value, str)]
    assert not [text for text in texts if "<" in text or ">" in text]


def test_captions_with_trailing_tabs_are_not_rows_of_the_table_above():
    result = read_note(NOTE_002)

    assert "Udvalgte bilaterale" not in " ".join(row.title for row in result.rows)
    assert result.tables[1].caption == CAPTION_002[1]


# --- header mapping ----------------------------------------------------------------------------


def test_columns_in_another_order_read_the_same_rows():
    order = [3, 1, 0, 2]
    shuffled = make_note([HEADER[i] for i in order], [[row[i] for i in order] for row in ROWS])

    assert [fields(row) for row in tables.read(shuffled, file="n.txt").rows] == [
        fields(row) for row in tables.read(make_note(), file="n.txt").rows
    ]


def test_one_column_fewer_reads_the_other_fields():
    note = make_note(HEADER[:3], [row[:3] for row in ROWS])

    rows = tables.read(note, file="n.txt").rows

    assert [(row.title, row.partners, row.status) for row in rows] == [
        ("Sikker Sammenhæng", "Bispebjerg og Frederiksberg Hospital", ""),
        ("Half way tilbud", "Psykiatrisk Center Ballerup", ""),
    ]


def test_markdown_pipe_tables_read_like_tab_separated_ones():
    piped = tables.read(make_note(pipes=True), file="n.txt")
    tabbed = tables.read(make_note(), file="n.txt")

    # The pipe table's |---| separator row shifts its rows one line down.
    assert [(fields(row), row.line - 1) for row in piped.rows] == [
        (fields(row), row.line) for row in tabbed.rows
    ]
    assert [(t.caption, t.header, t.rows) for t in piped.tables] == [
        (t.caption, t.header, t.rows) for t in tabbed.tables
    ]


def test_000_as_markdown_pipe_tables_reads_the_same_rows():
    text = (SOURCES / NOTE_000).read_text(encoding="utf-8")
    piped = "\n".join(
        f"| {line.replace(chr(9), ' | ')} |" if "\t" in line else line for line in text.split("\n")
    )

    assert tables.read(piped, file=NOTE_000).rows == read_note(NOTE_000).rows


def test_header_names_match_whatever_their_case_spacing_and_emphasis():
    header = ["  TITEL ", "målgruppe", "**Samarbejdspartner / type**", "Status:"]

    rows = tables.read(make_note(header), file="n.txt").rows

    assert [fields(row)[2:] for row in rows] == [tuple(row) for row in ROWS]


def test_header_synonyms_map_to_their_fields():
    header = ["Projekt", "Beskrivelse", "Parter"]

    row = tables.read(
        make_note(header, [["Akutteam", "Hjælp om natten", "Kommunen"]]), file="n"
    ).rows[0]

    assert (row.title, row.description, row.partners) == ("Akutteam", "Hjælp om natten", "Kommunen")


def test_unknown_columns_are_kept_by_their_header():
    header = ["Titel", "", "Ansvarlig", "Status", "Note"]
    note = make_note(header, [["Akutteam", "x", "Anne", "I drift"]])

    row = tables.read(note, file="n.txt").rows[0]

    assert row.columns == {"Kolonne 2": "x", "Ansvarlig": "Anne"}


def test_a_row_like_header_without_another_known_column_is_no_table():
    with pytest.raises(SourceError, match="no table found"):
        tables.read(make_note(["Titel", "Ansvarlig"], [["Akutteam", "Anne"]]), file="n.txt")


# --- table extent and rows ---------------------------------------------------------------------


def test_blank_lines_inside_a_table_do_not_end_it():
    note = make_note().replace("\nHalf way", "\n\n\t\t\nHalf way")

    rows = tables.read(note, file="n.txt").rows

    assert [(row.locator, row.line) for row in rows] == [
        ("Tabel 1, række 1", 6),
        ("Tabel 1, række 2", 9),
    ]


def test_a_line_that_is_not_a_row_ends_the_table():
    note = make_note() + "\nEfterskrift\tmed tabulator"

    result = tables.read(note, file="n.txt")

    assert [row.title for row in result.rows] == ["Sikker Sammenhæng", "Half way tilbud"]


def test_each_table_numbers_its_own_rows_under_its_own_caption():
    note = make_note() + "\n\n" + make_note(caption="Tabel 2: Praksis", rows=ROWS[:1])

    rows = tables.read(note, file="n.txt").rows

    assert [(row.locator, row.section) for row in rows] == [
        ("Tabel 1, række 1", "Tabel 1: Samarbejder"),
        ("Tabel 1, række 2", "Tabel 1: Samarbejder"),
        ("Tabel 2, række 1", "Tabel 2: Praksis"),
    ]


def test_no_locator_of_002_carries_a_table_number_the_note_does_not_print():
    rows = read_note(NOTE_002).rows

    assert not [row.locator for row in rows if row.locator.startswith("Tabel ")]
    assert {row.locator.split("«")[0] + "«" for row in rows} == {
        f"Tabellen »{caption}«" for caption in CAPTION_002
    }


def test_a_table_whose_caption_has_no_number_is_cited_by_its_caption():
    note = make_note(caption="Samarbejder med kommunerne") + "\n\n" + make_note(caption="Tabel 7")

    rows = tables.read(note, file="n.txt").rows

    assert [row.locator for row in rows] == [
        "Tabellen »Samarbejder med kommunerne«, række 1",
        "Tabellen »Samarbejder med kommunerne«, række 2",
        "Tabel 7, række 1",  # the note's own number
        "Tabel 7, række 2",
    ]


def test_a_table_without_caption_is_cited_by_its_line_and_a_repeated_caption_gets_its_line():
    no_caption = "\n".join(["\t".join(HEADER), "\t".join(ROWS[0])])
    twice = make_note(caption="Oversigt") + "\n\n" + make_note(caption="Oversigt")

    assert tables.read(no_caption, file="n.txt").rows[0].locator == "Tabellen på linje 1, række 1"
    assert [row.locator for row in tables.read(twice, file="n.txt").rows] == [
        "Tabellen »Oversigt«, række 1",
        "Tabellen »Oversigt«, række 2",
        "Tabellen »Oversigt« (linje 15), række 1",
        "Tabellen »Oversigt« (linje 15), række 2",
    ]


def test_a_caption_too_long_for_a_locator_is_cut_at_a_word():
    caption = "Samarbejder " * 30
    row = tables.read(make_note(caption=caption), file="n.txt").rows[0]

    assert row.locator.startswith("Tabellen »Samarbejder Samarbejder")
    assert row.locator.endswith("Samarbejder …«, række 1")
    assert len(row.locator) < 200
    assert row.section == caption.strip()  # the section keeps the whole caption


def test_a_table_row_is_one_line_of_the_note():
    for row in read_note(NOTE_000).rows + read_note(NOTE_002).rows:
        assert row.line_end == row.line


def test_a_header_repeated_after_a_page_break_continues_the_table():
    note = make_note(rows=[ROWS[0], HEADER, ROWS[1]])

    result = tables.read(note, file="n.txt")

    assert len(result.tables) == 1
    assert [row.locator for row in result.rows] == ["Tabel 1, række 1", "Tabel 1, række 2"]


def test_trailing_empty_cells_are_ignored():
    note = make_note(rows=[[*ROWS[0], "", ""]])

    assert tables.read(note, file="n.txt").rows[0].status == "Igangværende"


def test_a_row_with_fewer_cells_than_its_header_is_padded():
    row = tables.read(make_note(rows=[["Akutteam", "Ældre"]]), file="n.txt").rows[0]

    assert (row.title, row.target_group, row.partners, row.status) == ("Akutteam", "Ældre", "", "")


def test_a_row_without_a_title_is_skipped_with_a_warning():
    result = tables.read(make_note(rows=[["", "Ældre"], ROWS[1]]), file="n.txt")

    assert [row.locator for row in result.rows] == ["Tabel 1, række 2"]
    assert [(w.line, w.locator) for w in result.warnings] == [(6, "Tabel 1, række 1")]
    assert "no title" in result.warnings[0].message


def test_a_stray_hash_before_the_first_cell_is_removed():
    row = tables.read(make_note(rows=[["#Fælles populationsansvar", "Alle"]]), file="n").rows[0]

    assert row.title == "Fælles populationsansvar"


def test_cells_have_their_whitespace_collapsed_and_nothing_else_changed():
    row = tables.read(
        make_note(rows=[["  Akut   team ", "Ældre\u00a0 borgere", "", "igang"]]), file="n"
    ).rows[0]

    assert (row.title, row.target_group, row.status) == ("Akut team", "Ældre borgere", "igang")


@pytest.mark.parametrize(
    "cell, text",
    [
        ("<p>a &amp; b</p> <p>c<br>d</p>", "a & b\n\nc\nd"),
        ("<b>Total</b>", "Total"),
        ("&lt;i&gt;skjult&lt;/i&gt; tekst", "skjult tekst"),
        ("a < b og c > d", "a < b og c > d"),
        ("  mange   mellemrum ", "mange mellemrum"),
    ],
)
def test_clean_cell_turns_html_into_plain_text(cell, text):
    assert tables.clean_cell(cell) == text


@pytest.mark.parametrize(
    "cell, title, partners",
    [
        (
            "SKARB – Skive Sundhedshus – Kommune – Almen praksis – Region - Borger "
            "(Skive Kommune og Hospitalsenhed Midt)",
            "SKARB – Skive Sundhedshus – Kommune – Almen praksis – Region - Borger",
            "Skive Kommune og Hospitalsenhed Midt",
        ),
        (
            "Hus (gammelt) - nyt (Kommune (Vest) og Region)",
            "Hus (gammelt) - nyt",
            "Kommune (Vest) og Region",
        ),
        ("Uden parter", "Uden parter", ""),
        ("Parter (først) og titel bagefter", "Parter (først) og titel bagefter", ""),
        ("(Kun parenteser)", "(Kun parenteser)", ""),
        ("Skæv)", "Skæv)", ""),
    ],
)
def test_split_title_and_partners_takes_only_the_closing_parenthesis(cell, title, partners):
    assert tables.split_title_and_partners(cell) == (title, partners)


# --- bad input ---------------------------------------------------------------------------------


def test_a_row_with_more_cells_than_its_header_names_its_line_and_cell():
    note = make_note(rows=[ROWS[0], [*ROWS[1], "ekstra"]])

    with pytest.raises(SourceError) as error:
        tables.read(note, file="n.txt")

    assert str(error.value).startswith("n.txt:7:5: row has 5 cells but the table's header")


def test_a_table_without_a_title_column_names_the_header_line():
    note = make_note(["Målgruppe", "Samarbejdspartner/type", "Status"], [row[1:] for row in ROWS])

    with pytest.raises(SourceError) as error:
        tables.read(note, file="n.txt")

    assert str(error.value).startswith("n.txt:5:1: table header has no title column")


def test_a_note_without_any_table_is_an_error():
    with pytest.raises(SourceError) as error:
        tables.read("Notat\n\nIngen tabeller her.\n", file="n.txt")

    assert str(error.value).startswith("n.txt:1:1: no table found")


@pytest.mark.parametrize(
    "data, where, message",
    [
        (b"", "n.txt:1:1", "empty"),
        (b" \n\t\n", "n.txt:1:1", "empty"),
        (b"Titel\tStatus\nA\t\x00B", "n.txt:2:3", "binary"),
        ("Notat\n\nTitel\tMålgruppe".encode("latin-1"), "n.txt:3:8", "not UTF-8"),
    ],
)
def test_read_bytes_rejects_empty_binary_and_non_utf8_notes(data, where, message):
    with pytest.raises(SourceError) as error:
        read_bytes(data, file="n.txt")

    assert str(error.value).startswith(f"{where}: ")
    assert message in str(error.value)


# --- dispatch ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, reader",
    [
        (NOTE_000, "tables"),
        ("001_f78470f6f1d730cd.txt", "examples"),
        (NOTE_002, "tables"),
        ("003_0bdb4665ffab3184.txt", "agenda"),
        ("004_f2f7b4d944a37d36.txt", "laboratories"),
    ],
)
def test_detect_names_the_reader_for_each_bundled_note(name, reader):
    assert detect((SOURCES / name).read_text(encoding="utf-8")) == reader


def test_read_bytes_decodes_and_dispatches_to_the_detected_reader():
    result = read_bytes((SOURCES / NOTE_000).read_bytes(), file=NOTE_000)

    assert len(result.rows) == 60


def test_read_bytes_uses_the_reader_it_is_given():
    with pytest.raises(SourceError, match="no laboratory found"):
        read_bytes(make_note().encode(), file="n.txt", reader="laboratories")


def test_get_reader_returns_the_modules_read_function():
    assert get_reader("tables") is tables.read


def test_an_unknown_reader_name_is_an_error():
    with pytest.raises(SourceError) as error:
        read_bytes(b"Titel\tStatus", file="n.txt", reader="spreadsheet")

    assert str(error.value).startswith("n.txt: unknown reader 'spreadsheet'")


# --- fuzz --------------------------------------------------------------------------------------

TABLE_PIECES = st.sampled_from(
    ["\t", "\n", "\n\n", "|", "|---|", " ", "#", ":", "(", ")", "<p>", "</p>", "&amp;", "<br>"]
    + ["Titel", "Titel og parter", "Målgruppe", "Status", "Parter", "Beskrivelse", "Tabel 1", "x"]
)


def assert_reads_or_refuses(read, text):
    try:
        result = read(text, file="fuzz.txt")
    except SourceError as error:
        assert str(error).startswith("fuzz.txt:")
        return
    assert isinstance(result, ReadResult)
    assert all(row.title for row in result.rows)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_rows_or_a_source_error(text):
    assert_reads_or_refuses(tables.read, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(TABLE_PIECES, max_size=60).map("".join))
def test_any_table_like_text_gives_rows_or_a_source_error(text):
    assert_reads_or_refuses(tables.read, text)
