"""The list's filters (DESIGN.md, "List parameters"): one spec per URL parameter.

Repeating a parameter ORs its values; different parameters AND. Values are slugs (codes for
``status`` and ``kind``), resolved to ids through the catalogue's vocabulary
(``initiatives.vocabulary``) without a query. Each filter is one semi-join on a link table (or a
column of the initiative), so combined filters never become self-joins of the initiative table. An unknown value makes the result empty and is shown with a link that drops it; never a
500. ``ListQuery.conditions(exclude=name)`` is every filter but one: what a facet counts with.

To add a filter: add a ``Dimension`` to ``DIMENSIONS`` (and a facet in ``initiatives.facets``).
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from initiatives import search
from initiatives.models import Initiative, Mention

Q_MAX_LENGTH = 200
# Slugs and codes are short; anything longer cannot match and is cut before it reaches the database.
VALUE_MAX_LENGTH = 300

SORT_RELEVANCE = "relevance"
SORT_TITLE = "title"
SORT_NEWEST = "-date"
SORT_CHOICES = {
    SORT_RELEVANCE: _("Relevans"),
    SORT_TITLE: _("Titel"),
    SORT_NEWEST: _("Nyeste omtale"),
}

UNKNOWN_VALUE = _("Ukendt værdi: »%(value)s«.")
# From this share of the catalogue up, a page is read by walking the sort index.
SCAN_SHARE = 0.1


def listed():
    """Every initiative the public list may show: the one place its base queryset is built.

    Only initiatives with a mention are public (``InitiativeQuerySet.public``).
    """
    return Initiative.objects.public()


def _linked(link_model, column):
    """A filter through a link table, in the two forms ``Dimension`` describes."""

    def condition(ids, scan=False):
        links = link_model.objects.filter(**{f"{column}__in": ids})
        if scan:
            return Exists(links.filter(initiative_id=OuterRef("pk")))
        return Q(pk__in=links.values("initiative_id"))

    return condition


def _partner_kind(kinds, scan=False):
    return _linked(Initiative.partners.through, "organisation__kind")(kinds, scan)


def _status(ids, scan=False):
    return Q(status_id__in=ids)


@dataclass(frozen=True)
class Dimension:
    """One list parameter: its URL name, labels, and the condition its chosen ids impose.

    ``condition(ids)`` is ``id IN (SELECT initiative_id FROM link WHERE … IN ids)``: the link
    table's reverse index yields the matching ids directly and the initiative table is never
    joined to itself; it is what facets count with and what a selective page reads.
    ``condition(ids, scan=True)`` is the same filter as a correlated ``EXISTS``, for a page of a
    large result: the database walks the sort index and stops after one page of matches, where
    the ``IN`` form would sort every match first (SQLite plans by form, not by statistics).
    """

    name: str
    label: str
    prefix: str  # before the values in the sentence above the results ("" for none)
    condition: object  # (ids, scan=False) -> a condition on Initiative


DIMENSIONS = (
    Dimension("region", _("Region"), "", _linked(Initiative.regions.through, "region_id")),
    Dimension(
        "organisation",
        _("Partner"),
        _("Partner"),
        _linked(Initiative.partners.through, "organisation_id"),
    ),
    Dimension("kind", _("Partnertype"), _("Partnertype"), _partner_kind),
    Dimension(
        "target_group",
        _("Målgruppe"),
        _("Målgruppe"),
        _linked(Initiative.target_groups.through, "targetgroup_id"),
    ),
    Dimension(
        "model",
        _("Samarbejdsform"),
        _("Samarbejdsform"),
        _linked(Initiative.models.through, "collaborationmodel_id"),
    ),
    Dimension("status", _("Status"), _("Status"), _status),
    Dimension("source", _("Kilde"), _("Kilde"), _linked(Mention, "source_id")),
)
BY_NAME = {d.name: d for d in DIMENSIONS}
# Every parameter the list reads (the README documents each; tests/test_readme.py checks).
PARAMETERS = ("q", *BY_NAME, "sort", "page", "more")


def normalise_params(querydict):
    """A clean copy of the request's parameters, and polite notices about what was changed.

    NUL characters are dropped (PostgreSQL refuses them), over-long values are cut, and ``q`` is
    cut to ``Q_MAX_LENGTH`` characters with a notice.
    """
    params = QueryDict(mutable=True)
    notices = []
    for key, values in querydict.lists():
        key = key.replace("\x00", "")
        for value in values:
            value = value.replace("\x00", "")
            if key == "q" and len(value) > Q_MAX_LENGTH:
                value = value[:Q_MAX_LENGTH]
                notices.append(
                    _("Søgeteksten var for lang og er forkortet til %(max)s tegn.")
                    % {"max": Q_MAX_LENGTH}
                )
            params.appendlist(key, value[:VALUE_MAX_LENGTH])
    return params, notices


@dataclass
class ListQuery:
    """A list request read against the vocabulary: chosen terms, refused values, search, sort."""

    params: QueryDict
    selected: dict = field(default_factory=dict)  # dimension name -> [Term], only valid ones
    invalid: list = field(default_factory=list)  # {name, label, value, messages}
    q: str = ""
    sort: str = ""

    @classmethod
    def parse(cls, params, vocabulary):
        query = cls(params=params, q=(params.get("q") or "").strip())
        for dimension in DIMENSIONS:
            for value in dict.fromkeys(v for v in params.getlist(dimension.name) if v.strip()):
                term = vocabulary.term(dimension.name, value)
                if term is None:
                    query.refuse(dimension.name, dimension.label, value)
                else:
                    query.selected.setdefault(dimension.name, []).append(term)
        # Chosen values read in the vocabulary's order (several statuses in their life cycle).
        query.selected = {
            name: vocabulary.in_order(name, terms) for name, terms in query.selected.items()
        }
        sort = params.get("sort") or ""
        if sort and sort not in SORT_CHOICES:
            query.refuse("sort", _("Sortering"), sort)
            sort = ""
        query.sort = sort
        return query

    def refuse(self, name, label, value):
        message = UNKNOWN_VALUE % {"value": value}
        self.invalid.append({"name": name, "label": label, "value": value, "messages": [message]})

    @property
    def valid(self):
        return not self.invalid

    @property
    def filtered(self):
        return bool(self.q or self.selected)

    def ids(self, name):
        return [term.id for term in self.selected.get(name, ())]

    def conditions(self, exclude=None, scan=False):
        """The conditions of every chosen filter except ``exclude``; None when nothing matches."""
        conditions = []
        if self.q and exclude != "q":
            match = search.match(self.q)
            if match is None:
                return None
            conditions.append(match)
        for dimension in DIMENSIONS:
            if dimension.name != exclude and dimension.name in self.selected:
                conditions.append(dimension.condition(self.ids(dimension.name), scan=scan))
        return conditions

    def signature(self, exclude=None):
        """What the results of every chosen filter except ``exclude`` depend on, as a hash: the
        chosen ids and exactly what the search looks for and how it ranks (its word groups,
        words and stems), so equal signatures mean the same initiatives in the same order."""
        parts = [
            f"{name}={','.join(sorted(map(str, self.ids(name))))}"
            for name in sorted(self.selected)
            if name != exclude
        ]
        if self.q and exclude != "q":
            parts.append(f"q={search.query_groups(self.q)!r}")
        return hashlib.sha256("&".join(parts).encode()).hexdigest()

    def apply(self, queryset, exclude=None, scan=False):
        conditions = self.conditions(exclude, scan=scan)
        return queryset.none() if conditions is None else queryset.filter(*conditions)

    def results(self, share=0.0):
        """The initiatives the list shows, in the chosen order (none when a value was refused).

        ``share`` is the part of the catalogue the filters keep, when known: from a tenth up,
        a page is read by walking the sort index (see ``Dimension``).
        """
        if not self.valid:
            return listed().none()
        if self.sort_key == SORT_RELEVANCE:
            # The ranking query finds the matches itself.
            ranked = search.ranked(self.apply(listed(), exclude="q"), self.q)
            return ranked.order_by("-search_rank", "sort_key", "pk")
        return self.order(self.apply(listed(), scan=share >= SCAN_SHARE))

    @property
    def sort_key(self):
        """The sort in effect: the chosen one, else relevance when searching, else title."""
        chosen = self.sort
        if chosen == SORT_RELEVANCE and not self.q:
            chosen = ""
        return chosen or (SORT_RELEVANCE if self.q else SORT_TITLE)

    def order(self, queryset):
        sort = self.sort_key
        if sort == SORT_NEWEST:
            return queryset.newest_first()
        return queryset.by_title()

    def active_filters(self):
        """The chosen values, each with its label, grouped by parameter (sentences and chips)."""
        groups = []
        if self.q:
            groups.append(
                {"name": "q", "prefix": _("Søgning"), "values": [(self.q, f"»{self.q}«")]}
            )
        for dimension in DIMENSIONS:
            terms = self.selected.get(dimension.name)
            if terms:
                groups.append(
                    {
                        "name": dimension.name,
                        "prefix": dimension.prefix,
                        "values": [(t.value, t.label) for t in terms],
                    }
                )
        return groups

    def describe(self, count, total):
        """The sentence above the results: "Viser 12 af 97 initiativer · Region Hovedstaden · …"."""
        parts = [
            ngettext(
                "Viser %(count)s af %(total)s initiativ",
                "Viser %(count)s af %(total)s initiativer",
                total,
            )
            % {"count": count, "total": total}
        ]
        return " · ".join(parts + self.filter_texts())

    def filter_texts(self):
        """The chosen filters in words, one per parameter: ["Region Hovedstaden", "Status: …"]."""
        texts = []
        for group in self.active_filters():
            labels = str(_(" eller ")).join(str(label) for _value, label in group["values"])
            texts.append(f"{group['prefix']}: {labels}" if group["prefix"] else labels)
        return texts

    def refused_text(self):
        return ", ".join(f"{bad['name']}={bad['value']}" for bad in self.invalid)
