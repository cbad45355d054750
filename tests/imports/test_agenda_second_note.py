"""The agenda reader on a second agenda of the same kinds of tables: no code change needed.

``tests/data/agenda_midtjylland.txt`` is a test note composed from public facts in
``/work/shared/reference`` and the bundled notes (Region Midtjylland's Horsensklyngen and
Randersklyngen with their hospitals and kommuner; the Midtklyngen and Randers-klyngen projects
of notes 002 and 004), laid out as note 003 is, but for another region and other years: group
headings "Horsensklyngen" rather than "Planområde Nord", the akutteam table's columns in another
order, a year-rows bilag for 2020 and 2021, another committee date in the page furniture.
"""

import datetime
from functools import cache
from pathlib import Path

import pytest

from imports.manifest import NoteMeta
from imports.pipeline import build_catalogue
from imports.readers import detect
from imports.readers.agenda import read

NOTE = Path(__file__).resolve().parents[1] / "data" / "agenda_midtjylland.txt"
AKUTTEAMS = (
    "Punkt 3, bilag 1, tabellen »Oversigt over hvilke kommuner, der har etableret akutteams«"
)
META = NoteMeta(
    file=NOTE.name,
    slug="midt-skku-2023",
    title="Dagsorden, Sundhedskoordinationsudvalget, 12. juni 2023",
    issuer="Region Midtjylland",
    kind="Dagsorden",
    region="midtjylland",
    date=datetime.date(2023, 6, 12),
)


@cache
def result():
    return read(NOTE.read_text(encoding="utf-8"), file=NOTE.name)


@cache
def catalogue():
    return build_catalogue([(META, NOTE.read_bytes())])


def rows():
    return {row.locator: row for row in result().rows}


def mentions():
    return {m.locator: m for i in catalogue().initiatives for m in i.mentions}


def test_the_note_is_read_as_an_agenda():
    assert detect(NOTE.read_text(encoding="utf-8")) == "agenda"
    assert result().warnings == []
    assert result().unread == []


def test_every_kind_of_table_is_found_by_its_caption():
    assert [(t.caption, t.rows) for t in result().tables] == [
        (
            "Nye indsatser for hjemtagning af færdigbehandlede borgere (på det somatiske område) "
            "– 2022 og 2023",
            6,
        ),
        ("Oversigt over hvilke kommuner, der har etableret akutteams", 3),
        ("Nye indsatser for hjemtagning af færdigbehandlede borgere – 2020 og 2021", 3),
    ]


def test_the_agenda_items_projects_are_read():
    project = rows()["Punkt 2, projekt 1"]
    assert project.title == "Hospitalsbehandling i eget hjem"
    assert project.section == "Orientering om status på samarbejdsprojekter i klyngerne"
    assert mentions()["Punkt 2, projekt 2"].status == "completed"


def test_kommune_blocks_under_klynge_headings_give_kommune_year_rows():
    assert sorted(
        loc for loc in rows() if loc.startswith("Punkt 3, bilag 1, ") and "akutteam" not in loc
    ) == [
        "Punkt 3, bilag 1, Favrskov, 2022",
        "Punkt 3, bilag 1, Hedensted, 2023",
        "Punkt 3, bilag 1, Horsens, 2022",
        "Punkt 3, bilag 1, Horsens, 2023",
        "Punkt 3, bilag 1, Randers, 2022",
        "Punkt 3, bilag 1, Randers, 2023",
    ]
    row = rows()["Punkt 3, bilag 1, Horsens, 2022"]
    assert row.section == "Nye indsatser for hurtig hjemtagning – Horsensklyngen"
    assert (row.status, row.agenda_item) == ("2022: igangsat", 3)
    assert "Punkt 3, bilag 1, Hedensted, 2022" not in rows()  # "Ingen nye indsatser."


@pytest.mark.parametrize(
    ("locator", "partners"),
    [
        ("Punkt 3, bilag 1, Horsens, 2022", ["horsens-kommune", "regionshospitalet-horsens"]),
        (
            "Punkt 3, bilag 1, Hedensted, 2023",
            ["hedensted-kommune", "horsens-kommune", "odder-kommune"],
        ),
        ("Punkt 3, bilag 1, Randers, 2023", ["randers-kommune", "almen-praksis-midtjylland"]),
    ],
)
def test_a_blocks_text_names_its_partners(locator, partners):
    assert mentions()[locator].partners == partners


def test_the_akutteam_table_is_read_with_its_columns_in_another_order():
    statuses = {loc: row.status for loc, row in rows().items() if loc.startswith(AKUTTEAMS)}
    assert statuses == {
        f"{AKUTTEAMS}, Horsens": "Har akutteam",
        f"{AKUTTEAMS}, Hedensted": "Planlægger akutteam",
        f"{AKUTTEAMS}, Randers": "Har akutteam",
    }
    assert result().facts["akutteams_totals_match"] is True


def test_the_year_rows_bilag_keeps_the_expected_effect_and_links_the_continuing_year():
    row = rows()["Punkt 3, bilag 2, Skanderborg, 2020"]
    assert row.effect_goal == "At borgerne kan hjemtages samme dag, som de er færdigbehandlede."
    assert "Punkt 3, bilag 2, Syddjurs, 2020" not in rows()  # "Ingen nye indsatser"
    skanderborg = next(
        i
        for i in catalogue().initiatives
        if any(m.locator == "Punkt 3, bilag 2, Skanderborg, 2021" for m in i.mentions)
    )
    assert [m.locator for m in skanderborg.mentions] == [
        "Punkt 3, bilag 2, Skanderborg, 2020",
        "Punkt 3, bilag 2, Skanderborg, 2021",
    ]
    assert skanderborg.title == "Nye indsatser for hjemtagning i Skanderborg Kommune 2020–2021"


def test_no_row_text_holds_the_notes_page_furniture():
    for row in result().rows:
        for text in (row.title, row.section, row.description, row.effect_goal):
            assert "Punkt nr." not in text and "Side -1" not in text and "12-06-2023" not in text
