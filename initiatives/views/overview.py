"""The overview: the catalogue in numbers, by region (a cartogram), target group, collaboration
model and status, and the newest notes."""

import copy

from django.db.models import Count
from django.views.generic import TemplateView

from initiatives import facets, vocabulary
from initiatives.models import Mention, SourceDocument
from initiatives.views.lists import current_version

NEWEST_SOURCES = 5


def _share(count, largest):
    return round(100 * count / largest) if largest else 0


def counted_rows(words, counts, name, dimension):
    """The vocabulary's rows of ``name``, each with ``initiative_count`` from the facet counts."""
    rows = []
    for row in words.rows[name].values():
        row = copy.copy(row)  # the vocabulary's instances are shared between requests
        row.initiative_count = counts[dimension].get(str(row.pk), 0)
        rows.append(row)
    return rows


class OverviewView(TemplateView):
    extra_context = {"nav": "overview"}
    template_name = "initiatives/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The counts are the list's unfiltered facet counts: computed once per catalogue version.
        words = vocabulary.for_version(current_version())
        counts = facets.unfiltered_counts(words)
        regions = sorted(counted_rows(words, counts, "regions", "region"), key=lambda r: r.name)
        groups = sorted(
            counted_rows(words, counts, "target_groups", "target_group"),
            key=lambda g: (g.order, g.name),
        )
        collaboration_models = sorted(
            counted_rows(words, counts, "models", "model"), key=lambda m: (m.order, m.name)
        )
        statuses = sorted(counted_rows(words, counts, "statuses", "status"), key=lambda s: s.order)
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
            collaboration_models=collaboration_models,
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
