"""The import commands as a user runs them: output, --check, --dry-run --json, bad input."""

import json

import pytest
from django.core.management import CommandError, call_command

from initiatives.models import Initiative, Mention

pytestmark = pytest.mark.django_db

GOOD_NOTE = (
    "Tabel 1: Nye samarbejder\n\n"
    "Status\tTitel\tSamarbejdspartner/type\n"
    "Igangværende\tFælles akutteam i Gladsaxe\tHerlev og Gentofte Hospital og Gladsaxe Kommune\n"
    "Afsluttet\tTværsektoriel Stuegang\tNordsjællands Hospital og kommunerne i planområdet\n"
)


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_notes_check_passes_on_the_committed_fixtures():
    assert "up to date" in run("import_notes", "--check")


def test_import_notes_reports_tables_rows_initiatives_and_warnings_per_note():
    output = run("import_notes", "--dry-run")
    line = next(x for x in output.splitlines() if x.startswith("000_"))
    assert line.startswith("000_c9a10daa5558fc36.txt: 3 tables, 60 rows,")
    assert "initiatives" in line and "warnings" in line


def test_import_note_dry_run_json_prints_the_export_shape_and_writes_nothing(
    tmp_path, loaded_catalogue
):
    before = (Initiative.objects.count(), Mention.objects.count())
    note = tmp_path / "ny_note.txt"
    note.write_text(GOOD_NOTE, encoding="utf-8")
    output = run(
        "import_note", str(note), "--dry-run", "--json", "--title", "Nyt notat",
        "--date", "2024-03-01", "--region", "hovedstaden",
    )  # fmt: skip
    data = json.loads(output)
    assert data["count"] == 2
    titles = {i["title"] for i in data["initiatives"]}
    assert titles == {"Fælles akutteam i Gladsaxe", "Tværsektoriel Stuegang"}
    stuegang = next(i for i in data["initiatives"] if i["title"] == "Tværsektoriel Stuegang")
    # The new note's row joins the catalogue's existing initiative: three notes report it.
    assert len(stuegang["mentions"]) == 3
    new = next(m for m in stuegang["mentions"] if m["source"]["file"] == "ny_note.txt")
    assert new["status"] == {
        "code": "completed", "label": "Afsluttet", "text": "Afsluttet", "as_of": "2024-03-01",
    }  # fmt: skip
    assert (Initiative.objects.count(), Mention.objects.count()) == before


def test_import_note_without_dry_run_merges_the_note(tmp_path, loaded_catalogue):
    note = tmp_path / "ny_note.txt"
    note.write_text(GOOD_NOTE, encoding="utf-8")
    before = Mention.objects.count()
    output = run("import_note", str(note), "--date", "2024", "--region", "hovedstaden")
    assert "1 tables, 2 rows, 2 initiatives" in output
    assert Mention.objects.count() == before + 2


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"", "bad.txt:1:1"),
        (b"Titel\tStatus\n\x00\x01binary", "bad.txt:2"),
        ("Titel\tStatus\nÆldre i Ærø\tIgangværende\n".encode("latin-1"), "bad.txt:2"),
        ("Titel\tStatus\nEt\tIgangværende\tekstra celle\n".encode(), "bad.txt:2:3"),
        ("Målgruppe\tStatus\nÆldre\tIgangværende\n".encode(), "bad.txt:1"),
    ],
    ids=["empty", "binary", "latin-1", "too-many-cells", "no-title-column"],
)
def test_bad_input_gets_an_error_naming_file_line_and_column_and_writes_nothing(
    tmp_path, content, where, loaded_catalogue
):
    before = (Initiative.objects.count(), Mention.objects.count())
    note = tmp_path / "bad.txt"
    note.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run("import_note", str(note))
    assert str(error.value).startswith(where), str(error.value)
    assert (Initiative.objects.count(), Mention.objects.count()) == before


def test_a_missing_note_file_is_named_in_the_error(tmp_path):
    with pytest.raises(CommandError, match="missing.txt"):
        run("import_note", str(tmp_path / "missing.txt"))


def test_a_bad_date_option_names_the_option(tmp_path):
    note = tmp_path / "ny.txt"
    note.write_text(GOOD_NOTE, encoding="utf-8")
    with pytest.raises(CommandError, match="--date"):
        run("import_note", str(note), "--date", "maj 2024")
