"""Facet counts for the list, the way Django admin's ``FacetsMixin`` computes them.

Each facet counts distinct initiatives with every active filter applied except its own, in one
grouped query. Rows are shaped like Datasette's: ``{value, label, count, selected, toggle_url}``;
long facets show their first ``FACET_SIZE`` rows (and every selected one) and tuck the rest away.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    CollaborationModel,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)

FACET_SIZE = 8

HOSPITAL_KINDS = (Organisation.Kind.HOSPITAL, Organisation.Kind.PSYCHIATRY)


def toggle_url(params, name, value):
    """The query string that adds ``value`` to parameter ``name``, or removes it if present."""
    query = params.copy()
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    query.pop("page", None)
    return "?" + urlencode([(k, v) for k, vs in query.lists() for v in vs if v != ""])


def clear_url(params):
    """The query string without any filter (only the sort is kept)."""
    sort = params.get("sort")
    return "?" + urlencode({"sort": sort}) if sort else "?"


@dataclass
class Facet:
    name: str  # the URL parameter
    title: str
    items: list = field(default_factory=list)
    id: str = ""  # the HTML id; two facets (hospital, kommune) share the organisation parameter

    def __post_init__(self):
        self.id = self.id or self.name

    @property
    def visible(self):
        return [item for i, item in enumerate(self.items) if i < FACET_SIZE or item["selected"]]

    @property
    def hidden(self):
        return [
            item for i, item in enumerate(self.items) if i >= FACET_SIZE and not item["selected"]
        ]

    @property
    def truncated(self):
        return bool(self.hidden)


def _rows(params, name, rows):
    selected = set(params.getlist(name))
    return [
        {
            "value": value,
            "label": label,
            "count": count,
            "selected": value in selected,
            "toggle_url": toggle_url(params, name, value),
        }
        for value, label, count in rows
        if count or value in selected
    ]


def _counted(model_qs, relation, subquery):
    return model_qs.annotate(
        count=Count(relation, filter=Q(**{f"{relation}__in": subquery}), distinct=True)
    )


def build_facets(filterset, params):
    """Every facet of the list, each counted with all other filters applied."""

    def others(name):
        return filterset.without(name).order_by().values("pk")

    facets = []

    regions = _counted(Region.objects.order_by("name"), "initiatives", others("region"))
    facets.append(
        Facet(
            "region",
            _("Region"),
            _rows(params, "region", [(r.slug, r.name, r.count) for r in regions]),
        )
    )

    organisations = others("organisation")
    for kinds, title, facet_id in (
        (HOSPITAL_KINDS, _("Hospital"), "hospital"),
        ((Organisation.Kind.MUNICIPALITY,), _("Kommune"), "municipality"),
    ):
        rows = _counted(Organisation.objects.filter(kind__in=kinds), "initiatives", organisations)
        rows = rows.filter(Q(count__gt=0) | Q(slug__in=params.getlist("organisation")))
        facets.append(
            Facet(
                "organisation",
                title,
                _rows(
                    params,
                    "organisation",
                    [(o.slug, o.name, o.count) for o in rows.order_by("-count", "name")],
                ),
                id=facet_id,
            )
        )

    kind_counts = dict(
        Organisation.objects.filter(initiatives__in=others("kind"))
        .values_list("kind")
        .annotate(count=Count("initiatives", distinct=True))
        .order_by()
    )
    facets.append(
        Facet(
            "kind",
            _("Partnertype"),
            _rows(
                params,
                "kind",
                [(k, label, kind_counts.get(k, 0)) for k, label in Organisation.Kind.choices],
            ),
        )
    )

    groups = _counted(TargetGroup.objects.all(), "initiatives", others("target_group"))
    facets.append(
        Facet(
            "target_group",
            _("Målgruppe"),
            _rows(params, "target_group", [(g.slug, g.display_name, g.count) for g in groups]),
        )
    )

    # Collaboration models (samarbejdsformer), in the vocabulary's order (which counting would
    # drop: aggregation ignores Meta.ordering).
    collaboration_models = _counted(
        CollaborationModel.objects.order_by("order", "name"), "initiatives", others("model")
    )
    facets.append(
        Facet(
            "model",
            _("Samarbejdsform"),
            _rows(
                params,
                "model",
                [(m.slug, m.display_name, m.count) for m in collaboration_models],
            ),
        )
    )

    statuses = _counted(Status.objects.all(), "initiatives", others("status"))
    facets.append(
        Facet(
            "status",
            _("Status"),
            _rows(params, "status", [(s.code, s.display_label, s.count) for s in statuses]),
        )
    )

    sources = _counted(
        SourceDocument.objects.order_by("-date", "title"), "mentions__initiative", others("source")
    )
    facets.append(
        Facet(
            "source",
            _("Kilde"),
            _rows(params, "source", [(s.slug, s.citation_title, s.count) for s in sources]),
        )
    )
    return facets
