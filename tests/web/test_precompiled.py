"""The detail page's query compiled once (``initiatives.precompiled``) gives what the ORM gives.

Every bundled initiative's mentions come back from the precompiled statement with the same rows,
field values, initiative, parent and ``initiative_has_parts`` as from the queryset itself; the
value is swapped in on every call, and a queryset it cannot serve is refused when compiled.
"""

import psycopg
import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from initiatives import vocabulary
from initiatives.export_sql import split_ids
from initiatives.models import Initiative, Mention
from initiatives.precompiled import Precompiled
from initiatives.views.detail import PAGE_MENTIONS
from tests.web.conftest import build_catalogue

pytestmark = pytest.mark.django_db


def loaded_values(obj):
    """The fields an instance holds (deferred ones are not read, as the page never reads them)."""
    loaded = obj.get_deferred_fields()
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in loaded
    }


def described(mention):
    initiative = mention.initiative
    parent = initiative.parent
    return (
        loaded_values(mention),
        mention.initiative_has_parts,
        [sorted(split_ids(getattr(mention, f"linked_{name}"))) for name in vocabulary.LINKS],
        loaded_values(initiative),
        None if parent is None else (parent.pk, parent.slug, parent.title),
    )


def test_every_bundled_initiative_reads_the_same_as_through_the_orm(loaded_catalogue):
    slugs = list(
        Initiative.objects.filter(mentions__isnull=False).distinct().values_list("slug", flat=True)
    )
    assert len(slugs) > 150
    for slug in slugs:
        expected = list(Mention.objects.for_initiative_page(slug))
        got = PAGE_MENTIONS(slug)
        assert [described(m) for m in got] == [described(m) for m in expected], slug


def test_parents_and_parts_come_back_on_the_precompiled_rows(loaded_catalogue):
    part = Initiative.objects.filter(parent__isnull=False, mentions__isnull=False).first()
    assert part is not None, "the bundled catalogue has initiatives that are parts of others"
    (mention, *_rest) = PAGE_MENTIONS(part.slug)
    assert mention.initiative.parent.slug == part.parent.slug
    assert mention.initiative.parent.title == part.parent.title
    parent_rows = PAGE_MENTIONS(part.parent.slug)
    if parent_rows:
        assert parent_rows[0].initiative_has_parts is True


def test_each_call_reads_its_own_value_and_an_unknown_one_reads_nothing(loaded_catalogue):
    first, second = Initiative.objects.filter(mentions__isnull=False).distinct()[:2]
    assert {m.initiative.slug for m in PAGE_MENTIONS(first.slug)} == {first.slug}
    assert {m.initiative.slug for m in PAGE_MENTIONS(second.slug)} == {second.slug}
    assert PAGE_MENTIONS("findes-ikke") == []
    assert {m.initiative.slug for m in PAGE_MENTIONS(first.slug)} == {first.slug}


def test_a_queryset_whose_sql_does_not_hold_the_value_once_is_refused(db):
    twice = Precompiled(Mention, lambda v: Mention.objects.filter(Q(locator=v) | Q(section=v)))
    with pytest.raises(ValueError, match="found 2"):
        twice("x")
    never = Precompiled(Mention, lambda v: Mention.objects.all())
    with pytest.raises(ValueError, match="found 0"):
        never("x")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server plans it")
def test_postgresql_prepares_the_page_statement_once(loaded_catalogue):
    first, second = Initiative.objects.filter(mentions__isnull=False).distinct()[:2]
    before = len(prepared_statements())
    for slug in (first.slug, second.slug, first.slug):
        expected = [described(m) for m in Mention.objects.for_initiative_page(slug)]
        assert [described(m) for m in PAGE_MENTIONS(slug)] == expected
    added = prepared_statements()[before:]
    assert len(added) == 1 and 'FROM "initiatives_mention"' in added[0]
    # While queries are logged, the log shows the statement whole.
    with CaptureQueriesContext(connection) as queries:
        PAGE_MENTIONS(first.slug)
    assert len(queries) == 1 and first.slug in queries[0]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server plans it")
def test_without_prepared_statements_nothing_is_prepared(loaded_catalogue):
    slug = Initiative.objects.filter(mentions__isnull=False).first().slug
    connection.ensure_connection()
    raw = connection.connection
    threshold, raw.prepare_threshold = raw.prepare_threshold, None  # DATABASE_PREPARED_STATEMENTS=0
    try:
        before = prepared_statements()
        assert [described(m) for m in PAGE_MENTIONS(slug)] == [
            described(m) for m in Mention.objects.for_initiative_page(slug)
        ]
        assert prepared_statements() == before
    finally:
        raw.prepare_threshold = threshold


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server plans it")
def test_a_plan_a_migration_made_stale_still_answers_on_the_same_connection(transactional_db):
    build_catalogue()
    slug = Initiative.objects.filter(mentions__isnull=False).first().slug
    expected = [described(m) for m in Mention.objects.for_initiative_page(slug)]
    assert [described(m) for m in PAGE_MENTIONS(slug)] == expected  # prepared on this connection
    kept = connection.connection
    params = connection.get_connection_params()
    address = {k: params[k] for k in ("dbname", "user", "password", "host", "port") if k in params}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'initiatives_mention'::regclass AND attname = 'section'"
        )
        (was,) = cursor.fetchone()
    alter = "ALTER TABLE initiatives_mention ALTER COLUMN section TYPE {}"
    with psycopg.connect(**address, autocommit=True) as migration:  # another process migrates
        migration.execute(alter.format("text"))
    try:
        for _ in range(2):
            assert [described(m) for m in PAGE_MENTIONS(slug)] == expected
        assert connection.connection is kept
    finally:
        connection.close()  # its plan is stale again once the column is put back
        with psycopg.connect(**address, autocommit=True) as migration:
            migration.execute(alter.format(was))
