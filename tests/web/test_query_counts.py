"""Query counts do not grow with the number of rows shown (one test per view, over 1, 5, 20 rows)."""

import json

import pytest

from initiatives.search import rebuild_index
from tests.builders import (
    make_collaboration_model,
    make_initiative,
    make_mention,
    make_organisation,
    make_region,
    make_source,
    make_status,
    make_target_group,
)

pytestmark = pytest.mark.django_db

ROW_COUNTS = [1, 5, 20]


def build(n):
    """n initiatives, each with two partners, two target groups, two collaboration models, a
    region and two mentions."""
    make_status("ongoing")
    region = make_region("hovedstaden", "Region Hovedstaden")
    hospital = make_organisation("Herlev og Gentofte Hospital", kind="hospital", region=region)
    groups = [make_target_group("aeldre", "Ældre"), make_target_group("boern", "Børn")]
    sources = [make_source("note-a"), make_source("note-b")]
    models = [make_collaboration_model("telemedicin"), make_collaboration_model("shared-care")]
    parent = None
    for i in range(n):
        kommune = make_organisation(f"Kommune {i}", region=region, slug=f"kommune-{i}")
        initiative = make_initiative(
            f"Genoptræning {i:02}",
            regions=[region],
            partners=[hospital, kommune],
            target_groups=groups,
            models=models,
            parent=parent,
        )
        parent = parent or initiative
        for source in sources:
            make_mention(initiative, source, locator=f"Tabel 1, række {i}")
    rebuild_index()
    return hospital, sources[0]


# Expected counts, pinned: a change here means a view's queries changed.
# The collaboration-model facet adds one query to the list; the models' prefetch one to the
# detail page and to each export chunk.
LIST_QUERIES = 17
LIST_SEARCH_QUERIES = 15
DETAIL_QUERIES = 8
ORGANISATION_QUERIES = 9
# JSON counts the rows for its "count" key before streaming them.
EXPORT_QUERIES = {"json": 11, "csv": 10, "xlsx": 10}


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_list_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    build(n)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/initiatives/?region=hovedstaden&target_group=aeldre")
    assert len(response.context["object_list"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_searched_list_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    build(n)
    with django_assert_num_queries(LIST_SEARCH_QUERIES):
        response = client.get("/initiatives/?q=genoptræning&sort=relevance")
    assert len(response.context["object_list"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_detail_queries_do_not_grow_with_parts_and_mentions(client, django_assert_num_queries, n):
    build(n)
    from initiatives.models import Initiative

    parent = Initiative.objects.get(title="Genoptræning 00")
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(parent.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_organisation_queries_do_not_grow_with_initiatives(client, django_assert_num_queries, n):
    hospital, _source = build(n)
    with django_assert_num_queries(ORGANISATION_QUERIES):
        response = client.get(hospital.get_absolute_url())
    assert len(response.context["initiatives"]) == n


@pytest.mark.parametrize("n", ROW_COUNTS)
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_queries_do_not_grow_with_rows(client, django_assert_num_queries, n, fmt):
    build(n)
    with django_assert_num_queries(EXPORT_QUERIES[fmt]):
        response = client.get(f"/initiatives/export.{fmt}?region=hovedstaden")
        content = b"".join(response.streaming_content)
    if fmt == "json":
        assert json.loads(content)["count"] == n


@pytest.mark.parametrize("n", ROW_COUNTS)
def test_other_pages_do_not_grow_with_rows(client, django_assert_max_num_queries, n):
    _hospital, source = build(n)
    for url in [
        "/",
        "/organisations/",
        "/regions/hovedstaden/",
        "/target-groups/aeldre/",
        "/models/",
        "/models/telemedicin/",
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(source.get_absolute_url()).status_code == 200
