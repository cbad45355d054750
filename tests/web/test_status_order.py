"""Statuses read in their life-cycle order wherever a list of them is shown: planlagt →
igangværende → under implementering → under evaluering → i drift → afsluttet → ukendt.

The statuses here are made in alphabetical order of their Danish labels (Afsluttet, I drift,
Igangværende …), so a list ordered by label, by English label or by id would fail each test;
only the vocabulary's ``order`` gives the life cycle.
"""

import csv
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from initiatives.models import Initiative, Mention, Status
from tests.builders import (
    STATUS_LABELS,
    make_collaboration_model,
    make_mention,
    make_region,
    make_status,
    make_target_group,
)

pytestmark = pytest.mark.django_db

LIFE_CYCLE = [
    "planned",
    "ongoing",
    "implementation",
    "evaluation",
    "operation",
    "completed",
    "unknown",
]
ENGLISH = {
    "planned": "Planned",
    "ongoing": "Ongoing",
    "implementation": "Being implemented",
    "evaluation": "Being evaluated",
    "operation": "In operation",
    "completed": "Completed",
    "unknown": "Unknown",
}
REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "statuses.csv"


@pytest.fixture
def statuses(db):
    """Every status, made alphabetically by label, with one public initiative each."""
    region = make_region("hovedstaden", "Region Hovedstaden")
    group = make_target_group("psykisk-sygdom", "Psykisk sygdom")
    model = make_collaboration_model("telemedicin", "Telemedicin")
    for code in sorted(LIFE_CYCLE, key=STATUS_LABELS.get):
        status = make_status(code)
        status.label_en = ENGLISH[code]
        status.save()
        initiative = Initiative.objects.create(
            slug=f"initiativ-{code}", title=f"Initiativ {code}", status=status
        )
        initiative.regions.set([region])
        initiative.target_groups.set([group])
        initiative.models.set([model])
        make_mention(initiative, status=status)
    assert list(Status.objects.order_by("pk").values_list("code", flat=True)) != LIFE_CYCLE
    return {"region": region, "group": group, "model": model}


def test_reference_data_gives_the_statuses_their_life_cycle_order():
    with REFERENCE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    in_order = sorted(rows, key=lambda row: int(row["order"]))
    assert [row["code"] for row in in_order] == LIFE_CYCLE
    assert len({row["order"] for row in rows}) == len(rows)  # no ties left to chance


def test_the_list_facet(client, statuses):
    (facet,) = [f for f in client.get("/initiatives/").context["facets"] if f.id == "status"]
    assert [item["value"] for item in facet.items] == LIFE_CYCLE


def test_the_list_facet_in_english(client, statuses):
    client.cookies["django_language"] = "en"
    (facet,) = [f for f in client.get("/initiatives/").context["facets"] if f.id == "status"]
    assert [item["label"] for item in facet.items] == [ENGLISH[code] for code in LIFE_CYCLE]


def test_the_filter_sentence_and_chips_with_several_statuses(client, statuses):
    query = "&".join(f"status={code}" for code in reversed(LIFE_CYCLE))
    response = client.get(f"/initiatives/?{query}")
    labels = [STATUS_LABELS[code] for code in LIFE_CYCLE]
    assert response.context["sentence"] == (
        "Viser 7 af 7 initiativer · Status: " + " eller ".join(labels)
    )
    (chips,) = [group for group in response.context["active"] if group["name"] == "status"]
    assert [chip["label"] for chip in chips["values"]] == labels


def test_the_export_sentence_with_several_statuses(client, statuses):
    response = client.get("/initiatives/export.json?status=unknown&status=completed&status=planned")
    data = json.loads(b"".join(response.streaming_content))
    assert data["filters"] == (
        "Viser 3 af 7 initiativer · Status: Planlagt eller Afsluttet eller Ukendt"
    )


def test_the_overview_bars(client, statuses):
    response = client.get("/")
    assert [status.code for status in response.context["statuses"]] == LIFE_CYCLE


def test_the_target_group_page(client, statuses):
    response = client.get(statuses["group"].get_absolute_url())
    assert [status.code for status, _n in response.context["status_counts"]] == LIFE_CYCLE


def test_the_collaboration_model_page(client, statuses):
    response = client.get(statuses["model"].get_absolute_url())
    assert [g["status"].code for g in response.context["status_groups"]] == LIFE_CYCLE


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.dk", "pw")
    client.force_login(user)
    return client


def _status_filter_codes(response):
    (spec,) = [s for s in response.context["cl"].filter_specs if s.field_path == "status"]
    codes = dict(Status.objects.values_list("pk", "code"))
    return [codes[pk] for pk, _label in spec.lookup_choices]


def test_the_admin_list_filter_of_initiatives(staff_client, statuses):
    response = staff_client.get("/admin/initiatives/initiative/")
    assert _status_filter_codes(response) == LIFE_CYCLE


def test_the_admin_list_filter_of_mentions(staff_client, statuses):
    response = staff_client.get("/admin/initiatives/mention/")
    assert _status_filter_codes(response) == LIFE_CYCLE


def test_the_admin_status_list(staff_client, statuses):
    response = staff_client.get("/admin/initiatives/status/")
    assert [s.code for s in response.context["cl"].result_list] == LIFE_CYCLE


def _select_labels(response):
    field = response.context["adminform"].form.fields["status"]
    return [str(label) for value, label in field.choices if value != ""]


def test_the_status_select_of_the_initiative_form(staff_client, statuses):
    initiative = Initiative.objects.get(slug="initiativ-ongoing")
    response = staff_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    assert _select_labels(response) == [STATUS_LABELS[code] for code in LIFE_CYCLE]


def test_the_status_select_of_the_mention_form(staff_client, statuses):
    mention = Mention.objects.get(initiative__slug="initiativ-ongoing")
    response = staff_client.get(f"/admin/initiatives/mention/{mention.pk}/change/")
    assert _select_labels(response) == [STATUS_LABELS[code] for code in LIFE_CYCLE]
