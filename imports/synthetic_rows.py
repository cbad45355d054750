"""The rows a synthetic catalogue writes, the same on PostgreSQL and SQLite.

Owns the tables a synthetic catalogue fills in bulk (``BULK_MODELS``), which values of a record
(``imports.synthetic``) go into which column (``initiative_values``, ``mention_values``,
``LINKS``; ``link_tables`` and ``mention_table`` make those rows), the text its search index
gets (``index_texts``), and ``Columns``: a table's columns in order, every column the generator does not set given the value ``bulk_create`` would write
for it (the field's default). ``imports.synthetic_write`` (PostgreSQL) and
``imports.synthetic_write_sqlite`` write these rows.
"""

import json

from django.db import connection
from psycopg.types.json import Json, Jsonb

from initiatives import search
from initiatives.collation import sort_key
from initiatives.models import Initiative, Mention

REGION_LINK = Initiative.regions.through
PARTNER_LINK = Initiative.partners.through
GROUP_LINK = Initiative.target_groups.through
# The tables a synthetic catalogue fills, besides the few hundred sources.
BULK_MODELS = (Initiative, REGION_LINK, PARTNER_LINK, GROUP_LINK, Mention)
# Each link table, its column for the other side, and the record's attribute holding those ids.
LINKS = (
    (REGION_LINK, "region_id", "region_ids"),
    (PARTNER_LINK, "organisation_id", "partner_ids"),
    (GROUP_LINK, "targetgroup_id", "target_group_ids"),
)

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


def initiative_values(r, sort_keys):
    """The values of INITIATIVE_FIELDS for a record (``sort_keys`` memoises the titles' keys)."""
    key = sort_keys.get(r.title)
    if key is None:
        key = sort_keys[r.title] = sort_key(r.title)
    return (r.slug, r.title, key, r.description, r.status_id, r.last_reported, r.last_reported)


def mention_values(r, m, initiative_id, source_ids):
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


def index_texts(r, group_names, partner_names):
    """The target-group and partner text the search index holds for a record: what
    ``search.rebuild_index`` reads back from its links (in the record's order, ascending ids)
    and its mentions' cells."""
    return (
        search.document_text(
            [group_names[x] for x in r.target_group_ids], [r.group_text] * len(r.mentions)
        ),
        search.document_text(
            [partner_names[x] for x in r.partner_ids], [r.partner_text] * len(r.mentions)
        ),
    )


class Columns:
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

    def copy_sql(self):
        """PostgreSQL's ``COPY`` of these columns from the client."""
        return f"COPY {self.table} ({', '.join(self.names)}) FROM STDIN"

    def sqlite_insert_sql(self):
        """One row's INSERT in the sqlite3 driver's own placeholders (``?``), for its
        ``executemany``."""
        placeholders = ", ".join(["?"] * len(self.names))
        return f"INSERT INTO {self.table} ({', '.join(self.names)}) VALUES ({placeholders})"


def link_tables(ids, records):
    """(Columns, rows) for each link table: the links of ``records``, whose initiatives have
    the ids ``ids`` (in the same order)."""
    for model, column, attribute in LINKS:
        link = Columns(model, ["initiative_id", column], skip={"id"})
        rows = (
            link.row((pk, x))
            for pk, r in zip(ids, records, strict=True)
            for x in getattr(r, attribute)
        )
        yield link, rows


def mention_table(ids, records, source_ids):
    """(Columns, rows) of the mentions of ``records``, whose initiatives have the ids ``ids``."""
    mention = Columns(Mention, MENTION_FIELDS, skip={"id"})
    rows = (
        mention.row(mention_values(r, m, pk, source_ids))
        for pk, r in zip(ids, records, strict=True)
        for m in r.mentions
    )
    return mention, rows


def _constant(field):
    # What bulk_create writes: on SQLite a JSON default is already its text (json.dumps).
    value = field.get_db_prep_save(field.get_default(), connection)
    if isinstance(value, (Json, Jsonb)):
        # Serialise a JSON default once, not once a row: COPY reads it as text.
        return (value.dumps or json.dumps)(value.obj)
    return value
