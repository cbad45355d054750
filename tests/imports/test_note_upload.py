"""The admin's "Indlæs notat": upload, preview (nothing written), Gem (all written and the file
kept for import_notes) or Annullér (nothing written); bad files get a message naming them."""

import io
import tomllib

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from imports import intake, pending
from initiatives.models import Initiative, Mention, SourceDocument
from tests.imports import make_documents as make
from tests.imports.test_documents import TABLE_1, TABLE_3, _encrypted_pdf

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/imports/noteimport/"


@pytest.fixture
def notes_dir(settings, tmp_path):
    settings.NOTES_DIR = tmp_path / "notes"
    return settings.NOTES_DIR


@pytest.fixture
def editor(client, notes_dir):
    call_command("load_catalogue", verbosity=0)
    user = get_user_model().objects.create_superuser("redaktor", "r@example.dk", "pw")
    client.force_login(user)
    return client


def counts():
    return (SourceDocument.objects.count(), Initiative.objects.count(), Mention.objects.count())


def upload(client, data, name="samarbejder-2024.pdf", **fields):
    form = {
        "file": SimpleUploadedFile(name, data),
        "title": "Samarbejder mellem hospital og kommuner 2024",
        "date": "2024-05-02",
        "issuer": "Region Hovedstaden",
        "region": "hovedstaden",
        "kind": "Notat",
        "reason": "Nyt notat fra regionen",
        **fields,
    }
    return client.post(UPLOAD, form)


def test_the_admin_index_offers_indlaes_notat(editor):
    response = editor.get("/admin/")
    assert "Indlæs notat" in response.content.decode()
    assert editor.get(UPLOAD).status_code == 200


def test_the_preview_shows_rows_partners_statuses_and_links_and_writes_nothing(editor, notes_dir):
    before = counts()

    response = upload(editor, make.pdf_note(*TABLE_1))

    assert response.status_code == 200
    page = response.content.decode()
    rows = response.context["rows"]
    assert len(rows) == 22
    half_way = next(row for row in rows if row.title == "Half way tilbud")
    assert half_way.locator == "Side 1, tabel 1, række 4"
    assert half_way.status == "Afsluttet"
    assert [p.name for p in half_way.partners][:1] == ["Psykiatrisk Center Ballerup"]
    # Row 4 of the bundled note's Tabel 1 is the same initiative: the preview links it.
    assert [same.title for same in half_way.same_as] == ["Half way tilbud"]
    assert "samme som" in page and "Gem" in page and "Annullér" in page
    assert response.context["pages"] == 2
    assert counts() == before
    assert not (notes_dir / "samarbejder-2024.pdf").exists()
    assert len(list(pending.folder().glob("*.note"))) == 1


def test_gem_writes_the_note_keeps_the_file_and_logs_the_reason(editor, notes_dir):
    data = make.pdf_note(*TABLE_1)
    before = counts()
    token = upload(editor, data).context["token"]

    response = editor.post(f"{UPLOAD}{token}/", {"action": "save"})

    assert response.status_code == 302
    source = SourceDocument.objects.get(file_name="samarbejder-2024.pdf")
    assert response["Location"].endswith(f"/admin/initiatives/sourcedocument/{source.pk}/change/")
    assert source.title == "Samarbejder mellem hospital og kommuner 2024"
    assert str(source.date) == "2024-05-02" and source.region.slug == "hovedstaden"
    assert source.mentions.count() == 22
    assert counts()[0] == before[0] + 1
    half_way = source.mentions.get(locator="Side 1, tabel 1, række 4").initiative
    assert half_way.mentions.count() == 2  # joined the catalogue's initiative
    # The file and its manifest entry are kept, so import_notes rebuilds with the note.
    assert (notes_dir / "samarbejder-2024.pdf").read_bytes() == data
    manifest = tomllib.loads((notes_dir / "manifest.toml").read_text(encoding="utf-8"))
    assert [note["slug"] for note in manifest["note"]] == [source.slug]
    assert "Nyt notat fra regionen" in (notes_dir / "manifest.toml").read_text(encoding="utf-8")
    assert [note.file for note in intake.catalogue_notes()][-1] == "samarbejder-2024.pdf"
    out = io.StringIO()
    call_command("import_notes", "--dry-run", stdout=out)
    assert "samarbejder-2024.pdf: 1 tables, 22 rows" in out.getvalue()
    entry = LogEntry.objects.get(object_id=str(source.pk))
    assert "Nyt notat fra regionen" in entry.get_change_message()
    assert list(pending.folder().glob("*.note")) == []


def test_annuller_writes_nothing_and_forgets_the_upload(editor, notes_dir):
    before = counts()
    token = upload(editor, make.docx_note(*TABLE_3)).context["token"]

    response = editor.post(f"{UPLOAD}{token}/", {"action": "cancel"}, follow=True)

    assert "Annulleret: intet er gemt." in response.content.decode()
    assert counts() == before
    assert not (notes_dir / "manifest.toml").exists()
    assert list(pending.folder().glob("*")) == []
    # The same token cannot save it afterwards.
    response = editor.post(f"{UPLOAD}{token}/", {"action": "save"}, follow=True)
    assert "findes ikke længere" in response.content.decode()
    assert counts() == before


def test_a_failure_while_keeping_the_file_writes_nothing(editor, notes_dir, monkeypatch):
    before = counts()
    token = upload(editor, make.pdf_note(*TABLE_1)).context["token"]

    def broken(meta, *, note):
        raise OSError("disk full")  # after the file is written, before the manifest is

    monkeypatch.setattr(intake, "_manifest_entry", broken)
    with pytest.raises(OSError):
        editor.post(f"{UPLOAD}{token}/", {"action": "save"})

    assert counts() == before
    assert not (notes_dir / "samarbejder-2024.pdf").exists()
    assert not (notes_dir / "manifest.toml").exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png",
         "scan.png er hverken PDF, Word (.docx), HTML eller tekst"),
        (_encrypted_pdf(), "hemmelig.pdf", "hemmelig.pdf: the PDF is encrypted"),
        (b"<html><body><p>Ingen tabel</p></body></html>", "side.html",
         "side.html:1:1: the web page has no &lt;table&gt;"),
    ],
    ids=["image", "encrypted pdf", "html without table"],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_refused_with_its_name(editor, data, name, message):
    before = counts()

    response = upload(editor, data, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before
    assert not pending.folder().exists() or list(pending.folder().glob("*.note")) == []


def test_a_file_over_the_limit_is_refused(editor, settings):
    settings.NOTE_UPLOAD_MAX_BYTES = 100 * 1024

    response = upload(editor, make.pdf_note(*TABLE_1) + b"%" * 200 * 1024)

    assert "samarbejder-2024.pdf fylder" in response.content.decode()
    assert "grænsen er 100,0" in response.content.decode()


def test_a_note_already_in_the_catalogue_is_refused(editor):
    bundled = (make.SOURCES / "000_c9a10daa5558fc36.txt").read_bytes()

    response = upload(editor, bundled, name="kopi.txt")

    assert "kopi.txt er allerede i kataloget" in response.content.decode()


def test_staff_without_the_import_permission_cannot_import(client, notes_dir):
    user = get_user_model().objects.create_user("gaest", "g@example.dk", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403


def test_the_preview_flags_an_unknown_partner_and_lists_its_warning(editor):
    note = (
        "Tabel 1: Nye samarbejder\n\nTitel\tSamarbejdspartner/type\tStatus\n"
        "Fælles akutteam\tGladsaxe Kommune og Foreningen Solstrålen\tIgangværende\n"
    ).encode()

    response = upload(editor, note, name="nye.txt")

    (row,) = response.context["rows"]
    assert [(p.name, p.known) for p in row.partners] == [
        ("Gladsaxe Kommune", True),
        ("Foreningen Solstrålen", False),
    ]
    assert [w.message for w in response.context["warnings"]] == [
        "ukendt part: 'Foreningen Solstrålen'"
    ]
    assert "(ukendt part)" in response.content.decode()
