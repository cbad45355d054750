"""The note's text page (/sources/<slug>/text/): numbered line anchors, lines highlighted on the
server, the link from every mention to its lines, bad ``lines`` values, and the download whose
sha256 the pages show."""

import hashlib
import re

import pytest
from django.urls import reverse

from imports.manifest import SOURCES_DIR, sha256_text
from initiatives.source_text import parse_lines
from tests.builders import make_initiative, make_mention, make_source

pytestmark = pytest.mark.django_db

TEXT = "Notat om samarbejder\n\nTabel 1: Samarbejder\nTitel\tStatus\n<b>Akutteam</b>\tIgang\n"
BUNDLED = "000_c9a10daa5558fc36.txt"


def text_url(source, query=""):
    return reverse("initiatives:source-text", args=[source.slug]) + query


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def highlighted(page):
    return [int(n) for n in re.findall(r'<li id="L(\d+)" class="hl">', page)]


@pytest.fixture
def note(db):
    return make_source("note", text=TEXT, sha256=sha256_text(TEXT), file_name="elsewhere.txt")


def test_every_line_of_the_note_is_a_numbered_anchor_and_its_text_is_escaped(client, note):
    page = html(client, text_url(note))

    assert re.findall(r'<li id="L(\d+)"', page) == ["1", "2", "3", "4", "5"]  # no line 6
    assert '<li id="L5">&lt;b&gt;Akutteam&lt;/b&gt;\tIgang</li>' in page
    assert highlighted(page) == []
    assert "5 linjer" in page


def test_the_lines_of_a_range_are_highlighted_on_the_server(client, note):
    page = html(client, text_url(note, "?lines=4-5"))

    assert highlighted(page) == [4, 5]
    assert '<li id="L5" class="hl"><mark>&lt;b&gt;Akutteam' in page
    assert "Linje 4–5 er fremhævet." in page
    assert 'href="#L4"' in page


@pytest.mark.parametrize(
    ("value", "lines"),
    [("3", [3]), ("5-4", [4, 5]), ("4–5", [4, 5]), ("4-999", [4, 5]), ("0-2", [1, 2])],
)
def test_a_single_line_a_reversed_range_and_a_range_past_the_end_are_read_sensibly(
    client, note, value, lines
):
    assert highlighted(html(client, text_url(note, f"?lines={value}"))) == lines


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "4-",
        "-",
        "1-2-3",
        "1e3",
        "6",
        "0",
        "99999999999999999999",
        "%00",
        "L4",
        "4,5",
        "<script>",
        "١٢",
    ],  # fmt: skip
)
def test_a_bad_lines_value_shows_the_whole_text_and_says_why(client, note, value):
    response = client.get(text_url(note), {"lines": value})

    assert response.status_code == 200
    page = response.content.decode()
    assert highlighted(page) == []
    assert 'class="message warning"' in page
    assert "<script>" not in page


def test_an_over_long_lines_value_is_cut_in_the_message(client, note):
    page = html(client, text_url(note, "?lines=" + "x" * 5000))
    message = re.search(r'<p class="message warning">(.*?)</p>', page).group(1)
    assert message.startswith("»" + "x" * 40 + "…« er ikke et linjeinterval.")


def test_parse_lines_states_the_text_length_when_the_range_is_outside_it():
    assert parse_lines("7-9", 5) == (None, "Teksten har linje 1–5; linje 7 findes ikke.")
    assert parse_lines(None, 5) == (None, None)
    assert parse_lines(" 2 - 3 ", 5) == ((2, 3), None)


def test_an_unknown_note_is_a_404(client, db):
    assert client.get("/sources/findes-ikke/text/").status_code == 404
    assert client.get("/sources/findes-ikke/download/").status_code == 404


def test_the_text_page_lists_the_mentions_read_from_the_highlighted_lines(client, note):
    initiative = make_initiative("Fælles akutteam")
    mention = make_mention(initiative, note, locator="Tabel 1, række 1", line=5, line_end=5)
    page = html(client, text_url(note, "?lines=4-5"))

    assert f'href="{initiative.get_absolute_url()}#mention-{mention.pk}"' in page
    assert "(Tabel 1, række 1)" in page
    assert "Fælles akutteam" not in html(client, text_url(note, "?lines=1-2"))


@pytest.mark.parametrize("mentions", [1, 5])
def test_the_text_page_has_a_constant_number_of_queries(
    client, note, django_assert_num_queries, mentions
):
    initiative = make_initiative()
    for line in range(1, mentions + 1):
        make_mention(initiative, note, locator=f"Række {line}", line=line, line_end=line)
    with django_assert_num_queries(3):  # catalogue version, the note, the mentions on the lines
        client.get(text_url(note, "?lines=1-5"))


# --- one click from a mention to its lines -----------------------------------------------------


def test_a_mention_on_the_detail_page_links_to_its_lines_which_are_highlighted(client, note):
    initiative = make_initiative("Fælles akutteam")
    make_mention(initiative, note, locator="Tabel 1, række 1", line=4, line_end=5)

    page = html(client, initiative.get_absolute_url())
    link = "/sources/note/text/?lines=4-5#L4"
    assert f'href="{link}"' in page
    assert "se linje 4–5 i notatet" in page

    followed = html(client, link.split("#")[0])
    assert highlighted(followed) == [4, 5]


def test_a_one_line_mention_links_to_its_line_and_the_source_page_links_each_mention(client, note):
    initiative = make_initiative("Fælles akutteam")
    make_mention(initiative, note, locator="Tabel 1, række 1", line=5, line_end=5)

    assert 'href="/sources/note/text/?lines=5#L5"' in html(client, initiative.get_absolute_url())
    source_page = html(client, note.get_absolute_url())
    assert 'href="/sources/note/text/?lines=5#L5">Tabel 1, række 1</a>' in source_page
    assert "(linje 5)" in source_page


def test_a_mention_without_known_lines_links_to_the_text(client, note):
    initiative = make_initiative()
    make_mention(initiative, note, locator="Tabel 1, række 1", line=None, line_end=None)

    page = html(client, initiative.get_absolute_url())
    assert 'href="/sources/note/text/">se notatets tekst</a>' in page


def test_the_english_text_page_speaks_english(client, note):
    client.cookies["django_language"] = "en"
    page = html(client, text_url(note, "?lines=4-5"))
    assert "Lines 4–5 are highlighted." in page
    assert "is not a range of lines" in html(client, text_url(note, "?lines=x"))


# --- download and sha256 -----------------------------------------------------------------------


def shown_sha256(page):
    return re.search(r"SHA-256: <code>([0-9a-f]{64})</code>", page).group(1)


def download(client, source):
    response = client.get(reverse("initiatives:source-download", args=[source.slug]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_a_bundled_note_downloads_as_its_original_file_with_the_sha256_the_pages_show(client, db):
    data = (SOURCES_DIR / BUNDLED).read_bytes()
    text = data.decode("utf-8")
    source = make_source("fu-2019", text=text, sha256=sha256_text(text), file_name=BUNDLED)

    response, content = download(client, source)

    assert content == data
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f'filename="{BUNDLED}"' in response["Content-Disposition"]
    digest = hashlib.sha256(content).hexdigest()
    assert shown_sha256(html(client, source.get_absolute_url())) == digest
    assert shown_sha256(html(client, text_url(source))) == digest


def test_a_note_loaded_from_elsewhere_downloads_as_its_stored_text(client, note):
    response, content = download(client, note)

    assert content == TEXT.encode("utf-8")
    assert 'filename="elsewhere.txt"' in response["Content-Disposition"]
    assert shown_sha256(html(client, note.get_absolute_url())) == (
        hashlib.sha256(content).hexdigest()
    )


def test_a_bundled_file_that_is_not_the_stored_text_is_not_served(client, db):
    # Same file name, other text (the file changed since the import): the stored text is served.
    source = make_source("other", text=TEXT, sha256=sha256_text(TEXT), file_name=BUNDLED)

    _response, content = download(client, source)

    assert content == TEXT.encode("utf-8")
    assert shown_sha256(html(client, source.get_absolute_url())) == (
        hashlib.sha256(content).hexdigest()
    )


def test_a_file_name_never_reaches_outside_the_notes_folder(client, db):
    source = make_source(
        "sly", text=TEXT, sha256=sha256_text(TEXT), file_name=f"../sources/{BUNDLED}/../../../x"
    )
    _response, content = download(client, source)
    assert content == TEXT.encode("utf-8")


def test_a_pdf_note_imported_from_the_admin_downloads_as_the_pdf(client, db, settings, tmp_path):
    from imports.readers import read_any
    from tests.imports import make_documents as make
    from tests.imports.test_documents import TABLE_1

    data = make.pdf_note(*TABLE_1)
    (tmp_path / "notat-2024.pdf").write_bytes(data)
    settings.NOTES_DIR = tmp_path
    text, _result = read_any(data, file="notat-2024.pdf")
    source = make_source(
        "notat-2024", text=text, sha256=sha256_text(text), file_name="notat-2024.pdf"
    )
    response = client.get(reverse("initiatives:source-download", args=[source.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == data
    page = client.get(source.get_absolute_url()).content.decode()
    assert hashlib.sha256(data).hexdigest() in page

    (tmp_path / "notat-2024.pdf").write_bytes(make.pdf_note(*TABLE_1, caption_style="Title"))
    stored = client.get(reverse("initiatives:source-download", args=[source.slug]))
    assert stored["Content-Type"].startswith("text/plain")  # the file changed since: its text
    assert b"".join(stored.streaming_content) == text.encode("utf-8")
