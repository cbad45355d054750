"""Writing a synthetic catalogue (``imports.synthetic``'s records) into the database, in bulk.

``write(sources, records, mark, reference)`` writes the sources, the initiatives with their
region, partner and target-group links, the mentions and the search index, inside the caller's
transaction, and returns the seconds each phase took. The rows are the same on both databases:

- PostgreSQL: COPY. The initiatives go through a temporary table, so that one ``INSERT … SELECT``
  writes them with their search vectors (``search.pg_vector_sql``, the expression
  ``rebuild_index`` uses) instead of a second pass that rewrites every row. When the tables start
  empty (a first load, or ``--replace``), their secondary indexes, unique and foreign-key
  constraints are dropped first and made again after the write, from the definitions PostgreSQL
  reports: one sorted build each instead of an index insertion and a deferred foreign-key check
  per row. DDL is transactional, so a failure rolls the definitions back with the rows; until
  the commit, other sessions reading these tables wait.
- SQLite: multi-row INSERTs (``bulk_create``), then ``search.rebuild_index``.

Columns the generator does not set get the value ``bulk_create`` would write (the field's
default), so both paths write the same rows.
"""

import json
import time

from django.db import connection
from psycopg.types.json import Json, Jsonb

from initiatives import search
from initiatives.collation import sort_key
from initiatives.models import Initiative, Mention, SourceDocument

SOURCE_KIND = "syntetisk"
BATCH_SIZE = 2000
REGION_LINK = Initiative.regions.through
PARTNER_LINK = Initiative.partners.through
GROUP_LINK = Initiative.target_groups.through
# The tables a synthetic catalogue fills, besides the few hundred sources.
BULK_MODELS = (Initiative, REGION_LINK, PARTNER_LINK, GROUP_LINK, Mention)


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
        count = _write_sqlite(records, source_ids, phases)
        search.rebuild_index()
        phases.done("search index")
        with connection.cursor() as cursor:
            for model in (SourceDocument, *BULK_MODELS):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        phases.done("analyze")
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


INITIATIVE_FIELDS = (
    "slug",
    "title",
    "sort_key",
    "description",
    "status_id",
    "status_as_of",
    "last_reported",
)
MENTION_FIELDS = (
    "initiative_id",
    "source_id",
    "locator",
    "position",
    "title",
    "title_raw",
    "target_group_text",
    "partner_text",
    "description",
    "description_raw",
    "status_text",
    "status_id",
    "status_as_of",
)


def _initiative_values(r, sort_keys):
    """The values of INITIATIVE_FIELDS for a record (``sort_keys`` memoises the titles' keys)."""
    key = sort_keys.get(r.title)
    if key is None:
        key = sort_keys[r.title] = sort_key(r.title)
    return (r.slug, r.title, key, r.description, r.status_id, r.last_reported, r.last_reported)


def _mention_values(r, m, initiative_id, source_ids):
    """The values of MENTION_FIELDS for a mention ``m`` of the record ``r``."""
    return (
        initiative_id,
        source_ids[m.source],
        m.locator,
        m.position,
        r.title,
        r.title,
        r.group_text,
        r.partner_text,
        r.description,
        r.description,
        m.status_text,
        m.status_id,
        m.date,
    )


# SQLite ---------------------------------------------------------------------------------------


def _write_sqlite(records, source_ids, phases):
    mention_count = 0
    sort_keys = {}
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start : start + BATCH_SIZE]
        rows = Initiative.objects.bulk_create(
            [
                Initiative(
                    **dict(zip(INITIATIVE_FIELDS, _initiative_values(r, sort_keys), strict=True))
                )
                for r in batch
            ]
        )
        regions, partners, groups, mentions = [], [], [], []
        for row, r in zip(rows, batch, strict=True):
            regions += [REGION_LINK(initiative_id=row.pk, region_id=x) for x in r.region_ids]
            partners += [
                PARTNER_LINK(initiative_id=row.pk, organisation_id=x) for x in r.partner_ids
            ]
            groups += [
                GROUP_LINK(initiative_id=row.pk, targetgroup_id=x) for x in r.target_group_ids
            ]
            mentions += [
                Mention(
                    **dict(
                        zip(MENTION_FIELDS, _mention_values(r, m, row.pk, source_ids), strict=True)
                    )
                )
                for m in r.mentions
            ]
        REGION_LINK.objects.bulk_create(regions, batch_size=BATCH_SIZE * 2)
        PARTNER_LINK.objects.bulk_create(partners, batch_size=BATCH_SIZE * 2)
        GROUP_LINK.objects.bulk_create(groups, batch_size=BATCH_SIZE * 2)
        Mention.objects.bulk_create(mentions, batch_size=BATCH_SIZE)
        mention_count += len(mentions)
    phases.done("rows")
    return mention_count


# PostgreSQL -----------------------------------------------------------------------------------


class _Columns:
    """A model's columns in order, and how to make a row of them from the values one has:
    every other column gets what ``bulk_create`` writes for it (the field's default)."""

    def __init__(self, model, given, skip=()):
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.attname not in skip]
        unknown = set(given) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
        self.names = [f.column for f in fields]
        self.given = list(given)
        self._template = [None if f.attname in given else _constant(f) for f in fields]
        self._slots = [
            (i, self.given.index(f.attname)) for i, f in enumerate(fields) if f.attname in given
        ]

    def row(self, values):
        row = self._template.copy()
        for i, k in self._slots:
            row[i] = values[k]
        return row

    def copy_sql(self, table=None):
        return f"COPY {table or self.table} ({', '.join(self.names)}) FROM STDIN"


def _constant(field):
    value = field.get_db_prep_save(field.get_default(), connection)
    if isinstance(value, (Json, Jsonb)):
        # Serialise a JSON default once, not once a row: COPY reads it as text.
        return (value.dumps or json.dumps)(value.obj)
    return value


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

        columns = _Columns(Initiative, ["id", *INITIATIVE_FIELDS], skip={"search_vector"})
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
                *columns.row((pk, *_initiative_values(r, sort_keys))),
                search.document_text(
                    [group_names[x] for x in r.target_group_ids],
                    [r.group_text] * len(r.mentions),
                ),
                search.document_text(
                    [partner_names[x] for x in r.partner_ids],
                    [r.partner_text] * len(r.mentions),
                ),
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

        for model, column, attribute in (
            (REGION_LINK, "region_id", "region_ids"),
            (PARTNER_LINK, "organisation_id", "partner_ids"),
            (GROUP_LINK, "targetgroup_id", "target_group_ids"),
        ):
            link = _Columns(model, ["initiative_id", column], skip={"id"})
            rows = (
                link.row((pk, x))
                for pk, r in zip(ids, records, strict=True)
                for x in getattr(r, attribute)
            )
            _copy(cursor, link.copy_sql(), rows)
        phases.done("links")

        mention = _Columns(Mention, MENTION_FIELDS, skip={"id"})
        rows = (
            mention.row(_mention_values(r, m, pk, source_ids))
            for pk, r in zip(ids, records, strict=True)
            for m in r.mentions
        )
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
