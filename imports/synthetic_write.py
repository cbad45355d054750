"""Writing a synthetic catalogue (``imports.synthetic``'s records) into the database, in bulk.

``write(sources, records, mark, reference)`` writes the sources, the initiatives with their
region, partner and target-group links, the mentions and the search index, inside the caller's
transaction, and returns the seconds each phase took. This module owns the dispatch, the sources
and the PostgreSQL path; ``imports.synthetic_write_sqlite`` the SQLite one. Both write the rows
``imports.synthetic_rows`` shapes (every column the generator does not set gets the value
``bulk_create`` would write), so the two databases hold the same catalogue:

- PostgreSQL: COPY. The initiatives go through a temporary table, so that one ``INSERT … SELECT``
  writes them with their search vectors (``search.pg_vector_sql``, the expression
  ``rebuild_index`` uses) instead of a second pass that rewrites every row. When the tables start
  empty (a first load, or ``--replace``), their secondary indexes, unique and foreign-key
  constraints are dropped first and made again after the write, from the definitions PostgreSQL
  reports: one sorted build each instead of an index insertion and a deferred foreign-key check
  per row. DDL is transactional, so a failure rolls the definitions back with the rows; until
  the commit, other sessions reading these tables wait.
- SQLite: one prepared INSERT per table run over all its rows (``executemany``), with the
  initiative ids assigned up front, secondary indexes dropped and made again when the tables
  start empty, and the search index written from the records (see that module).
"""

import time

from django.db import connection

from imports import synthetic_write_sqlite
from imports.synthetic_rows import (
    BULK_MODELS,
    INITIATIVE_FIELDS,
    Columns,
    index_texts,
    initiative_values,
    link_tables,
    mention_table,
)
from initiatives import search
from initiatives.models import Initiative, SourceDocument

__all__ = ["BULK_MODELS", "SOURCE_KIND", "Phases", "write"]

SOURCE_KIND = "syntetisk"
BATCH_SIZE = 2000


class Phases(dict):
    """Seconds per phase, in the order the phases ran."""

    def __init__(self):
        super().__init__()
        self._last = time.perf_counter()

    def done(self, name):
        now = time.perf_counter()
        self[name] = self.get(name, 0.0) + now - self._last
        self._last = now


def write(sources, records, mark, reference):
    """Write the catalogue (see the module docstring); returns (mention count, Phases)."""
    phases = Phases()
    source_ids = _write_sources(sources, mark)
    phases.done("sources")
    if connection.vendor == "postgresql":
        count = _write_postgresql(records, source_ids, reference, phases)
    else:
        count = synthetic_write_sqlite.write(records, source_ids, reference, phases)
    return count, phases


def _write_sources(sources, mark):
    rows = [
        SourceDocument(
            slug=s.slug,
            title=s.title,
            short_title=s.title.split(",")[0] + ", " + s.date.strftime("%d.%m.%Y"),
            issuer="Syntetisk datasæt",
            region_id=s.region_id,
            date=s.date,
            date_precision=SourceDocument.Precision.DAY,
            date_note=mark,
            kind=SOURCE_KIND,
            file_name=f"{s.slug}.txt",
            sha256=s.sha256,
            text=s.text,
        )
        for s in sources
    ]
    return [row.pk for row in SourceDocument.objects.bulk_create(rows, batch_size=BATCH_SIZE)]


# PostgreSQL -----------------------------------------------------------------------------------


def _copy(cursor, sql, rows):
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _write_postgresql(records, source_ids, reference, phases):
    group_names = dict(reference.target_groups)
    partner_names = {pk: name for pk, name, _kind, _region in reference.organisations}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Initiative._meta.db_table, len(records)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        empty = not any(model.objects.exists() for model in BULK_MODELS)
        dropped = _drop_secondary(cursor, BULK_MODELS) if empty else []
        phases.done("drop indexes")

        columns = Columns(Initiative, ["id", *INITIATIVE_FIELDS], skip={"search_vector"})
        cursor.execute(
            f"CREATE TEMPORARY TABLE synthetic_initiative (LIKE {columns.table}) ON COMMIT DROP"
        )
        cursor.execute(
            "ALTER TABLE synthetic_initiative DROP COLUMN search_vector, "
            "ADD COLUMN document_groups text, ADD COLUMN document_partners text"
        )
        sort_keys = {}
        rows = (
            (
                *columns.row((pk, *initiative_values(r, sort_keys))),
                *index_texts(r, group_names, partner_names),
            )
            for pk, r in zip(ids, records, strict=True)
        )
        staged = [*columns.names, "document_groups", "document_partners"]
        _copy(cursor, f"COPY synthetic_initiative ({', '.join(staged)}) FROM STDIN", rows)
        phases.done("initiatives: copy")
        names = ", ".join(columns.names)
        vector = search.pg_vector_sql(
            "title", "document_groups", "document_partners", "description"
        )
        cursor.execute(
            f"INSERT INTO {columns.table} ({names}, search_vector) "
            f"SELECT {names}, {vector} FROM synthetic_initiative"
        )
        cursor.execute("DROP TABLE synthetic_initiative")
        phases.done("initiatives: search vectors")

        for link, rows in link_tables(ids, records):
            _copy(cursor, link.copy_sql(), rows)
        phases.done("links")

        mention, rows = mention_table(ids, records, source_ids)
        _copy(cursor, mention.copy_sql(), rows)
        phases.done("mentions")

        _restore_secondary(cursor, dropped)
        phases.done("indexes and constraints")
        tables = ", ".join(model._meta.db_table for model in (SourceDocument, *BULK_MODELS))
        cursor.execute(f"ANALYZE {tables}")
        phases.done("analyze")
    return sum(len(r.mentions) for r in records)


def _drop_secondary(cursor, models):
    """Drop the foreign keys, unique constraints and other indexes (not the primary keys) of
    these tables; returns the statements that make them again, in order."""
    tables = [model._meta.db_table for model in models]
    # Rows written earlier in this transaction (the reference data, a --replace's deletions)
    # have deferred foreign-key checks pending, and PostgreSQL alters no table with pending
    # checks: run them now (the checks of the rest of the transaction run at once, too).
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') "
        "ORDER BY contype, conrelid::regclass::text, conname",
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid AND c.conrelid = indrelid) "
        "ORDER BY indexrelid::regclass::text",
        [tables],
    )
    indexes = cursor.fetchall()
    # Foreign keys first ('f' sorts before 'u'): one may rest on a unique constraint.
    for table, name, _kind, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    recreate = [definition for _name, definition in indexes]
    recreate += [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, _kind, definition in sorted(constraints, key=lambda c: c[2] != "u")
    ]
    return recreate


def _restore_secondary(cursor, statements):
    if not statements:
        return
    # Index builds sort in memory up to this (the session default is a few megabytes).
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in statements:
        cursor.execute(statement)
