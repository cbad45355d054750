"""The example-box reader (imports.readers.examples) on note 001 and on made-up text."""

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports.errors import SourceError
from imports.readers import examples

NOTE = Path(__file__).resolve().parents[2] / "imports" / "sources" / "001_f78470f6f1d730cd.txt"
FILE = NOTE.name


@pytest.fixture(scope="module")
def rows():
    return examples.read(NOTE.read_text(encoding="utf-8"), file=FILE).rows


def make_note(*boxes, prose="Indledende tekst om samarbejde.\n"):
    """A note of prose followed by example boxes given as (title, paragraph) pairs."""
    parts = [prose]
    for title, paragraph in boxes:
        parts.append(f"\nEksempel: {title}\n\n{paragraph}\n\nMere tekst bagefter.\n")
    return "".join(parts)


def test_note_001_has_sixteen_examples_in_order(rows):
    assert len(rows) == 16
    assert [r.line for r in rows][:3] == [175, 195, 207]
    assert all(r.section == "" for r in rows)


def test_a_box_is_cited_by_its_title_as_the_note_has_it_not_by_a_counted_number(rows):
    # The note writes "Eksempel: Kommunale visitatorer" and numbers none of its boxes.
    assert [r.locator for r in rows][:4] == [
        "Eksempel »Tidlig opsporing hos demente«",
        "Eksempel »Opfglgende hjemmebesgg«",  # as scanned: normalisation repairs the quote
        "Eksempel »Folgehjemordning«",
        "Eksempel »Kommunale visitatorer«",
    ]
    assert all(r.locator == f"Eksempel »{r.title}«" for r in rows)


@pytest.mark.parametrize(
    ("title", "line", "line_end"),
    [
        # "Eksempel: Tidlig opsporing hos demente" (175), blank, the paragraph 177-181.
        ("Tidlig opsporing hos demente", 175, 181),
        # The paragraph runs on over the blank line 293 ("care-manager" / "(fx sygeplejerske)").
        ("Collaborative care", 289, 302),
        # The last box ends with the note (line 404).
        ("Telemedicinsk sarvurdering", 396, 404),
    ],
)
def test_a_box_runs_from_its_title_to_the_last_line_of_its_paragraph(rows, title, line, line_end):
    row = next(r for r in rows if r.title == title)
    assert (row.line, row.line_end) == (line, line_end)


def test_boxes_with_the_same_title_are_told_apart_by_their_line():
    text = "Eksempel: Akutteam\n\nEn tekst.\n\nEksempel: Akutteam\n\nEn anden tekst.\n"
    assert [r.locator for r in examples.read(text, file="x.txt").rows] == [
        "Eksempel »Akutteam«",
        "Eksempel »Akutteam« (linje 5)",
    ]


TITLES = [
    (1, "Tidlig opsporing hos demente", "Tidlig opsporing hos demente"),
    (2, "Opfglgende hjemmebesgg", "Opfølgende hjemmebesøg"),
    (3, "Folgehjemordning", "Følgehjemordning"),
    (10, "Sarbare gravide", "Sårbare gravide"),
    (13, "Folkesundheden i Midten", "Folkesundheden i Midten"),
    (15, "Hemmemonitorering", "Hjemmemonitorering"),
    (16, "Telemedicinsk sarvurdering", "Telemedicinsk sårvurdering"),
]
DESCRIPTIONS = [
    (2, "I alle regioner er aftaler", "I alle regioner er aftaler"),
    (4, "Neestved Sygehus har et taet samarbejde", "Næstved Sygehus har et tæt samarbejde"),
    (7, "Barne- og ungdomspsykiatrien", "Børne- og ungdomspsykiatrien"),
    (9, "Pd det psykiatriske omrdde", "På det psykiatriske område"),
    (12, "Region Nordjylland har et Isbende", "Region Nordjylland har et løbende"),
]


def mention_at(bundled_mentions, row):
    """The bundled mention read from ``row`` (its locator quotes the repaired title)."""
    return next(
        m
        for (source, _locator), m in bundled_mentions.items()
        if source == "danske-regioner-samarbejdsmodeller" and m.line == row.line
    )


def test_a_box_is_cited_by_its_title_as_the_printed_note_reads_it(rows, bundled_mentions):
    # The scan broke the letters; the printed note reads "Opfølgende hjemmebesøg".
    mention = mention_at(bundled_mentions, rows[1])
    assert mention.locator == "Eksempel »Opfølgende hjemmebesøg«"
    assert (
        mention_at(bundled_mentions, rows[0]).locator == "Eksempel »Tidlig opsporing hos demente«"
    )


def flat(text):
    return " ".join(text.split())


@pytest.mark.parametrize(("number", "raw", "repaired"), TITLES)
def test_titles_are_read_as_scanned_and_repaired_by_normalisation(
    rows, bundled_mentions, number, raw, repaired
):
    assert rows[number - 1].title == raw  # the reader interprets nothing
    mention = mention_at(bundled_mentions, rows[number - 1])
    assert (mention.title_raw, mention.title) == (raw, repaired)


@pytest.mark.parametrize(("number", "raw_start", "repaired_start"), DESCRIPTIONS)
def test_descriptions_are_read_as_scanned_and_repaired_by_normalisation(
    rows, bundled_mentions, number, raw_start, repaired_start
):
    assert rows[number - 1].description.startswith(raw_start)
    mention = mention_at(bundled_mentions, rows[number - 1])
    assert mention.description.startswith(repaired_start)
    assert mention.description_raw == rows[number - 1].description


def test_description_keeps_the_scans_lines_for_normalisation_to_join(rows, bundled_mentions):
    description = rows[0].description
    assert "funktions-\nnedsettelser" in description  # raw: lines and hyphens as scanned
    mention = mention_at(bundled_mentions, rows[0])
    assert "\n" not in mention.description
    assert "funktionsnedsættelser" in mention.description
    assert rows[0].description_line == 177
    assert (rows[0].line, rows[0].line_end) == (175, 181)


def test_box_ends_where_the_prose_resumes(rows):
    assert flat(rows[0].description).endswith("tidlig opsporing af sygdom.")
    assert "Fglge hjem" not in rows[0].description
    assert flat(rows[2].description).endswith("3500 hjemfalgninger.")


def test_box_continues_over_a_blank_line_inside_a_sentence(rows):
    collaborative = rows[8]
    assert "en care-manager (fx sygeplejerske) med psykiatrisk erfaring" in (
        flat(collaborative.description)
    )
    assert collaborative.description.endswith("de praktiserende leger.")
    assert (collaborative.line, collaborative.line_end) == (289, 302)


def test_text_without_example_boxes_is_a_source_error():
    with pytest.raises(SourceError) as error:
        examples.read("Bare prosa.\nIngen eksempler.\n", file="x.txt")
    assert (error.value.file, error.value.line) == ("x.txt", 1)
    assert str(error.value).startswith("x.txt:1: ")


def test_a_sentence_broken_by_blank_lines_continues_the_box():
    text = make_note(("Et projekt", "Projektet samler alle parter."))
    text += "\nEksempel: Andet\n\nKort tekst uden punktum\n\n\nog prosa der fortsætter.\n"
    rows = examples.read(text, file="x.txt").rows
    assert [flat(r.description) for r in rows] == [
        "Projektet samler alle parter.",
        "Kort tekst uden punktum og prosa der fortsætter.",
    ]


def test_an_empty_box_is_read_with_a_warning():
    result = examples.read("Eksempel: Tomt\n\nEksempel: Fuldt\n\nTekst.\n", file="x.txt")
    assert [r.title for r in result.rows] == ["Tomt", "Fuldt"]
    assert result.rows[0].description == ""
    assert [(w.line, w.locator) for w in result.warnings] == [(1, "Eksempel »Tomt«")]
    assert (result.rows[0].line, result.rows[0].line_end) == (1, 1)


@settings(deadline=None, max_examples=150)
@given(st.text())
def test_read_raises_nothing_but_source_error(text):
    with contextlib.suppress(SourceError):
        examples.read(text, file="x.txt")


BOX_PIECES = st.sampled_from(
    [
        "Eksempel: ",
        "Eksempel:",
        "Titel pd tveers",
        "\n",
        "\n\n",
        "(fx",
        "tekst.",
        "lege",
        "-\n",
        " ",
    ]
)


@settings(deadline=None, max_examples=150)
@given(st.lists(BOX_PIECES, max_size=40).map("".join))
def test_read_of_box_like_text_gives_every_box_its_own_locator_and_lines(text):
    try:
        result = examples.read(text, file="x.txt")
    except SourceError:
        assert not any(line.lstrip().startswith("Eksempel:") for line in text.splitlines())
        return
    locators = [r.locator for r in result.rows]
    assert len(set(locators)) == len(locators)
    assert all(r.locator.startswith("Eksempel ") for r in result.rows)
    assert all(1 <= r.line <= r.line_end <= len(text.split("\n")) for r in result.rows)
