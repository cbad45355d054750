"""The admin as staff use it: a correction saved in the admin survives a re-import."""

import pytest
from django.contrib.auth import get_user_model

from imports.loader import load
from initiatives.models import CatalogueVersion, CollaborationModel, Initiative, Mention, Status
from tests.admin_forms import change_form_data

SOURCE_2019 = "rh-notat-forretningsudvalget-2019"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.dk", "pw")
    client.force_login(user)
    return client


def test_every_model_has_a_working_admin_list(staff_client, loaded_catalogue):
    for model in ("region", "cluster", "organisation", "targetgroup", "collaborationmodel",
                  "status", "sourcedocument", "initiative", "mention", "importwarning"):  # fmt: skip
        response = staff_client.get(f"/admin/initiatives/{model}/")
        assert response.status_code == 200, model


def test_a_title_corrected_in_the_admin_survives_a_reimport(staff_client, loaded_catalogue):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(staff_client.get(url))
    data["title"] = "Tværsektoriel stuegang i Planområde Nord"
    version = CatalogueVersion.current()
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert initiative.corrected_fields == ["title"]
    assert CatalogueVersion.current() > version

    load()
    initiative.refresh_from_db()
    assert initiative.title == "Tværsektoriel stuegang i Planområde Nord"
    assert initiative.mentions.count() == 2


def test_collaboration_models_corrected_in_the_admin_survive_a_reimport(
    staff_client, loaded_catalogue
):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    assert list(initiative.models.values_list("slug", flat=True)) == [
        "behandling-i-eget-hjem-og-udgaaende-teams"
    ]
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(staff_client.get(url))
    shared_care = CollaborationModel.objects.get(slug="shared-care")
    data["models"] = [*data["models"], shared_care.pk]
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert initiative.corrected_fields == ["models"]

    load()
    assert list(initiative.models.order_by("order").values_list("slug", flat=True)) == [
        "behandling-i-eget-hjem-og-udgaaende-teams",
        "shared-care",
    ]


def test_organisation_autocomplete_finds_partners_by_name(staff_client, loaded_catalogue):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"term": "Gladsaxe", "app_label": "initiatives", "model_name": "initiative",
         "field_name": "partners"},
    )  # fmt: skip
    names = [r["text"] for r in response.json()["results"]]
    assert "Gladsaxe Kommune" in names


def test_a_mention_status_corrected_in_the_admin_survives_a_reimport(
    staff_client, loaded_catalogue
):
    mention = Mention.objects.get(source__slug=SOURCE_2019, locator="Tabel 1, række 4")
    url = f"/admin/initiatives/mention/{mention.pk}/change/"
    data = change_form_data(staff_client.get(url))
    data["status"] = Status.objects.get(code="operation").pk
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mention.refresh_from_db()
    assert mention.corrected_fields == ["status"]

    load()
    mention.refresh_from_db()
    assert mention.status.code == "operation"
    assert mention.status_text == "Afsluttet"  # the raw cell stays as the note has it


def test_a_mention_corrected_inline_on_its_initiative_survives_a_reimport(
    staff_client, loaded_catalogue
):
    initiative = Initiative.objects.get(slug="tvaersektoriel-stuegang")
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    response = staff_client.get(url)
    data = change_form_data(response)
    formset = response.context["inline_admin_formsets"][0].formset
    index = next(
        i for i, form in enumerate(formset.forms) if form.instance.locator == "Tabel 2, række 6"
    )
    data[f"mentions-{index}-section"] = "Rettet afsnit"
    assert staff_client.post(url, data).status_code == 302

    load()
    mention = Mention.objects.get(source__slug=SOURCE_2019, locator="Tabel 2, række 6")
    assert mention.section == "Rettet afsnit"
    assert mention.corrected_fields == ["section"]
    initiative.refresh_from_db()
    assert initiative.corrected_fields == []
