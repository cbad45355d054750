"""The public pages (DESIGN.md, "Web"). Views stay thin: queries live in QuerySet methods,
filters in ``initiatives.filters``, facet counts in ``initiatives.facets``."""

import datetime
import io
from collections import OrderedDict

from django.http import FileResponse, Http404, HttpResponsePermanentRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from initiatives import export
from initiatives.facets import build_facets, clear_url, toggle_url
from initiatives.filters import InitiativeFilterSet, active_filters, describe, normalise_params
from initiatives.formatting import (
    citation,
    is_stale,
    latest_mention,
    passage_citation,
    spans_label,
    status_heading,
)
from initiatives.models import (
    CollaborationModel,
    Initiative,
    InitiativeRedirect,
    Mention,
    Organisation,
    OrganisationRedirect,
    Region,
    SourceDocument,
    Status,
    TargetGroup,
)
from initiatives.source_text import note_file, numbered_lines, parse_lines, text_lines

PAGE_SIZE = 20
NEWEST_SOURCES = 5


def _share(count, largest):
    return round(100 * count / largest) if largest else 0


class OverviewView(TemplateView):
    extra_context = {"nav": "overview"}
    template_name = "initiatives/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regions = list(Region.objects.with_initiative_counts().order_by("name"))
        groups = list(TargetGroup.objects.with_initiative_counts())
        collaboration_models = list(
            CollaborationModel.objects.with_initiative_counts().order_by("order", "name")
        )
        statuses = list(Status.objects.with_initiative_counts())
        for rows in (groups, statuses):
            largest = max((row.initiative_count for row in rows), default=0)
            for row in rows:
                row.share = _share(row.initiative_count, largest)
        context.update(
            total=Initiative.objects.public().count(),
            regions=regions,
            region_tiles=region_tiles(regions),
            target_groups=groups,
            collaboration_models=collaboration_models,
            statuses=statuses,
            newest_sources=SourceDocument.objects.with_counts().newest_first()[:NEWEST_SOURCES],
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


class InitiativeListView(FilterView):
    extra_context = {"nav": "initiatives"}
    filterset_class = InitiativeFilterSet
    template_name = "initiatives/initiative_list.html"
    paginate_by = PAGE_SIZE
    strict = True

    def get_queryset(self):
        return Initiative.objects.public()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so that the default sort applies to the plain list too.
        kwargs["data"] = self.params
        return kwargs

    def get(self, request, *args, **kwargs):
        self.params, self.notices = normalise_params(request.GET)
        self.filterset = self.get_filterset(self.get_filterset_class())
        valid = self.filterset.is_valid()
        results = self.filterset.qs if valid else self.filterset.queryset.none()
        self.object_list = results.for_list()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        params = self.params
        paginator = context["paginator"]
        total = Initiative.objects.public().count()
        context.update(
            params=params,
            notices=self.notices,
            facets=build_facets(filterset, params),
            sentence=describe(filterset, paginator.count, total),
            active=[
                {
                    **group,
                    "values": [
                        {"label": label, "remove_url": toggle_url(params, group["name"], value)}
                        for value, label in group["values"]
                    ],
                }
                for group in active_filters(filterset)
            ],
            invalid=[
                {**bad, "remove_url": toggle_url(params, bad["name"], bad["value"])}
                for bad in filterset.invalid_values()
            ],
            clear_url=clear_url(params),
            sort_key=filterset.sort_key,
            sort_options=self.sort_options(filterset),
            search_text=filterset.search_text,
            hidden_params=[
                (k, v) for k, vs in params.lists() if k not in ("q", "page") for v in vs if v
            ],
            export_query=export_query(params),
        )
        return context

    def sort_options(self, filterset):
        options = [("title", _("Titel")), ("-date", _("Nyeste omtale"))]
        if filterset.search_text:
            options.insert(0, ("relevance", _("Relevans")))
        return options


def export_query(params):
    query = params.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


class RedirectMergedMixin:
    """A slug that was merged into another row answers 301 to the survivor, forever."""

    redirect_model = None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                self.redirect_model.objects.filter(old_slug=kwargs.get("slug"))
                .select_related(self.redirect_model.target)
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(
                getattr(moved, self.redirect_model.target).get_absolute_url()
            )


class InitiativeDetailView(RedirectMergedMixin, DetailView):
    extra_context = {"nav": "initiatives"}
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"
    redirect_model = InitiativeRedirect

    def get_queryset(self):
        return Initiative.objects.public().for_detail()

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
            parts=list(initiative.parts.all()),
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
        context.update(
            initiatives=list(organisation.initiatives.public().for_list().by_title()),
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
        initiatives = list(Initiative.objects.public().filter(regions=region).for_list().by_title())
        clusters = list(
            region.clusters.select_related("hospital").prefetch_related("municipalities")
        )
        grouped = []
        placed = set()
        for cluster in clusters:
            members = {m.pk for m in cluster.municipalities.all()}
            if cluster.hospital_id:
                members.add(cluster.hospital_id)
            rows = [i for i in initiatives if members & {p.pk for p in i.partners.all()}]
            placed.update(i.pk for i in rows)
            grouped.append({"cluster": cluster, "initiatives": rows})
        context.update(
            initiatives=initiatives,
            clusters=grouped,
            unclustered=[i for i in initiatives if i.pk not in placed],
        )
        return context


class TargetGroupDetailView(DetailView):
    template_name = "initiatives/target_group_detail.html"
    context_object_name = "target_group"
    queryset = TargetGroup.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object
        initiatives = list(
            Initiative.objects.public().filter(target_groups=group).for_list().by_title()
        )
        statuses = OrderedDict()
        for initiative in sorted(initiatives, key=lambda i: i.status.order):
            statuses.setdefault(initiative.status, []).append(initiative)
        context.update(
            initiatives=initiatives,
            status_counts=[(status, len(rows)) for status, rows in statuses.items()],
        )
        return context


class CollaborationModelListView(ListView):
    """The collaboration models (samarbejdsformer), each with its definition and count."""

    extra_context = {"nav": "models"}
    template_name = "initiatives/model_list.html"
    context_object_name = "collaboration_models"

    def get_queryset(self):
        # Aggregation drops Meta.ordering (Django 3.1+): say the vocabulary's order.
        return CollaborationModel.objects.with_initiative_counts().order_by("order", "name")


class CollaborationModelDetailView(DetailView):
    """One collaboration model: its definition with the note's lines, its initiatives by status."""

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
        context.update(
            source=source,
            citation=passage_citation(source, spans) if source else "",
            passages=[
                {"first": first, "last": last, "label": spans_label([(first, last)])}
                for first, last in spans
            ],
            initiatives=list(Initiative.objects.filter(models=model).for_list().by_status()),
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
            source.mentions.select_related("initiative", "status").order_by("position", "locator")
        )
        for mention in mentions:
            mention.source = source  # the page's own source: no text fetched per mention
            mention.citation = citation(mention)
        user = self.request.user
        context.update(
            mentions=mentions,
            file=note_file(source),
            # Staff see the source's open warnings: the review queue's share of this note.
            warnings=list(source.warnings.open()) if user.is_staff else None,
        )
        return context


class SourceTextView(DetailView):
    """The note's text with numbered lines (anchors ``#L<n>``); ``?lines=A-B`` highlights."""

    extra_context = {"nav": "sources"}
    template_name = "initiatives/source_text.html"
    context_object_name = "source"
    queryset = SourceDocument.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        lines = text_lines(source.text)
        selection, lines_error = parse_lines(self.request.GET.get("lines"), len(lines))
        context.update(
            file=note_file(source),
            line_count=len(lines),
            numbered_lines=numbered_lines(lines, selection),
            selection=selection,
            lines_error=lines_error,
            selected_mentions=(Mention.objects.in_lines(source, *selection) if selection else []),
        )
        return context


def source_download(request, slug):
    """The note's file as stored (or its stored text), with the sha256 the pages show."""
    source = get_object_or_404(SourceDocument, slug=slug)
    file = note_file(source)
    return FileResponse(
        io.BytesIO(file.content),
        as_attachment=True,
        filename=file.name,
        content_type="text/plain; charset=utf-8",
    )


def _export_queryset(request):
    params, _notices = normalise_params(request.GET)
    public = Initiative.objects.public()
    filterset = InitiativeFilterSet(data=params, queryset=public, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
        text = describe(filterset, queryset.count(), public.count())
    else:
        queryset = Initiative.objects.none()
        refused = ", ".join(f"{bad['name']}={bad['value']}" for bad in filterset.invalid_values())
        text = _("Ingen initiativer: ukendt filterværdi (%(values)s)") % {"values": refused}
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
