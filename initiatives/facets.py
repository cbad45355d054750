"""Facet counts for the list, the way Django admin's ``FacetsMixin`` computes them, at scale.

Each facet counts distinct initiatives with every active filter applied except its own: one
grouped query per dimension over its link table (``initiative_id IN (filtered initiatives)``),
served by the link tables' indexes. The queries go to the database as one ``UNION ALL``, so a
list page costs one round trip for all its facets. The status facet doubles as the result count
(every initiative has exactly one status), so the count is exact and costs nothing more.

Counts with no filter at all are the same for every visitor until the catalogue changes: they
are computed once per catalogue version and process (``unfiltered_counts``), and any facet whose
"other filters" are empty (a list filtered by region only: its region facet) uses them too.
Counts for a filter combination are kept in the shared cache under the catalogue version.

Rows are shaped like Datasette's: ``{value, label, count, selected, toggle_url}``. A facet shows
its first ``FACET_SIZE`` rows and every selected one; the rest are not rendered but reached with
"vis flere" (``?more=<facet id>``, like Datasette's ``_facet_size``), so a list page stays small.

To add a facet: a ``FacetSpec`` in ``FACETS``; a new dimension also needs a counter in
``COUNTERS`` (and a ``Dimension`` in ``initiatives.filters``).
"""

import contextlib
import functools
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connections, router
from django.db.models import CharField, Count, F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives.filters import DIMENSIONS, listed
from initiatives.models import Initiative, Mention, Organisation
from initiatives.unions import union_all

FACET_SIZE = 8
COUNTS_TIMEOUT = 60 * 60
MORE = "more"
HOSPITAL_KINDS = (Organisation.Kind.HOSPITAL, Organisation.Kind.PSYCHIATRY)


def query_string(params, **changes):
    """``?…`` for ``params`` with some parameters replaced (a list) or dropped (None).

    The one helper that builds the list's links in Python; templates use ``{% querystring %}``.
    """
    query = params.copy()
    for name, values in changes.items():
        if values is None:
            query.pop(name, None)
        else:
            query.setlist(name, list(values))
    pairs = [(k, v) for k, vs in query.lists() for v in vs if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


def toggle_url(params, name, value):
    """The query string that adds ``value`` to parameter ``name``, or removes it if present."""
    values = params.getlist(name)
    values = [v for v in values if v != value] if value in values else [*values, value]
    return query_string(params, **{name: values, "page": None})


def clear_url(params):
    """The query string without any filter (only the sort is kept)."""
    sort = params.get("sort")
    return "?" + urlencode({"sort": sort}) if sort else "?"


# One grouped count per dimension: (the filtered initiatives, their ids as an expression for
# ``__in``) -> rows of (v, n). See _run for what the two are.
def _link_counter(link_model, column):
    def count(initiatives, ids):
        return (
            link_model.objects.filter(initiative_id__in=ids)
            .values(v=Cast(column, CharField()))
            .annotate(n=Count("*"))
        )

    return count


def _count_kinds(initiatives, ids):
    return (
        Initiative.partners.through.objects.filter(initiative_id__in=ids)
        .values(v=F("organisation__kind"))
        .annotate(n=Count("initiative_id", distinct=True))
    )


def _count_statuses(initiatives, ids):
    # Grouped on the filtered initiatives themselves (on SQLite, those of the shared set).
    return initiatives.values(v=Cast("status_id", CharField())).annotate(n=Count("*"))


def _count_sources(initiatives, ids):
    return (
        Mention.objects.filter(initiative_id__in=ids)
        .values(v=Cast("source_id", CharField()))
        .annotate(n=Count("initiative_id", distinct=True))
    )


COUNTERS = {
    "region": _link_counter(Initiative.regions.through, "region_id"),
    "organisation": _link_counter(Initiative.partners.through, "organisation_id"),
    "kind": _count_kinds,
    "target_group": _link_counter(Initiative.target_groups.through, "targetgroup_id"),
    "model": _link_counter(Initiative.models.through, "collaborationmodel_id"),
    "status": _count_statuses,
    "source": _count_sources,
}
assert set(COUNTERS) == {d.name for d in DIMENSIONS}


@dataclass(frozen=True)
class FacetSpec:
    id: str  # the HTML id; the hospital and kommune facets share the organisation parameter
    dimension: str  # the URL parameter (a Dimension's name)
    title: str
    groups: tuple = ()  # organisations: only these kinds
    by_count: bool = False  # largest first (long lists), else the vocabulary's order


FACETS = (
    FacetSpec("region", "region", _("Region")),
    FacetSpec("hospital", "organisation", _("Hospital"), groups=HOSPITAL_KINDS, by_count=True),
    FacetSpec(
        "municipality",
        "organisation",
        _("Kommune"),
        groups=(Organisation.Kind.MUNICIPALITY,),
        by_count=True,
    ),
    FacetSpec("kind", "kind", _("Partnertype")),
    FacetSpec("target_group", "target_group", _("Målgruppe")),
    FacetSpec("model", "model", _("Samarbejdsform")),
    FacetSpec("status", "status", _("Status")),
    FacetSpec("source", "source", _("Kilde")),
)


@dataclass
class Facet:
    name: str  # the URL parameter
    title: str
    items: list = field(default_factory=list)
    id: str = ""
    expanded: bool = False
    more_url: str = ""
    less_url: str = ""

    def __post_init__(self):
        self.id = self.id or self.name

    @functools.cached_property
    def visible(self):
        # Worked out once: the template asks several times, and items do not change after.
        if self.expanded:
            return self.items
        return [item for i, item in enumerate(self.items) if i < FACET_SIZE or item["selected"]]

    @property
    def hidden_count(self):
        return len(self.items) - len(self.visible)

    @property
    def truncated(self):
        return self.hidden_count > 0


def _run(counters):
    """Run {dimension: (counter, initiatives)} as one query: {dimension: {value: count}}.

    On SQLite, dimensions given the same ``initiatives`` (the same object: the same other
    filters) count one set, written once as a ``WITH`` query: SQLite evaluates the filters (a
    search, an ``EXISTS`` per initiative) once per set instead of once per dimension, and a new
    combination's counts cost 1.6–1.9× less at 100k. PostgreSQL gets each dimension's filters as
    its own semi-join: its planner estimates those and joins the link tables in bulk, where from
    a materialised set (whose size it does not know) it probed them once per initiative and was
    slower.
    """
    sets, parts = {}, {}
    shared = connections[router.db_for_read(Initiative)].vendor == "sqlite"
    for name, (counter, initiatives) in counters.items():
        if shared:
            alias, _qs = sets.setdefault(id(initiatives), (f"facet_set_{len(sets)}", initiatives))
            ids = RawSQL(f"SELECT pk FROM {alias}", ())
            parts[name] = counter(Initiative.objects.filter(pk__in=ids), ids)
        else:
            parts[name] = counter(initiatives, initiatives.values("pk"))
    counts = {name: {} for name in counters}
    rows = union_all(
        parts, Initiative, sets={alias: qs.values("pk") for alias, qs in sets.values()}
    )
    for name, value, n in rows:
        counts[name][str(value)] = n
    return counts


def unfiltered_counts(words):
    """Every dimension's counts without any filter: computed once per catalogue version.

    Kept with the vocabulary in each process's memory, so even with no shared cache at all
    (``CACHE_URL=dummy://``) the unfiltered list costs no counting.
    """
    if words.unfiltered is None:
        everything = listed()
        words.unfiltered = _run({name: (counter, everything) for name, counter in COUNTERS.items()})
    return words.unfiltered


def count_all(query, words):
    """{dimension: {value id as text: count}}, each with every chosen filter but its own.

    Counts for a filter combination are kept in the shared cache for the catalogue version
    (``COUNTS_TIMEOUT``), so the next visitor with the same filters on any app server, on any
    page or sort, reads them in one cache round trip.
    """
    counts = {}
    pending = {}
    for name, counter in COUNTERS.items():
        conditions = query.conditions(exclude=name)
        if conditions is None:
            counts[name] = {}
        elif not conditions:
            counts[name] = unfiltered_counts(words)[name]
        else:
            key = f"catalogue-facet:{words.version}:{name}:{query.signature(exclude=name)}"
            pending[key] = (name, counter, conditions)
    if pending:
        cached = _safe_get_many(list(pending))
        for key, value in cached.items():
            counts[pending.pop(key)[0]] = value
    if pending:
        # Querysets are built only for the counts to compute: building one costs more than
        # reading every cached count.
        sets, counters = {}, {}  # one queryset per combination of other filters, shared
        for name, counter, conditions in pending.values():
            signature = query.signature(exclude=name)
            if signature not in sets:
                sets[signature] = listed().filter(*conditions)
            counters[name] = (counter, sets[signature])
        computed = _run(counters)
        counts.update(computed)
        _safe_set_many({key: computed[name] for key, (name, _c, _i) in pending.items()})
    return counts


def _safe_get_many(keys):
    try:
        return cache.get_many(keys)
    except Exception:  # an unreachable cache only means counting again
        return {}


def _safe_set_many(values):
    with contextlib.suppress(Exception):  # an unreachable cache only means counting again
        cache.set_many(values, COUNTS_TIMEOUT)


def total_and_count(query, counts, words):
    """(initiatives in the catalogue, initiatives the list shows), from the status counts."""
    total = sum(unfiltered_counts(words)["status"].values())
    if not query.valid:
        return total, 0
    statuses = counts["status"]
    chosen = query.ids("status")
    count = sum(statuses.get(str(pk), 0) for pk in chosen) if chosen else sum(statuses.values())
    return total, count


def build_facets(query, counts, vocabulary):
    """Every facet of the list, shaped for the template (see the module docstring)."""
    params = query.params
    expanded = set(params.getlist(MORE))
    english = (get_language() or "").startswith("en")
    facets = []
    for spec in FACETS:
        selected = set(params.getlist(spec.dimension))
        dimension_counts = counts.get(spec.dimension, {})
        rows = []
        for term in vocabulary.terms[spec.dimension].values():
            if spec.groups and term.group not in spec.groups:
                continue
            count = dimension_counts.get(str(term.id), 0)
            if count or term.value in selected:
                rows.append((term, count))
        if spec.by_count:
            rows.sort(key=lambda row: -row[1])  # stable: ties keep the vocabulary's (name) order
        facet = Facet(
            spec.dimension,
            spec.title,
            [
                {
                    "value": term.value,
                    "label": term.name_en if english and term.name_en else term.name,
                    "count": count,
                    "selected": term.value in selected,
                    "toggle_url": "",
                }
                for term, count in rows
            ],
            id=spec.id,
            expanded=spec.id in expanded,
        )
        for item in facet.visible:  # hidden rows are never rendered: skip building their links
            item["toggle_url"] = toggle_url(params, spec.dimension, item["value"])
        facet.more_url = query_string(params, **{MORE: [*params.getlist(MORE), spec.id]})
        facet.less_url = query_string(
            params, **{MORE: [m for m in params.getlist(MORE) if m != spec.id]}
        )
        facets.append(facet)
    return facets
