"""import_note on PDF, Word and HTML notes: the export shape, nothing written, bad files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from imports.readers.tables import table_name
from initiatives.models import Initiative, Mention, SourceDocument
from tests.imports import make_documents as make
from tests.imports.test_documents import MIDT, TABLE_1, TABLE_3

pytestmark = pytest.mark.django_db

DOCUMENTS = {
    "notat.pdf": lambda: make.pdf_note(*TABLE_1),
    "notat.docx": lambda: make.docx_note(*MIDT, heading=True),
    "klynge.html": lambda: make.html_note([(*TABLE_3, "caption")]),
}


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts():
    return (SourceDocument.objects.count(), Initiative.objects.count(), Mention.objects.count())


@pytest.fixture
def catalogue():
    call_command("load_catalogue", verbosity=0)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_import_note_dry_run_json_prints_the_export_shape_for_each_kind(catalogue, tmp_path, name):
    note = tmp_path / name
    note.write_bytes(DOCUMENTS[name]())
    before = counts()

    options = ["--date", "2024-05", "--issuer", "Region Hovedstaden", "--region", "hovedstaden"]
    data = json.loads(run("import_note", str(note), "--dry-run", "--json", *options))

    assert data["count"] >= 3
    first = data["initiatives"][0]
    assert set(first) >= {"slug", "title", "url", "status", "regions", "partners", "mentions"}
    mentions = [m for i in data["initiatives"] for m in i["mentions"]]
    ours = [m for m in mentions if m["source"]["file"] == name]
    assert {m["status"]["as_of"] for m in ours} == {"2024-05-01"}
    if name.endswith(".pdf"):
        assert {m["locator"].split(",")[0] for m in ours} == {"Side 1", "Side 2"}
    else:
        # Named as the caption names the table: its own number, else the caption quoted.
        caption = {"notat.docx": MIDT[0], "klynge.html": TABLE_3[0]}[name]
        assert all(m["locator"].startswith(f"{table_name(caption, 0)}, række ") for m in ours)
    assert counts() == before


def test_a_pdf_note_merges_with_its_text_and_rows_linked_to_the_catalogue(catalogue, tmp_path):
    note = tmp_path / "notat-2024.pdf"
    note.write_bytes(make.pdf_note(*TABLE_1, title="Samarbejder 2024"))

    output = run("import_note", str(note), "--date", "2024", "--region", "hovedstaden")

    assert "1 tables, 22 rows" in output
    source = SourceDocument.objects.get(file_name="notat-2024.pdf")
    assert source.title == "Samarbejder 2024"  # the PDF's own title
    assert source.text.startswith("[Side 1]\n")
    mention = source.mentions.get(locator="Side 2, tabel 1, række 22")
    assert source.text.split("\n")[mention.line - 1].startswith("TUE – Tværsektoriel")
    # Row 4 of 000's Tabel 1, "Half way tilbud", is the same initiative: two notes report it.
    half_way = source.mentions.get(locator="Side 1, tabel 1, række 4").initiative
    assert half_way.mentions.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nbroken", "notat.pdf: not a readable PDF"),
        (b"<html><body><p>Ingen tabel</p></body></html>", "notat.pdf:1:1: the web page has no"),
    ],
)
def test_a_bad_document_names_the_file_and_writes_nothing(catalogue, tmp_path, data, message):
    note = tmp_path / "notat.pdf"
    note.write_bytes(data)
    before = counts()

    with pytest.raises(CommandError) as error:
        run("import_note", str(note))

    assert str(error.value).startswith(message)
    assert counts() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(catalogue, tmp_path, settings):
    settings.NOTE_UPLOAD_MAX_BYTES = 1024 * 1024
    note = tmp_path / "stor.pdf"
    note.write_bytes(make.pdf_note(*TABLE_3, widths=(150, 150, 151)) + b"%" * 2 * 1024 * 1024)

    with pytest.raises(CommandError, match=r"^stor.pdf: the file is 2\.\d MB; the limit is 1 MB"):
        run("import_note", str(note), "--dry-run")
