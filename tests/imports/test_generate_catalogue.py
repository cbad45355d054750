"""generate_catalogue: deterministic, realistic, bulk; a second identical run writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.db.models import Count

from imports import synthetic, synthetic_write
from imports.management.commands.generate_catalogue import read_reference
from initiatives import search
from initiatives.models import CatalogueVersion, Initiative, Mention, Organisation, SourceDocument
from initiatives.search import FTS_TABLE, filter_search, rebuild_index
from tests.builders import make_initiative

pytestmark = pytest.mark.django_db


def generate(n, seed=1, **options):
    out = io.StringIO()
    call_command("generate_catalogue", initiatives=n, seed=seed, stdout=out, **options)
    return out.getvalue()


def snapshot():
    return list(
        Initiative.objects.order_by("slug").values_list(
            "slug", "title", "status__code", "last_reported", "description"
        )
    ), sorted(Mention.objects.values_list("initiative__slug", "source__slug", "locator"))


def test_the_same_seed_gives_the_same_catalogue():
    generate(300, seed=7)
    first = snapshot()
    generate(300, seed=7, replace=True)
    assert snapshot() == first
    generate(300, seed=8, replace=True)
    assert snapshot() != first


def test_a_second_identical_run_writes_nothing():
    generate(200)
    version = CatalogueVersion.current()
    out = generate(200)
    assert "nothing written" in out
    assert CatalogueVersion.current() == version


def test_rows_look_like_the_real_catalogue():
    out = generate(1000)
    assert "Generated 1000 initiatives" in out
    assert SourceDocument.objects.count() == 200  # one per 200 initiatives, at least 200
    per_initiative = Initiative.objects.annotate(n=Count("mentions")).values_list("n", flat=True)
    assert set(per_initiative) == {1, 2, 3}
    assert 1.3 < Mention.objects.count() / 1000 < 1.7
    partner_counts = sorted(
        Organisation.objects.annotate(n=Count("initiatives")).values_list("n", flat=True)
    )
    assert partner_counts[-1] > 10 * max(partner_counts[len(partner_counts) // 2], 1)  # skewed
    # The 98 kommuner (kommune units such as KAPS are of kind municipality too, without a code).
    kommuner = Organisation.objects.filter(kind="municipality", is_group=False).exclude(code="")
    assert kommuner.count() == 98
    assert not Initiative.objects.filter(sort_key="").exists()


def test_generated_initiatives_are_searchable():
    generate(200)
    word = Initiative.objects.order_by("pk").first().title.split()[0]
    assert filter_search(Initiative.objects.all(), word).exists()


def test_a_catalogue_is_not_overwritten_without_replace():
    generate(50)
    with pytest.raises(CommandError, match="--replace"):
        generate(60)
    assert Initiative.objects.count() == 50


def test_dry_run_writes_nothing():
    out = generate(50, dry_run=True)
    assert "nothing written" in out
    assert not Initiative.objects.exists()


def search_index():
    """Every initiative's indexed text: the search vector (PostgreSQL) or FTS row (SQLite)."""
    if connection.vendor == "postgresql":
        return list(Initiative.objects.order_by("pk").values_list("pk", "search_vector"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {FTS_TABLE} ORDER BY rowid")
        return cursor.fetchall()


def test_the_search_index_is_the_one_a_rebuild_makes():
    generate(300)
    written = search_index()
    assert len(written) == 300
    assert rebuild_index() == 300
    assert search_index() == written
    partner = Organisation.objects.filter(initiatives__isnull=False).order_by("pk").first()
    assert filter_search(Initiative.objects.all(), partner.name).filter(partners=partner).exists()


def schema():
    """Index and constraint definitions of the tables the generator fills."""
    tables = [model._meta.db_table for model in synthetic_write.BULK_MODELS]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The tables' own definitions hold their UNIQUE, CHECK and foreign-key constraints.
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master "
                f"WHERE tbl_name IN ({', '.join(['%s'] * len(tables))}) ORDER BY type, name",
                tables,
            )
            rows = cursor.fetchall()
            return [r for r in rows if r[0] == "index"], [r for r in rows if r[0] == "table"]
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "ORDER BY indexname",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) ORDER BY conname",
            [tables],
        )
        return indexes, cursor.fetchall()


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="indexes are dropped around COPY on PostgreSQL"
)


def test_indexes_and_constraints_are_made_again_after_the_load():
    before = schema()
    # Five tables; on PostgreSQL each unique and foreign-key constraint is one.
    assert len(before[0]) > 20 and len(before[1]) >= (
        10 if connection.vendor == "postgresql" else 5
    )
    generate(100)
    assert schema() == before
    generate(120, replace=True)  # the tables emptied by --replace
    assert schema() == before
    assert Initiative.objects.count() == 120


def test_an_initiative_made_after_a_load_gets_a_fresh_id():
    generate(100)
    last = Initiative.objects.order_by("pk").last()
    made = make_initiative()
    assert made.pk == last.pk + 1
    generate(60, replace=True)  # the ids go on past every id the table ever had
    assert Initiative.objects.order_by("pk").first().pk == made.pk + 1


def test_a_load_that_breaks_a_unique_constraint_leaves_no_rows_and_every_index(monkeypatch):
    before = schema()
    real = synthetic.generate

    def with_a_region_twice(*args):
        sources, records = real(*args)
        records[7].region_ids.append(records[7].region_ids[0])
        return sources, records

    monkeypatch.setattr(synthetic, "generate", with_a_region_twice)
    with pytest.raises(IntegrityError):
        generate(50)
    assert schema() == before
    assert not Initiative.objects.exists()
    assert not SourceDocument.objects.filter(kind=synthetic_write.SOURCE_KIND).exists()


def test_a_write_into_tables_that_hold_rows_keeps_their_indexes_and_indexes_every_row(
    loaded_catalogue,
):
    before, bundled = schema(), Initiative.objects.count()
    reference = read_reference()
    sources, records = synthetic.generate(40, 1, reference)
    with transaction.atomic():
        synthetic_write.write(sources, records, "test", reference)
    assert Initiative.objects.count() == bundled + 40
    assert schema() == before
    new = set(Initiative.objects.filter(slug__in=[r.slug for r in records]).values_list("pk"))
    written = search_index()
    assert len(written) == bundled + 40
    rebuild_index(pk for (pk,) in new)
    assert [row for row in search_index() if row[:1] in new] == [
        row for row in written if row[:1] in new
    ]


@postgresql_only
def test_a_failing_load_leaves_no_rows_and_every_index(monkeypatch):
    before = schema()
    monkeypatch.setattr(search, "pg_vector_sql", lambda *columns: "no_such_function()")
    with pytest.raises(ProgrammingError, match="no_such_function"):
        generate(50)
    assert schema() == before
    assert not Initiative.objects.exists()
    assert not SourceDocument.objects.filter(kind=synthetic_write.SOURCE_KIND).exists()
