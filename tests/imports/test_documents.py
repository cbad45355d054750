"""PDF, Word and HTML notes made here from real tables of notes 000 and 002: each gives the same
rows as the same table in text; pages, captions, furniture and bad documents."""

import io
import zipfile

import pytest

from imports.documents import sniff
from imports.errors import SourceError
from imports.readers import read_any
from tests.imports import make_documents as make

NOTE_000 = "000_c9a10daa5558fc36.txt"
NOTE_002 = "002_216d5a4db58f8ddc.txt"
# Tabel 1 of 000 (22 rows, four columns, runs over two pages), Tabel 3 of 000 (22 rows, the
# partner column named "Samarbejdsparter", no status), the first table of 002 (3 rows, cells of
# two <p> paragraphs) and its second (6 rows, partners in the "Titel og parter" cell).
TABLE_1 = make.note_table(NOTE_000, "Tabel 1: Samarbejder mellem hospital og kommuner")
TABLE_3 = make.note_table(
    NOTE_000,
    "Tabel 3: Samarbejder igangsat som følge af en regional pulje til hverdagsforbedringer",
)
SPYDSPIDS = make.note_table(
    NOTE_002, "Fælles 'spydspidsinitiativer\" - prioriterede indsatser i Midtklyngen"
)
MIDT = make.note_table(
    NOTE_002,
    "Udvalgte bilaterale initiativer i samarbejde mellem kommune, Hospitalsenhed Midt og/eller "
    "Regionspsykiatrien og almen praksis",
)
WIDE = (150, 200, 101)

DOCUMENTS = {
    "ruled PDF, header repeated on page 2": (TABLE_1, lambda: make.pdf_note(*TABLE_1)),
    "ruled PDF, no header on page 2": (
        TABLE_1,
        lambda: make.pdf_note(*TABLE_1, repeat_header=False),
    ),
    "unruled PDF, header repeated on page 2": (
        TABLE_1,
        lambda: make.pdf_note(*TABLE_1, ruled=False),
    ),
    "unruled PDF, no header on page 2": (
        TABLE_1,
        lambda: make.pdf_note(*TABLE_1, ruled=False, repeat_header=False),
    ),
    "unruled PDF, three columns": (
        TABLE_3,
        lambda: make.pdf_note(*TABLE_3, ruled=False, widths=(150, 150, 151)),
    ),
    "ruled PDF, partners in the title cell, heading caption": (
        MIDT,
        lambda: make.pdf_note(*MIDT, widths=WIDE, caption_style="Heading3"),
    ),
    "unruled PDF, partners in the title cell": (
        MIDT,
        lambda: make.pdf_note(*MIDT, ruled=False, widths=WIDE, caption_style="Heading3"),
    ),
    "ruled PDF, two paragraphs in cells": (
        SPYDSPIDS,
        lambda: make.pdf_note(*SPYDSPIDS, widths=WIDE, caption_style="Heading3"),
    ),
    "Word, two paragraphs in cells": (
        SPYDSPIDS,
        lambda: make.docx_note(*SPYDSPIDS, heading=True),
    ),
    "Word, partners in the title cell": (MIDT, lambda: make.docx_note(*MIDT, heading=True)),
    "Word, caption paragraph": (TABLE_1, lambda: make.docx_note(*TABLE_1)),
    "HTML, heading before the table": (MIDT, lambda: make.html_note([(*MIDT, "heading")])),
    "HTML, two paragraphs in cells": (
        SPYDSPIDS,
        lambda: make.html_note([(*SPYDSPIDS, "heading")]),
    ),
    "HTML, <caption>": (TABLE_3, lambda: make.html_note([(*TABLE_3, "caption")])),
}


def comparable(row):
    """A row as both readers must agree on it: all but the page and the line."""
    where = row.locator.casefold().split(", ")[-2:]  # "tabel 1", "række 4"
    return (where, row.section, row.title, row.target_group, row.partners, row.description,
            row.status, row.title_cell, row.columns)  # fmt: skip


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_document_gives_the_same_rows_as_the_same_table_in_text(name):
    table, build = DOCUMENTS[name]
    _, expected = read_any(make.text_note(*table), file="table.txt")
    _, read = read_any(build(), file="table.doc")

    assert len(read.rows) == len(table[2])
    assert [comparable(row) for row in read.rows] == [comparable(row) for row in expected.rows]
    assert read.warnings == []


def test_a_pdf_table_over_two_pages_is_one_table_with_the_page_in_each_locator():
    text, result = read_any(make.pdf_note(*TABLE_1, ruled=False), file="notat.pdf")
    lines = text.split("\n")

    assert [(t.caption, t.rows) for t in result.tables] == [(TABLE_1[0], 22)]
    pages = {row.locator.split(",")[0] for row in result.rows}
    assert pages == {"Side 1", "Side 2"}
    last = result.rows[-1]
    assert last.locator == "Side 2, tabel 1, række 22"
    assert last.title == "TUE – Tværsektoriel udrednings- og udskrivelsesenhed"
    # The row's line is where it starts in the extracted text, after the mark of its page.
    assert lines[last.line - 1].startswith("TUE – Tværsektoriel")
    assert lines.index("[Side 2]") < last.line - 1


def test_wrapped_cell_text_is_joined_and_running_headers_and_footers_are_dropped():
    text, result = read_any(make.pdf_note(*TABLE_1), file="notat.pdf")
    lines = text.split("\n")
    row = next(row for row in result.rows if row.title.startswith("Udgående palliative"))

    # The partner cell runs over seven lines in the PDF; the row holds it as one text.
    assert row.partners == TABLE_1[2][6][2]
    assert not lines[row.line - 1].endswith(row.partners)
    assert make.LETTERHEAD not in text
    assert "Side 1" not in lines and "Side 2" not in lines
    assert [line for line in lines if line.startswith("[Side")] == ["[Side 1]", "[Side 2]"]


def test_a_caption_above_a_pdf_table_is_its_section():
    _, result = read_any(make.pdf_note(*TABLE_3, widths=(150, 150, 151)), file="n.pdf")

    assert result.tables[0].caption == TABLE_3[0]
    assert {row.section for row in result.rows} == {TABLE_3[0]}


def test_word_cells_keep_their_paragraphs():
    _, result = read_any(make.docx_note(*SPYDSPIDS, heading=True), file="notat.docx")
    row = next(row for row in result.rows if row.title == "Livets Afslutning")

    assert row.description.split("\n\n") == make.paragraphs(SPYDSPIDS[2][2][1])
    assert len(row.description.split("\n\n")) == 2


def test_word_page_breaks_give_pages_to_the_locators():
    import docx

    document = docx.Document()
    document.add_paragraph("Notat om samarbejder")
    document.add_page_break()
    document.add_paragraph(TABLE_3[0])
    table = document.add_table(rows=0, cols=3)
    for cells in [TABLE_3[1], *TABLE_3[2][:2]]:
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    text, result = read_any(buffer.getvalue(), file="notat.docx")

    # The caption prints "Tabel 3", so the locator cites that number on page 2.
    assert [row.locator for row in result.rows] == [
        "Side 2, tabel 3, række 1",
        "Side 2, tabel 3, række 2",
    ]
    assert text.startswith("[Side 1]\nNotat om samarbejder\n")


def test_html_cells_are_sanitised_and_scripts_are_not_text():
    page = make.html_note([(*MIDT, "heading")])
    text, result = read_any(page, file="klynge.html")

    assert "tracking" not in text and "padding" not in text
    assert "Forside · Klynger" in text
    for row in result.rows:
        for value in (row.title, row.partners, row.description, row.status):
            assert "<" not in value and "&" not in value
    assert result.facts["title"] == "Midtklyngen – initiativer"


def test_html_colspan_and_rowspan_land_in_their_columns():
    page = (
        "<html><body><h2>Tabel 1: Samarbejder</h2><table>"
        "<tr><th>Titel</th><th>Målgruppe</th><th>Status</th></tr>"
        "<tr><td>Sikker Sammenhæng</td><td>Ældre borgere</td>"
        "<td rowspan='2'>Igangværende</td></tr>"
        "<tr><td>Huset for Psykisk Sundhed</td><td>Borgere med psykisk sygdom</td></tr>"
        "<tr><td colspan='2'>Half way tilbud</td><td>Afsluttet</td></tr>"
        "</table></body></html>"
    ).encode()

    _, result = read_any(page, file="side.html")

    assert [(r.title, r.target_group, r.status) for r in result.rows] == [
        ("Sikker Sammenhæng", "Ældre borgere", "Igangværende"),
        ("Huset for Psykisk Sundhed", "Borgere med psykisk sygdom", "Igangværende"),
        ("Half way tilbud", "", "Afsluttet"),
    ]
    assert {row.section for row in result.rows} == {"Tabel 1: Samarbejder"}


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (make.pdf_note(*TABLE_3, widths=(150, 150, 151)), "pdf"),
        (make.docx_note(*MIDT), "docx"),
        (make.html_note([(*MIDT, "caption")]), "html"),
        (
            "  <TABLE><tr><th>Titel<th>Status<tr><td>Sikker Sammenhæng<td>I drift</TABLE>".encode(),
            "html",
        ),
    ],
    ids=["pdf", "docx", "html", "html fragment"],
)
def test_the_kind_is_detected_by_content_not_by_file_name(data, kind):
    assert sniff(data) == kind
    _, result = read_any(data, file="notat.txt")
    assert result.rows


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_the_bundled_text_notes_are_not_taken_for_documents(name):
    note = next(make.SOURCES.glob(f"{name}_*.txt"))
    assert sniff(note.read_bytes()) is None


# --- bad documents -----------------------------------------------------------------------------


def _encrypted_pdf():
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=StandardEncryption("hemmelig", canPrint=0))
    page.drawString(72, 700, "Titel    Status")
    page.save()
    return buffer.getvalue()


def _scanned_pdf(pages=1, text_page=None):
    """A PDF whose pages are images only (a scan), with text on ``text_page`` if given."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = Image.new("L", (200, 100), color=255)
    for x in range(20, 180):
        scan.putpixel((x, 50), 0)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for number in range(1, pages + 1):
        if number == text_page:
            page.drawString(72, 760, "Tabel 1: Samarbejder")
            page.drawString(72, 740, "Titel")
            page.drawString(300, 740, "Status")
            page.drawString(72, 725, "Sikker Sammenhæng")
            page.drawString(300, 725, "Igangværende")
        else:
            page.drawImage(ImageReader(scan), 72, 500, width=400, height=200)
        page.showPage()
    page.save()
    return buffer.getvalue()


def _renamed_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("budget.csv", "Aktivitet;Budget\nLaboratorium 6;100000\n")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_encrypted_pdf(), "notat.pdf: the PDF is encrypted"),
        (_scanned_pdf(), "notat.pdf: the PDF has no text layer (page 1 holds only images"),
        (_scanned_pdf(3), "notat.pdf: the PDF has no text layer (pages 1–3 hold only images"),
        (b"%PDF-1.4\nnot really a PDF", "notat.pdf: not a readable PDF"),
        (_renamed_zip(), "notat.pdf: the file is a zip archive but not a Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "notat.pdf: the file is an old binary"),
        (
            b"<!DOCTYPE html><html><body><h1>Klyngen</h1><p>Ingen tabel.</p></body></html>",
            "notat.pdf:1:1: the web page has no <table>",
        ),
        (
            b"<html><body><table><tr><td>Budget</td><td>Kr.</td></tr></table></body></html>",
            "notat.pdf:1:1: 1 table(s) found in the HTML document, but none has a header row",
        ),
    ],
    ids=[
        "encrypted",
        "scan",
        "scan of 3 pages",
        "broken pdf",
        "renamed zip",
        "old .doc",
        "html without table",
        "html without known header",
    ],  # fmt: skip
)
def test_a_bad_document_stops_with_a_message_naming_the_file(data, message):
    with pytest.raises(SourceError) as error:
        read_any(data, file="notat.pdf")

    assert str(error.value).startswith(message), str(error.value)


def test_a_scanned_page_among_text_pages_is_a_warning_naming_the_page():
    _, result = read_any(_scanned_pdf(pages=2, text_page=1), file="notat.pdf")

    assert [row.title for row in result.rows] == ["Sikker Sammenhæng"]
    assert [warning.message.split(" (")[0] for warning in result.warnings] == ["side 2 has no text"]


def test_a_forced_reader_of_the_wrong_kind_is_an_error():
    with pytest.raises(SourceError, match="n.docx: the file is not a Word document"):
        read_any(make.pdf_note(*TABLE_3, widths=(150, 150, 151)), file="n.docx", reader="docx")
