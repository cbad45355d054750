"""Collaboration models on the site: the `model` filter and facet, the browse pages, exports."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.web.conftest import titles

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:initiative-list")
HOME = "behandling-i-eget-hjem-og-udgaaende-teams"
HOUSE = "sundheds-og-akuthuse"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def model_counts(response):
    facet = next(f for f in response.context["facets"] if f.id == "model")
    return {item["value"]: item["count"] for item in facet.items}


def body(response):
    return b"".join(response.streaming_content)


def test_model_filter_keeps_the_models_initiatives(client, catalogue):
    assert titles(get(client, f"{LIST}?model={HOME}")) == [
        "Færre genindlæggelser af ældre",
        "Udgående psykiatrisk team",
    ]


def test_model_filter_ors_repeated_values(client, catalogue):
    assert titles(get(client, f"{LIST}?model={HOME}&model={HOUSE}")) == [
        "Færre genindlæggelser af ældre",
        "Sundhedshus i Aarhus",
        "Udgående psykiatrisk team",
    ]


def test_model_filter_ands_with_the_other_filters(client, catalogue):
    assert titles(get(client, f"{LIST}?model={HOME}&status=completed")) == [
        "Udgående psykiatrisk team"
    ]
    assert titles(get(client, f"{LIST}?model={HOUSE}&region=hovedstaden")) == []


def test_the_model_facet_counts_with_every_other_filter_but_its_own(client, catalogue):
    counts = model_counts(get(client, LIST))
    assert list(counts.items()) == [(HOUSE, 1), (HOME, 2)]  # vocabulary order; telemedicine: 0
    assert model_counts(get(client, f"{LIST}?region=midtjylland")) == {HOUSE: 1}
    selected = get(client, f"{LIST}?model={HOME}&status=ongoing")
    assert model_counts(selected) == {HOME: 1}
    assert titles(selected) == ["Færre genindlæggelser af ældre"]


def test_a_selected_model_shows_in_the_sentence_and_its_facet(client, catalogue):
    response = get(client, f"{LIST}?model={HOME}")
    assert response.context["sentence"] == (
        "Viser 2 af 4 initiativer · Samarbejdsform: Behandling i eget hjem og udgående teams"
    )
    page = response.content.decode()
    assert '<h3 id="facet-model">Samarbejdsform</h3>' in page


def test_the_models_page_lists_every_model_with_its_count(client, catalogue):
    response = get(client, reverse("initiatives:model-list"))
    rows = [(m.slug, m.initiative_count) for m in response.context["collaboration_models"]]
    assert rows == [(HOUSE, 1), (HOME, 2), ("telemedicin", 0)]  # the vocabulary's order
    page = response.content.decode()
    assert f'href="/models/{HOME}/"' in page
    assert "Definitionen af" in page


def test_the_overview_links_to_each_model_and_the_models_page(client, catalogue):
    page = get(client, "/").content.decode()
    assert page.index(f'href="/models/{HOUSE}/"') < page.index(f'href="/models/{HOME}/"')
    assert 'href="/models/"' in page


def test_a_model_page_shows_its_definition_cited_and_its_initiatives_by_status(client, catalogue):
    catalogue.home.source_file = catalogue.undated.file_name
    catalogue.home.source_lines = [[57, 63], [167, 169]]
    catalogue.home.save()
    response = get(client, catalogue.home.get_absolute_url())
    groups = response.context["status_groups"]
    assert [(g["status"].code, g["count"]) for g in groups] == [("ongoing", 1), ("completed", 1)]
    assert [(i.title, i.status.code) for g in groups for i in g["initiatives"]] == [
        ("Færre genindlæggelser af ældre", "ongoing"),
        ("Udgående psykiatrisk team", "completed"),
    ]
    assert response.context["citation"] == (
        "Kilde: Danske Regioners notat, udateret, ca. 2014, linje 57–63 og 167–169"
    )
    page = response.content.decode()
    assert "Definitionen af behandling-i-eget-hjem-og-udgaaende-teams." in page
    assert 'href="/sources/danske-regioner/text/?lines=57-63#L57"' in page
    assert 'href="/sources/danske-regioner/text/?lines=167-169#L167"' in page
    assert page.index('id="status-ongoing"') < page.index('id="status-completed"')
    assert f'href="/initiatives/?model={HOME}"' in page


def test_a_model_whose_note_is_not_loaded_still_shows_its_definition(client, catalogue):
    page = get(client, catalogue.telemedicine.get_absolute_url()).content.decode()
    assert "Definitionen af telemedicin." in page
    assert "001_f78470f6f1d730cd.txt" in page
    assert "Ingen initiativer med denne samarbejdsform." in page


def test_an_unknown_model_page_is_a_danish_404(client, catalogue):
    response = client.get("/models/smoke-signals/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_the_detail_page_links_the_initiatives_models(client, catalogue):
    page = get(client, catalogue.outreach.get_absolute_url()).content.decode()
    assert f'<a href="/models/{HOME}/">Behandling i eget hjem og udgående teams</a>' in page
    page = get(client, catalogue.counselling.get_absolute_url()).content.decode()
    assert "Ingen tildelt" in page


def test_pages_show_the_english_name_in_english(client, catalogue):
    client.cookies["django_language"] = "en"
    response = get(client, f"{LIST}?model={HOME}")
    assert "Treatment at home and outreach teams" in response.content.decode()


def test_json_export_gives_each_initiatives_models(client, catalogue):
    data = json.loads(body(client.get(f"/initiatives/export.json?model={HOME}&sort=title")))
    assert [item["models"] for item in data["initiatives"]] == [
        [{"slug": HOME, "name": "Behandling i eget hjem og udgående teams"}],
    ] * 2
    data = json.loads(body(client.get("/initiatives/export.json?source=danske-regioner")))
    assert data["initiatives"][0]["models"] == []


def test_csv_and_xlsx_exports_have_a_models_column(client, catalogue):
    raw = body(client.get(f"/initiatives/export.csv?model={HOUSE}"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("samarbejdsformer")  # row 1 is the header
    assert rows[1][column] == "Sundheds- og akuthuse"
    workbook = load_workbook(
        io.BytesIO(body(client.get(f"/initiatives/export.xlsx?model={HOUSE}")))
    )
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert sheet_rows[1][sheet_rows[0].index("samarbejdsformer")] == "Sundheds- og akuthuse"
