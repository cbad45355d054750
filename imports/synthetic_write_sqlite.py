"""Writing a synthetic catalogue into SQLite, in bulk (``imports.synthetic_write``'s SQLite path).

``write(records, source_ids, reference, phases)`` writes the initiatives, their links, their
mentions and the search index inside the caller's transaction; the rows are
``imports.synthetic_rows``', the same ``bulk_create`` wrote and PostgreSQL gets:

- Each table is one prepared single-row INSERT run over all its rows (``executemany``): no model
  instances, no SQL built per batch.
- The initiative ids are assigned here, as AUTOINCREMENT would assign them (after the largest id
  the table ever had), so links and mentions need no read-back; SQLite moves
  ``sqlite_sequence`` past ids written explicitly, so a later ordinary insert gets a fresh id.
- When the tables start empty (a first load, or ``--replace``), their secondary indexes (those
  ``sqlite_master`` holds a definition for) are dropped before the write and made again after
  it, in the same transaction: one sorted build each instead of a B-tree insertion per row. The
  indexes of UNIQUE constraints written into a table's definition (an initiative's slug, a
  mention's source and locator) cannot be dropped; they stay and check every row as it comes
  (the slugs arrive in order, so theirs is only appended to).
- The search index is written from the records (``search.rebuild_index`` given the documents
  it would read back), not read back from the tables just written; into tables that already
  held initiatives, it is rebuilt whole, as before.
"""

from django.db import connection

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


def write(records, source_ids, reference, phases):
    """Write the catalogue (see the module docstring); returns the number of mentions."""
    group_names = dict(reference.target_groups)
    partner_names = {pk: name for pk, name, _kind, _region in reference.organisations}
    with connection.cursor() as cursor:
        first = _next_id(cursor, Initiative._meta.db_table)
        ids = range(first, first + len(records))
        empty = not any(model.objects.exists() for model in BULK_MODELS)
        dropped = _drop_indexes(cursor, BULK_MODELS) if empty else []
        phases.done("drop indexes")

        columns = Columns(Initiative, ["id", *INITIATIVE_FIELDS])
        sort_keys = {}
        rows = (
            columns.row((pk, *initiative_values(r, sort_keys)))
            for pk, r in zip(ids, records, strict=True)
        )
        _insert(columns, rows)
        phases.done("initiatives")

        for link, rows in link_tables(ids, records):
            _insert(link, rows)
        phases.done("links")

        _insert(*mention_table(ids, records, source_ids))
        phases.done("mentions")

        for statement in dropped:
            cursor.execute(statement)
        phases.done("indexes")

        documents = (
            (pk, r.title, *index_texts(r, group_names, partner_names), r.description)
            for pk, r in zip(ids, records, strict=True)
        )
        if empty:
            # These are all the initiatives there are: the index is their documents.
            search.rebuild_index(documents=documents)
        else:
            search.rebuild_index()
        phases.done("search index")

        for model in (SourceDocument, *BULK_MODELS):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
        phases.done("analyze")
    return sum(len(r.mentions) for r in records)


def _insert(columns, rows):
    # The driver's executemany, not the cursor wrapper's: that one tees the rows to peek at the
    # first, and so holds every row of the table in memory until the statement ends (50 MB more
    # for 100,000 initiatives, and half a second to a second slower).
    with connection.wrap_database_errors:
        connection.connection.executemany(columns.sqlite_insert_sql(), rows)


def _next_id(cursor, table):
    """The id AUTOINCREMENT would give the next row: one past the largest the table ever had."""
    cursor.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
        f"coalesce((SELECT max(id) FROM {table}), 0)) + 1",
        [table],
    )
    return cursor.fetchone()[0]


def _drop_indexes(cursor, models):
    """Drop the indexes of these tables that can be dropped (not those of UNIQUE column
    constraints, which have no definition of their own); returns the statements that make
    them again."""
    tables = [model._meta.db_table for model in models]
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join(['%s'] * len(tables))}) ORDER BY tbl_name, name",
        tables,
    )
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in indexes]
