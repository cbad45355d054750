"""Exports of the filtered list: CSV with BOM and XLSX with the header on row 1 (read as csv and
openpyxl, so as pandas and Excel read them), in the visitor's language, named for their filters;
and JSON exactly as DESIGN.md's contract."""

import csv
import io
import json
from urllib.parse import quote

import pytest
from django.utils import formats, timezone, translation
from openpyxl import load_workbook

from initiatives import export, spreadsheets
from initiatives.models import CatalogueVersion, Initiative
from initiatives.views.exports import FILENAME_FILTERS_MAX
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


def rows_of_csv(response):
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def workbook_of(response):
    return load_workbook(io.BytesIO(body(response)), read_only=True)


def test_csv_row_1_is_the_header_then_one_row_per_initiative(client, catalogue):
    response = client.get("/initiatives/export.csv?target_group=boern-og-unge")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of_csv(response)
    assert rows[0] == [
        "slug",
        "titel",
        "status",
        "status pr.",
        "regioner",
        "parter",
        "målgrupper",
        "samarbejdsformer",
        "kilder",
        "url",
        "beskrivelse",
    ]
    assert [row[1] for row in rows[1:]] == ["Rådgivning til familier", "Sundhedshus i Aarhus"]
    # As pandas.read_csv(sep=";") reads it: the first line names the columns.
    text = body(client.get("/initiatives/export.csv?target_group=boern-og-unge")).decode(
        "utf-8-sig"
    )
    sundhedshus = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))[1]
    assert sundhedshus["titel"] == "Sundhedshus i Aarhus"
    assert sundhedshus["status"] == "Planlagt"
    assert sundhedshus["parter"] == "Almen praksis | Aarhus Kommune"
    assert sundhedshus["målgrupper"] == "Børn og unge | Ældre medicinske patienter"
    assert sundhedshus["kilder"] == (
        "Kilde: Region Midtjylland, Midtklyngens oversigt over initiativer, november 2022, "
        "tabel 1, række 2"
    )


def test_the_csv_file_name_carries_the_filters_and_the_date(client, catalogue):
    today = timezone.localdate().isoformat()
    response = client.get("/initiatives/export.csv?target_group=boern-og-unge")
    assert response["Content-Disposition"] == (
        f'attachment; filename="initiativer-maalgruppe-boern-og-unge-{today}.csv"'
    )
    response = client.get("/initiatives/export.csv?region=hovedstaden")
    assert response["Content-Disposition"] == (
        f'attachment; filename="initiativer-region-hovedstaden-{today}.csv"'
    )
    response = client.get("/initiatives/export.csv")
    assert response["Content-Disposition"] == f'attachment; filename="initiativer-{today}.csv"'


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        # Danish letters spelled out, the search's quote marks dropped: ASCII only.
        ("q=ældre+på+øen", "soegning-aeldre-paa-oeen"),
        ("status=completed&status=planned", "status-planlagt-eller-afsluttet"),
        ("region=atlantis", "ukendt-filtervaerdi-region-atlantis"),
        ("q=" + quote('a"b/c\\d;e\r\nf'), "soegning-a-b-c-d-e-f"),
    ],
)
def test_file_names_are_safe_ascii_slugs_of_the_filters(client, catalogue, query, filters):
    today = timezone.localdate().isoformat()
    for fmt in ("csv", "json", "xlsx"):
        disposition = client.get(f"/initiatives/export.{fmt}?{query}")["Content-Disposition"]
        assert disposition == f'attachment; filename="initiativer-{filters}-{today}.{fmt}"'


def test_a_long_filter_is_cut_at_a_word_in_the_file_name(client, catalogue):
    query = "region=midtjylland&region=hovedstaden&target_group=aeldre-medicinske-patienter"
    disposition = client.get(f"/initiatives/export.csv?{query}")["Content-Disposition"]
    name = disposition.split('filename="')[1].rstrip('"')
    assert name.isascii()
    filters = name.removeprefix("initiativer-").rsplit("-", 3)[0]  # without the date
    assert len(filters) <= FILENAME_FILTERS_MAX
    # The whole would be "…-maalgruppe-aeldre-medicinske-patienter": cut where a word ends.
    assert filters == "region-hovedstaden-eller-region-midtjylland-maalgruppe"


def test_csv_cells_that_look_like_formulas_are_defused(db):
    make_initiative('=HYPERLINK("http://example.com")')
    text = "".join(spreadsheets.iter_csv(Initiative.objects.all()))
    assert "'=HYPERLINK" in text


def test_xlsx_row_1_is_the_header_and_the_rows_follow(client, catalogue):
    response = client.get("/initiatives/export.xlsx?region=midtjylland&sort=title")
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="initiativer-region-midtjylland-{today}.xlsx"'
    )
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["Initiativer", "Om udtrækket"]
    rows = list(workbook["Initiativer"].iter_rows(values_only=True))
    assert rows[0][:4] == ("slug", "titel", "status", "status pr.")
    assert [row[1] for row in rows[1:]] == ["Rådgivning til familier", "Sundhedshus i Aarhus"]


def test_xlsx_header_row_is_frozen(client, catalogue):
    workbook = load_workbook(io.BytesIO(body(client.get("/initiatives/export.xlsx"))))
    assert workbook["Initiativer"].freeze_panes == "A2"


def test_the_about_sheet_says_what_when_and_where_from(client, catalogue):
    before = timezone.localtime()
    response = client.get("/initiatives/export.xlsx?region=hovedstaden&status=ongoing")
    about = dict(workbook_of(response)["Om udtrækket"].iter_rows(values_only=True))
    assert about["Filtre"] == "Viser 1 af 4 initiativer · Region Hovedstaden · Status: Igangværende"
    assert about["Udtrukket"].startswith(f"{before.day}. {formats.date_format(before, 'F Y')} kl. ")
    assert about["Kilde (listen i kataloget)"] == (
        "http://testserver/initiatives/?region=hovedstaden&status=ongoing"
    )
    assert about["Udtrækket"] == (
        "http://testserver/initiatives/export.xlsx?region=hovedstaden&status=ongoing"
    )
    assert about["Katalogets version"] == str(CatalogueVersion.current())


def test_the_about_sheets_list_url_drops_the_page_but_keeps_the_sort(client, catalogue):
    response = client.get("/initiatives/export.xlsx?page=2&sort=-date&more=region")
    about = dict(workbook_of(response)["Om udtrækket"].iter_rows(values_only=True))
    assert about["Kilde (listen i kataloget)"] == "http://testserver/initiatives/?sort=-date"
    assert about["Filtre"] == "Viser 4 af 4 initiativer"


def test_english_exports_have_english_headers_labels_locators_and_dates(client, catalogue):
    from initiatives.models import Status

    Status.objects.filter(code="planned").update(label_en="Planned")
    client.cookies["django_language"] = "en"
    response = client.get("/initiatives/export.csv?region=midtjylland")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="initiatives-region-midtjylland-{today}.csv"'
    )
    # A streamed export is read after its view returned: it keeps the visitor's language.
    translation.activate("da")
    rows = rows_of_csv(response)
    assert rows[0] == [
        "slug",
        "title",
        "status",
        "status as of",
        "regions",
        "partners",
        "target groups",
        "collaboration models",
        "sources",
        "url",
        "description",
    ]
    sundhedshus = dict(zip(rows[0], rows[2], strict=True))
    assert sundhedshus["status"] == "Planned"
    assert sundhedshus["target groups"] == "Børn og unge | Older medical patients"
    assert sundhedshus["sources"] == (
        "Source: Region Midtjylland, Midtklyngens oversigt over initiativer, November 2022, "
        "Table 1, row 2"
    )

    workbook = workbook_of(client.get("/initiatives/export.xlsx?region=midtjylland"))
    assert workbook.sheetnames == ["Initiatives", "About this export"]
    rows = list(workbook["Initiatives"].iter_rows(values_only=True))
    assert rows[0][:4] == ("slug", "title", "status", "status as of")
    assert rows[2][2] == "Planned"
    about = dict(workbook["About this export"].iter_rows(values_only=True))
    assert about["Filters"] == "Showing 2 of 4 initiatives · Region Midtjylland"
    assert " at " in about["Exported"]


def test_an_undated_sources_citation_says_so_in_english(client, catalogue):
    client.cookies["django_language"] = "en"
    rows = rows_of_csv(client.get("/initiatives/export.csv?source=danske-regioner"))
    assert rows[1][rows[0].index("sources")] == (
        "Source: Danske Regioners notat, undated, ca. 2014, Example 4"
    )


def test_xlsx_never_turns_text_into_a_formula(db):
    make_initiative("=1+1")
    stream = io.BytesIO()
    spreadsheets.write_xlsx(Initiative.objects.all(), stream)
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


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_right_after_another_process_loaded_new_statuses_and_notes(
    client, catalogue, fmt
):
    # This process has seen the catalogue (its cached version and vocabulary); then a load in
    # another process adds a status and a note and moves the version in the database only.
    CatalogueVersion.objects.get_or_create(pk=1)
    client.get("/initiatives/")
    from django.db.models import F

    from tests.builders import make_mention, make_source, make_status

    new_status = make_status("evaluation")
    note = make_source("ny-note-2025", title="Nyt notat om samarbejder")
    made = make_initiative("Helt nyt initiativ", "evaluation")
    make_mention(made, note, locator="Tabel 1, række 1")
    CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)

    response = client.get(f"/initiatives/export.{fmt}")
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    if fmt == "json":
        (item,) = [i for i in json.loads(text)["initiatives"] if i["title"] == "Helt nyt initiativ"]
        assert item["status"]["label"] == new_status.label
        assert item["mentions"][0]["source"]["slug"] == "ny-note-2025"
    else:
        (row,) = [r for r in csv.reader(io.StringIO(text), delimiter=";") if "Helt nyt" in r[1]]
        assert row[2] == new_status.label
        assert row[8].startswith("Kilde: ") and row[8].endswith("tabel 1, række 1")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_partner_added_by_a_load_while_an_export_streams_is_in_the_export(
    catalogue, monkeypatch, fmt
):
    # Chunks of two: the export reads its vocabulary, writes the first chunk; then a load in
    # another process links a new partner to a later initiative and moves the version.
    from django.db.models import F

    from tests.builders import make_organisation

    monkeypatch.setattr(export, "CHUNK_SIZE", 2)
    CatalogueVersion.objects.get_or_create(pk=1)
    queryset = Initiative.objects.by_title()
    last = list(queryset)[-1]
    stream = export.iter_json(queryset) if fmt == "json" else spreadsheets.iter_csv(queryset)
    written = [next(stream)]
    while not any(queryset[0].title in piece for piece in written):
        written.append(next(stream))
    partner = make_organisation("Nyoprettet Sundhedshus")
    last.partners.add(partner)
    CatalogueVersion.objects.filter(pk=1).update(version=F("version") + 1)
    text = "".join([*written, *stream])

    if fmt == "json":
        (item,) = [i for i in json.loads(text)["initiatives"] if i["slug"] == last.slug]
        assert "Nyoprettet Sundhedshus" in [p["name"] for p in item["partners"]]
    else:
        (row,) = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r[1] == last.title]
        assert "Nyoprettet Sundhedshus" in ";".join(row)
