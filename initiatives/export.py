"""Exports of a list of initiatives: reading their rows in batches, and JSON (DESIGN.md's
contract). The spreadsheet formats, CSV and XLSX, are made from the same batches in
``initiatives.spreadsheets``.

Shared by the web exports (``/initiatives/export.*``) and the ``export_catalogue`` command.
Rows are read in chunks of ``CHUNK_SIZE`` initiatives, two flat queries a chunk
(``iter_batches``), so the number of queries depends on the number of chunks, not rows, and
memory stays flat however large the catalogue. No model instance or dict is made per row: each
format writes its text straight from the rows, and what recurs (a status, a note, a set of
partners) is formatted once per export, not once per row.

- JSON: ``{"count", ["filters",] "initiatives": [...]}``; ``filters`` (the sentence describing the
  filters) only when there is one, so an unfiltered export is exactly the DESIGN contract.

JSON labels and names are the catalogue's own (Danish), so a program reading it sees the same
values whatever the visitor's language; only the ``filters`` sentence is in the visitor's language.
"""

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import DateField, OuterRef, Subquery
from django.urls import reverse

from initiatives import vocabulary
from initiatives.export_sql import DateText, JoinedIds, split_ids
from initiatives.models import Initiative, Mention

CHUNK_SIZE = 1000
# Formatted link cells kept per link table and export: the sets of partners (regions …) that
# recur; a catalogue with more distinct sets formats the rest again, in bounded memory.
LINK_CACHE_SIZE = 4096

# An initiative row of a batch: these, then its link keys (``LINK_NAMES``, JoinedIds values).
INITIATIVE_FIELDS = ("pk", "slug", "title", "description", "status_id", "status_as_of")
LINK_NAMES = ("regions", "partners", "target_groups", "models")
# A mention row of a batch: these, then the fields a format asks for.
MENTION_KEY_FIELDS = ("initiative_id", "id", "source_id", "position")

# Each list of linked rows in its display order (ties broken by id, so the order is stable).
LINK_ORDER = {
    "regions": lambda region: (region.name, region.pk),
    "partners": vocabulary.partner_order,
    "target_groups": lambda group: (group.order, group.name, group.pk),
    "models": lambda model: (model.order, model.name, model.pk),
}


def catalogue_words():
    """The vocabulary of the catalogue as the database holds it now (``vocabulary.current``)."""
    return vocabulary.current()


def iso(value):
    """A date column of a batch row as ISO text ("2019-04-30"), or None.

    Batch rows come straight from the cursor, without Django's conversion of each value: SQLite
    hands a date back as the ISO text Django stored, PostgreSQL as a ``date``.
    """
    if value is None or value.__class__ is str:
        return value
    return value.isoformat()


def url_prefix(request):
    """The start of every initiative's URL: absolute with a request, a path without."""
    prefix = reverse("initiatives:initiative-detail", args=["slug-here"]).replace("slug-here/", "")
    return request.build_absolute_uri(prefix) if request is not None else prefix


def linked_rows(words, name):
    """key (a ``JoinedIds`` value) -> the vocabulary's rows of link table ``name`` in display
    order. Ids the vocabulary does not know are left out (``iter_batches`` reads the vocabulary
    again first when a chunk names one, so only a row deleted meanwhile is)."""
    rows, order = words.rows[name], LINK_ORDER[name]

    def rows_of(key):
        found = [rows[pk] for pk in split_ids(key) if pk in rows]
        found.sort(key=order)
        return found

    return rows_of


def link_cells(words, formats):
    """{link name: key -> formatted cell}, cached: ``formats[name]`` turns the rows in display
    order into the format's text, once per distinct set of rows (``LINK_CACHE_SIZE``)."""
    cells = {}
    for name in LINK_NAMES:
        rows_of, format_rows = linked_rows(words, name), formats[name]
        cells[name] = lru_cache(maxsize=LINK_CACHE_SIZE)(
            lambda key, rows_of=rows_of, format_rows=format_rows: format_rows(rows_of(key))
        )
    return cells


def source_ranks(words):
    """{source id: rank}: notes oldest first (undated ones first), then by title; equal keys
    share a rank. With a mention's position in its note, the order of an initiative's mentions."""
    sources = words.rows["sources"].values()

    def key(source):
        return (source.date is not None, source.date or datetime.date.min, source.title)

    ranks, previous = {}, None
    for source in sorted(sources, key=key):
        if key(source) != previous:
            rank, previous = len(ranks), key(source)
        ranks[source.pk] = rank
    return ranks


@dataclass
class Batch:
    """One chunk of an export: its rows as plain tuples and the vocabulary that names them."""

    words: object  # a vocabulary.Vocabulary that knows every status and note the rows name
    # INITIATIVE_FIELDS, then the JoinedIds keys of LINK_NAMES; in the queryset's order.
    initiatives: list
    # initiative id -> its mentions (MENTION_KEY_FIELDS, then the fields asked for), oldest first
    mentions: dict


def _fetch(queryset):
    """The rows of a ``values_list`` queryset, as the cursor gives them, in one round trip."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _Ids:
    """A chunk of ids for ``__any_of``: not a list, so that Django passes it to the lookup as one
    value instead of inspecting each id for an expression."""

    def __init__(self, ids):
        self.ids = ids

    def __iter__(self):
        return iter(self.ids)


def _link_key(name):
    link, column = vocabulary.LINKS[name]
    ids = (
        link.objects.filter(initiative_id=OuterRef("pk"))
        .order_by()
        .values("initiative_id")
        .annotate(ids=JoinedIds(column))
        .values("ids")
    )
    return Subquery(ids)


def _values(queryset, fields, **extra):
    """``queryset.values_list(*fields)`` with date fields read as ``DateText`` and ``extra``
    (expressions) after them."""
    model, selected, annotations = queryset.model, [], dict(extra)
    for name in fields:
        if name != "pk" and isinstance(model._meta.get_field(name), DateField):
            annotations[f"{name}_text"] = DateText(name)
            name = f"{name}_text"
        selected.append(name)
    return queryset.order_by().annotate(**annotations).values_list(*selected, *extra)


def _outdated(words, initiatives, mentions, status_at, known_keys):
    """Whether rows read now name a status, a note, a region, a partner, a target group or a
    collaboration model that ``words`` does not know. ``known_keys`` ({link name: set}) holds the
    link keys already found complete with ``words``, so each distinct key is checked once."""
    statuses, sources = words.rows["statuses"], words.rows["sources"]
    if not {row[4] for row in initiatives}.issubset(statuses):
        return True
    for offset, name in enumerate(LINK_NAMES, start=len(INITIATIVE_FIELDS)):
        rows, known = words.rows[name], known_keys[name]
        for key in {row[offset] for row in initiatives} - known:
            if not all(pk in rows for pk in split_ids(key)):
                return True
            if len(known) >= LINK_CACHE_SIZE:
                known.clear()
            known.add(key)
    rows = [row for found in mentions.values() for row in found]
    if not {row[2] for row in rows}.issubset(sources):
        return True
    return status_at is not None and not {row[status_at] for row in rows}.issubset(statuses)


def iter_batches(queryset, mention_fields=()) -> Iterator[Batch]:
    """The queryset's initiatives in its order, in batches of ``CHUNK_SIZE``.

    Per chunk: one query for the initiatives with their regions, partners, target groups and
    models (a ``JoinedIds`` key each), one for their mentions. A chunk that names a status, a
    note or a linked row the vocabulary does not know (a load committed while the export ran) is
    read with the vocabulary the database holds then.
    """
    words = catalogue_words()
    ranks = source_ranks(words)
    links = {f"{name}_ids": _link_key(name) for name in LINK_NAMES}
    fields = (*MENTION_KEY_FIELDS, *mention_fields)
    status_at = fields.index("status_id") if "status_id" in fields else None
    ids = list(queryset.values_list("pk", flat=True))
    known_keys = {name: set() for name in LINK_NAMES}
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = _Ids(ids[start : start + CHUNK_SIZE])
        initiatives = Initiative.objects.filter(pk__any_of=chunk)
        found = {row[0]: row for row in _fetch(_values(initiatives, INITIATIVE_FIELDS, **links))}
        initiatives = [found[pk] for pk in chunk.ids if pk in found]
        mentions = {}
        for row in _fetch(_values(Mention.objects.filter(initiative_id__any_of=chunk), fields)):
            mentions.setdefault(row[0], []).append(row)
        if _outdated(words, initiatives, mentions, status_at, known_keys):
            words = catalogue_words()
            ranks = source_ranks(words)
            known_keys = {name: set() for name in LINK_NAMES}
        for rows in mentions.values():
            if len(rows) > 1:
                rows.sort(key=lambda row: (ranks[row[2]], row[3], row[1]))
        yield Batch(words, initiatives, mentions)


# JSON ---------------------------------------------------------------------------------------

MENTION_FIELDS = (
    "locator",
    "section",
    "title",
    "title_raw",
    "target_group_text",
    "partner_text",
    "description",
    "status_id",
    "status_text",
    "status_as_of",
)


def _dumps(value):
    return json.dumps(value, ensure_ascii=False)


def _iso_json(value):
    value = iso(value)
    return "null" if value is None else f'"{value}"'


def _named(items):
    return _dumps([{"slug": item.slug, "name": item.name} for item in items])


def _partners(partners):
    return _dumps(
        [
            {
                "slug": p.slug,
                "name": p.name,
                "kind": p.kind,
                "region": p.region.slug if p.region_id else None,
            }
            for p in partners
        ]
    )


class _JsonRecords:
    """The JSON text of each initiative, as ``json.dumps`` of the contract's dict would write it.

    The parts that recur (a status, a note, a set of partners …) are written once per export;
    a row's own text is escaped with ``json``'s own string encoder.
    """

    def __init__(self, words, prefix):
        self.words, self.prefix = words, prefix
        rows = words.rows
        self.statuses = {
            pk: f'"status": {{"code": {_dumps(s.code)}, "label": {_dumps(s.label)}, "as_of": '
            for pk, s in rows["statuses"].items()
        }
        self.mention_statuses = {
            pk: f'"status": {{"code": {_dumps(s.code)}, "label": {_dumps(s.label)}, "text": '
            for pk, s in rows["statuses"].items()
        }
        self.sources = {
            pk: '{"source": '
            + _dumps(
                {
                    "slug": s.slug,
                    "title": s.title,
                    "date": s.date.isoformat() if s.date else None,
                    "file": s.file_name,
                }
            )
            + ', "locator": '
            for pk, s in rows["sources"].items()
        }
        self.links = link_cells(
            words,
            {
                "regions": _named,
                "partners": _partners,
                "target_groups": _named,
                "models": _named,
            },
        )

    def records(self, batch):
        """The JSON text of each initiative of ``batch``, one by one."""
        text = encode_basestring
        prefix, statuses, mention_statuses = self.prefix, self.statuses, self.mention_statuses
        sources = self.sources
        regions, partners = self.links["regions"], self.links["partners"]
        target_groups, models = self.links["target_groups"], self.links["models"]
        no_mentions = ()
        mentions_of = batch.mentions.get
        for (
            pk,
            slug,
            title,
            description,
            status_id,
            as_of,
            region_ids,
            partner_ids,
            group_ids,
            model_ids,
        ) in batch.initiatives:
            # m: MENTION_KEY_FIELDS (0-3), then MENTION_FIELDS (4-13).
            mentions = ", ".join(
                [
                    f"{sources[m[2]]}{text(m[4])}, "
                    f'"section": {text(m[5])}, '
                    f'"title": {text(m[6])}, '
                    f'"title_raw": {text(m[7])}, '
                    f'"target_group_text": {text(m[8])}, '
                    f'"partner_text": {text(m[9])}, '
                    f'"description": {text(m[10])}, '
                    f"{mention_statuses[m[11]]}{text(m[12])}, "
                    f'"as_of": {_iso_json(m[13])}}}}}'
                    for m in mentions_of(pk, no_mentions)
                ]
            )
            yield (
                f'{{"slug": {text(slug)}, '
                f'"title": {text(title)}, '
                f'"url": {text(f"{prefix}{slug}/")}, '
                f'"description": {text(description)}, '
                f"{statuses[status_id]}{_iso_json(as_of)}}}, "
                f'"regions": {regions(region_ids)}, '
                f'"partners": {partners(partner_ids)}, '
                f'"target_groups": {target_groups(group_ids)}, '
                f'"models": {models(model_ids)}, '
                f'"mentions": [{mentions}]}}'
            )


def iter_record_texts(queryset, *, request=None) -> Iterator[str]:
    """The JSON text of each initiative of ``queryset``, in its order."""
    prefix, writer = url_prefix(request), None
    for batch in iter_batches(queryset, MENTION_FIELDS):
        if writer is None or writer.words is not batch.words:
            writer = _JsonRecords(batch.words, prefix)
        yield from writer.records(batch)


def iter_records(queryset, *, request=None) -> Iterator[dict]:
    """The queryset's initiatives in its order, each in the export contract's shape (a dict)."""
    for text in iter_record_texts(queryset, request=request):
        yield json.loads(text)


def initiative_as_dict(initiative, *, request=None) -> dict:
    """One initiative in the export contract's shape (DESIGN.md, "Export contract")."""
    return next(iter_records(Initiative.objects.filter(pk=initiative.pk), request=request))


def _count(queryset):
    return queryset.order_by().count()


def iter_json(queryset, filters_text="", *, request=None) -> Iterator[str]:
    """The JSON export, in pieces (one per initiative) for streaming."""
    yield '{"count": ' + json.dumps(_count(queryset))
    if filters_text:
        yield ', "filters": ' + json.dumps(str(filters_text), ensure_ascii=False)
    yield ', "initiatives": ['
    separator = "\n"
    for text in iter_record_texts(queryset, request=request):
        yield separator
        yield text
        separator = ",\n"
    yield "\n]}\n"


def write_json(queryset, stream, *, filters_text="", request=None):
    """Write the JSON export to a text stream."""
    for piece in iter_json(queryset, filters_text, request=request):
        stream.write(piece)
