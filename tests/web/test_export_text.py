"""The exports write their text straight from database rows (``initiatives.export``,
``initiatives.spreadsheets``): it must be exactly what the plain ways of writing it give —
``json.dumps`` of the contract's dict, ``csv.writer`` of the row — whatever the cells hold, in
the display order of regions, partners, target groups, models and mentions."""

import csv
import datetime
import io
import json

import pytest

from initiatives import export, spreadsheets
from initiatives.models import Initiative
from tests.builders import (
    make_collaboration_model,
    make_initiative,
    make_mention,
    make_organisation,
    make_region,
    make_source,
    make_target_group,
)

pytestmark = pytest.mark.django_db

# Text a hand-made writer could get wrong: quotes, backslashes, control characters, line ends,
# the CSV separator, non-ASCII (æøå, an emoji, U+2028) and a leading formula character.
TRICKY = [
    'Sagt: "hjem" \\ ud',
    "linje 1\nlinje 2\r\nlinje 3\rslut",
    "tab\there; semikolon;",
    "kontrol \x01\x1f\x7f slut",
    "Ærø, Søby & Åbenrå 🙂 \u2028 \u2029",
    "=1+1",
    "-minus",
    " mellemrum først",
    "",
]


@pytest.fixture
def tricky():
    hovedstaden = make_region("hovedstaden", "Region Hovedstaden")
    midt = make_region("midtjylland", "Region Midtjylland")
    partners = [
        make_organisation("Zealand Kommune", "municipality", hovedstaden),
        make_organisation("Almen praksis", "general_practice"),
        make_organisation("Amager Hospital", "hospital", hovedstaden),
        make_organisation("Aarhus Kommune", "municipality", midt),
    ]
    groups = [make_target_group("born", "Børn"), make_target_group("aeldre", "Ældre")]
    models = [make_collaboration_model("shared-care", "Shared care")]
    new = make_source("ny", datetime.date(2022, 11, 1), midt, title='Ny "note"')
    old = make_source("gammel", datetime.date(2017, 5, 19), hovedstaden, title="Gammel")
    undated = make_source("udateret", None, None, title="Udateret", date_note="Udateret, ca. 2014")
    made = []
    for n, text in enumerate(TRICKY):
        initiative = make_initiative(
            f"{text} {n}",
            ["ongoing", "planned", "completed"][n % 3],
            slug=f"tricky-{n}",
            description=text,
            regions=[midt, hovedstaden][: 1 + n % 2],
            partners=partners[n % 4 :],
            target_groups=groups[n % 2 :],
            models=models[: n % 2],
            status_as_of=datetime.date(2019, 4, 30) if n % 2 else None,
        )
        for source, position in [(new, 2), (old, 7), (undated, 1), (old, 3)][: 1 + n % 4]:
            make_mention(
                initiative,
                source,
                locator=f"Tabel {n}, række {position} {text}",
                position=position,
                section=text,
                description=text,
                status_text=text,
                partner_text=text,
            )
        made.append(initiative)
    return made


def test_each_json_record_is_json_dumps_of_its_dict(tricky):
    texts = list(export.iter_record_texts(Initiative.objects.all()))
    assert len(texts) == len(TRICKY)
    for text in texts:
        assert text == json.dumps(json.loads(text), ensure_ascii=False)
    records = {record["slug"]: record for record in map(json.loads, texts)}
    assert records["tricky-3"]["description"] == "kontrol \x01\x1f\x7f slut"
    assert records["tricky-1"]["mentions"][0]["status"]["text"] == TRICKY[1]


def test_the_json_export_is_one_document_with_every_record(tricky):
    text = "".join(export.iter_json(Initiative.objects.by_title(), "Alle"))
    data = json.loads(text)
    assert data["count"] == len(TRICKY) == len(data["initiatives"])
    assert text.startswith('{"count": 9, "filters": "Alle", "initiatives": [\n{"slug": ')
    assert text.endswith("}\n]}\n")
    assert [i["slug"] for i in data["initiatives"]] == list(
        Initiative.objects.by_title().values_list("slug", flat=True)
    )


def test_records_list_links_and_mentions_in_display_order(tricky):
    record = export.initiative_as_dict(Initiative.objects.get(slug="tricky-3"))
    assert [r["name"] for r in record["regions"]] == ["Region Hovedstaden", "Region Midtjylland"]
    # Partners by kind, then name.
    assert [(p["kind"], p["name"]) for p in record["partners"]] == [
        ("municipality", "Aarhus Kommune")
    ]
    record = export.initiative_as_dict(Initiative.objects.get(slug="tricky-0"))
    assert [(p["kind"], p["name"]) for p in record["partners"]] == [
        ("general_practice", "Almen praksis"),
        ("hospital", "Amager Hospital"),
        ("municipality", "Aarhus Kommune"),
        ("municipality", "Zealand Kommune"),
    ]
    assert record["partners"][0]["region"] is None
    assert record["status"]["as_of"] is None
    # Mentions oldest first: the undated note, then by date, then by place in the note.
    record = export.initiative_as_dict(Initiative.objects.get(slug="tricky-3"))
    assert [(m["source"]["slug"], m["locator"].split(" ")[3]) for m in record["mentions"]] == [
        ("udateret", "1"),
        ("gammel", "3"),
        ("gammel", "7"),
        ("ny", "2"),
    ]
    assert record["mentions"][0]["source"]["date"] is None
    assert record["mentions"][1]["source"]["date"] == "2017-05-19"
    assert record["mentions"][1]["status"]["as_of"] == "2017-05-19"


def test_each_csv_line_is_what_csv_writer_writes(tricky):
    text = "".join(spreadsheets.iter_csv(Initiative.objects.by_title(), bom=False))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 1 + len(TRICKY)
    again = io.StringIO(newline="")
    csv.writer(again, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert text == again.getvalue()
    by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_slug["tricky-5"]["beskrivelse"] == "'=1+1"
    assert by_slug["tricky-6"]["beskrivelse"] == "'-minus"
    assert by_slug["tricky-1"]["beskrivelse"] == TRICKY[1]
    assert by_slug["tricky-2"]["beskrivelse"] == TRICKY[2]
    tricky_3 = by_slug["tricky-3"]
    assert tricky_3["regioner"] == "Region Hovedstaden | Region Midtjylland"
    assert tricky_3["parter"] == "Aarhus Kommune"
    assert by_slug["tricky-0"]["parter"] == (
        "Almen praksis | Amager Hospital | Aarhus Kommune | Zealand Kommune"
    )
    assert by_slug["tricky-0"]["målgrupper"] == "Børn | Ældre"
    assert by_slug["tricky-0"]["status pr."] == ""
    # Oldest first, each in its note's words: the undated note, 2017 (rows 3 and 7), 2022.
    assert [c.split(", tabel")[0] for c in tricky_3["kilder"].split(" | ")] == [
        "Kilde: Notat til Forretningsudvalget, udateret, ca. 2014",
        "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 19. maj 2017",
        "Kilde: Region Hovedstaden, notat til Forretningsudvalget, 19. maj 2017",
        "Kilde: Region Midtjylland, notat til Forretningsudvalget, 1. november 2022",
    ]
    assert [c.split(", ")[-1][:7] for c in tricky_3["kilder"].split(" | ")] == [
        "række 1",
        "række 3",
        "række 7",
        "række 2",
    ]


def test_csv_cells_are_quoted_exactly_as_csv_writer_quotes_them():
    cells = [*TRICKY, '"', ";", "\r", "\n", "a;b", 'a"b', "x"]
    for start in range(len(cells)):
        row = (cells[start:] + cells[:start])[: len(spreadsheets.COLUMNS)]
        row += ["fyld"] * (len(spreadsheets.COLUMNS) - len(row))
        expected = io.StringIO(newline="")
        csv.writer(expected, delimiter=";", lineterminator="\r\n").writerow(row)
        assert spreadsheets._csv_line(row) == expected.getvalue()


def test_a_small_link_cache_changes_nothing(tricky, monkeypatch):
    full = "".join(export.iter_json(Initiative.objects.all()))
    csv_full = "".join(spreadsheets.iter_csv(Initiative.objects.all()))
    monkeypatch.setattr(export, "LINK_CACHE_SIZE", 1)
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    assert "".join(export.iter_json(Initiative.objects.all())) == full
    assert "".join(spreadsheets.iter_csv(Initiative.objects.all())) == csv_full
