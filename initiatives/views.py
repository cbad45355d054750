"""The public pages (DESIGN.md, "Web"). Views stay thin: queries live in QuerySet methods,
filters in ``initiatives.filters``, facet counts in ``initiatives.facets``."""

import copy
import datetime
from collections import OrderedDict

from django.db.models import Count
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from initiatives import export, facets, paging, vocabulary
from initiatives.cache import catalogue_version
from initiatives.facets import clear_url, query_string, toggle_url
from initiatives.filters import ListQuery, normalise_params
from initiatives.formatting import citation, is_stale, latest_mention, status_heading
from initiatives.models import (
    CatalogueVersion,
    Initiative,
    Mention,
    Organisation,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)

NEWEST_SOURCES = 5


def _share(count, largest):
    return round(100 * count / largest) if largest else 0


class OverviewView(TemplateView):
    extra_context = {"nav": "overview"}
    template_name = "initiatives/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The counts are the list's unfiltered facet counts: computed once per catalogue version.
        words = vocabulary.for_version(current_version())
        counts = facets.unfiltered_counts(words)

        def counted(name, dimension):
            rows = []
            for row in words.rows[name].values():
                row = copy.copy(row)  # the vocabulary's instances are shared between requests
                row.initiative_count = counts[dimension].get(str(row.pk), 0)
                rows.append(row)
            return rows

        regions = sorted(counted("regions", "region"), key=lambda r: r.name)
        groups = sorted(counted("target_groups", "target_group"), key=lambda g: (g.order, g.name))
        statuses = sorted(counted("statuses", "status"), key=lambda s: s.order)
        for rows in (groups, statuses):
            largest = max((row.initiative_count for row in rows), default=0)
            for row in rows:
                row.share = _share(row.initiative_count, largest)
        newest = list(SourceDocument.objects.defer("text").newest_first()[:NEWEST_SOURCES])
        mention_counts = dict(
            Mention.objects.filter(source__in=newest)
            .values_list("source_id")
            .annotate(n=Count("*"))
            .order_by()
        )
        for source in newest:
            source.mention_count = mention_counts.get(source.pk, 0)
        context.update(
            total=sum(counts["status"].values()),
            regions=regions,
            region_tiles=region_tiles(regions),
            target_groups=groups,
            statuses=statuses,
            newest_sources=newest,
        )
        return context


# Tile positions of the regions' cartogram (x, y in a 340 × 270 box), roughly where they lie:
# Jutland's three regions in a column on the left, Zealand's two on the right.
REGION_TILES = {
    "nordjylland": (40, 10),
    "midtjylland": (10, 95),
    "syddanmark": (40, 180),
    "hovedstaden": (200, 110),
    "sjaelland": (190, 195),
}
TILE_SIZE = (130, 70)


def region_tiles(regions):
    tiles = []
    spare = 0
    for region in regions:
        if region.slug in REGION_TILES:
            x, y = REGION_TILES[region.slug]
        else:  # a region the cartogram does not know: a row below the map
            x, y = 10 + (spare % 2) * 150, 270 + (spare // 2) * 80
            spare += 1
        tiles.append({"region": region, "x": x, "y": y})
    height = max([t["y"] for t in tiles], default=0) + TILE_SIZE[1] + 10
    return {"tiles": tiles, "height": max(height, 270), "width": 340}


class InitiativeListView(TemplateView):
    """The list: filters, facets, sort and a page of initiatives in a fixed number of queries."""

    extra_context = {"nav": "initiatives"}
    template_name = "initiatives/initiative_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params, notices = normalise_params(self.request.GET)
        version = current_version()
        words = vocabulary.for_version(version)
        query = ListQuery.parse(params, words)
        counts = facets.count_all(query, words)
        total, count = facets.total_and_count(query, counts, words)
        share = count / total if total else 0.0
        page = paging.paginate(query.results(share).for_page(), count, params.get("page"))
        vocabulary.attach_links(page.object_list, words)
        context.update(
            params=params,
            notices=notices,
            page_obj=page,
            paginator=page.paginator,
            object_list=page.object_list,
            max_rows=paging.MAX_PAGES * paging.PAGE_SIZE,
            facets=facets.build_facets(query, counts, words),
            sentence=query.describe(count, total),
            active=[
                {
                    **group,
                    "values": [
                        {"label": label, "remove_url": toggle_url(params, group["name"], value)}
                        for value, label in group["values"]
                    ],
                }
                for group in query.active_filters()
            ],
            invalid=[
                {**bad, "remove_url": toggle_url(params, bad["name"], bad["value"])}
                for bad in query.invalid
            ],
            clear_url=clear_url(params),
            sort_key=query.sort_key,
            sort_options=self.sort_options(query),
            search_text=query.q,
            hidden_params=[
                (k, v) for k, vs in params.lists() if k not in ("q", "page") for v in vs if v
            ],
            export_query=export_query(params),
        )
        return context

    def sort_options(self, query):
        options = [("title", _("Titel")), ("-date", _("Nyeste omtale"))]
        if query.q:
            options.insert(0, ("relevance", _("Relevans")))
        return options


# Browse pages (an organisation's, a region's, a target group's initiatives) show this many rows
# by title and link to the filterable list for the rest: a kommune in 20,000 initiatives must not
# make a 20,000-row page.
BROWSE_LIMIT = 50


def first_rows(queryset, limit=BROWSE_LIMIT):
    """The first ``limit`` initiatives by title, with their links, in a constant number of queries."""
    words = vocabulary.for_version(current_version())
    return vocabulary.attach_links(queryset.for_page().by_title()[:limit], words)


def current_version():
    """The catalogue version from the cache, else from the database (which may then fail)."""
    version = catalogue_version()
    return CatalogueVersion.current() if version is None else version


def export_query(params):
    encoded = query_string(params, page=None, more=None)
    return "" if encoded == "?" else encoded


class InitiativeDetailView(DetailView):
    extra_context = {"nav": "initiatives"}
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"

    def get_queryset(self):
        return Initiative.objects.for_detail()

    def get_object(self, queryset=None):
        initiative = super().get_object(queryset)
        vocabulary.attach_links([initiative], vocabulary.for_version(current_version()))
        return initiative

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.object
        mentions = list(initiative.mentions.all())
        for mention in mentions:
            mention.citation = citation(mention)
        context.update(
            mentions=mentions,
            latest=latest_mention(mentions),
            status_heading=status_heading(initiative, mentions),
            stale=is_stale(initiative, mentions, datetime.date.today()),
            parts=sorted(initiative.parts.all(), key=lambda part: (part.sort_key, part.pk)),
            funding=bool(
                initiative.funding_amount is not None
                or initiative.funding_granted_by
                or initiative.funding_period
                or initiative.funding_lines
            ),
        )
        return context


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


class OrganisationDetailView(DetailView):
    extra_context = {"nav": "organisations"}
    template_name = "initiatives/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.select_related("region", "parent").prefetch_related(
            "children", "clusters__region", "hospital_clusters__region"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        clusters = {c.pk: c for c in organisation.hospital_clusters.all()}
        clusters.update({c.pk: c for c in organisation.clusters.all()})
        initiatives = organisation.initiatives.all()
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
        order = dict(Initiative.objects.filter(pk__in=region_ids).values_list("pk", "sort_key"))
        partners = {}
        for initiative_id, organisation_id in Initiative.partners.through.objects.filter(
            initiative_id__in=region_ids
        ).values_list("initiative_id", "organisation_id"):
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
        rows = {i.pk: i for i in first_rows(Initiative.objects.filter(pk__in=shown))}
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
        group = self.object
        initiatives = Initiative.objects.filter(target_groups=group)
        statuses = (
            Status.objects.filter(initiatives__target_groups=group)
            .annotate(n=Count("initiatives"))
            .order_by("order")
        )
        context.update(
            initiatives=first_rows(initiatives),
            initiative_count=initiatives.count(),
            browse_limit=BROWSE_LIMIT,
            status_counts=[(status, status.n) for status in statuses],
        )
        return context


class SourceListView(ListView):
    extra_context = {"nav": "sources"}
    template_name = "initiatives/source_list.html"
    context_object_name = "sources"

    def get_queryset(self):
        return SourceDocument.objects.select_related("region").with_counts().newest_first()


class SourceDetailView(DetailView):
    extra_context = {"nav": "sources"}
    template_name = "initiatives/source_detail.html"
    context_object_name = "source"
    queryset = SourceDocument.objects.select_related("region").defer("text")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        mentions = list(
            source.mentions.select_related("initiative", "status", "source").order_by(
                "position", "locator"
            )
        )
        for mention in mentions:
            mention.citation = citation(mention)
        user = self.request.user
        context.update(
            mentions=mentions,
            warnings=list(source.warnings.all()) if user.is_staff else None,
        )
        return context


def _export_queryset(request):
    params, _notices = normalise_params(request.GET)
    words = vocabulary.for_version(current_version())
    query = ListQuery.parse(params, words)
    queryset = query.results()
    if query.valid:
        total = sum(facets.unfiltered_counts(words)["status"].values())
        text = query.describe(queryset.order_by().count(), total)
    else:
        text = _("Ingen initiativer: ukendt filterværdi (%(values)s)") % {
            "values": query.refused_text()
        }
    return queryset, text


def _filename(extension):
    return f"initiativer-{datetime.date.today().isoformat()}.{extension}"


def export_csv(request):
    queryset, text = _export_queryset(request)
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in export.iter_csv(queryset, text, request=request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def export_json(request):
    queryset, text = _export_queryset(request)
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in export.iter_json(queryset, text, request=request)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


def export_xlsx(request):
    queryset, text = _export_queryset(request)
    return FileResponse(
        export.xlsx_file(queryset, filters_text=text, request=request),
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
