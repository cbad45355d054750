"""Bad input found by trying it: values over the database's limits, runaway sizes, cut-off notes.

Each is refused (or warned about) the same way on SQLite and PostgreSQL, before anything is
written, with the file, line and column.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from imports import errors
from imports.manifest import NoteMeta
from imports.pipeline import build_catalogue
from imports.records import LIMITS
from initiatives.models import Initiative, Mention, Organisation, SourceDocument

HEADER = "Tabel 1: Nye samarbejder\n\nTitel\tMålgruppe\tSamarbejdspartner/type\tStatus\n"


def note(*rows: str) -> str:
    return HEADER + "\n".join(rows) + "\n"


def import_note(path):
    call_command("import_note", str(path), "--region", "hovedstaden", stdout=StringIO())


def meta(reader=None):
    return NoteMeta(
        file="ny.txt", slug="ny", title="Ny", issuer="I", kind="Notat", region="hovedstaden",
        reader=reader,
    )  # fmt: skip


def counts():
    return (Initiative.objects.count(), Mention.objects.count(), Organisation.objects.count())


# Values over the database's limits -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "where", "words"),
    [
        # A partner name longer than Organisation.name (200): a raw DataError on PostgreSQL and
        # silently accepted on SQLite before; now refused on both, naming the partner column.
        ("Akutteam\tÆldre\tGladsaxe Kommune og " + "Videnscenter" * 20 + " Nord\tIgangværende",
         "ny.txt:4:3", "organisation name"),
        # A title longer than Mention.title (400), naming the title column.
        ("Akut " + "team" * 120 + "\tÆldre\tGladsaxe Kommune\tIgangværende", "ny.txt:4:1",
         "the title is"),
    ],
    ids=["partner-over-200", "title-over-400"],
)  # fmt: skip
def test_a_value_over_its_columns_size_is_refused_naming_file_line_and_column(
    tmp_path, row, where, words
):
    path = tmp_path / "ny.txt"
    path.write_text(note(row), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as error:
        import_note(path)
    assert str(error.value).startswith(where), str(error.value)
    assert words in str(error.value)
    assert counts() == before


def test_the_limits_are_the_models_column_sizes():
    from initiatives import models

    for record, fields in LIMITS.items():
        model = {
            "MentionRecord": models.Mention,
            "InitiativeRecord": models.Initiative,
            "OrganisationRecord": models.Organisation,
            "SourceRecord": models.SourceDocument,
            "WarningRecord": models.ImportWarning,
        }[record]
        for name, limit in fields.items():
            assert model._meta.get_field(name).max_length == limit, (record, name)


def test_a_manifest_value_over_its_size_is_refused():
    long_title = NoteMeta(
        file="ny.txt", slug="ny", title="T" * 301, issuer="I", kind="Notat", region="hovedstaden"
    )
    with pytest.raises(errors.SourceError, match="title"):
        build_catalogue([(long_title, note("Et\tÆldre\tGladsaxe Kommune\tI drift").encode())])


# Runaway sizes, refused before parsing -------------------------------------------------------


@pytest.mark.django_db
def test_a_cell_over_the_line_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "ny.txt"
    cell = "x" * (errors.MAX_LINE_BYTES + 1)
    path.write_text(note(f"Akutteam\tÆldre\t{cell}\tIgangværende"), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        import_note(path)
    assert str(error.value).startswith(f"ny.txt:4:{errors.MAX_LINE_BYTES + 1}: line 4 is ")
    assert SourceDocument.objects.count() == 0


@pytest.mark.django_db
def test_a_note_over_the_size_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "ny.txt"
    row = "Akutteam\tÆldre\tGladsaxe Kommune\tIgangværende\n"
    path.write_text(note(*[row] * (errors.MAX_NOTE_BYTES // len(row.encode()) + 1)), "utf-8")
    with pytest.raises(CommandError) as error:
        import_note(path)
    assert str(error.value).startswith("ny.txt:1:1: the note is ")
    assert "bytes" in str(error.value)


def test_the_size_check_passes_the_bundled_notes():
    from imports.manifest import load_manifest

    for entry in load_manifest():
        errors.check_note_size(entry.path.read_bytes(), file=entry.file)


# A note cut off ------------------------------------------------------------------------------


def warnings_of(text, reader=None):
    catalogue = build_catalogue([(meta(reader), text.encode())])
    return [(w.line, w.message) for w in catalogue.warnings if w.source == "ny"]


def test_a_note_cut_off_in_its_last_status_warns_instead_of_a_silent_unknown():
    text = note(
        "Akutteam\tÆldre\tGladsaxe Kommune\tIgangværende",
        "Tværsektoriel stuegang\tÆldre\tNordsjællands Hospital\tIg",
    ).rstrip("\n")
    assert warnings_of(text) == [
        (5, "statusteksten forstås ikke: 'Ig'; noten slutter i denne række og kan være afkortet")
    ]


def test_a_note_cut_off_inside_its_last_row_warns():
    text = note(
        "Akutteam\tÆldre\tGladsaxe Kommune\tIgangværende",
        "Tværsektoriel stuegang\tÆldre\tNordsjællands Hosp",
    ).rstrip("\n")
    assert warnings_of(text) == [
        (5, "the note ends in this row, which has 3 of 4 cells: the file may be cut off"),
        (5, "ukendt part: 'Nordsjællands Hosp'"),
    ]


@pytest.mark.django_db
def test_import_note_lists_the_new_notes_warnings(tmp_path):
    path = tmp_path / "ny.txt"
    path.write_text(
        note("Tværsektoriel stuegang\tÆldre\tNordsjællands Hospital\tIg").rstrip("\n"), "utf-8"
    )
    out, err = StringIO(), StringIO()
    call_command(
        "import_note", str(path), "--region", "hovedstaden", "--dry-run", stdout=out, stderr=err
    )
    assert "1 warnings; nothing written (dry run)" in out.getvalue()
    assert err.getvalue().strip() == (
        "warning ny.txt:4 Tabel 1, række 1: statusteksten forstås ikke: 'Ig'; noten slutter i "
        "denne række og kan være afkortet"
    )


def test_a_complete_note_gives_no_cut_off_warning():
    assert warnings_of(note("Akutteam\tÆldre\tGladsaxe Kommune\tIgangværende")) == []


def test_an_example_box_cut_off_mid_sentence_warns():
    text = "Prosa.\n\nEksempel: Et projekt\n\nRegion Nordjylland har et samarbejde med kommuner"
    assert warnings_of(text) == [(3, "the note ends in the middle of this box: it may be cut off")]


def test_an_agenda_grid_cut_off_before_its_total_row_warns():
    text = "\n".join(
        [
            " 1. GODKENDELSE AF DAGSORDEN",
            "",
            "Oversigt over hvilke kommuner, der har etableret akutteams",
            "",
            "Har akutteam Har ikke Planlægger",
            "",
            "Albertslund 1   ",
            "",
            "Allerød 1   ",
        ]
    )
    messages = [message for _, message in warnings_of(text, reader="agenda")]
    assert messages == [
        "Oversigt over hvilke kommuner, der har etableret akutteams: no 'I alt' row to check "
        "the table against; the note ends inside the table and may be cut off"
    ]
