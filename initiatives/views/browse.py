"""Browse pages: organisations, a region by planområde/sundhedsklynge, a target group and the
collaboration models. Each shows the first ``BROWSE_LIMIT`` initiatives and links to the list."""

from collections import OrderedDict

from django.db.models import Count
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from initiatives import facets, vocabulary
from initiatives.formatting import passage_citation, spans_label
from initiatives.models import (
    CollaborationModel,
    Initiative,
    Organisation,
    OrganisationRedirect,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)
from initiatives.views.detail import RedirectMergedMixin
from initiatives.views.lists import BROWSE_LIMIT, current_version, first_rows
from initiatives.views.overview import counted_rows


def status_counts(initiatives):
    """(Status, number of ``initiatives`` with it), in the statuses' life-cycle order."""
    statuses = (
        Status.objects.filter(initiatives__in=initiatives.values("pk"))
        .annotate(n=Count("initiatives"))
        .order_by("order")
    )
    return [(status, status.n) for status in statuses]


class OrganisationListView(ListView):
    extra_context = {"nav": "organisations"}
    template_name = "initiatives/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self):
        include_empty = self.request.GET.get("all") == "1"
        return Organisation.objects.for_overview(include_empty=include_empty)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = OrderedDict(
            (value, {"label": label, "regions": OrderedDict(), "count": 0})
            for value, label in Organisation.Kind.choices
        )
        for organisation in context["organisations"]:
            kind = kinds[organisation.kind]
            region_name = organisation.region.name if organisation.region else _("Uden region")
            kind["regions"].setdefault(region_name, []).append(organisation)
            kind["count"] += 1
        context["kinds"] = [
            {"value": value, **kind, "regions": list(kind["regions"].items())}
            for value, kind in kinds.items()
            if kind["count"]
        ]
        context["include_empty"] = self.request.GET.get("all") == "1"
        return context


class OrganisationDetailView(RedirectMergedMixin, DetailView):
    extra_context = {"nav": "organisations"}
    template_name = "initiatives/organisation_detail.html"
    context_object_name = "organisation"
    redirect_model = OrganisationRedirect

    def get_queryset(self):
        return Organisation.objects.select_related("region", "parent").prefetch_related(
            "children", "clusters__region", "hospital_clusters__region"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        clusters = {c.pk: c for c in organisation.hospital_clusters.all()}
        clusters.update({c.pk: c for c in organisation.clusters.all()})
        initiatives = organisation.initiatives.public()
        context.update(
            initiatives=first_rows(initiatives),
            initiative_count=initiatives.count(),
            browse_limit=BROWSE_LIMIT,
            children=list(organisation.children.all()),
            clusters=sorted(clusters.values(), key=lambda c: (c.region.name, c.name)),
        )
        return context


class RegionDetailView(DetailView):
    template_name = "initiatives/region_detail.html"
    context_object_name = "region"
    queryset = Region.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        clusters = list(
            region.clusters.select_related("hospital").prefetch_related("municipalities")
        )
        # Group by ids only (a few flat queries, however large the region), then fetch the
        # first BROWSE_LIMIT rows of each group to show.
        region_ids = Initiative.regions.through.objects.filter(region=region).values(
            "initiative_id"
        )
        order = dict(
            Initiative.objects.public().filter(pk__in=region_ids).values_list("pk", "sort_key")
        )
        partners = {}
        for initiative_id, organisation_id in Initiative.partners.through.objects.filter(
            initiative_id__in=region_ids
        ).values_list("initiative_id", "organisation_id"):
            if initiative_id in order:
                partners.setdefault(organisation_id, set()).add(initiative_id)
        groups, placed = [], set()
        for cluster in clusters:
            members = {m.pk for m in cluster.municipalities.all()}
            if cluster.hospital_id:
                members.add(cluster.hospital_id)
            ids = set().union(*(partners.get(m, set()) for m in members))
            placed |= ids
            groups.append((cluster, ids))
        unclustered = set(order) - placed

        def first(ids):
            return sorted(ids, key=lambda pk: (order[pk], pk))[:BROWSE_LIMIT]

        shown = {pk for _cluster, ids in groups for pk in first(ids)} | set(first(unclustered))
        rows = {
            i.pk: i for i in first_rows(Initiative.objects.filter(pk__in=shown), limit=len(shown))
        }
        context.update(
            initiative_count=len(order),
            browse_limit=BROWSE_LIMIT,
            clusters=[
                {"cluster": c, "initiatives": [rows[pk] for pk in first(ids)], "count": len(ids)}
                for c, ids in groups
            ],
            unclustered=[rows[pk] for pk in first(unclustered)],
            unclustered_count=len(unclustered),
        )
        return context


class TargetGroupDetailView(DetailView):
    template_name = "initiatives/target_group_detail.html"
    context_object_name = "target_group"
    queryset = TargetGroup.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiatives = Initiative.objects.public().filter(target_groups=self.object)
        context.update(
            initiatives=first_rows(initiatives),
            initiative_count=initiatives.count(),
            browse_limit=BROWSE_LIMIT,
            status_counts=status_counts(initiatives),
        )
        return context


class CollaborationModelListView(ListView):
    """The collaboration models (samarbejdsformer), each with its definition and count."""

    extra_context = {"nav": "models"}
    template_name = "initiatives/model_list.html"
    context_object_name = "collaboration_models"

    def get_queryset(self):
        # The counts are the list's unfiltered facet counts: computed once per catalogue version.
        words = vocabulary.for_version(current_version())
        counts = facets.unfiltered_counts(words)
        rows = counted_rows(words, counts, "models", "model")
        return sorted(rows, key=lambda m: (m.order, m.name))


class CollaborationModelDetailView(DetailView):
    """One collaboration model: its definition with the note's lines, its initiatives by status
    (the first ``BROWSE_LIMIT``, in the statuses' life-cycle order, then by title)."""

    extra_context = {"nav": "models"}
    template_name = "initiatives/model_detail.html"
    context_object_name = "collaboration_model"
    queryset = CollaborationModel.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.object
        spans = model.line_spans
        source = (
            SourceDocument.objects.select_related("region")
            .defer("text")
            .filter(file_name=model.source_file)
            .first()
        )
        initiatives = Initiative.objects.public().filter(models=model)
        shown = first_rows(initiatives.by_status(), ordered=True)
        counts = status_counts(initiatives)
        context.update(
            source=source,
            citation=passage_citation(source, spans) if source else "",
            passages=[
                {"first": first, "last": last, "label": spans_label([(first, last)])}
                for first, last in spans
            ],
            initiative_count=sum(n for _status, n in counts),
            browse_limit=BROWSE_LIMIT,
            status_groups=[
                {
                    "status": status,
                    "count": n,
                    "initiatives": [i for i in shown if i.status_id == status.pk],
                }
                for status, n in counts
            ],
        )
        return context
