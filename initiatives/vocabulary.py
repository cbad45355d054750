"""The values a list filter or facet can take, read once per catalogue version and kept in memory.

A list request must turn ``?region=hovedstaden&organisation=gladsaxe-kommune`` into ids and label
its facet rows without a query per parameter. Regions, organisations, kinds, target groups,
collaboration models, statuses and sources are small (hundreds to a few thousand rows even for 100,000 initiatives), so
each process reads them in five queries the first time it sees a catalogue version and keeps
them until the version moves (every load and admin save bumps it; see ``initiatives.cache``).
"""

import threading
from dataclasses import dataclass, field

from django.db.models import F, QuerySet
from django.utils.translation import get_language

from initiatives.lookups import any_of_sql
from initiatives.models import (
    CollaborationModel,
    Initiative,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)
from initiatives.models.initiatives import LINKS
from initiatives.unions import union_all


@dataclass(frozen=True)
class Term:
    """One value of a filter: its id in the database, its URL value and its label(s)."""

    id: object
    value: str
    name: str
    name_en: str = ""
    group: str = ""  # organisations: their kind

    @property
    def label(self):
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name


@dataclass
class Vocabulary:
    version: int
    terms: dict = field(default_factory=dict)  # dimension name -> {value: Term}, in display order
    by_id: dict = field(default_factory=dict)  # dimension name -> {id: Term}
    positions: dict = field(default_factory=dict)  # dimension name -> {value: place in order}
    # Model instances for attach_links(): regions, target groups, organisations (with region).
    rows: dict = field(default_factory=dict)  # link name -> {id: instance}
    # Facet counts without any filter (initiatives.facets.unfiltered_counts), filled on first use.
    unfiltered: dict | None = None

    def add(self, dimension, terms):
        self.terms[dimension] = {t.value: t for t in terms}
        self.by_id[dimension] = {t.id: t for t in terms}
        self.positions[dimension] = {t.value: i for i, t in enumerate(terms)}

    def term(self, dimension, value):
        return self.terms[dimension].get(value)

    def in_order(self, dimension, terms):
        """``terms`` of one dimension in the vocabulary's display order (statuses in their
        life-cycle order, regions by name …), whatever order a URL gave them in."""
        positions = self.positions[dimension]
        return sorted(terms, key=lambda term: positions[term.value])


def _load(version):
    vocabulary = Vocabulary(version)
    vocabulary.rows = {
        "regions": {r.pk: r for r in Region.objects.all()},
        "target_groups": {g.pk: g for g in TargetGroup.objects.all()},
        "partners": {o.pk: o for o in Organisation.objects.select_related("region")},
        "statuses": {s.pk: s for s in Status.objects.all()},
        "sources": {s.pk: s for s in SourceDocument.objects.select_related("region").defer("text")},
        "models": {m.pk: m for m in CollaborationModel.objects.all()},
    }
    vocabulary.add(
        "region",
        [
            Term(pk, slug, name)
            for pk, slug, name in Region.objects.values_list("pk", "slug", "name")
        ],
    )
    vocabulary.add(
        "organisation",
        [
            Term(pk, slug, name, group=kind)
            for pk, slug, name, kind in Organisation.objects.order_by("name").values_list(
                "pk", "slug", "name", "kind"
            )
        ],
    )
    vocabulary.add("kind", [Term(k, k, label) for k, label in Organisation.Kind.choices])
    vocabulary.add(
        "target_group",
        [Term(g.pk, g.slug, g.name, g.name_en) for g in vocabulary.rows["target_groups"].values()],
    )
    vocabulary.add(
        "model",
        [
            Term(pk, slug, name, name_en)
            for pk, slug, name, name_en in CollaborationModel.objects.order_by(
                "order", "name"
            ).values_list("pk", "slug", "name", "name_en")
        ],
    )
    vocabulary.add(
        "status",
        [  # in the life-cycle order: planlagt, igangværende … afsluttet, ukendt
            Term(pk, code, label, label_en)
            for pk, code, label, label_en in Status.objects.order_by("order", "code").values_list(
                "pk", "code", "label", "label_en"
            )
        ],
    )
    vocabulary.add(
        "source",
        [
            Term(pk, slug, short_title or title)
            for pk, slug, title, short_title in SourceDocument.objects.order_by(
                F("date").desc(nulls_last=True), "title"
            ).values_list("pk", "slug", "title", "short_title")
        ],
    )
    return vocabulary


_lock = threading.Lock()
_current = None


def for_version(version):
    """The vocabulary of catalogue version ``version`` (read from the database on first use)."""
    global _current
    loaded = _current
    if loaded is not None and loaded.version == version:
        return loaded
    with _lock:
        if _current is None or _current.version != version:
            _current = _load(version)
        return _current


def current():
    """The vocabulary of the version the database holds now (one small query).

    For readers that read many rows straight from the database, the exports: the version the
    cache knows may lag a load made by another process (up to ``cache.VERSION_TTL``), and names
    from it would not cover the rows read now.
    """
    from initiatives.models import CatalogueVersion

    return for_version(CatalogueVersion.current())


def partner_order(organisation):
    return (organisation.kind, organisation.name, organisation.pk)


def link_rows(ids):
    """(link name, initiative id, related id) for the initiatives ``ids``, in one query.

    Written by hand rather than by the ORM: every list and detail page runs it, and compiling
    four querysets cost more than running them.
    """
    if not ids:
        return []
    return union_all(
        {name: _links_of(link, column, ids) for name, (link, column) in LINKS.items()}, Initiative
    )


def _links_of(link, column, ids):
    def sql(connection):
        quote = connection.ops.quote_name
        table = quote(link._meta.db_table)
        owner = f"{table}.{quote(link._meta.get_field('initiative').column)}"
        related = f"{table}.{quote(link._meta.get_field(column).column)}"
        where, params = any_of_sql(owner, ids, connection)
        return f"SELECT {owner}, {related} FROM {table} WHERE {where}", params

    return sql


def attach_links(initiatives, words):
    """Give ``initiatives`` their regions, target groups, partners and collaboration models in
    one query.

    What ``prefetch_related`` would do in four: the link rows of all four tables come back in
    one ``UNION ALL`` and are matched to the vocabulary's instances, so ``initiative.regions.all``
    and friends answer from memory. Partners are ordered by kind, then name.
    """
    initiatives = list(initiatives)
    return attach_link_rows(initiatives, link_rows([i.pk for i in initiatives]), words)


def attach_link_rows(initiatives, rows, words):
    """``attach_links`` with the link rows (link name, initiative id, related id) already read:
    the detail page reads them with its mentions (``Mention.objects.for_initiative_page``)."""
    found = {name: {i.pk: [] for i in initiatives} for name in LINKS}
    for name, initiative_id, related_id in rows:
        row = words.rows[name].get(related_id)
        if row is not None:
            found[name][initiative_id].append(row)
    models = {
        name: link._meta.get_field(column).related_model for name, (link, column) in LINKS.items()
    }
    for initiative in initiatives:
        for name, model in models.items():
            rows = found[name][initiative.pk]
            if name == "partners":
                rows.sort(key=partner_order)
            else:
                rows.sort(key=lambda row: [getattr(row, f) for f in row._meta.ordering])
            prefetched(initiative, name, model, rows)
    return initiatives


def prefetched(instance, name, model, rows):
    """Store ``rows`` as ``instance.<name>.all()`` answers them, as ``prefetch_related`` would.

    What prefetch_related stores: a queryset that already holds its rows. Built directly, as
    making a related manager per instance costs more than the rows.
    """
    queryset = QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


# Foreign keys attach_related() can fill: field name -> (vocabulary rows, how to read missing ones).
RELATED = {
    "status": ("statuses", lambda: Status.objects.all()),
    "source": ("sources", lambda: SourceDocument.objects.select_related("region").defer("text")),
}


def attach_related(objects, words, *fields):
    """Give ``objects`` their status and/or source (``fields``) from the vocabulary, as
    ``select_related`` would, without joining them in.

    An id the vocabulary lacks (a load newer than the version it was read for) is read from the
    database, in one query per field.
    """
    for name in fields:
        rows_name, queryset = RELATED[name]
        rows = words.rows[rows_name]
        field = objects[0]._meta.get_field(name) if objects else None
        attname = f"{name}_id"
        missing = {getattr(obj, attname) for obj in objects} - rows.keys()
        if missing:
            rows = {**rows, **queryset().in_bulk(missing)}
        for obj in objects:
            field.set_cached_value(obj, rows[getattr(obj, attname)])
    return objects


def forget():
    """Drop the vocabulary held in memory (tests that change rows without a version bump)."""
    global _current
    _current = None
