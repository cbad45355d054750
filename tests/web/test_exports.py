"""Exports of the filtered list: CSV with BOM, XLSX, and JSON exactly as DESIGN.md's contract."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from initiatives import export
from initiatives.models import Initiative
from tests.builders import make_initiative

pytestmark = pytest.mark.django_db

INITIATIVE_KEYS = {
    "slug",
    "title",
    "url",
    "description",
    "status",
    "regions",
    "partners",
    "target_groups",
    "models",
    "mentions",
}
MENTION_KEYS = {
    "source",
    "locator",
    "section",
    "title",
    "title_raw",
    "target_group_text",
    "partner_text",
    "description",
    "status",
}


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def test_json_export_matches_the_contract_keys_exactly(client, catalogue):
    response = client.get("/initiatives/export.json?region=hovedstaden")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(body(response))
    assert set(data) == {"count", "filters", "initiatives"}
    assert data["count"] == 2 == len(data["initiatives"])
    assert data["filters"] == "Viser 2 af 4 initiativer · Region Hovedstaden"
    item = data["initiatives"][0]
    assert set(item) == INITIATIVE_KEYS
    assert set(item["status"]) == {"code", "label", "as_of"}
    assert all(set(r) == {"slug", "name"} for r in item["regions"])
    assert all(set(p) == {"slug", "name", "kind", "region"} for p in item["partners"])
    assert all(set(g) == {"slug", "name"} for g in item["target_groups"])
    (mention,) = item["mentions"]
    assert set(mention) == MENTION_KEYS
    assert set(mention["source"]) == {"slug", "title", "date", "file"}
    assert set(mention["status"]) == {"code", "label", "text", "as_of"}


def test_json_export_values(client, catalogue):
    data = json.loads(
        body(client.get("/initiatives/export.json?status=ongoing&region=hovedstaden"))
    )
    (item,) = data["initiatives"]
    assert item["slug"] == "faerre-genindlaeggelser"
    assert item["url"] == "http://testserver/initiatives/faerre-genindlaeggelser/"
    assert item["status"] == {"code": "ongoing", "label": "Igangværende", "as_of": "2019-04-30"}
    assert item["partners"][0] == {
        "slug": "herlev-og-gentofte-hospital",
        "name": "Herlev og Gentofte Hospital",
        "kind": "hospital",
        "region": "hovedstaden",
    }
    mention = item["mentions"][0]
    assert mention["source"] == {
        "slug": "rh-notat-2019",
        "title": "Oversigt over samarbejder (notat til Forretningsudvalget)",
        "date": "2019-04-30",
        "file": "rh-notat-2019.txt",
    }
    assert mention["locator"] == "Tabel 1, række 6"
    assert mention["status"]["text"] == "Igangværende"


def test_an_undated_source_exports_a_null_date(client, catalogue):
    data = json.loads(body(client.get("/initiatives/export.json?source=danske-regioner")))
    assert data["initiatives"][0]["mentions"][0]["source"]["date"] is None


def test_json_without_filters_text_is_exactly_the_contract(catalogue):
    data = json.loads("".join(export.iter_json(Initiative.objects.by_title())))
    assert set(data) == {"count", "initiatives"}
    assert data["count"] == 4
    assert data["initiatives"][0]["url"] == "/initiatives/faerre-genindlaeggelser/"


def test_write_json_writes_to_a_stream(catalogue):
    stream = io.StringIO()
    export.write_json(Initiative.objects.all(), stream, filters_text="Alle")
    assert json.loads(stream.getvalue())["filters"] == "Alle"


def test_csv_export_has_a_bom_semicolons_the_sentence_and_a_header(client, catalogue):
    response = client.get("/initiatives/export.csv?target_group=boern-og-unge")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Viser 2 af 4 initiativer · Målgruppe: Børn og unge"]
    assert rows[1][:3] == ["slug", "titel", "status"]
    assert [row[1] for row in rows[2:]] == ["Rådgivning til familier", "Sundhedshus i Aarhus"]
    sundhedshus = rows[3]
    assert "Almen praksis | Aarhus Kommune" in sundhedshus
    assert (
        "Kilde: Region Midtjylland, Midtklyngens oversigt over initiativer, november 2022, "
        "tabel 1, række 2" in sundhedshus
    )


def test_csv_cells_that_look_like_formulas_are_defused(db):
    make_initiative('=HYPERLINK("http://example.com")')
    text = "".join(export.iter_csv(Initiative.objects.all()))
    assert "'=HYPERLINK" in text


def test_xlsx_export_opens_with_openpyxl(client, catalogue):
    response = client.get("/initiatives/export.xlsx?region=midtjylland&sort=title")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Viser 2 af 4 initiativer · Region Midtjylland"
    assert rows[1][:2] == ("slug", "titel")
    assert [row[1] for row in rows[2:]] == ["Rådgivning til familier", "Sundhedshus i Aarhus"]


def test_xlsx_never_turns_text_into_a_formula(db):
    make_initiative("=1+1")
    stream = io.BytesIO()
    export.write_xlsx(Initiative.objects.all(), stream)
    stream.seek(0)
    rows = list(load_workbook(stream).active.iter_rows(values_only=True))
    assert rows[1][1] == "=1+1"


def test_exports_keep_the_lists_order_and_filters(client, catalogue):
    data = json.loads(body(client.get("/initiatives/export.json?sort=-date")))
    assert [i["slug"] for i in data["initiatives"]] == [
        "sundhedshus-aarhus",
        "faerre-genindlaeggelser",
        "udgaaende-team",
        "raadgivning-familier",
    ]
    data = json.loads(body(client.get("/initiatives/export.json?q=genindlæggelse")))
    assert [i["slug"] for i in data["initiatives"]] == ["faerre-genindlaeggelser"]


def test_exports_include_every_row_not_one_page(client, db):
    for n in range(45):
        make_initiative(f"Projekt {n:02}", mentioned=True)
    data = json.loads(body(client.get("/initiatives/export.json")))
    assert data["count"] == 45 == len(data["initiatives"])


def test_exports_read_in_chunks(db, monkeypatch):
    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    for n in range(5):
        make_initiative(f"Projekt {n}")
    items = json.loads("".join(export.iter_json(Initiative.objects.by_title())))["initiatives"]
    assert [i["title"] for i in items] == [f"Projekt {n}" for n in range(5)]


def test_an_unknown_filter_value_exports_nothing_and_says_why(client, catalogue):
    data = json.loads(body(client.get("/initiatives/export.json?region=atlantis")))
    assert data["count"] == 0
    assert data["initiatives"] == []
    assert "region=atlantis" in data["filters"]


def test_initiative_as_dict_gives_a_path_without_a_request(catalogue):
    initiative = Initiative.objects.get(slug="udgaaende-team")
    item = export.initiative_as_dict(initiative)
    assert item["url"] == "/initiatives/udgaaende-team/"
    assert item["status"]["label"] == "Afsluttet"
