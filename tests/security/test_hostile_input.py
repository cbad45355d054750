"""What an attacker's tour found holding, kept in the suite: script imported through a note is
inert on public and staff pages, spreadsheet formulas are defused in the exports, malformed
notes stop with file:line:column and leave the database as it was, and a UTF-16 note is told
to be saved as UTF-8."""

import csv
import html
import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from imports.errors import SourceError, decode_note
from initiatives.models import Initiative, Mention, Organisation, SourceDocument
from tests.web.conftest import build_catalogue

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg/onload=alert(3)>",
    "'><iframe src=javascript:alert(4)></iframe>",
    '<a href="javascript:alert(5)">klik</a>',
    "</textarea><script>alert(6)</script>",
    "<body onload=alert(7)>",
    "{{ request.META }}{% debug %}",
    "<style>*{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    "<<script>alert(11)//<</script>",
    "<details open ontoggle=alert(12)>",
]


class ActiveContent(HTMLParser):
    """Collects markup that would run or restyle: inline scripts and styles, event handlers,
    javascript: URLs, frames and the payloads' own elements."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        data_script = tag == "script" and attributes.get("type") == "application/json"
        if tag in ("script", "style") and not attributes.get("src") and not data_script:
            self.found.append(f"<{tag}> inline")
        if tag == "iframe":
            self.found.append(f"<{tag}>")
        if tag == "img" and attributes.get("src") == "x":
            self.found.append("<img src=x>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")

    def handle_data(self, data):
        self.text.append(data)


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found, "".join(parser.text)


def payload_note():
    """Each payload as written and entity-encoded (a reader that unescapes would revive it)."""
    rows = ["Tabel 1: Samarbejder", "", "Titel\tMålgruppe\tSamarbejdspartner/type\tStatus"]
    variants = PAYLOADS + [html.escape(p) for p in PAYLOADS]
    for number, payload in enumerate(variants, start=1):
        rows.append(
            f"Projekt {number} {payload}\tÆldre {payload}\tGladsaxe Kommune og {payload}\t"
            f"Igangværende {payload}"
        )
    return "\n".join(rows) + "\n"


def test_script_imported_through_a_note_is_inert_on_public_and_staff_pages(tmp_path, settings):
    settings.ADMIN_2FA_REQUIRED = False
    call_command("load_catalogue", verbosity=0)
    note = tmp_path / "angreb.txt"
    note.write_text(payload_note(), encoding="utf-8")
    call_command("import_note", str(note), "--date", "2024", "--region", "hovedstaden",
                 stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    source = SourceDocument.objects.get(file_name="angreb.txt")
    mentions = list(Mention.objects.filter(source=source).select_related("initiative"))
    assert len(mentions) == 2 * len(PAYLOADS)
    initiatives = sorted({m.initiative for m in mentions}, key=lambda i: i.pk)
    # The readers drop tags from cells; an admin's correction keeps what is typed, so each
    # payload also goes into a description as it is.
    for initiative, payload in zip(initiatives, PAYLOADS, strict=False):
        Initiative.objects.filter(pk=initiative.pk).update(description=f"Beskrivelse {payload}")
    partners = Organisation.objects.filter(initiatives__in=initiatives).distinct()
    public = [
        "/",
        "/initiatives/",
        "/initiatives/?q=alert",
        "/initiatives/?q=%3Cscript%3E",
        "/organisations/",
        "/sources/",
        source.get_absolute_url(),
        *(i.get_absolute_url() for i in initiatives),
        *(p.get_absolute_url() for p in partners),
    ]
    staff = Client()
    staff.force_login(
        apps.get_model("auth", "User").objects.create_superuser("a", "a@example.dk", "pw")
    )
    admin_pages = [
        source.get_absolute_url(),  # with the import warnings
        "/admin/initiatives/initiative/",
        "/admin/initiatives/mention/",
        "/admin/initiatives/organisation/",
        "/admin/initiatives/importwarning/",
        "/admin/initiatives/initiative/?q=alert",
        *(f"/admin/initiatives/initiative/{i.pk}/change/" for i in initiatives),
        *(f"/admin/initiatives/mention/{m.pk}/change/" for m in mentions),
        *(f"/admin/initiatives/organisation/{p.pk}/change/" for p in partners),
        *(f"/admin/initiatives/initiative/{i.pk}/history/" for i in initiatives),
    ]
    seen = set()
    pages = [(Client(), path) for path in public] + [(staff, path) for path in admin_pages]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        found, text = active_content(page)
        assert not found, f"{path}: {found}"
        for payload in PAYLOADS:
            assert payload not in page or payload.startswith("{{"), f"{path}: raw {payload!r}"
            if payload in text:
                seen.add(payload)
        assert "<script>alert" not in page
        assert "'wsgi.input'" not in page  # {{ request.META }} was never evaluated
    # Every payload reached some page as visible text: the test looked at real output.
    assert seen == set(PAYLOADS)


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', "\t=1", "\r=1"]


def test_spreadsheet_formulas_are_defused_in_csv_and_xlsx_exports(client):
    from tests.builders import make_initiative

    for formula in FORMULAS:
        make_initiative(f"{formula}", description=formula, mentioned=True)
    text = b"".join(client.get("/initiatives/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]  # after the header
    cells = [cell for row in rows for cell in row]
    assert len(rows) == len(FORMULAS)
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not dangerous, dangerous
    response = client.get("/initiatives/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {f.strip() for f in FORMULAS} <= {str(t).strip() for t in titles}


MALFORMED = [
    ("empty", b"", r"1:1"),
    ("only blanks", b"   \n\n\t\n", r"1:1"),
    ("binary", b"Titel\tStatus\n\x00\x01\x02\x03binary", r"2:\d+"),
    ("latin-1", "Titel\tStatus\nÆldre i Ærø\tIgangværende\n".encode("latin-1"), r"2:\d+"),
    ("utf-16 with BOM", "Titel\tStatus\nÆldre\tI drift\n".encode("utf-16"), r"1:1"),
    ("utf-16be without BOM", "Titel\tStatus\nÆldre\tI drift\n".encode("utf-16-be"), r"1:1"),
    ("cut in a UTF-8 letter", "Titel\tStatus\nÆldre\tI drift\n".encode()[:-9] + b"\xc3", r"2:\d+"),
    ("too many cells", "Titel\tStatus\nEt\tIgangværende\tekstra\n".encode(), r"2:3"),
    ("no title column", "Målgruppe\tStatus\nÆldre\tIgangværende\n".encode(), r"1:\d+"),
    ("no table", b"Et notat uden tabeller.\nKun tekst.\n", r"\d+:\d+"),
]


def database_rows():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("initiatives").get_models()
    }


@pytest.mark.parametrize(
    ("content", "where"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_a_malformed_note_stops_with_file_line_column_and_changes_nothing(tmp_path, content, where):
    build_catalogue()
    before = database_rows()
    note = tmp_path / "skadet.txt"
    note.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_note", str(note), stdout=io.StringIO(), stderr=io.StringIO())
    assert re.match(rf".*skadet\.txt:{where}: ", str(error.value)), str(error.value)
    assert database_rows() == before


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_note_is_told_to_be_saved_as_utf8(encoding):
    data = "Tabel 1\n\nTitel\tStatus\nFælles akutteam\tI drift\n".encode(encoding)
    with pytest.raises(SourceError) as error:
        decode_note(data, file="note.txt")
    message = str(error.value)
    assert message.startswith("note.txt:1:1: not UTF-8")
    assert "save it as UTF-8" in message and "binary" not in message


def test_a_binary_file_is_still_called_binary():
    with pytest.raises(SourceError, match="binary"):
        decode_note(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", file="billede.txt")
